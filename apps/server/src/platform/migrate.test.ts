import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { createLogger } from './logger.ts';
import { loadMigrations, migrate, MigrationError } from './migrate.ts';

const logger = createLogger({ logLevel: 'silent' });

async function migrationsDir(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cc-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

describe('migrate', () => {
  it('applies each migration exactly once when two instances start at the same time', async () => {
    const url = await createTestDatabase({ empty: true });
    const a = new pg.Pool({ connectionString: url, max: 2 });
    const b = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const all = await loadMigrations();
      const [ra, rb] = await Promise.all([migrate(a, logger, all), migrate(b, logger, all)]);
      // One of them did all the work; the other found nothing left to do.
      expect([...ra.applied, ...rb.applied].sort()).toEqual(all.map((m) => m.name).sort());
      const { rows } = await a.query('SELECT version FROM schema_migrations');
      expect(rows).toHaveLength(all.length);
      // And a later start applies nothing.
      expect((await migrate(a, logger, all)).applied).toEqual([]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('refuses an applied migration whose file was edited (forward-only)', async () => {
    const url = await createTestDatabase({ empty: true });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const first = await loadMigrations(
        await migrationsDir({ '0001_t.sql': 'CREATE TABLE t (id int);' }),
      );
      await migrate(pool, logger, first);
      const edited = await loadMigrations(
        await migrationsDir({ '0001_t.sql': 'CREATE TABLE t (id bigint);' }),
      );
      await expect(migrate(pool, logger, edited)).rejects.toThrow(
        /0001_t was changed after it was applied/,
      );
    } finally {
      await pool.end();
    }
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const url = await createTestDatabase({ empty: true });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const bad = await loadMigrations(
        await migrationsDir({
          '0001_ok.sql': 'CREATE TABLE ok (id int);',
          '0002_bad.sql': 'CREATE TABLE half (id int); SELECT nonsense_fn();',
        }),
      );
      await expect(migrate(pool, logger, bad)).rejects.toBeInstanceOf(MigrationError);
      const { rows } = await pool.query(`SELECT version FROM schema_migrations ORDER BY version`);
      expect(rows.map((r: { version: string }) => r.version)).toEqual(['0001']);
      const half = await pool.query<{ t: string | null }>(`SELECT to_regclass('half') AS t`);
      expect(half.rows[0]!.t).toBeNull();
    } finally {
      await pool.end();
    }
  });

  it('refuses a database migrated by a newer version', async () => {
    const url = await createTestDatabase({ empty: true });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const two = await loadMigrations(
        await migrationsDir({ '0001_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 2;' }),
      );
      await migrate(pool, logger, two);
      await expect(migrate(pool, logger, two.slice(0, 1))).rejects.toThrow(/newer version/);
    } finally {
      await pool.end();
    }
  });
});
