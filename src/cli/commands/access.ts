import type { Static } from '@sinclair/typebox';
import { type Command, Option } from 'commander';
import type { ApiKey } from '../../http/schemas/api-key.js';
import type { CreatedWorkspace } from '../../http/schemas/workspace.js';
import { CliError, clientFor } from '../context.js';

type ApiKeyWire = Static<typeof ApiKey>;
type CreatedWorkspaceWire = Static<typeof CreatedWorkspace>;
interface KeyPage {
  items: ApiKeyWire[];
  next_starting_after?: string;
}

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));

function parseScopes(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

/** The secret goes to stdout alone on its line, so `| tail -1` or a script can capture it. */
function printSecret(label: string, secret: string) {
  process.stderr.write(`${label} Store it now: it is shown only this once.\n`);
  print(secret);
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage the API keys of the workspace the --api-key belongs to');

  keys
    .command('create')
    .description('create an API key and print its secret (shown only once)')
    .requiredOption('--name <name>', 'a name that says who or what uses the key')
    .option('--scopes <scopes>', 'comma-separated scopes, e.g. leads:all,lead_lists:read (repeatable)', parseScopes)
    .option('--json', 'print the whole API answer as JSON')
    .action(async (options: { name: string; scopes?: string[]; json?: boolean }, command: Command) => {
      const client = clientFor(command);
      const key = await client.request<ApiKeyWire>('POST', '/api/v2/api-keys', { name: options.name, scopes: options.scopes ?? ['all:all'] });
      if (options.json === true) {
        printJson(key);
        return;
      }
      process.stderr.write(`Created API key ${key.id} "${key.name}" with scopes ${key.scopes.join(', ')}.\n`);
      printSecret('Its secret follows.', key.key);
    });

  keys
    .command('list')
    .description('list the API keys (their secrets are masked)')
    .option('--json', 'print one JSON object per line')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = clientFor(command);
      let cursor: string | undefined;
      let count = 0;
      do {
        const query = cursor === undefined ? '?limit=100' : `?limit=100&starting_after=${encodeURIComponent(cursor)}`;
        const page = await client.request<KeyPage>('GET', `/api/v2/api-keys${query}`);
        for (const key of page.items) {
          count++;
          print(options.json === true ? JSON.stringify(key) : [key.id, key.name, key.scopes.join(','), key.key, key.timestamp_created].join('\t'));
        }
        cursor = page.next_starting_after;
      } while (cursor !== undefined);
      if (options.json !== true) process.stderr.write(`${count} API key${count === 1 ? '' : 's'} (id, name, scopes, key prefix, created)\n`);
    });

  keys
    .command('delete')
    .description('delete an API key: it stops working at once')
    .argument('<id>', 'the id of the key (see keys list)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const client = clientFor(command);
      const key = await client.request<ApiKeyWire>('DELETE', `/api/v2/api-keys/${encodeURIComponent(id)}`);
      print(`Deleted API key ${key.id} "${key.name}".`);
    });
}

export function registerWorkspaceCommands(program: Command): void {
  const workspaces = program.command('workspaces').description('manage workspaces (needs the instance administrator key)');

  workspaces
    .command('create')
    .description('create a workspace and its first all:all API key, whose secret is printed once')
    .argument('[name]', 'the workspace name')
    .option('--name <name>', 'the workspace name (instead of the argument)')
    .addOption(new Option('--admin-key <key>', 'the administrator key (else --api-key)').env('LEADBASE_ADMIN_KEY'))
    .option('--json', 'print the whole API answer as JSON')
    .action(async (argName: string | undefined, options: { name?: string; adminKey?: string; json?: boolean }, command: Command) => {
      const name = options.name ?? argName;
      if (name === undefined || name.trim() === '') throw new CliError('give the workspace a name: leadbase workspaces create "Acme"');
      const client = clientFor(command, options.adminKey !== undefined ? { apiKey: options.adminKey } : {});
      const created = await client.request<CreatedWorkspaceWire>('POST', '/api/v2/workspaces', { name });
      if (options.json === true) {
        printJson(created);
        return;
      }
      process.stderr.write(`Created workspace ${created.id} "${created.name}" and its API key ${created.api_key.id} (all:all).\n`);
      printSecret("The key's secret follows.", created.api_key.key);
    });
}
