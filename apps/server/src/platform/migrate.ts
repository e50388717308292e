import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from './logger.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

/** Arbitrary but fixed key of the advisory lock that serialises migrators across instances. */
const MIGRATION_LOCK_KEY = 7_245_001_002;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies pending migrations, each in its own transaction, recorded in `schema_migrations`.
 * Forward-only: an applied migration whose file changed stops start-up. A session-level
 * advisory lock makes concurrent starts (several instances) apply each migration exactly once.
 */
export async function migrate(
  pool: pg.Pool,
  logger: Logger,
  migrations?: Migration[],
): Promise<{ applied: string[] }> {
  const all = migrations ?? (await loadMigrations());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version    text PRIMARY KEY,
          name       text NOT NULL,
          checksum   text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations',
      );
      const done = new Map(rows.map((r) => [r.version, r]));
      const known = new Set(all.map((m) => m.version));
      const unknown = rows.filter((r) => !known.has(r.version));
      if (unknown.length > 0) {
        throw new MigrationError(
          `The database has migration ${unknown[0]!.name}, which this version of CareCircle does not know; it was made by a newer version.`,
        );
      }
      const applied: string[] = [];
      for (const m of all) {
        const prior = done.get(m.version);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            throw new MigrationError(
              `Migration ${m.name} was changed after it was applied; migrations are forward-only, add a new one instead.`,
            );
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
            [m.version, m.name, m.checksum],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          const code = (err as { code?: string }).code;
          throw new MigrationError(
            `Migration ${m.name} failed${code ? ` (PostgreSQL error ${code})` : ''}: ${(err as Error).message}`,
          );
        }
        logger.info({ migration: m.name }, 'migration applied');
        applied.push(m.name);
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** For /readyz: are all migrations this build knows about applied? */
export async function pendingMigrations(pool: pg.Pool, migrations: Migration[]): Promise<number> {
  const { rows } = await pool.query<{ version: string }>(`SELECT version FROM schema_migrations`);
  const done = new Set(rows.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version)).length;
}
