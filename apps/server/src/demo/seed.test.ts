import { describe, expect, it } from 'vitest';
import argon2 from 'argon2';
import { createTestDatabase } from '../../test/helpers.ts';
import { createDatabase } from '../platform/db.ts';
import { createLogger } from '../platform/logger.ts';
import { demoPeople, DEMO_PASSWORD, seedDemoData } from './seed.ts';
import { listProviders } from '../scheduling/providers.service.ts';

const logger = createLogger({ logLevel: 'silent' });

describe('demo data', () => {
  it('creates the demo story once, and a second run changes nothing', async () => {
    const database = createDatabase(await createTestDatabase(), logger, 2);
    try {
      const first = await seedDemoData(database.db, logger);
      expect(first.created).toBe(demoPeople.length);
      const second = await seedDemoData(database.db, logger);
      expect(second.created).toBe(0);
      const { rows } = await database.pool.query<{ n: number }>(
        'SELECT count(*) AS n FROM accounts',
      );
      expect(rows[0]!.n).toBe(demoPeople.length);

      const providers = await listProviders(database.db, {});
      expect(providers.map((p) => p.specialty).sort()).toEqual([
        'Endocrinology',
        'Orthopaedic surgery',
        'Physiotherapy',
      ]);
      const roles = (
        await database.pool.query<{ r: string }>('SELECT DISTINCT unnest(roles) AS r FROM accounts')
      ).rows
        .map((r) => r.r)
        .sort();
      expect(roles).toEqual(['admin', 'caregiver', 'patient', 'provider', 'volunteer']);

      const { rows: hours } = await database.pool.query<{ n: number }>(
        'SELECT count(*) AS n FROM provider_weekly_hours',
      );
      expect(hours[0]!.n).toBeGreaterThan(0);

      // The README's demo password works for the demo accounts, and is stored as argon2id.
      const maria = await database.pool.query<{ password_hash: string }>(
        `SELECT password_hash FROM accounts WHERE email = 'maria@example.org'`,
      );
      expect(maria.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
      expect(await argon2.verify(maria.rows[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
