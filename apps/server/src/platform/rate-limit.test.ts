import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/helpers.ts';
import { createDatabase, type DatabaseHandle } from './db.ts';
import { createLogger } from './logger.ts';
import { hit, peek, reset } from './rate-limit.ts';

let database: DatabaseHandle;
let other: DatabaseHandle;
beforeAll(async () => {
  const url = await createTestDatabase();
  database = createDatabase(url, createLogger({ logLevel: 'silent' }), 10);
  // A second pool stands in for a second server instance.
  other = createDatabase(url, createLogger({ logLevel: 'silent' }), 10);
});
afterAll(async () => {
  await database.close();
  await other.close();
});

describe('rate limit', () => {
  it('allows `limit` hits per window, then refuses with the time left', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit(database.db, 'k1', 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[0]!.retryAfterSeconds).toBe(0);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(55);
    expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another key has its own count.
    expect((await hit(database.db, 'k2', 3, 60)).allowed).toBe(true);
  });

  it('counts across instances and loses no concurrent hit', async () => {
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) => hit((i % 2 ? other : database).db, 'shared', 25, 60)),
    );
    expect(all.filter((r) => r.allowed)).toHaveLength(25);
    const { rows } = await sql<{ hits: number }>`SELECT hits FROM rate_limit_counters`.execute(
      database.db,
    );
    expect(rows.map((r) => r.hits)).toContain(40);
  });

  it('starts a new window once the old one has ended', async () => {
    expect((await hit(database.db, 'k3', 1, 60)).allowed).toBe(true);
    expect((await hit(database.db, 'k3', 1, 60)).allowed).toBe(false);
    await sql`UPDATE rate_limit_counters SET expires_at = now() - interval '1 second'`.execute(
      database.db,
    );
    expect(await hit(database.db, 'k3', 1, 60)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('peeks without counting, and reset forgets the key', async () => {
    expect(await peek(database.db, 'k4', 2)).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 2,
    });
    await hit(database.db, 'k4', 2, 60);
    await hit(database.db, 'k4', 2, 60);
    const blocked = await peek(database.db, 'k4', 2);
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect((await peek(database.db, 'k4', 2)).allowed).toBe(false); // still not counted up
    await reset(database.db, 'k4');
    expect((await peek(database.db, 'k4', 2)).allowed).toBe(true);
  });

  it('stores keys only as hashes', async () => {
    await hit(database.db, 'signin:person@example.org', 5, 60);
    const { rows } = await sql<{
      key_hash: string;
    }>`SELECT key_hash FROM rate_limit_counters`.execute(database.db);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
  });
});
