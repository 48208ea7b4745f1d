/**
 * Smartlead's lead fields and Leadbase's, both ways. Smartlead names some fields differently
 * (company or company_name, phone_number) and has fields Leadbase keeps as custom variables
 * (location, linkedin_profile, company_url); a CSV-born row may also carry columns of its own.
 * Nothing a client sent is dropped: what has no field of its own becomes a custom variable.
 */
export type Scalar = string | number | boolean | null;

export interface SmartleadLeadInput {
  email?: string | null | undefined;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  company?: string | null | undefined;
  company_name?: string | null | undefined;
  phone_number?: string | number | null | undefined;
  website?: string | null | undefined;
  location?: string | null | undefined;
  linkedin_profile?: string | null | undefined;
  company_url?: string | null | undefined;
  custom_fields?: Readonly<Record<string, Scalar>> | null | undefined;
}

/** The shape bulk add takes (a subset of the v2 lead fields). */
export interface LeadbaseLeadInput {
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  company_name?: string | null;
  phone?: string | null;
  website?: string | null;
  custom_variables?: Record<string, Scalar>;
}

/** Smartlead fields that Leadbase has no column for; they live in the lead's custom variables. */
export const PROMOTED_VARIABLES = ['location', 'linkedin_profile', 'company_url'] as const;

const MAPPED_FIELDS = new Set<string>(['email', 'first_name', 'last_name', 'company', 'company_name', 'phone_number', 'website', 'custom_fields', ...PROMOTED_VARIABLES]);

const isScalar = (value: unknown): value is Scalar =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * One Smartlead row as a Leadbase lead. `company_name` wins over `company` when both are sent;
 * custom_fields win over loose columns of the same name, because they were named on purpose.
 */
export function toLeadbaseLead(row: SmartleadLeadInput): LeadbaseLeadInput {
  const variables: Record<string, Scalar> = {};
  // Loose columns are whatever else the row holds; the type names only the mapped ones.
  for (const [name, value] of Object.entries(row as Readonly<Record<string, unknown>>)) {
    if (!MAPPED_FIELDS.has(name) && isScalar(value)) variables[name] = value;
  }
  for (const name of PROMOTED_VARIABLES) {
    const value = row[name];
    if (value !== undefined) variables[name] = value;
  }
  for (const [name, value] of Object.entries(row.custom_fields ?? {})) variables[name] = value;

  const lead: LeadbaseLeadInput = {};
  if (row.email !== undefined) lead.email = row.email;
  if (row.first_name !== undefined) lead.first_name = row.first_name;
  if (row.last_name !== undefined) lead.last_name = row.last_name;
  if (row.company_name !== undefined || row.company !== undefined) lead.company_name = row.company_name ?? row.company ?? null;
  // CSV tools often send phone numbers as numbers; Leadbase stores the text.
  if (row.phone_number !== undefined) lead.phone = row.phone_number === null ? null : String(row.phone_number);
  if (row.website !== undefined) lead.website = row.website;
  if (Object.keys(variables).length > 0) lead.custom_variables = variables;
  return lead;
}

export interface SmartleadLeadFields {
  location: string | null;
  linkedin_profile: string | null;
  company_url: string | null;
  custom_fields: Record<string, Scalar>;
}

/** The reverse of toLeadbaseLead for the fields Leadbase keeps in custom variables. */
export function smartleadFieldsOf(payload: Readonly<Record<string, Scalar>> | null): SmartleadLeadFields {
  const custom: Record<string, Scalar> = { ...payload };
  const take = (name: (typeof PROMOTED_VARIABLES)[number]) => {
    const value = custom[name];
    delete custom[name];
    return value === undefined || value === null ? null : String(value);
  };
  return { location: take('location'), linkedin_profile: take('linkedin_profile'), company_url: take('company_url'), custom_fields: custom };
}

/**
 * The key of the person a lead row belongs to: its e-mail key, and for a row without an e-mail
 * (its own person) a key no e-mail can have (no "@").
 */
export const personKeyOf = (row: { readonly id: string; readonly email_key: string | null }): string => row.email_key ?? `lead:${row.id}`;

/** Leadbase lead status (the vendor's numbers) as Smartlead's campaign lead status. */
export function smartleadLeadStatus(status: number): string {
  switch (status) {
    case 1:
      return 'STARTED';
    case 2:
      return 'PAUSED';
    case 3:
      return 'COMPLETED';
    case -1:
      return 'BLOCKED';
    default:
      // Unsubscribed and skipped leads are no longer sent to.
      return 'STOPPED';
  }
}

export type CategorySentiment = 'positive' | 'negative' | 'neutral';

export interface SmartleadCategory {
  id: number;
  name: string;
  sentiment_type: CategorySentiment;
  /** The Leadbase (Instantly) interest status the category is stored as. */
  interest: number;
}

/**
 * Smartlead's lead categories as Leadbase serves them, each stored as the Instantly interest
 * status of the same meaning, so v1 and v2 show one value. Ids 1-7 are Smartlead's global
 * categories; 4 (Do Not Contact) and 5 (Information Request) have no Instantly value and are not
 * served. The Instantly values with no Smartlead category get ids above Smartlead's global ones,
 * where Smartlead puts an account's own categories.
 */
export const SMARTLEAD_CATEGORIES: readonly SmartleadCategory[] = [
  { id: 1, name: 'Interested', sentiment_type: 'positive', interest: 1 },
  { id: 2, name: 'Meeting Request', sentiment_type: 'positive', interest: 2 },
  { id: 3, name: 'Not Interested', sentiment_type: 'negative', interest: -1 },
  { id: 6, name: 'Out Of Office', sentiment_type: 'neutral', interest: 0 },
  { id: 7, name: 'Wrong Person', sentiment_type: 'negative', interest: -2 },
  { id: 101, name: 'Meeting Completed', sentiment_type: 'positive', interest: 3 },
  { id: 102, name: 'Won', sentiment_type: 'positive', interest: 4 },
  { id: 103, name: 'Lost', sentiment_type: 'negative', interest: -3 },
  { id: 104, name: 'No Show', sentiment_type: 'negative', interest: -4 },
];

const CATEGORY_OF_INTEREST: ReadonlyMap<number, number> = new Map(SMARTLEAD_CATEGORIES.map((c) => [c.interest, c.id]));
const INTEREST_OF_CATEGORY: ReadonlyMap<number, number> = new Map(SMARTLEAD_CATEGORIES.map((c) => [c.id, c.interest]));

/** A lead's category from its interest status; a custom interest status (a lead label) has none. */
export function smartleadCategoryId(interestStatus: number | null): number | null {
  return interestStatus === null ? null : (CATEGORY_OF_INTEREST.get(interestStatus) ?? null);
}

/** The interest status a category is stored as; undefined for a category Leadbase does not serve. */
export function interestOfCategory(categoryId: number): number | undefined {
  return INTEREST_OF_CATEGORY.get(categoryId);
}

/** Leadbase (Instantly) campaign status as Smartlead's. */
export function smartleadCampaignStatus(status: number): string {
  switch (status) {
    case 0:
      return 'DRAFTED';
    case 1:
    case 4:
      return 'ACTIVE';
    case 2:
      return 'PAUSED';
    case 3:
      return 'COMPLETED';
    default:
      return 'STOPPED';
  }
}
