import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEntry, Timeline } from '@carecircle/core';
import type { AllergyIntolerance, Bundle, Condition, DocumentReference } from '@medplum/fhirtypes';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { validateFhir } from './fhir-validation.ts';
import { recordsTestKit, type Person, type ProblemBody } from './records-test-kit.ts';
import { resourceForNewEntry, type EntryAuthor } from './new-entries.ts';
import { keyringFor } from './record-keys.ts';
import { withStatus } from './record-status.ts';
import { createResource, readResource, type StoreContext } from './record-store.ts';

/** Entries: the FHIR they become, status changes with history, deletion, paging, export. */

let app: TestApp;
let store: StoreContext;
beforeAll(async () => {
  app = await startTestApp();
  store = { db: app.database.db, keyring: keyringFor(app.config) };
});
afterAll(async () => {
  await app.close();
});

const kit = recordsTestKit(() => app, { patient: 'Ed Entries' });
const { patient, sharedProvider } = kit;
/** A call to the records API as `who`, with a JSON body. */
const api = <T = unknown>(who: Person, method: string, path: string, body?: unknown) =>
  kit.api<T>(who, method, path, { body });

async function add(who: Person, body: unknown, patientId?: string): Promise<RecordEntry> {
  const res = await api<RecordEntry>(
    who,
    'POST',
    `/entries${patientId ? `?patientId=${patientId}` : ''}`,
    body,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const everyKind = [
  {
    kind: 'result',
    measurement: 'heart-rate',
    value: 64,
    effective: '2026-01-05T07:00:00Z',
    note: 'resting',
  },
  {
    kind: 'result',
    code: { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma' },
    value: 190,
    unit: 'mg/dL',
    effective: '2026-01-05T07:00:00+02:00',
    referenceRange: { high: 200 },
  },
  {
    kind: 'taking',
    name: 'Metformin 500 mg',
    rxnorm: '861007',
    dosage: 'twice a day',
    startedOn: '2026-01-01',
    endsOn: '2026-06-30',
  },
  {
    kind: 'prescription',
    name: 'Amoxicillin 500 mg',
    dosage: 'three times a day',
    refills: 2,
    startedOn: '2026-01-01',
  },
  { kind: 'condition', name: 'Asthma', snomed: '195967001', status: 'active', onset: '2010-04-01' },
  { kind: 'allergy', substance: 'Peanuts', category: 'food', reaction: 'Swelling' },
  { kind: 'immunization', vaccine: 'COVID-19 vaccine', cvx: '208', date: '2024-10-01' },
  { kind: 'note', title: 'Visit note', text: 'Doing well. ✓', date: '2026-01-05T10:00:00Z' },
] as const;

describe('new entries as FHIR', () => {
  const patientId = crypto.randomUUID();
  for (const kind of ['patient', 'provider'] as const) {
    it(`builds valid FHIR R4 for every kind (written by a ${kind})`, () => {
      const author: EntryAuthor = { kind, id: crypto.randomUUID(), name: 'Someone' };
      for (const entry of everyKind) {
        const resource = resourceForNewEntry(entry, patientId, author);
        expect(() => validateFhir(resource), entry.kind).not.toThrow();
      }
    });
  }

  it('codes results, medications, conditions, immunizations and notes as specified', () => {
    const provider: EntryAuthor = { kind: 'provider', id: crypto.randomUUID() };
    const self: EntryAuthor = { kind: 'patient', id: patientId };
    const [vital, lab, taking, prescription, condition, , immunization, note] = everyKind.map(
      (e) => resourceForNewEntry(e, patientId, provider) as unknown as Record<string, unknown>,
    );
    expect(vital).toMatchObject({
      resourceType: 'Observation',
      category: [{ coding: [{ code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      valueQuantity: { value: 64, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      subject: { reference: `Patient/${patientId}` },
      note: [{ text: 'resting' }],
    });
    expect(lab).toMatchObject({
      category: [{ coding: [{ code: 'laboratory' }] }],
      referenceRange: [{ high: { value: 200, unit: 'mg/dL' } }],
    });
    expect(taking).toMatchObject({
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '861007' }],
      },
      effectivePeriod: { start: '2026-01-01', end: '2026-06-30' },
      dosage: [{ text: 'twice a day' }],
    });
    expect(prescription).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      requester: { reference: `Practitioner/${provider.id}` },
      dosageInstruction: [{ text: 'three times a day' }],
      dispenseRequest: { numberOfRepeatsAllowed: 2, validityPeriod: { start: '2026-01-01' } },
    });
    expect(condition).toMatchObject({
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
        ],
      },
      verificationStatus: { coding: [{ code: 'confirmed' }] },
      category: [{ coding: [{ code: 'problem-list-item' }] }],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '195967001' }] },
      onsetDateTime: '2010-04-01',
    });
    expect(immunization).toMatchObject({
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }] },
      occurrenceDateTime: '2024-10-01',
      primarySource: true,
    });
    expect(note).toMatchObject({
      status: 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
      content: [{ attachment: { contentType: 'text/plain', title: 'Visit note' } }],
    });
    const data = (note as unknown as DocumentReference).content[0]!.attachment.data!;
    expect(Buffer.from(data, 'base64').toString('utf8')).toBe('Doing well. ✓');

    const own = resourceForNewEntry(everyKind[4], patientId, self) as Condition;
    expect(own.verificationStatus?.coding?.[0]?.code).toBe('unconfirmed');
    const ownNote = resourceForNewEntry(everyKind[7], patientId, self) as DocumentReference;
    expect(ownNote.type?.coding?.[0]?.code).toBe('51855-5');
    const noCvx = resourceForNewEntry(
      { kind: 'immunization', vaccine: 'Yellow fever', date: '2019-01-01' },
      patientId,
      self,
    ) as unknown as Record<string, unknown>;
    expect(noCvx.vaccineCode).toEqual({ text: 'Yellow fever' });
    expect(noCvx.primarySource).toBe(false);
  });

  it('keeps status changes valid FHIR (entered in error drops the clinical status)', () => {
    const author: EntryAuthor = { kind: 'patient', id: patientId };
    const condition = resourceForNewEntry(everyKind[4], patientId, author);
    const resolved = withStatus(condition, 'resolved') as Condition;
    expect(resolved.clinicalStatus?.coding?.[0]?.code).toBe('resolved');
    expect(resolved.abatementDateTime).toBeDefined();
    validateFhir(resolved);
    const reactivated = withStatus(resolved, 'active') as Condition;
    expect(reactivated.abatementDateTime).toBeUndefined();
    validateFhir(reactivated);
    const wrong = withStatus(resolved, 'entered-in-error') as Condition;
    expect(wrong.clinicalStatus).toBeUndefined();
    expect(wrong.verificationStatus?.coding?.[0]?.code).toBe('entered-in-error');
    validateFhir(wrong);
    const allergy = resourceForNewEntry(everyKind[5], patientId, author);
    const wrongAllergy = withStatus(allergy, 'entered-in-error') as AllergyIntolerance;
    expect(wrongAllergy.clinicalStatus).toBeUndefined();
    validateFhir(wrongAllergy);
    expect(withStatus(wrong, 'entered-in-error')).toBeUndefined();
    for (const e of everyKind) {
      validateFhir(withStatus(resourceForNewEntry(e, patientId, author), 'entered-in-error'));
    }
  });
});

