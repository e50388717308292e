import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, ImportSummary, Problem } from '@carecircle/core';
import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { buildPatient } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { listAuditEventsForPatient } from '../access/audit.service.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import { keyringFor } from './record-keys.ts';
import { searchResources } from './record-search.ts';
import { issuePath, MAX_IMPORT_ENTRIES } from './import.service.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

interface Person {
  account: Account;
  token: string;
}

const patient = async (): Promise<Person> => {
  const account = await buildPatient(app.database.db);
  return { account, token: await accessTokenFor(app, account.id) };
};

async function importBundle(
  who: Person,
  bundle: unknown,
  query = '',
  contentType = 'application/fhir+json',
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${app.url}/api/v1/records/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': contentType, ...headers },
    body: JSON.stringify(bundle),
  });
  return { status: res.status, body: (await res.json()) as ImportSummary & Problem };
}

const stored = async (patientId: string) =>
  (
    await searchResources(
      { db: app.database.db, keyring: keyringFor(app.config) },
      { patientIds: [patientId], count: 1000 },
    )
  ).items;

const LAB = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
  ],
};

function hba1c(id: string, value: number, date: string, subject = 'Patient/src-1'): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: { versionId: '7', lastUpdated: '2025-01-01T00:00:00Z' },
    identifier: [{ system: 'https://lab.example/results', value: `r-${id}` }],
    status: 'final',
    category: [LAB],
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
    subject: { reference: subject },
    effectiveDateTime: date,
    valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    performer: [{ reference: 'Practitioner/doc-1' }],
  };
}

/** An export from another portal: the patient, a practitioner, results, a report, a condition. */
function portalExport(subject = 'Patient/src-1') {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    meta: { source: 'https://portal.example/fhir' },
    entry: [
      {
        fullUrl: 'https://portal.example/fhir/Patient/src-1',
        resource: { resourceType: 'Patient', id: 'src-1', name: [{ family: 'Alvarez' }] },
      },
      {
        fullUrl: 'https://portal.example/fhir/Practitioner/doc-1',
        resource: {
          resourceType: 'Practitioner',
          id: 'doc-1',
          name: [{ given: ['Amara'], family: 'Okafor' }],
        },
      },
      { resource: hba1c('o1', 8.1, '2025-01-10', subject) },
      { resource: hba1c('o2', 7.4, '2025-04-10', 'https://portal.example/fhir/Patient/src-1') },
      // The same result twice in one export (another id, the same identifier).
      {
        resource: {
          ...hba1c('o3', 7.4, '2025-04-10'),
          identifier: [{ system: 'https://lab.example/results', value: 'r-o2' }],
        },
      },
      {
        resource: {
          resourceType: 'DiagnosticReport',
          id: 'rep-1',
          status: 'final',
          code: { text: 'HbA1c panel' },
          subject: { reference: 'Patient/src-1' },
          effectiveDateTime: '2025-04-10',
          result: [{ reference: 'Observation/o2' }],
          conclusion: 'Improving',
        },
      },
      {
        resource: {
          resourceType: 'Condition',
          id: 'c1',
          clinicalStatus: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
                code: 'active',
              },
            ],
          },
          code: {
            coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }],
          },
          subject: { reference: 'Patient/src-1' },
        },
      },
      {
        resource: {
          resourceType: 'Encounter',
          id: 'e1',
          status: 'finished',
          class: { code: 'AMB' },
        },
      },
    ],
  };
}

