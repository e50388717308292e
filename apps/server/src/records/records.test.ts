import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEntry, RecordSummary, ResultTrend, Timeline } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { uniqueEmail } from '../../test/factories.ts';
import { listAuditEventsForPatient } from '../access/audit.service.ts';
import { recordsTestKit, type Person, type ProblemBody } from './records-test-kit.ts';
import { createAccount } from '../identity/accounts.service.ts';

/** The records JSON API: access first (401, 400, 403, 404), then what each viewer sees. */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const { asPerson, patient, provider, caregiverOf, sharedProvider, api } = recordsTestKit(
  () => app,
  { patient: 'Rita Record' },
);

const add = (
  who: Person,
  body: unknown,
  options: { patientId?: string; actingFor?: string } = {},
) =>
  api<RecordEntry & ProblemBody>(
    who,
    'POST',
    `/entries${options.patientId ? `?patientId=${options.patientId}` : ''}`,
    { body, actingFor: options.actingFor },
  );

const reading = (value: number, effective: string, extra: Record<string, unknown> = {}) => ({
  kind: 'result',
  measurement: 'blood-glucose',
  value,
  effective,
  referenceRange: { low: 70, high: 140 },
  ...extra,
});

describe('records API: who may do what', () => {
  it('answers 401 to every endpoint without a token', async () => {
    const id = crypto.randomUUID();
    const calls: [string, string, unknown?][] = [
      ['GET', '/summary'],
      ['GET', '/timeline'],
      ['GET', '/results/trend?code=4548-4'],
      ['POST', '/entries', { kind: 'note', title: 'x', text: 'y' }],
      ['GET', `/entries/Observation/${id}`],
      ['POST', `/entries/Observation/${id}/status`, { status: 'entered-in-error' }],
      ['DELETE', `/entries/Observation/${id}`],
      ['GET', '/export'],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(undefined, method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('answers 400 naming the field for bad input', async () => {
    const p = await patient();
    const badKind = await add(p, { kind: 'diary', text: 'x' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors?.map((e) => e.path)).toContain('body.kind');

    const noValue = await add(p, { kind: 'result', measurement: 'heart-rate', effective: 'soon' });
    expect(noValue.status).toBe(400);
    const paths = noValue.body.errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.value', 'body.effective']));

    const noMeasurement = await add(p, {
      kind: 'result',
      value: 3,
      effective: new Date().toISOString(),
    });
    expect(noMeasurement.status).toBe(400);
    expect(noMeasurement.body.errors?.map((e) => e.path)).toContain('body.measurement');

    const endsBeforeStart = await add(p, {
      kind: 'taking',
      name: 'Metformin 500 mg',
      dosage: 'twice a day',
      startedOn: '2026-03-01',
      endsOn: '2026-02-01',
    });
    expect(endsBeforeStart.status).toBe(400);
    expect(endsBeforeStart.body.errors?.map((e) => e.path)).toContain('body.endsOn');

    // Passes the contract but is not a valid FHIR code (two spaces): 400, never 500.
    const notFhir = await add(p, {
      kind: 'result',
      code: { code: '12  34', display: 'Odd code' },
      value: 1,
      effective: '2026-01-01T08:00:00Z',
    });
    expect(notFhir.status).toBe(400);
    expect(notFhir.body.errors?.[0]?.path).toMatch(/^body\.Observation\.code/);

    const badPatient = await api<ProblemBody>(p, 'GET', '/summary?patientId=nobody');
    expect(badPatient.status).toBe(400);
    expect(badPatient.body.errors?.map((e) => e.path)).toContain('query.patientId');

    const badCursor = await api<ProblemBody>(p, 'GET', '/timeline?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors?.map((e) => e.path)).toContain('query.cursor');

    const forgedCursor = Buffer.from('yesterday|nope').toString('base64url');
    const forged = await api<ProblemBody>(p, 'GET', `/timeline?cursor=${forgedCursor}`);
    expect(forged.status).toBe(400);

    const noCode = await api<ProblemBody>(p, 'GET', '/results/trend');
    expect(noCode.status).toBe(400);
    expect(noCode.body.errors?.map((e) => e.path)).toContain('query.code');

    const badType = await api<ProblemBody>(p, 'GET', `/entries/Patient/${crypto.randomUUID()}`);
    expect(badType.status).toBe(400);
    expect(badType.body.errors?.map((e) => e.path)).toContain('params.resourceType');

    const badId = await api<ProblemBody>(p, 'GET', '/entries/Observation/42');
    expect(badId.status).toBe(400);
    expect(badId.body.errors?.map((e) => e.path)).toContain('params.id');

    const badStatus = await api<ProblemBody>(
      p,
      'POST',
      `/entries/Observation/${crypto.randomUUID()}/status`,
      { body: { status: 'forgotten' } },
    );
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors?.map((e) => e.path)).toContain('body.status');
  });

  it('answers 403 with a sentence to those who may read but not write', async () => {
    const p = await patient();
    const caregiver = await caregiverOf(p, ['records:read']);
    const byCaregiver = await add(caregiver, reading(100, '2026-01-01T08:00:00Z'), {
      actingFor: p.account.id,
    });
    expect(byCaregiver.status).toBe(403);
    expect(byCaregiver.body.detail).toMatch(/not add/);

    const prescription = await add(p, {
      kind: 'prescription',
      name: 'Amoxicillin 500 mg',
      dosage: 'three times a day',
    });
    expect(prescription.status).toBe(403);
    expect(prescription.body.detail).toMatch(/Only a provider/);

    const emergency = await provider('Dr. Emergency');
    const opened = await fetch(`${app.url}/api/v1/break-glass`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emergency.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        patientId: p.account.id,
        reason: 'Unconscious in the emergency room',
      }),
    });
    expect(opened.status).toBe(201);
    const summary = await api<RecordSummary>(
      emergency,
      'GET',
      `/summary?patientId=${p.account.id}`,
    );
    expect(summary.status).toBe(200);
    const opening = (await opened.json()) as { expiresAt: string };
    // Read only, and the chart can say until when.
    expect(summary.body.access).toEqual({
      records: true,
      medications: true,
      write: false,
      emergencyUntil: new Date(opening.expiresAt).toISOString(),
    });
    const own = await api<RecordSummary>(p, 'GET', '/summary');
    expect(own.body.access.emergencyUntil).toBeNull();
    const byEmergency = await add(emergency, reading(100, '2026-01-01T08:00:00Z'), {
      patientId: p.account.id,
    });
    expect(byEmergency.status).toBe(403);
  });

  it("answers 404 for another person's record and for admins", async () => {
    const p = await patient();
    const created = await add(p, reading(99, '2026-01-02T08:00:00Z'));
    expect(created.status).toBe(201);
    const other = await patient('Other Person');
    const stranger = await provider('Dr. Stranger');
    const admin = await asPerson(
      await createAccount(
        app.database.db,
        {
          email: uniqueEmail('admin'),
          password: 'a long and private passphrase',
          name: 'Admin',
          roles: ['admin'],
        },
        { verified: true },
      ),
    );
    for (const who of [other, stranger, admin]) {
      const q = `?patientId=${p.account.id}`;
      expect((await api(who, 'GET', `/summary${q}`)).status).toBe(404);
      expect((await api(who, 'GET', `/timeline${q}`)).status).toBe(404);
      expect((await api(who, 'GET', `/export${q}`)).status).toBe(404);
      expect((await api(who, 'GET', `/entries/Observation/${created.body.id}${q}`)).status).toBe(
        404,
      );
      expect(
        (await add(who, reading(1, '2026-01-02T08:00:00Z'), { patientId: p.account.id })).status,
      ).toBe(404);
    }
    // Someone else's entry asked for in one's own record: not found either.
    expect((await api(other, 'GET', `/entries/Observation/${created.body.id}`)).status).toBe(404);
    expect((await api(other, 'DELETE', `/entries/Observation/${created.body.id}`)).status).toBe(
      404,
    );
    // A caregiver naming a patient they have no grant from.
    expect((await api(other, 'GET', '/summary', { actingFor: p.account.id })).status).toBe(404);
  });
});

describe('records API: reading', () => {
  it('lets a patient add every kind of entry and see it in the summary and timeline', async () => {
    const p = await patient('Paula Patient');
    const bodies = [
      reading(180, '2026-02-01T07:30:00+01:00', { note: 'after breakfast' }),
      {
        kind: 'result',
        measurement: 'body-weight',
        value: 72.5,
        effective: '2026-02-02T07:00:00Z',
      },
      {
        kind: 'taking',
        name: 'Metformin 500 mg',
        rxnorm: '861007',
        dosage: '500 mg twice a day with meals',
        startedOn: '2026-01-10',
      },
      { kind: 'condition', name: 'Type 2 diabetes', snomed: '44054006', onset: '2025-11-01' },
      { kind: 'condition', name: 'Sprained ankle', status: 'resolved', onset: '2024-05-01' },
      {
        kind: 'allergy',
        substance: 'Penicillin',
        category: 'medication',
        criticality: 'high',
        reaction: 'Hives',
      },
      {
        kind: 'immunization',
        vaccine: 'Influenza vaccine',
        cvx: '141',
        date: '2025-10-15',
        lotNumber: 'FLU-22',
      },
      { kind: 'immunization', vaccine: 'Tetanus booster', date: '2020-03-01' },
      { kind: 'note', title: 'How I felt this week', text: 'Tired in the mornings.' },
    ];
    const entries: RecordEntry[] = [];
    for (const body of bodies) {
      const res = await add(p, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.patientReported).toBe(true);
      expect(res.body.source).toEqual({
        kind: 'patient',
        by: { id: p.account.id, name: 'Paula Patient' },
        system: null,
      });
      expect(res.body.version).toBe(1);
      entries.push(res.body);
    }
    expect(entries.map((e) => e.resourceType)).toEqual([
      'Observation',
      'Observation',
      'MedicationStatement',
      'Condition',
      'Condition',
      'AllergyIntolerance',
      'Immunization',
      'Immunization',
      'DocumentReference',
    ]);
    expect(entries[0]).toMatchObject({
      title: 'Glucose [Mass/volume] in Blood',
      code: { system: 'http://loinc.org', code: '2339-0' },
      value: { value: 180, unit: 'mg/dL' },
      referenceRange: { low: 70, high: 140 },
      interpretation: 'high',
      details: 'after breakfast',
      date: '2026-02-01T07:30:00+01:00',
    });
    expect(entries[3]).toMatchObject({ title: 'Type 2 diabetes', status: 'active' });

    const summary = await api<RecordSummary>(p, 'GET', '/summary');
    expect(summary.status).toBe(200);
    const s = summary.body;
    expect(s.patient).toEqual({ id: p.account.id, name: 'Paula Patient' });
    expect(s.access).toEqual({
      records: true,
      medications: true,
      write: true,
      emergencyUntil: null,
    });
    expect(s.conditions.map((c) => [c.title, c.status])).toEqual([
      ['Type 2 diabetes', 'active'],
      ['Sprained ankle', 'resolved'],
    ]);
    expect(s.medications.map((m) => m.title)).toEqual(['Metformin 500 mg']);
    expect(s.medications[0]!.details).toBe('500 mg twice a day with meals');
    expect(s.allergies.map((a) => a.title)).toEqual(['Penicillin']);
    expect(s.immunizations.map((i) => i.title)).toEqual(['Influenza vaccine', 'Tetanus booster']);
    expect(s.latestResults.map((r) => [r.title, r.count])).toEqual([
      ['Body weight', 1],
      ['Glucose [Mass/volume] in Blood', 1],
    ]);
    expect(s.documents.map((d) => d.title)).toEqual(['How I felt this week']);

    const timeline = await api<Timeline>(p, 'GET', '/timeline');
    expect(timeline.status).toBe(200);
    expect(timeline.body.nextCursor).toBeNull();
    expect(new Set(timeline.body.items.map((e) => e.id))).toEqual(
      new Set(entries.map((e) => e.id)),
    );
    const dates = timeline.body.items.map((e) => Date.parse(e.date!));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));

    const conditions = await api<Timeline>(p, 'GET', '/timeline?category=condition');
    expect(conditions.body.items.map((e) => e.title).sort()).toEqual([
      'Sprained ankle',
      'Type 2 diabetes',
    ]);
  });

  it('shows the latest result per code with its count, and a trend oldest first', async () => {
    const p = await patient();
    const values: [number, string, Record<string, unknown>?][] = [
      [6.1, '2025-06-01T09:00:00Z', { referenceRange: { high: 5.7 } }],
      [5.4, '2025-12-01T09:00:00Z', { referenceRange: { low: 4, high: 5.6 } }],
      [5.9, '2025-09-01T09:00:00Z'],
    ];
    for (const [value, effective, extra] of values) {
      const res = await add(p, {
        kind: 'result',
        measurement: 'hba1c',
        value,
        effective,
        ...extra,
      });
      expect(res.status).toBe(201);
    }
    // Not numeric-trendable noise with another code.
    await add(p, reading(95, '2025-12-02T09:00:00Z'));

    const summary = await api<RecordSummary>(p, 'GET', '/summary');
    const hba1c = summary.body.latestResults.find((r) => r.code?.code === '4548-4');
    expect(hba1c).toMatchObject({ count: 3, value: { value: 5.4, unit: '%' } });

    for (const code of ['4548-4', 'http://loinc.org|4548-4']) {
      const trend = await api<ResultTrend>(
        p,
        'GET',
        `/results/trend?code=${encodeURIComponent(code)}`,
      );
      expect(trend.status).toBe(200);
      expect(trend.body.code).toEqual({
        system: 'http://loinc.org',
        code: '4548-4',
        display: 'Hemoglobin A1c',
      });
      expect(trend.body.unit).toBe('%');
      expect(trend.body.referenceRange).toEqual({ low: 4, high: 5.6, text: null });
      expect(
        trend.body.points.map((pt) => [pt.value, pt.date.slice(0, 10), pt.interpretation]),
      ).toEqual([
        [6.1, '2025-06-01', 'high'],
        [5.9, '2025-09-01', null],
        [5.4, '2025-12-01', 'normal'],
      ]);
      expect(trend.body.points.every((pt) => pt.patientReported)).toBe(true);
    }
    const none = await api(p, 'GET', '/results/trend?code=http://loinc.org|2160-0');
    expect(none.status).toBe(404);
  });

  it('lets a caregiver with records:read read everything but not add', async () => {
    const p = await patient();
    await add(p, reading(120, '2026-03-01T08:00:00Z'));
    await add(p, { kind: 'taking', name: 'Lisinopril 10 mg', dosage: 'once a day' });
    const caregiver = await caregiverOf(p, ['records:read']);
    const summary = await api<RecordSummary>(caregiver, 'GET', '/summary', {
      actingFor: p.account.id,
    });
    expect(summary.status).toBe(200);
    expect(summary.body.access).toEqual({
      records: true,
      medications: true,
      write: false,
      emergencyUntil: null,
    });
    expect(summary.body.latestResults).toHaveLength(1);
    expect(summary.body.medications).toHaveLength(1);
    const timeline = await api<Timeline>(caregiver, 'GET', '/timeline', {
      actingFor: p.account.id,
    });
    expect(timeline.body.items).toHaveLength(2);
    const exported = await api<{ entry: unknown[] }>(caregiver, 'GET', '/export', {
      actingFor: p.account.id,
    });
    expect(exported.status).toBe(200);
    expect(exported.body.entry).toHaveLength(3);
    expect(
      (await add(caregiver, reading(1, '2026-03-01T08:00:00Z'), { actingFor: p.account.id }))
        .status,
    ).toBe(403);
  });

  it('shows a caregiver with medications:read only the medications', async () => {
    const p = await patient();
    const obs = await add(p, reading(120, '2026-03-01T08:00:00Z'));
    const med = await add(p, { kind: 'taking', name: 'Lisinopril 10 mg', dosage: 'once a day' });
    await add(p, { kind: 'condition', name: 'Hypertension' });
    const caregiver = await caregiverOf(p, ['medications:read']);
    const as = { actingFor: p.account.id };
    const summary = await api<RecordSummary>(caregiver, 'GET', '/summary', as);
    expect(summary.status).toBe(200);
    expect(summary.body.access).toEqual({
      records: false,
      medications: true,
      write: false,
      emergencyUntil: null,
    });
    expect(summary.body.medications.map((m) => m.title)).toEqual(['Lisinopril 10 mg']);
    expect(summary.body.conditions).toEqual([]);
    expect(summary.body.latestResults).toEqual([]);
    expect(summary.body.allergies).toEqual([]);
    expect(summary.body.immunizations).toEqual([]);
    expect(summary.body.documents).toEqual([]);

    const timeline = await api<Timeline>(caregiver, 'GET', '/timeline', as);
    expect(timeline.body.items.map((e) => e.id)).toEqual([med.body.id]);
    const results = await api<Timeline>(caregiver, 'GET', '/timeline?category=result', as);
    expect(results.body.items).toEqual([]);
    expect((await api(caregiver, 'GET', `/entries/Observation/${obs.body.id}`, as)).status).toBe(
      404,
    );
    expect(
      (await api(caregiver, 'GET', `/entries/MedicationStatement/${med.body.id}`, as)).status,
    ).toBe(200);
    expect((await api(caregiver, 'GET', '/results/trend?code=2339-0', as)).status).toBe(404);
  });

  it('lets a provider the patient shares with prescribe (provider source, requester)', async () => {
    const p = await patient();
    const dr = await sharedProvider(p);
    const res = await add(
      dr,
      {
        kind: 'prescription',
        name: 'Amoxicillin 500 mg',
        rxnorm: '308191',
        dosage: '500 mg three times a day for 7 days',
        startedOn: '2026-04-01',
        endsOn: '2026-04-08',
        refills: 1,
      },
      { patientId: p.account.id },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      resourceType: 'MedicationRequest',
      category: 'medication',
      title: 'Amoxicillin 500 mg',
      status: 'active',
      patientReported: false,
      source: { kind: 'provider', by: { id: dr.account.id, name: 'Dr. Chart' } },
    });
    expect(res.body.details).toContain('refills: 1');
    const fhir = await app.database.db
      .selectFrom('fhir_resources')
      .select(['source_kind', 'created_by', 'patient_id'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(fhir).toEqual({
      source_kind: 'provider',
      created_by: dr.account.id,
      patient_id: p.account.id,
    });

    const exported = await api<{ entry: { resource: Record<string, unknown> }[] }>(
      p,
      'GET',
      '/export',
    );
    const request = exported.body.entry.find(
      (e) => e.resource.resourceType === 'MedicationRequest',
    )!.resource;
    expect(request).toMatchObject({
      status: 'active',
      intent: 'order',
      requester: { reference: `Practitioner/${dr.account.id}` },
      dispenseRequest: { numberOfRepeatsAllowed: 1 },
    });

    // The provider's condition is confirmed, the patient's unconfirmed.
    const byDr = await add(
      dr,
      { kind: 'condition', name: 'Otitis media' },
      { patientId: p.account.id },
    );
    expect(byDr.status).toBe(201);
    const summary = await api<RecordSummary>(dr, 'GET', `/summary?patientId=${p.account.id}`);
    expect(summary.body.medications.map((m) => m.title)).toEqual(['Amoxicillin 500 mg']);
    expect(summary.body.access.write).toBe(true);
  });

  it('audits reads without any clinical value in the details', async () => {
    const p = await patient();
    await add(p, reading(321, '2026-05-01T08:00:00Z', { note: 'Secret-note-77af' }));
    const caregiver = await caregiverOf(p, ['records:read']);
    await api(caregiver, 'GET', '/summary', { actingFor: p.account.id });
    await api(caregiver, 'GET', '/results/trend?code=2339-0', { actingFor: p.account.id });
    const events = await listAuditEventsForPatient(app.database.db, p.account.id, {});
    const reads = events.filter((e) => e.action === 'records.read');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const read = reads.find(
      (e) => e.actorId === caregiver.account.id && e.details.view === 'summary',
    );
    expect(read).toMatchObject({ outcome: 'success', onBehalfOfId: p.account.id });
    const created = events.find((e) => e.action === 'records.create');
    expect(created?.details.resourceType).toBe('Observation');
    const text = JSON.stringify(events);
    expect(text).not.toContain('Secret-note-77af');
    const details = JSON.stringify(
      events.filter((e) => e.action.startsWith('records.')).map((e) => e.details),
    );
    expect(details).not.toMatch(/321|2339-0|mg\/dL|Glucose/);
  });
});