describe('status changes, history and deletion', () => {
  it('stops a medication as a new version and keeps the previous one visible', async () => {
    const p = await patient('Hana History');
    const med = await add(p, { kind: 'taking', name: 'Ibuprofen 200 mg', dosage: 'as needed' });
    const stopped = await api<RecordEntry>(
      p,
      'POST',
      `/entries/MedicationStatement/${med.id}/status`,
      { status: 'stopped' },
    );
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ id: med.id, status: 'stopped', version: 2 });

    const history = await api<{
      entry: RecordEntry;
      versions: { version: number; change: string; by: { name: string }; entry: RecordEntry }[];
    }>(p, 'GET', `/entries/MedicationStatement/${med.id}`);
    expect(history.status).toBe(200);
    expect(history.body.entry.status).toBe('stopped');
    expect(
      history.body.versions.map((v) => [v.version, v.change, v.by.name, v.entry.status]),
    ).toEqual([
      [2, 'updated', 'Hana History', 'stopped'],
      [1, 'created', 'Hana History', 'active'],
    ]);

    // Stopped medications leave the record home.
    const summary = await api<{ medications: RecordEntry[] }>(p, 'GET', '/summary');
    expect(summary.body.medications).toEqual([]);

    // The same status again: no new version.
    const again = await api<RecordEntry>(
      p,
      'POST',
      `/entries/MedicationStatement/${med.id}/status`,
      { status: 'stopped' },
    );
    expect(again.body.version).toBe(2);
  });

  it('resolves conditions, marks entries entered in error, refuses meaningless statuses', async () => {
    const p = await patient();
    const condition = await add(p, { kind: 'condition', name: 'Bronchitis' });
    const resolved = await api<RecordEntry>(
      p,
      'POST',
      `/entries/Condition/${condition.id}/status`,
      { status: 'resolved' },
    );
    expect(resolved.body).toMatchObject({ status: 'resolved', version: 2 });

    const obs = await add(p, {
      kind: 'result',
      measurement: 'heart-rate',
      value: 70,
      effective: '2026-01-01T08:00:00Z',
    });
    const stopObs = await api<ProblemBody>(p, 'POST', `/entries/Observation/${obs.id}/status`, {
      status: 'stopped',
    });
    expect(stopObs.status).toBe(400);
    expect(stopObs.body.errors?.map((e) => e.path)).toEqual(['body.status']);

    const wrong = await api<RecordEntry>(p, 'POST', `/entries/Observation/${obs.id}/status`, {
      status: 'entered-in-error',
    });
    expect(wrong.body).toMatchObject({ status: 'entered-in-error', version: 2 });
    const summary = await api<{ latestResults: RecordEntry[]; conditions: RecordEntry[] }>(
      p,
      'GET',
      '/summary',
    );
    expect(summary.body.latestResults).toEqual([]);
    const wrongCondition = await api<RecordEntry>(
      p,
      'POST',
      `/entries/Condition/${condition.id}/status`,
      { status: 'entered-in-error' },
    );
    expect(wrongCondition.body.status).toBe('entered-in-error');
    const revive = await api(p, 'POST', `/entries/Condition/${condition.id}/status`, {
      status: 'active',
    });
    expect(revive.status).toBe(409);
    const after = await api<{ conditions: RecordEntry[] }>(p, 'GET', '/summary');
    expect(after.body.conditions).toEqual([]);

    const missing = await api(p, 'POST', `/entries/Condition/${crypto.randomUUID()}/status`, {
      status: 'resolved',
    });
    expect(missing.status).toBe(404);
  });

  it('lets patients delete what they entered or imported, providers only their own', async () => {
    const p = await patient();
    const dr = await sharedProvider(p);
    const own = await add(p, { kind: 'allergy', substance: 'Latex' });
    const drs = await add(dr, { kind: 'condition', name: 'Migraine' }, p.account.id);
    const imported = await createResource(
      store,
      { actorId: p.account.id, patientId: p.account.id, viaGrantId: null },
      {
        resourceType: 'Immunization',
        status: 'completed',
        vaccineCode: { text: 'Measles' },
        patient: { reference: `Patient/${p.account.id}` },
        occurrenceDateTime: '1990-01-01',
      },
      { source: { kind: 'import', system: 'https://portal.example.org/fhir' } },
    );

    const q = `?patientId=${p.account.id}`;
    const drDeletesPatients = await api<ProblemBody>(
      dr,
      'DELETE',
      `/entries/AllergyIntolerance/${own.id}${q}`,
    );
    expect(drDeletesPatients.status).toBe(403);
    expect(drDeletesPatients.body.detail).toMatch(/entered in error/);
    const drDeletesImported = await api(dr, 'DELETE', `/entries/Immunization/${imported.id}${q}`);
    expect(drDeletesImported.status).toBe(403);
    const patientDeletesDrs = await api(p, 'DELETE', `/entries/Condition/${drs.id}`);
    expect(patientDeletesDrs.status).toBe(403);

    expect((await api(p, 'DELETE', `/entries/AllergyIntolerance/${own.id}`)).status).toBe(204);
    expect((await api(p, 'DELETE', `/entries/Immunization/${imported.id}`)).status).toBe(204);
    expect((await api(dr, 'DELETE', `/entries/Condition/${drs.id}${q}`)).status).toBe(204);

    expect((await api(p, 'GET', `/entries/AllergyIntolerance/${own.id}`)).status).toBe(404);
    expect((await api(p, 'DELETE', `/entries/AllergyIntolerance/${own.id}`)).status).toBe(404);
    expect(await readResource(store, 'Condition', drs.id, { includeDeleted: true })).toMatchObject({
      deleted: true,
    });
    const timeline = await api<Timeline>(p, 'GET', '/timeline');
    expect(timeline.body.items).toEqual([]);
  });
});

