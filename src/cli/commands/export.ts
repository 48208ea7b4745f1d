import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Static } from '@sinclair/typebox';
import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify';
import type { Lead } from '../../http/schemas/lead.js';
import { CliError, clientFor } from '../context.js';
import type { ApiClient } from '../http-client.js';
import { createProgress } from '../progress.js';

type LeadWire = Static<typeof Lead>;
interface LeadPage {
  items: LeadWire[];
  next_starting_after?: string;
}
type Filter = { list_id: string } | { campaign: string } | Record<string, never>;

interface ExportOptions {
  list?: string;
  campaign?: string;
  all?: boolean;
  output?: string;
  columns?: string;
  meta?: boolean;
  quiet?: boolean;
  progressInterval: string;
}

// The columns `leadbase import` maps back to the same fields, so an export imports as it was.
const LEAD_COLUMNS = ['email', 'first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization'] as const;
const META_COLUMNS = ['id', 'campaign', 'list_id', 'status', 'lt_interest_status', 'pl_value_lead', 'verification_status', 'assigned_to', 'company_domain', 'timestamp_created', 'timestamp_updated'] as const;

async function* pages(client: ApiClient, filter: Filter): AsyncGenerator<LeadWire[]> {
  let cursor: string | undefined;
  do {
    const page = await client.request<LeadPage>('POST', '/api/v2/leads/list', { ...filter, limit: 100, ...(cursor !== undefined ? { starting_after: cursor } : {}) });
    yield page.items;
    cursor = page.next_starting_after;
  } while (cursor !== undefined);
}

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Writes and waits when the destination is full, so a slow pipe never makes us buffer the export. */
async function writeRecord(stringifier: ReturnType<typeof stringify>, record: string[]): Promise<void> {
  if (!stringifier.write(record)) await once(stringifier, 'drain');
}

/**
 * Custom variables become columns. Their names are only known after seeing every lead, so a
 * first pass collects the names (memory: one entry per distinct name) and where the export
 * ends; the second pass writes. --columns names them up front and skips the first pass.
 */
async function runExport(client: ApiClient, filter: Filter, o: ExportOptions): Promise<void> {
  const base: string[] = [...LEAD_COLUMNS, ...(o.meta === true ? META_COLUMNS : [])];
  let customKeys: string[];
  let lastId: string | null = null;
  let total: number | null = null;
  if (o.columns !== undefined) {
    customKeys = o.columns.split(',').map((c) => c.trim()).filter((c) => c !== '');
  } else {
    const keys = new Set<string>();
    total = 0;
    for await (const items of pages(client, filter)) {
      for (const lead of items) for (const key of Object.keys(lead.payload ?? {})) keys.add(key);
      total += items.length;
      lastId = items[items.length - 1]?.id ?? lastId;
    }
    customKeys = [...keys];
  }
  // A custom variable named like a lead column is written as custom:NAME, which import reads back as that custom variable.
  const header = [...base, ...customKeys.map((k) => (base.includes(k) ? `custom:${k}` : k))];

  const destination: Writable = o.output !== undefined ? createWriteStream(o.output) : process.stdout;
  const stringifier = stringify();
  stringifier.pipe(destination);
  // A bar on the terminal would garble CSV written to that same terminal.
  const tty = process.stderr.isTTY === true && (o.output !== undefined || process.stdout.isTTY !== true);
  const progress = createProgress({ label: 'export', total, start: 0, tty, quiet: o.quiet === true, intervalMs: Number(o.progressInterval) * 1000 });
  let written = 0;
  let dropped = 0;
  const known = new Set(customKeys);
  try {
    await writeRecord(stringifier, header);
    outer: for await (const items of pages(client, filter)) {
      for (const lead of items) {
        const payload: Record<string, unknown> = lead.payload ?? {};
        for (const key of Object.keys(payload)) if (!known.has(key)) dropped++;
        const record = [...base.map((c) => cell((lead as Record<string, unknown>)[c])), ...customKeys.map((k) => cell(payload[k]))];
        await writeRecord(stringifier, record);
        written++;
        // Leads added after the first pass may carry names it did not see: stop where it stopped.
        if (lead.id === lastId) break outer;
      }
      progress.update(written);
    }
  } finally {
    progress.stop();
    stringifier.end();
  }
  await once(destination === process.stdout ? stringifier : destination, 'finish');
  if (o.quiet !== true) {
    process.stderr.write(`Exported ${written} lead${written === 1 ? '' : 's'} with ${customKeys.length} custom variable column${customKeys.length === 1 ? '' : 's'}${o.output !== undefined ? ` to ${o.output}` : ''}.\n`);
    if (dropped > 0) process.stderr.write(`leadbase: ${dropped} custom variable value${dropped === 1 ? '' : 's'} had no column and were left out${o.columns !== undefined ? ' (not in --columns)' : ''}.\n`);
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the leads of a list, a campaign or the whole workspace as CSV (to stdout unless -o)')
    .addOption(new Option('--list <id>', 'the leads of this list').conflicts(['campaign', 'all']))
    .addOption(new Option('--campaign <id>', 'the leads of this campaign').conflicts('all'))
    .option('--all', 'every lead of the workspace')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--columns <names>', 'the custom variable columns, comma-separated: skips the pass that finds them')
    .option('--meta', 'also write id, campaign, list_id, status, interest status, timestamps…')
    .option('--progress-interval <seconds>', 'how often to print a progress line when not on a terminal', '5')
    .option('--quiet', 'no progress output')
    .action(async (o: ExportOptions, command: Command) => {
      let filter: Filter;
      if (o.list !== undefined) filter = { list_id: o.list };
      else if (o.campaign !== undefined) filter = { campaign: o.campaign };
      else if (o.all === true) filter = {};
      else throw new CliError('say which leads: --list ID, --campaign ID or --all');
      // `leadbase export … | head` closes the pipe early: that is the reader's choice, not an error.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
      await runExport(clientFor(command), filter, o);
    });
}
