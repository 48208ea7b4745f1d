import { Resolver } from 'node:dns/promises';
import { type DomainLookup, isNullMx } from './classify.js';

export interface DnsCheckerOptions {
  /** host[:port] entries as LEADBASE_DNS_SERVERS gives them; null: the system's resolvers. */
  servers: readonly string[] | null;
  /** Per-query time-out; c-ares doubles it on each retry. */
  timeoutMs?: number;
  tries?: number;
  /** How many domains are looked up at once, so a batch does not flood the resolver. */
  concurrency?: number;
}

const DEFAULTS = { timeoutMs: 2_000, tries: 2, concurrency: 50 } as const;

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/**
 * Looks mail domains up through node:dns (c-ares), against the configured resolvers. Every
 * answer is turned into a DomainLookup; nothing here decides what a lead's status is.
 */
export class DnsChecker {
  private readonly resolver: Resolver;
  private readonly concurrency: number;

  constructor(options: DnsCheckerOptions) {
    this.resolver = new Resolver({ timeout: options.timeoutMs ?? DEFAULTS.timeoutMs, tries: options.tries ?? DEFAULTS.tries });
    if (options.servers !== null) this.resolver.setServers([...options.servers]);
    this.concurrency = options.concurrency ?? DEFAULTS.concurrency;
  }

  /** The servers actually asked, for messages a person can act on. */
  servers(): string[] {
    return this.resolver.getServers();
  }

  /**
   * RFC 5321 §5.1: the MX records; when the domain has none (but exists), its A then AAAA
   * records stand in as an implicit MX. A temporary failure of the MX query does not fall back:
   * an address answer then says nothing about where mail for the domain goes.
   */
  async lookup(asciiDomain: string): Promise<DomainLookup> {
    try {
      const mx = await this.resolver.resolveMx(asciiDomain);
      if (isNullMx(mx)) return { kind: 'no-mail-host', reason: 'null-mx' };
      if (mx.length > 0) return { kind: 'mail-host', via: 'mx' };
    } catch (error) {
      const outcome = settledBy(codeOf(error));
      if (outcome !== null) return outcome;
    }
    for (const [via, query] of [
      ['a', (d: string) => this.resolver.resolve4(d)],
      ['aaaa', (d: string) => this.resolver.resolve6(d)],
    ] as const) {
      try {
        if ((await query(asciiDomain)).length > 0) return { kind: 'mail-host', via };
      } catch (error) {
        const outcome = settledBy(codeOf(error));
        if (outcome !== null) return outcome;
      }
    }
    return { kind: 'no-mail-host', reason: 'no-records' };
  }

  /** Looks up each distinct domain once, a few at a time. */
  async lookupAll(asciiDomains: Iterable<string>): Promise<Map<string, DomainLookup>> {
    const domains = [...new Set(asciiDomains)];
    const results = new Map<string, DomainLookup>();
    for (let start = 0; start < domains.length; start += this.concurrency) {
      const slice = domains.slice(start, start + this.concurrency);
      const answers = await Promise.all(slice.map((domain) => this.lookup(domain)));
      slice.forEach((domain, i) => {
        const answer = answers[i];
        if (answer !== undefined) results.set(domain, answer);
      });
    }
    return results;
  }

  /**
   * Whether the resolver answers at all: the root's NS records, which every recursive resolver
   * holds. Asked only when every domain of a batch failed, to tell "these domains are broken"
   * from "the resolver is unreachable", which must fail the job rather than judge its leads.
   */
  async resolverAnswers(): Promise<{ ok: true } | { ok: false; code: string }> {
    try {
      await this.resolver.resolveNs('');
      return { ok: true };
    } catch (error) {
      return { ok: false, code: codeOf(error) };
    }
  }
}

/**
 * ENODATA: the name exists but has no record of this type (go on to the next type).
 * ENOTFOUND: NXDOMAIN, the name does not exist. EBADNAME: not a name DNS can carry.
 * Anything else (ETIMEOUT, ECONNREFUSED, ESERVFAIL, EREFUSED…) is a failure to learn anything.
 */
function settledBy(code: string): DomainLookup | null {
  if (code === 'ENODATA') return null;
  if (code === 'ENOTFOUND' || code === 'EBADNAME') return { kind: 'no-mail-host', reason: 'nxdomain' };
  return { kind: 'lookup-failed', code };
}
