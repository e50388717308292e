import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Express } from 'express';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { createDatabase, type DatabaseHandle } from '../src/platform/db.ts';
import { createApp } from '../src/platform/http.ts';
import { createLogger } from '../src/platform/logger.ts';
import { loadMigrations, type Migration } from '../src/platform/migrate.ts';
import { withDatabase } from './global-setup.ts';
import Provider from 'oidc-provider';
import { apiAudienceFor, createOidc, issuerFor, type OidcRuntime } from '../src/identity/oidc.ts';
import type { AppDeps } from '../src/platform/app-deps.ts';
import { systemClock, type Clock } from '../src/platform/clock.ts';
import type { JobDefinition } from '../src/platform/jobs.ts';
import { startRuntime } from '../src/platform/runtime.ts';

/** A fresh database: a clone of the migrated template (or empty with `{ empty: true }`). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('databasePrefix')}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      options.empty
        ? `CREATE DATABASE ${name}`
        : `CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`,
    );
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

/** One records master key per test process (never the development key file in DATA_DIR). */
const TEST_RECORDS_MASTER_KEY = randomBytes(32).toString('base64');

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    RECORDS_MASTER_KEY: TEST_RECORDS_MASTER_KEY,
    PORT: '0',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApp {
  url: string;
  app: Express;
  database: DatabaseHandle;
  config: Config;
  /** Everything the app runs on: job queue, realtime hub, clock… */
  deps: AppDeps;
  close(): Promise<void>;
}

/** The real HTTP app on its own database, listening on a free port (which is its PUBLIC_URL). */
export async function startTestApp(
  options: {
    config?: Record<string, string>;
    migrations?: Migration[];
    connectionString?: string;
    /** The time the app acts on (reminders, doses); the system clock by default. */
    clock?: Clock;
    /** Which background jobs this app works on (default: all). */
    jobs?: readonly JobDefinition<never>[];
  } = {},
): Promise<TestApp> {
  const connectionString = options.connectionString ?? (await createTestDatabase());
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig({ DATABASE_URL: connectionString, PUBLIC_URL: url, ...options.config });
  const logger = createLogger(config);
  const database = createDatabase(connectionString, logger, 5);
  const oidc = await createOidc(config, database.db, logger).catch((err: unknown) => {
    // An unreachable database is a test case of its own (readyz): run without sign-in then.
    if (options.connectionString) return undefined;
    throw err;
  });
  const base = {
    config,
    logger,
    database,
    connectionString,
    migrations: options.migrations ?? (await loadMigrations()),
    oidc: oidc ?? unavailableOidc(config),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  };
  const runtime = oidc
    ? await startRuntime(base).catch(async (err: unknown) => {
        await database.close();
        throw err;
      })
    : unreachableRuntime(base);
  const app = createApp(runtime.deps);
  server.on('request', app);
  runtime.attach(server);
  return {
    url,
    app,
    database,
    config,
    deps: runtime.deps,
    async close() {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    },
  };
}

/** For apps whose database cannot be reached: no job queue, no realtime hub. */
function unreachableRuntime(
  base: Omit<AppDeps, 'clock' | 'jobs' | 'realtime'> & { clock?: Clock },
) {
  const down = () => Promise.reject(new Error('the database cannot be reached'));
  const deps: AppDeps = {
    ...base,
    clock: base.clock ?? systemClock,
    jobs: { send: down, boss: undefined as never },
    realtime: {
      transport: 'postgres',
      publish: down,
      subscribe: () => () => undefined,
      eventsAfter: down,
      lastEventId: down,
      stop: () => Promise.resolve(),
    },
  };
  return { deps, attach: () => undefined, stop: () => Promise.resolve() };
}

/** For apps whose database cannot be reached: sign-in is impossible, the rest still answers. */
function unavailableOidc(config: Config): OidcRuntime {
  return {
    provider: new Provider(issuerFor(config), {}),
    issuer: issuerFor(config),
    audience: apiAudienceFor(config),
    publicJwks: { keys: [] },
  };
}
