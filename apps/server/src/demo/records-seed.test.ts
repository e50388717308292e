import { describe, expect, it } from 'vitest';
import type { Observation } from '@medplum/fhirtypes';
import { createTestDatabase, testConfig } from '../../test/helpers.ts';
import { findAccountByEmail } from '../identity/accounts.service.ts';
import { createDatabase } from '../platform/db.ts';
import { createLogger } from '../platform/logger.ts';
import { keyringFor } from '../records/record-keys.ts';
import { searchResources } from '../records/record-search.ts';
import { seedDemoData } from './seed.ts';

const logger = createLogger({ logLevel: 'silent' });

describe('demo health records', () => {
  it('gives Maria a record once (encrypted, through the store), and a second run adds nothing', async () => {
    const url = await createTestDatabase();
    const config = testConfig({ DATABASE_URL: url });
    const database = createDatabase(url, logger, 2);
    try {
      await seedDemoData(database.db, logger, config);
      const maria = (await findAccountByEmail(database.db, 'maria@example.org'))!;
      const ctx = { db: database.db, keyring: keyringFor(config) };
      const all = await searchResources(ctx, { patientIds: [maria.id], count: 1000, total: true });
      const byType = (type: string) => all.items.filter((i) => i.resourceType === type);
      expect(byType('Condition')).toHaveLength(3);
      expect(byType('AllergyIntolerance')).toHaveLength(1);
      expect(byType('Immunization')).toHaveLength(2);
      expect(byType('MedicationRequest')).toHaveLength(2);
      expect(byType('MedicationStatement')).toHaveLength(1);
      // The progress note and the letter.
      expect(byType('DocumentReference')).toHaveLength(2);
      const a1c = (
        await searchResources<Observation>(ctx, {
          patientIds: [maria.id],
          codes: ['http://loinc.org|4548-4'],
          sort: 'date',
          count: 100,
        })
      ).items.map((i) => i.resource.valueQuantity?.value);
      expect(a1c[0]).toBe(8.4);
      expect(a1c.at(-1)).toBe(6.9);
      expect(a1c.length).toBeGreaterThanOrEqual(8);
      const weights = await searchResources(ctx, {
        patientIds: [maria.id],
        codes: ['29463-7'],
        count: 100,
      });
      expect(weights.items.length).toBeGreaterThanOrEqual(12);
      expect(weights.items.every((w) => w.source.kind === 'patient')).toBe(true);
      const { rows: docs } = await database.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM record_documents WHERE patient_id = $1',
        [maria.id],
      );
      expect(Number(docs[0]!.n)).toBe(1);

      await seedDemoData(database.db, logger, config);
      const again = await searchResources(ctx, { patientIds: [maria.id], count: 1, total: true });
      expect(again.total).toBe(all.total);
    } finally {
      await database.close();
    }
  });
});
