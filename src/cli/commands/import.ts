import { type Command, Option } from 'commander';
import { CliError, clientFor, parseCount } from '../context.js';
import type { AddLeadsOptions } from '../import/batch-sender.js';
import { parseDelimiter } from '../import/inspect-file.js';
import { type ImportOptions, runImport } from '../import/run-import.js';

interface RawImportOptions {
  list?: string;
  campaign?: string;
  map: string[];
  delimiter?: string;
  skipIfInWorkspace?: boolean;
  skipIfInCampaign?: boolean;
  skipIfInList?: boolean;
  verify?: boolean;
  blocklistId?: string;
  assignedTo?: string;
  report?: string;
  state?: string;
  restart?: boolean;
  skipMalformed?: boolean;
  dryRun?: boolean;
  batchSize: number;
  concurrency: number;
  progressInterval: number;
  quiet?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function toImportOptions(raw: RawImportOptions): ImportOptions {
  if ((raw.list === undefined) === (raw.campaign === undefined)) throw new CliError('say where the leads go: --list ID or --campaign ID (one of them)');
  if (raw.batchSize < 1 || raw.batchSize > 1000) throw new CliError('--batch-size must be from 1 to 1000 (the API takes at most 1000 leads a request)');
  if (raw.concurrency < 1 || raw.concurrency > 16) throw new CliError('--concurrency must be from 1 to 16');
  const target = raw.list !== undefined ? { kind: 'list' as const, id: raw.list } : { kind: 'campaign' as const, id: raw.campaign ?? '' };
  // Only the flags given are sent, so the server's defaults apply to the rest.
  const add: AddLeadsOptions = target.kind === 'list' ? { list_id: target.id } : { campaign_id: target.id };
  if (raw.skipIfInWorkspace === true) add.skip_if_in_workspace = true;
  if (raw.skipIfInCampaign === true) add.skip_if_in_campaign = true;
  if (raw.skipIfInList === true) add.skip_if_in_list = true;
  if (raw.verify === true) add.verify_leads_on_import = true;
  if (raw.blocklistId !== undefined) add.blocklist_id = raw.blocklistId;
  if (raw.assignedTo !== undefined) add.assigned_to = raw.assignedTo;
  return {
    target,
    map: raw.map,
    delimiter: raw.delimiter === undefined ? undefined : parseDelimiter(raw.delimiter),
    add,
    reportPath: raw.report ?? null,
    statePath: raw.state ?? null,
    restart: raw.restart === true,
    skipMalformed: raw.skipMalformed === true,
    dryRun: raw.dryRun === true,
    batchSize: raw.batchSize,
    concurrency: raw.concurrency,
    progressIntervalMs: raw.progressInterval * 1000,
    quiet: raw.quiet === true,
    json: raw.json === true,
  };
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a CSV file of leads into a list or a campaign, resumably')
    .argument('<file>', 'the CSV file (UTF-8, with a header row; delimiter , ; tab or | is detected)')
    .addOption(new Option('--list <id>', 'the lead list to add the leads to').conflicts('campaign'))
    .option('--campaign <id>', 'the campaign to add the leads to')
    .option('--map <column=field>', 'map a column to a lead field (email, first_name, …), to custom:NAME, or to - to leave it out; repeatable', collect, [])
    .option('--delimiter <d>', 'comma, semicolon, tab or pipe, when detection gets it wrong')
    .option('--skip-if-in-workspace', 'skip leads whose e-mail is anywhere in the workspace')
    .option('--skip-if-in-campaign', 'skip leads whose e-mail is in any campaign')
    .option('--skip-if-in-list', 'skip leads whose e-mail is in any list')
    .option('--verify', 'verify the leads on import (verify_leads_on_import)')
    .option('--blocklist-id <id>', 'the block list to check against (default: the workspace\'s)')
    .option('--assigned-to <user>', 'assign every created lead to this user id')
    .option('--report <file.csv>', 'write every row that was not created, with its line and the reason')
    .option('--state <file>', 'where to keep the progress that makes a re-run resume (default: next to the report, else $LEADBASE_STATE_DIR or ~/.local/state/leadbase/imports)')
    .option('--restart', 'ignore saved progress and send the whole file again')
    .option('--skip-malformed', 'import the other rows when some rows have the wrong number of fields (they go to the report)')
    .option('--dry-run', 'check the file and show the column mapping; send nothing')
    .option('--batch-size <n>', 'leads per request (at most 1000)', parseCount, 1000)
    .option('--concurrency <n>', 'requests in flight at once', parseCount, 3)
    .option('--progress-interval <seconds>', 'how often to print a progress line when not on a terminal', parseCount, 5)
    .option('--quiet', 'no progress output')
    .option('--json', 'print the summary as one JSON object')
    .action(async (file: string, raw: RawImportOptions, command: Command) => {
      const options = toImportOptions(raw);
      const abort = new AbortController();
      let interrupts = 0;
      const onSignal = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        process.stderr.write('\nleadbase: stopping after the batches in flight (press Ctrl-C again to quit at once; the next run resumes either way)\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      // A dry run only checks the file and mapping: no server, so no key is needed.
      const client = clientFor(command, { signal: abort.signal, ...(options.dryRun ? { apiKey: 'dry-run' } : {}) });
      process.exitCode = await runImport(file, options, client, abort.signal);
    });
}
