import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/platform/embedded-postgres.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrate } from '../src/platform/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a maintenance database on the test PostgreSQL server. */
    adminUrl: string;
    /** A database with every migration applied; each test file clones it. */
    templateDatabase: string;
    /** Prefix of every database this run creates, so teardown can drop them. */
    databasePrefix: string;
  }
}

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Real PostgreSQL for the server tests: DATABASE_URL's server when set (CI's PostgreSQL 15),
 * otherwise an embedded PostgreSQL in a temporary directory. Migrations are applied once to a
 * template database, which each test file clones (CREATE DATABASE … TEMPLATE), so files run in
 * parallel without sharing data.
 */
export default async function setup(project: TestProject) {
  const logger = createLogger({ logLevel: 'warn' });
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tmpDir: string | undefined;
  if (!adminUrl) {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'carecircle-test-'));
    await chmod(tmpDir, 0o711); // the postgres system user must be able to enter it
    const embedded = await startEmbeddedPostgres({ dataDir: tmpDir, logger, unsafeFast: true });
    adminUrl = embedded.adminConnectionString;
    stopEmbedded = () => embedded.stop();
  }
  const prefix = `cc_test_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, template), max: 1 });
  await migrate(pool, logger);
  await pool.end();
  // pg-boss's schema too, so each test database is cloned with it (no install per app).
  const boss = new PgBoss({ connectionString: withDatabase(adminUrl, template), max: 1 });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, close: true });

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('databasePrefix', prefix);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.end();
    await stopEmbedded?.();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  };
}
