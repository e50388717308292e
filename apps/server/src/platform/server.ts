import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Config } from './config.ts';
import { createDatabase, describeDatabase, type DatabaseHandle } from './db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { createApp } from './http.ts';
import type { Logger } from './logger.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { startRuntime } from './runtime.ts';
import { StartupError } from './startup-error.ts';
import { seedDemoData } from '../demo/seed.ts';
import { loadFhirDefinitions } from '../records/fhir-validation.ts';
import { keyringFor } from '../records/record-keys.ts';
import { sealClearReasons } from '../scheduling/appointment-reasons.ts';
import { createOidc } from '../identity/oidc.ts';

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseHandle;
  /** Stops accepting, lets in-flight requests finish, closes the pool, stops embedded PostgreSQL. */
  stop(): Promise<void>;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

async function checkDatabase(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: number }>(
      `SELECT current_setting('server_version_num')::int AS v`,
    );
    if (rows[0]!.v < 150000) {
      throw new StartupError(
        `The database at ${describeDatabase(connectionString)} runs PostgreSQL ${Math.floor(rows[0]!.v / 10000)}; CareCircle needs 15 or newer.`,
      );
    }
  } catch (err) {
    if (err instanceof StartupError) throw err;
    const e = err as { code?: string; message?: string };
    const reason =
      (e.code && NETWORK_ERRORS[e.code]) ??
      (e.code === '28P01' || e.code === '28000'
        ? 'authentication failed'
        : e.code === '3D000'
          ? 'the database does not exist'
          : e.message?.includes('timeout')
            ? 'timed out'
            : (e.code ?? 'unknown error'));
    throw new StartupError(
      `Cannot reach the database at ${describeDatabase(connectionString)} (${reason}); check DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(
          new StartupError(
            `Port ${port} is already in use; stop the program using it or set PORT to another port.`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(
          new StartupError(
            `Not allowed to listen on port ${port}; choose a port above 1023 with PORT.`,
          ),
        );
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new StartupError(`HOST ${host} is not an address of this machine.`));
      } else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Starts CareCircle: database (embedded unless DATABASE_URL), migrations, demo data, HTTP.
 * On failure everything already started is stopped again before the error is rethrown.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const cleanup: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  };
  try {
    let connectionString = config.databaseUrl;
    let embedded: EmbeddedPostgres | undefined;
    if (!connectionString) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, logger });
      cleanup.push(() => embedded!.stop());
      connectionString = embedded.connectionString;
    }
    await checkDatabase(connectionString);
    const database = createDatabase(connectionString, logger);
    cleanup.push(() => database.close());

    const migrations = await loadMigrations();
    await migrate(database.pool, logger, migrations);
    if (config.demoData) await seedDemoData(database.db, logger, config);
    // Appointment reasons written in clear before they were sealed (migration 0016).
    const sealed = await sealClearReasons({ db: database.db, keyring: keyringFor(config) });
    if (sealed > 0) logger.info({ appointments: sealed }, 'appointment reasons sealed');

    // FHIR StructureDefinitions are indexed once (~1 s), here rather than on the first request.
    loadFhirDefinitions();
    const oidc = await createOidc(config, database.db, logger);
    // The job queue (pg-boss installs or migrates its schema here) and the realtime hub.
    const runtime = await startRuntime({
      config,
      logger,
      database,
      connectionString,
      migrations,
      oidc,
    });
    cleanup.push(() => runtime.stop());
    const app = createApp(runtime.deps);
    const server = http.createServer(app);
    runtime.attach(server);
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 60_000;
    await listen(server, config.port, config.host);
    const port = (server.address() as AddressInfo).port;
    logger.info(
      { port, publicUrl: config.publicUrl, embeddedDatabase: Boolean(embedded) },
      'CareCircle is ready',
    );

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        const closed = once(server, 'close');
        server.close(); // stop accepting; in-flight requests finish
        server.closeIdleConnections();
        await runtime.closeSockets(); // WebSockets: goodbye (1001), they reconnect elsewhere
        const forced = setTimeout(() => server.closeAllConnections(), 7_000);
        await closed;
        clearTimeout(forced);
        await unwind();
      })());
    return { url: `http://localhost:${port}`, port, database, stop };
  } catch (err) {
    await unwind();
    throw err;
  }
}
