import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface RateLimitsTable {
  key_hash: string;
  hits: number;
  window_start: Date;
  expires_at: Date;
}

declare module './db.ts' {
  interface Database {
    rate_limit_counters: RateLimitsTable;
  }
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends (0 when allowed). */
  retryAfterSeconds: number;
  /** Hits left in the current window. */
  remaining: number;
}

/**
 * Keys may hold an e-mail or IP address: only their SHA-256 is stored, so the table holds no
 * personal data.
 */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function result(hits: number, expiresAt: Date, limit: number): RateLimitResult {
  const allowed = hits <= limit;
  return {
    allowed,
    retryAfterSeconds: allowed
      ? 0
      : Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000)),
    remaining: Math.max(0, limit - hits),
  };
}

/**
 * Counts one hit against `key` in a fixed window of `windowSeconds` that starts at the key's first
 * hit. Kept in PostgreSQL, so every server instance shares the count; the upsert is one atomic
 * statement, so concurrent hits are never lost. A burst at a window's edge can reach twice the
 * limit, which is fine for the limits this guards (abuse, not billing).
 */
export async function hit(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const expired = sql`rate_limit_counters.expires_at <= now()`;
  const row = await db
    .insertInto('rate_limit_counters')
    .values({
      key_hash: hashKey(key),
      hits: 1,
      window_start: sql<Date>`now()`,
      expires_at: sql<Date>`now() + ${window}`,
    })
    .onConflict((oc) =>
      oc.column('key_hash').doUpdateSet({
        hits: sql<number>`CASE WHEN ${expired} THEN 1 ELSE rate_limit_counters.hits + 1 END`,
        window_start: sql<Date>`CASE WHEN ${expired} THEN now() ELSE rate_limit_counters.window_start END`,
        expires_at: sql<Date>`CASE WHEN ${expired} THEN now() + ${window} ELSE rate_limit_counters.expires_at END`,
      }),
    )
    .returning(['hits', 'expires_at'])
    .executeTakeFirstOrThrow();
  // Now and then, drop windows that ended long ago so the table stays small.
  if (Math.random() < 0.01) await pruneRateLimits(db);
  return result(row.hits, row.expires_at, limit);
}

/** Whether one more hit against `key` would be allowed, without counting one. */
export async function peek(db: Db, key: string, limit: number): Promise<RateLimitResult> {
  const row = await db
    .selectFrom('rate_limit_counters')
    .select(['hits', 'expires_at'])
    .where('key_hash', '=', hashKey(key))
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  const hits = row?.hits ?? 0;
  const allowed = hits < limit;
  return {
    allowed,
    retryAfterSeconds:
      allowed || !row ? 0 : Math.max(1, Math.ceil((row.expires_at.getTime() - Date.now()) / 1000)),
    remaining: Math.max(0, limit - hits),
  };
}

/** Forgets every hit against `key` (e.g. after a successful sign-in). */
export async function reset(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('key_hash', '=', hashKey(key)).execute();
}

export async function pruneRateLimits(db: Db): Promise<void> {
  await db
    .deleteFrom('rate_limit_counters')
    .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
    .execute();
}

/** "N minutes" for a plain message: at least 1, rounded up. */
export function minutesFrom(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
