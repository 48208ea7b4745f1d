import { createWriteStream } from 'node:fs';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Command, Option } from 'commander';
import { CliError, clientFor } from '../context.js';
import type { ApiClient } from '../http-client.js';
import { createProgress } from '../progress.js';

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

const headerNumber = (response: Response, name: string): number => {
  const value = Number(response.headers.get(name));
  if (!Number.isInteger(value) || value < 0) throw new CliError(`the server's export answer has no ${name} header: is it an older Leadbase?`);
  return value;
};

/**
 * The server writes the CSV (POST /api/v2/leads/export streams it, finding the custom variable
 * columns in SQL): the CLI only carries bytes to the destination, so memory stays flat and a
 * slow disk or pipe holds the server back instead of filling a buffer.
 */
async function runExport(client: ApiClient, filter: Filter, o: ExportOptions): Promise<void> {
  const columns = o.columns === undefined ? undefined : [...new Set(o.columns.split(',').map((c) => c.trim()).filter((c) => c !== ''))];
  const response = await client.stream('POST', '/api/v2/leads/export', { ...filter, format: 'csv', meta: o.meta === true, ...(columns !== undefined ? { custom_variables: columns } : {}) });
  const total = headerNumber(response, 'leadbase-lead-count');
  const customColumns = headerNumber(response, 'leadbase-custom-variable-columns');
  const omitted = headerNumber(response, 'leadbase-omitted-values');
  if (response.body === null) throw new CliError('the server answered the export without a body');

  const destination: Writable = o.output !== undefined ? createWriteStream(o.output) : process.stdout;
  // A bar on the terminal would garble CSV written to that same terminal.
  const tty = process.stderr.isTTY === true && (o.output !== undefined || process.stdout.isTTY !== true);
  const progress = createProgress({ label: 'export', total, start: 0, tty, quiet: o.quiet === true, intervalMs: Number(o.progressInterval) * 1000 });
  // Line ends approximate the records written (a quoted cell may hold one): only the bar uses it.
  let lines = -1;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      progress.update(Math.max(0, Math.min(lines, total)));
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), meter, destination, { end: destination !== process.stdout });
  } finally {
    progress.stop();
  }
  if (o.quiet !== true) {
    process.stderr.write(`Exported ${total} lead${total === 1 ? '' : 's'} with ${customColumns} custom variable column${customColumns === 1 ? '' : 's'}${o.output !== undefined ? ` to ${o.output}` : ''}.\n`);
    if (omitted > 0) process.stderr.write(`leadbase: ${omitted} custom variable value${omitted === 1 ? '' : 's'} had no column and were left out${columns !== undefined ? ' (not in --columns)' : ''}.\n`);
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
    .option('--columns <names>', 'only these custom variable columns, comma-separated, in this order')
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
