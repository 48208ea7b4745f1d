import { ConfigError, loadConfig } from './config.js';
import { StartupError, startServer, stopOnSignals } from './server.js';
import { DataDirInUseError } from './store/data-dir-lock.js';

async function main(): Promise<void> {
  stopOnSignals(await startServer(loadConfig()));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`leadbase: configuration error: ${error.message}\n`);
  } else if (error instanceof StartupError || error instanceof DataDirInUseError) {
    process.stderr.write(`leadbase: could not start: ${error.message}\n`);
  } else {
    process.stderr.write(`leadbase: could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exit(1);
});
