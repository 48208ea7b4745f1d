import { ConfigError, loadConfig } from './config.js';
import { startServer, stopOnSignals } from './server.js';

async function main(): Promise<void> {
  stopOnSignals(await startServer(loadConfig()));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`leadbase: configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`leadbase: could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exit(1);
});
