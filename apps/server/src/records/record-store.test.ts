import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '@medplum/fhirtypes';
import { buildPatient } from '../../test/factories.ts';
import { startTestApp, testConfig, type TestApp } from '../../test/helpers.ts';
import type { ActingAs } from '../access/access.ts';
import { FhirInvalidError } from './fhir-validation.ts';
import { keyringFor, rewrapDataKeys } from './record-keys.ts';
import {
  createResource,
  deleteResource,
  readResource,
  resourceHistory,
  updateResource,
  VersionConflictError,
  type StoreContext,
} from './record-store.ts';
import { findDuplicate, searchResources } from './record-search.ts';

let app: TestApp;
let ctx: StoreContext;

beforeAll(async () => {
  app = await startTestApp();
  ctx = { db: app.database.db, keyring: keyringFor(app.config) };
});
afterAll(async () => {
  await app.close();
});

const self = (patientId: string): ActingAs => ({ actorId: patientId, patientId, viaGrantId: null });

function hba1c(value: number, date: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
          },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
    effectiveDateTime: date,
    valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    note: [{ text: 'Secret-note-8f3a' }],
    ...extra,
  };
}

describe('record store', () => {
  it('stores a valid resource encrypted, and reads it back with meta and provenance', async () => {
    const patient = await buildPatient(app.database.db);
    const stored = await createResource<Observation>(
      ctx,
      self(patient.id),
      hba1c(7.31, '2026-10-01'),
      {
        source: { kind: 'patient' },
      },
    );
    expect(stored.versionId).toBe(1);
    expect(stored.resource.subject?.reference).toBe(`Patient/${patient.id}`);
    expect(stored.resource.meta?.tag).toContainEqual(
      expect.objectContaining({ code: 'patient-reported' }),
    );
    const read = await readResource<Observation>(ctx, 'Observation', stored.id, {
      patientId: patient.id,
    });
    expect(read?.resource.valueQuantity?.value).toBe(7.31);

    // The raw row holds no clinical value in clear.
    const raw = await sql<{
      row: string;
    }>`SELECT f::text AS row FROM fhir_resources f WHERE id = ${stored.id}`.execute(
      app.database.db,
    );
    const text = raw.rows[0]!.row;
    expect(text).toContain('4548-4'); // the code is a search field
    expect(text).not.toContain('7.31');
    expect(text).not.toContain('Secret-note-8f3a');
    expect(text).not.toContain('Hemoglobin');
  });

  it('refuses invalid FHIR naming the element, and another patient as subject', async () => {
    const patient = await buildPatient(app.database.db);
    const bad = { ...hba1c(7, '2026-10-01'), valueQuantity: { value: 'seven' } };
    await expect(
      createResource(ctx, self(patient.id), bad, { source: { kind: 'patient' } }),
    ).rejects.toSatisfy(
      (e) =>
        e instanceof FhirInvalidError &&
        e.issues.some((i) => i.expression?.[0]?.startsWith('Observation.value')),
    );
    const other = { ...hba1c(7, '2026-10-01'), subject: { reference: 'Patient/someone-else' } };
    await expect(
      createResource(ctx, self(patient.id), other, { source: { kind: 'patient' } }),
    ).rejects.toBeInstanceOf(FhirInvalidError);
    const count = await app.database.db
      .selectFrom('fhir_resources')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('patient_id', '=', patient.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('keeps every version, checks If-Match, and soft-deletes', async () => {
    const patient = await buildPatient(app.database.db);
    const as = self(patient.id);
    const v1 = await createResource<Observation>(ctx, as, hba1c(8.1, '2026-09-01'), {
      source: { kind: 'patient' },
    });
    const v2 = await updateResource<Observation>(
      ctx,
      as,
      'Observation',
      v1.id,
      hba1c(8.0, '2026-09-01'),
      {
        ifVersion: 1,
      },
    );
    expect(v2.versionId).toBe(2);
    await expect(
      updateResource(ctx, as, 'Observation', v1.id, hba1c(7.9, '2026-09-01'), { ifVersion: 1 }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await deleteResource(ctx, as, 'Observation', v1.id);
    expect(
      await readResource(ctx, 'Observation', v1.id, { patientId: patient.id }),
    ).toBeUndefined();
    const history = await resourceHistory<Observation>(ctx, 'Observation', v1.id, patient.id);
    expect(history.map((h) => [h.versionId, h.change, h.resource.valueQuantity?.value])).toEqual([
      [3, 'delete', 8.0],
      [2, 'update', 8.0],
      [1, 'create', 8.1],
    ]);
    // History rows cannot be rewritten.
    await expect(
      sql`UPDATE fhir_resource_versions SET change = 'create' WHERE resource_id = ${v1.id}`.execute(
        app.database.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('searches by code, date and category, newest first, and finds duplicates', async () => {
    const patient = await buildPatient(app.database.db);
    const as = self(patient.id);
    for (const [v, d] of [
      [7.9, '2026-03-01'],
      [7.4, '2026-06-01'],
      [7.1, '2026-09-01'],
    ] as const) {
      await createResource(ctx, as, hba1c(v, d), { source: { kind: 'provider' } });
    }
    const found = await searchResources<Observation>(ctx, {
      patientIds: [patient.id],
      codes: ['http://loinc.org|4548-4'],
      dates: [
        {
          op: 'ge',
          start: new Date('2026-05-01T00:00:00Z'),
          end: new Date('2026-05-02T00:00:00Z'),
        },
      ],
      count: 10,
      total: true,
    });
    expect(found.total).toBe(2);
    expect(found.items.map((i) => i.resource.valueQuantity?.value)).toEqual([7.1, 7.4]);
    const labs = await searchResources(ctx, {
      patientIds: [patient.id],
      categories: ['laboratory'],
      count: 1,
      total: true,
    });
    expect(labs.total).toBe(3);
    expect(labs.items).toHaveLength(1);
    expect(await findDuplicate(ctx, patient.id, hba1c(7.4, '2026-06-01'))).toBeDefined();
    expect(await findDuplicate(ctx, patient.id, hba1c(7.5, '2026-06-01'))).toBeUndefined();
  });

  it('re-wraps data keys under a new master key without touching records', async () => {
    const patient = await buildPatient(app.database.db);
    const stored = await createResource<Observation>(
      ctx,
      self(patient.id),
      hba1c(6.6, '2026-01-01'),
      {
        source: { kind: 'patient' },
      },
    );
    const before = await app.database.db
      .selectFrom('fhir_resources')
      .select('payload')
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow();
    const rotated = testConfig({
      RECORDS_MASTER_KEY: randomBytes(32).toString('base64'),
      RECORDS_PREVIOUS_MASTER_KEYS: app.config.recordsMasterKey!,
    });
    const keyring = keyringFor(rotated);
    expect(await rewrapDataKeys(app.database.db, keyring)).toBeGreaterThanOrEqual(1);
    const after = await app.database.db
      .selectFrom('fhir_resources')
      .select('payload')
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(after.payload.equals(before.payload)).toBe(true);
    // Only the new key is needed now.
    const onlyNew = keyringFor(testConfig({ RECORDS_MASTER_KEY: rotated.recordsMasterKey! }));
    const read = await readResource<Observation>(
      { db: app.database.db, keyring: onlyNew },
      'Observation',
      stored.id,
    );
    expect(read?.resource.valueQuantity?.value).toBe(6.6);
    // The old key alone no longer opens it.
    const onlyOld = keyringFor(testConfig({ RECORDS_MASTER_KEY: app.config.recordsMasterKey! }));
    await expect(
      readResource({ db: app.database.db, keyring: onlyOld }, 'Observation', stored.id),
    ).rejects.toThrow(/not configured/);
  });
});
