import { describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig } from '../../test/helpers.ts';
import { findAccountByEmail } from '../identity/accounts.service.ts';
import { createDatabase } from '../platform/db.ts';
import { createLogger } from '../platform/logger.ts';
import { keyringFor } from '../records/record-keys.ts';
import { seedDemoMedications } from './medications-seed.ts';
import { seedDemoData } from './seed.ts';

const logger = createLogger({ logLevel: 'silent' });

describe('demo medicines', () => {
  it('gives Maria her metformin twice a day with three weeks of answers, once', async () => {
    const url = await createTestDatabase();
    const config = testConfig({ DATABASE_URL: url });
    const database = createDatabase(url, logger, 2);
    try {
      await seedDemoData(database.db, logger, config);
      const maria = (await findAccountByEmail(database.db, 'maria@example.org'))!;
      const schedules = await database.db
        .selectFrom('medication_schedules')
        .selectAll()
        .where('patient_id', '=', maria.id)
        .execute();
      expect(schedules).toHaveLength(1);
      expect(schedules[0]!.times).toEqual(['08:00', '20:00']);
      const doses = await database.db
        .selectFrom('medication_doses')
        .select(['status'])
        .where('patient_id', '=', maria.id)
        .execute();
      const count = (s: string) => doses.filter((d) => d.status === s).length;
      expect(count('taken')).toBeGreaterThan(30);
      expect(count('skipped')).toBeGreaterThan(0);
      expect(count('missed')).toBeGreaterThan(0);
      expect(count('pending')).toBeGreaterThan(0); // planned ahead
      await seedDemoMedications(database.db, logger, keyringFor(config));
      const again = await database.db
        .selectFrom('medication_doses')
        .select('id')
        .where('patient_id', '=', maria.id)
        .execute();
      expect(again).toHaveLength(doses.length);
    } finally {
      await database.close();
    }
  });
});
