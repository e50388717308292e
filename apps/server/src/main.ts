import { ConfigError, loadConfig } from './platform/config.ts';
import { createLogger } from './platform/logger.ts';
import { MigrationError } from './platform/migrate.ts';
import { startServer, type RunningServer } from './platform/server.ts';
import { StartupError } from './platform/startup-error.ts';

/** Prints one sentence a person can act on, and exits non-zero. */
function fail(message: string): never {
  process.stderr.write(`CareCircle could not start: ${message}\n`);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const logger = createLogger(config);

let running: RunningServer | undefined;
let shuttingDown = false;

async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    logger.error('shutdown took longer than 10 s; exiting');
    process.exit(1);
  }, 9_500);
  deadline.unref();
  try {
    await running?.stop();
    logger.info('stopped');
    process.exitCode = 0;
  } catch (err) {
    logger.error({ err: { message: (err as Error).message } }, 'error while stopping');
    process.exitCode = 1;
  }
  logger.flush?.();
  process.exit();
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('uncaughtException', (err) => {
  logger.fatal(
    { err: { name: err.name, message: err.message, stack: err.stack } },
    'uncaught exception',
  );
  // Stop embedded PostgreSQL too, so nothing is left holding the data directory.
  void running?.stop().finally(() => process.exit(1));
  setTimeout(() => process.exit(1), 5_000).unref();
});

try {
  running = await startServer(config, logger);
  if (shuttingDown) await running.stop();
} catch (err) {
  if (err instanceof StartupError || err instanceof MigrationError) fail(err.message);
  logger.fatal(
    {
      err: {
        name: (err as Error).name,
        message: (err as Error).message,
        stack: (err as Error).stack,
      },
    },
    'start-up failed',
  );
  fail('an unexpected error stopped start-up (see the log line above).');
}
