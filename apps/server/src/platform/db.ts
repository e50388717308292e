import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Logger } from './logger.ts';

/**
 * The database schema as Kysely sees it. Each feature adds its own tables by declaration
 * merging (`declare module '../platform/db.ts' { interface Database { ... } }`), so a feature
 * owns its tables' types next to its repository.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

export type Db = Kysely<Database>;

// Return `timestamptz` as Date (default) and `date` as a plain 'YYYY-MM-DD' string (no time zone shift).
pg.types.setTypeParser(1082, (v) => v);
// int8 (count(*)) as number: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DatabaseHandle {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

export function createDatabase(connectionString: string, logger: Logger, max = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'carecircle',
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err: Error & { code?: string }) => {
    logger.warn({ code: err.code }, 'idle database connection closed');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    pool,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool, if Kysely ever used it
      // Used only directly (e.g. migrations, then no query through Kysely): end it here.
      if (!pool.ending && !pool.ended) await pool.end();
    },
  };
}

/** Describes where a connection string points, without its password. */
export function describeDatabase(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.searchParams.get('host') ?? `${url.hostname}:${url.port || '5432'}`;
    return `${host}/${url.pathname.replace(/^\//, '') || 'postgres'}`;
  } catch {
    return 'the configured database';
  }
}

/** Runs fn in a transaction, joining the caller's one if `db` is already a transaction. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