describe('timeline paging and export', () => {
  it('returns every entry exactly once across cursor pages, newest first', async () => {
    const p = await patient();
    const as = { actorId: p.account.id, patientId: p.account.id, viaGrantId: null };
    const ids: string[] = [];
    // Ties on the same date, and entries without a clinical date (they come last).
    for (const day of ['2026-01-03', '2026-01-03', '2026-01-03', '2026-01-01', '2026-01-02']) {
      ids.push(
        (
          await add(p, {
            kind: 'result',
            measurement: 'body-temperature',
            value: 37,
            effective: `${day}T08:00:00Z`,
          })
        ).id,
      );
    }
    for (let i = 0; i < 3; i++) {
      const undated = await createResource(
        store,
        as,
        {
          resourceType: 'AllergyIntolerance',
          clinicalStatus: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
                code: 'active',
              },
            ],
          },
          patient: { reference: `Patient/${p.account.id}` },
          code: { text: `Undated allergy ${i}` },
        },
        { source: { kind: 'patient' } },
      );
      ids.push(undated.id);
    }
    const seen: RecordEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: Timeline } = await api<Timeline>(
        p,
        'GET',
        `/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(new Set(seen.map((e) => e.id)).size).toBe(ids.length);
    const dated = seen.filter((e) => e.date !== null).map((e) => Date.parse(e.date!));
    expect(dated).toEqual([...dated].sort((a, b) => b - a));
    expect(seen.slice(-3).every((e) => e.date === null)).toBe(true);
  });

  it('exports everything as a FHIR R4 Bundle that validates', async () => {
    const p = await patient('Xavier Export');
    const dr = await sharedProvider(p);
    const added: RecordEntry[] = [];
    for (const entry of everyKind) {
      added.push(await add(entry.kind === 'prescription' ? dr : p, entry, p.account.id));
    }
    const res = await fetch(`${app.url}/api/v1/records/export`, {
      headers: { authorization: `Bearer ${p.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="carecircle-record-${today}.json"`,
    );
    const bundle = (await res.json()) as Bundle;
    expect(() => validateFhir(bundle)).not.toThrow();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [first, ...rest] = bundle.entry!;
    expect(first!.resource).toMatchObject({
      resourceType: 'Patient',
      id: p.account.id,
      name: [{ text: 'Xavier Export' }],
      telecom: [{ system: 'email', value: p.account.email }],
    });
    expect(rest.map((e) => e.resource!.id).sort()).toEqual(added.map((e) => e.id).sort());
    expect(
      rest.every(
        (e) => e.fullUrl === `${app.url}/fhir/R4/${e.resource!.resourceType}/${e.resource!.id}`,
      ),
    ).toBe(true);
  });
});