describe('FHIR bundle import', () => {
  it('imports one person’s export, counting duplicates and ignored entries, with provenance', async () => {
    const p = await patient();
    const res = await importBundle(p, portalExport());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      added: { Observation: 2, DiagnosticReport: 1, Condition: 1 },
      duplicates: 1,
      ignored: 3,
      source: 'https://portal.example/fhir',
    });
    const items = await stored(p.account.id);
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(item.source).toMatchObject({ kind: 'import', system: 'https://portal.example/fhir' });
      expect((item.resource as Observation).subject?.reference).toBe(`Patient/${p.account.id}`);
      expect(item.resource.id).toBe(item.id);
      expect(item.resource.meta?.versionId).toBe('1');
    }
    const obs = items.find((i) => (i.resource as Observation).valueQuantity?.value === 7.4)!
      .resource as Observation;
    expect(obs.identifier).toEqual([{ system: 'https://lab.example/results', value: 'r-o2' }]);
    // The practitioner is not stored: the reference keeps their name only.
    expect(obs.performer).toEqual([{ display: 'Amara Okafor' }]);
    const report = items.find((i) => i.resourceType === 'DiagnosticReport')!
      .resource as DiagnosticReport;
    const obsId = items.find((i) => (i.resource as Observation).valueQuantity?.value === 7.4)!.id;
    expect(report.result).toEqual([{ reference: `Observation/${obsId}` }]);

    const events = await listAuditEventsForPatient(app.database.db, p.account.id, { limit: 10 });
    const audit = events.find((e) => e.action === 'records.import');
    expect(audit?.details).toMatchObject({ added: 4, duplicates: 1, ignored: 3, entries: 8 });
  });

  it('treats a second import of the same bundle as all duplicates', async () => {
    const p = await patient();
    expect((await importBundle(p, portalExport(), '?source=My%20old%20portal')).body.source).toBe(
      'My old portal',
    );
    const again = await importBundle(p, portalExport(), '', 'application/json');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      added: {},
      duplicates: 5,
      ignored: 3,
      source: 'https://portal.example/fhir',
    });
    expect(await stored(p.account.id)).toHaveLength(4);
  });

  it('refuses a bundle with another patient’s data, naming the entry, and stores nothing', async () => {
    const p = await patient();
    const bundle = portalExport();
    bundle.entry.push({ resource: hba1c('x9', 6.2, '2025-07-01', 'Patient/someone-else') });
    const res = await importBundle(p, bundle);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'body.entry[8].resource.subject' }),
    ]);
    expect(res.body.detail).toMatch(/another patient/);

    const two = portalExport();
    two.entry.push({
      fullUrl: 'urn:uuid:other',
      resource: { resourceType: 'Patient', id: 'src-2', name: [{ family: 'Other' }] },
    });
    const res2 = await importBundle(p, two);
    expect(res2.status).toBe(400);
    expect(res2.body.errors?.[0]?.path).toBe('body.entry[8].resource');
    expect(await stored(p.account.id)).toHaveLength(0);

    // Without a Patient entry, every record must name the same patient.
    const noPatient = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: hba1c('a', 7, '2025-01-01', 'Patient/p1') },
        { resource: hba1c('b', 7.1, '2025-02-01', 'Patient/p2') },
      ],
    };
    const res3 = await importBundle(p, noPatient);
    expect(res3.status).toBe(400);
    expect(res3.body.errors?.[0]?.path).toBe('body.entry[1].resource.subject');
    expect(await stored(p.account.id)).toHaveLength(0);
  });

  it('refuses an invalid entry with its element’s path, and stores nothing', async () => {
    const p = await patient();
    const bundle = portalExport();
    (bundle.entry[3]!.resource as unknown as { valueQuantity: unknown }).valueQuantity = {
      value: 'seven',
      unit: '%',
    };
    const res = await importBundle(p, bundle);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'body.entry[3].resource.valueQuantity.value' }),
    ]);
    expect(res.body.detail).toMatch(/nothing was stored/);
    expect(await stored(p.account.id)).toHaveLength(0);
  });

  it('refuses what is not a Bundle of an importable type, or too many entries', async () => {
    const p = await patient();
    const notBundle = await importBundle(p, hba1c('z', 1, '2025-01-01'));
    expect(notBundle.status).toBe(400);
    expect(notBundle.body.errors?.[0]?.path).toBe('body.resourceType');
    const history = await importBundle(p, { resourceType: 'Bundle', type: 'history' });
    expect(history.status).toBe(400);
    expect(history.body.errors?.[0]?.path).toBe('body.type');
    const many = await importBundle(p, {
      resourceType: 'Bundle',
      type: 'collection',
      entry: Array.from({ length: MAX_IMPORT_ENTRIES + 1 }, () => ({})),
    });
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.message).toMatch(/at most 5000 entries/);
    const empty = await importBundle(p, { resourceType: 'Bundle', type: 'collection' });
    expect(empty.body).toEqual({
      added: {},
      duplicates: 0,
      ignored: 0,
      source: 'Imported file',
    });
  });

  it('lets only those who may write import (a caregiver with records:read gets 403)', async () => {
    const p = await patient();
    const carer = await buildPatient(app.database.db, { roles: ['caregiver'] });
    await grantProxyAccess(app.database.db, {
      patientId: p.account.id,
      caregiverId: carer.id,
      scopes: ['records:read'],
    });
    const sofia = { account: carer, token: await accessTokenFor(app, carer.id) };
    const res = await importBundle(sofia, portalExport(), '', 'application/fhir+json', {
      'x-acting-for': p.account.id,
    });
    expect(res.status).toBe(403);
    const other = await patient();
    expect((await importBundle(other, portalExport(), `?patientId=${p.account.id}`)).status).toBe(
      404,
    );
    expect(await stored(p.account.id)).toHaveLength(0);
  });
});

describe('issuePath', () => {
  it('names choice elements by the key the resource uses', () => {
    const r = { component: [{}, { valueCodeableConcept: { coding: [{}] } }] };
    expect(
      issuePath('body.entry[2].resource', r, 'Observation.component[1].value[x].coding[0]'),
    ).toBe('body.entry[2].resource.component[1].valueCodeableConcept.coding[0]');
    expect(issuePath('body', {}, undefined)).toBe('body');
  });
});
