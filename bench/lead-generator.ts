/**
 * Deterministic, realistic-looking leads for the benchmarks: names, companies, custom
 * variables, a share of repeated and of malformed e-mails, and a block list that hits some.
 */
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Aiko', 'Priya', 'Lars', 'Chloé', 'Mateus', 'Olga', 'Wei', 'Fatima', 'Noah', 'Emma', 'Liam'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Müller', 'Rossi', 'Nakamura', 'Kowalski', 'Silva', 'Dubois'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Cyberdyne', 'Tyrell', 'Wonka', 'Gringotts', 'Aperture', 'Black Mesa', 'Massive', 'Dynamic', 'Quantum', 'Blue Sky', 'North Star'];
const SUFFIX = ['Inc', 'LLC', 'GmbH', 'Ltd', 'Labs', 'Group', 'Systems', 'Partners'];
const TLD = ['com', 'io', 'co', 'de', 'co.uk', 'net', 'ai'];
const TITLES = ['Head of Growth', 'VP Sales', 'CTO', 'Founder', 'Marketing Manager', 'SDR', 'Account Executive', 'COO'];
const INDUSTRIES = ['SaaS', 'Fintech', 'Healthcare', 'E-commerce', 'Logistics', 'Education'];

/** A small, fast, seeded PRNG (mulberry32) so every run sends the same leads. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

export interface BenchLead {
  email: string;
  first_name: string;
  last_name: string;
  company_name: string;
  job_title: string;
  website: string;
  phone: string;
  personalization: string;
  custom_variables: Record<string, string | number | boolean>;
}

export interface GeneratedSet {
  leads: BenchLead[];
  blockValues: string[];
  /** How many leads the server should create: unique, valid and not blocked. */
  expectedCreated: number;
}

const companyDomain = (i: number) => `company${i}.${TLD[i % TLD.length] ?? 'com'}`;

export function generateLeads(count: number, blockEntries: number, seed = 42): GeneratedSet {
  const rand = prng(seed);
  const companies = Math.max(50, Math.floor(count / 20));
  // Blocked: whole domains of some companies, plus single addresses that never occur (realistic noise).
  const blockedDomains = new Set<string>();
  const blockValues: string[] = [];
  for (let i = 0; blockValues.length < blockEntries; i++) {
    if (i % 40 === 0 && blockedDomains.size < companies / 100) {
      const domain = companyDomain(Math.floor(rand() * companies));
      if (!blockedDomains.has(domain)) {
        blockedDomains.add(domain);
        blockValues.push(domain);
        continue;
      }
    }
    blockValues.push(`blocked${i}@elsewhere${i % 500}.com`);
  }

  const leads: BenchLead[] = [];
  const seen = new Set<string>();
  let expectedCreated = 0;
  for (let i = 0; i < count; i++) {
    const roll = rand();
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    const companyIndex = Math.floor(rand() * companies);
    const domain = companyDomain(companyIndex);
    let email = `${first}.${last}.${i}@${domain}`.toLowerCase().normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
    if (roll < 0.05 && leads.length > 0) email = (leads[Math.floor(rand() * leads.length)] as BenchLead).email.toUpperCase();
    else if (roll < 0.07) email = `${first}.${last}.${i}-at-${domain}`.toLowerCase();
    const key = email.toLowerCase();
    const valid = key.includes('@');
    if (valid && !seen.has(key)) {
      seen.add(key);
      if (!blockedDomains.has(key.slice(key.indexOf('@') + 1))) expectedCreated++;
    }
    leads.push({
      email,
      first_name: first,
      last_name: last,
      company_name: `${pick(rand, WORDS)} ${pick(rand, SUFFIX)}`,
      job_title: pick(rand, TITLES),
      website: `https://www.${domain}`,
      phone: `+1${String(2000000000 + Math.floor(rand() * 7999999999))}`,
      personalization: `Hi ${first}, saw what ${pick(rand, WORDS)} is doing in ${pick(rand, INDUSTRIES)}.`,
      custom_variables: { industry: pick(rand, INDUSTRIES), employees: 10 + Math.floor(rand() * 5000), warm: rand() < 0.3, source: 'bench' },
    });
  }
  return { leads, blockValues, expectedCreated };
}
