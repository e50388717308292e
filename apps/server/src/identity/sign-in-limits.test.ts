import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { createDatabase, type DatabaseHandle } from '../platform/db.ts';
import { createLogger } from '../platform/logger.ts';
import { checkSignInAllowed, clearSignInFailures, recordSignInFailure } from './sign-in-limits.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = createDatabase(await createTestDatabase(), createLogger({ logLevel: 'silent' }));
});
afterAll(async () => {
  await database.close();
});

const defaults = { signInMaxFailuresPerAccountPerHour: 100, signInMaxPerIpPer15Min: 300 };

describe('sign-in limits', () => {
  it('lets 50 people behind one address sign in within minutes with the defaults', async () => {
    for (let i = 0; i < 50; i++) {
      const r = await checkSignInAllowed(
        database.db,
        { email: `nurse${i}@clinic.example`, ip: '203.0.113.7' },
        defaults,
      );
      expect(r.allowed).toBe(true);
    }
  });

  it('blocks an account after its failures, for everyone, until cleared', async () => {
    const limits = { signInMaxFailuresPerAccountPerHour: 3, signInMaxPerIpPer15Min: 1000 };
    const attempt = { email: 'Tom@Example.org', ip: '198.51.100.1' };
    for (let i = 0; i < 3; i++) {
      expect((await checkSignInAllowed(database.db, attempt, limits)).allowed).toBe(true);
      await recordSignInFailure(database.db, attempt);
    }
    // Other case, other address: still the same account.
    const blocked = await checkSignInAllowed(
      database.db,
      { email: 'tom@example.org', ip: '192.0.2.9' },
      limits,
    );
    expect(blocked).toMatchObject({ allowed: false, reason: 'account' });
    if (blocked.allowed) throw new Error('unreachable');
    expect(blocked.message).toMatch(
      /^Too many failed sign-ins for this account\. Try again in (60|59) minutes/,
    );
    await clearSignInFailures(database.db, { email: 'tom@example.org' });
    expect((await checkSignInAllowed(database.db, attempt, limits)).allowed).toBe(true);
  });

  it('blocks an address after too many attempts, with a plain message', async () => {
    const limits = { signInMaxFailuresPerAccountPerHour: 100, signInMaxPerIpPer15Min: 2 };
    const ip = '198.51.100.77';
    await checkSignInAllowed(database.db, { email: 'a@example.org', ip }, limits);
    await checkSignInAllowed(database.db, { email: 'b@example.org', ip }, limits);
    const third = await checkSignInAllowed(database.db, { email: 'c@example.org', ip }, limits);
    expect(third).toMatchObject({
      allowed: false,
      reason: 'ip',
      message: 'Too many sign-ins from this network. Try again in 15 minutes.',
    });
  });
});
