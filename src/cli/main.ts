#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { registerKeyCommands, registerWorkspaceCommands } from './commands/access.js';
import { registerEngagementCommand } from './commands/engagement.js';
import { registerExportCommand } from './commands/export.js';
import { registerImportCommand } from './commands/import.js';
import { registerServerCommands } from './commands/server.js';
import { describeFailure, parseCount } from './context.js';

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const program = new Command('leadbase')
  .description('Leadbase: run the server, manage access, and import or export leads over its HTTP API')
  .version(packageVersion())
  .addOption(new Option('--url <url>', 'the server (any server that speaks the Instantly API v2 lead dialect)').env('LEADBASE_URL').default('http://127.0.0.1:3000'))
  .addOption(new Option('--api-key <key>', 'API key of the workspace to act in').env('LEADBASE_API_KEY'))
  .addOption(new Option('--retries <n>', 'retries of a request after a network error, 429 or 5xx').argParser(parseCount).default(8))
  .addOption(new Option('--timeout <seconds>', 'give up on one request after this long (then retry)').argParser(parseCount).default(120))
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerServerCommands(program);
registerKeyCommands(program);
registerWorkspaceCommands(program);
registerImportCommand(program);
registerExportCommand(program);
registerEngagementCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has printed the message or the help already.
    process.exit(error.exitCode);
  }
  const { message, exitCode } = describeFailure(error, program.opts<{ url?: string }>().url ?? null);
  process.stderr.write(`leadbase: ${message}\n`);
  process.exit(exitCode);
});
