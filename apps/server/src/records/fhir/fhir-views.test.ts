import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, WeeklyHours } from '@carecircle/core';
import type {
  Appointment,
  AuditEvent,
  Binary,
  Bundle,
  DocumentReference,
  Patient,
  Practitioner,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import { buildPatient, buildProvider } from '../../../test/factories.ts';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { accessTokenFor } from '../../../test/tokens.ts';
import { grantProxyAccess } from '../../access/grants.service.ts';
import { sealReason } from '../../scheduling/appointment-reasons.ts';
import { appointmentsRepo } from '../../scheduling/appointments.repo.ts';
import { uploadDocument } from '../documents.service.ts';
import { keyringFor } from '../record-keys.ts';
import { fhir, idsOf, issueOf, observation } from './fhir-test-client.ts';

let app: TestApp;
let a: Account;
let b: Account;
let provider: Account;
let typeId: string;
let appointmentId: string;
const tokens: Record<string, string> = {};

const EVERY_DAY: WeeklyHours[] = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map(
  (weekday) => ({ weekday, start: '08:00', end: '18:00' }),
);
const DAY = 86_400_000;
const dayFromNow = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  a = await buildPatient(db, { name: 'Ada Patient' });
  b = await buildPatient(db, { name: 'Bea Patient' });
  const carer = await buildPatient(db, { name: 'Carer', roles: ['caregiver'] });
  await grantProxyAccess(db, {
    patientId: a.id,
    caregiverId: carer.id,
    scopes: ['medications:read'],
  });
  provider = await buildProvider(db, {
    account: { name: 'Dr. Who Knows' },
    profile: {
      specialty: 'Cardiology',
      languages: ['en', 'fr'],
      location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' },
    },
    hours: EVERY_DAY,
  });
  typeId = (
    await db
      .insertInto('appointment_types')
      .values({
        provider_id: provider.id,
        name: 'Check-up',
        duration_minutes: 30,
        modality: 'video',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const start = new Date(`${dayFromNow(10)}T09:00:00Z`);
  const end = new Date(start.getTime() + 30 * 60_000);
  const appointmentUuid = randomUUID();
  appointmentId = await appointmentsRepo.insert(db, {
    id: appointmentUuid,
    provider_id: provider.id,
    patient_id: a.id,
    appointment_type_id: typeId,
    booked_by: a.id,
    via_grant_id: null,
    start,
    end,
    blockedStart: start,
    blockedEnd: end,
    status: 'booked',
    hold_expires_at: null,
    reason_sealed: await sealReason(
      { db, keyring: keyringFor(app.config) },
      a.id,
      appointmentUuid,
      'reason',
      'Private reason 7d1c',
    ),
  });
  for (const [name, account] of Object.entries({ a, b, carer, provider })) {
    tokens[name] = await accessTokenFor(app, account.id);
  }
  for (const effectiveDateTime of ['2024-01-01', '2024-02-01', '2024-03-01']) {
    await fhir(app, tokens.a, 'POST', '/Observation', {
      body: observation(a.id, { effectiveDateTime }),
    });
  }
  await fhir(app, tokens.a, 'POST', '/MedicationStatement', {
    body: {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'Metformin 500 mg' },
      subject: { reference: `Patient/${a.id}` },
    },
  });
});
afterAll(async () => {
  await app.close();
});

describe('Patient and Practitioner', () => {
  it('shows a patient their own Patient, built from the account', async () => {
    const res = await fhir<Patient>(app, tokens.a, 'GET', `/Patient/${a.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(a.id);
    expect(res.body.name?.[0]?.text).toBe('Ada Patient');
    expect(res.body.telecom?.[0]).toEqual({ system: 'email', value: a.email });
    expect(res.body.communication?.[0]?.language.coding?.[0]?.system).toBe('urn:ietf:bcp:47');
    const search = await fhir<Bundle>(app, tokens.a, 'GET', '/Patient');
    expect(idsOf(search.body)).toEqual([a.id]);
    const byId = await fhir<Bundle>(app, tokens.a, 'GET', `/Patient?_id=${b.id}`);
    expect(byId.status).toBe(200);
    expect(idsOf(byId.body)).toEqual([]); // a search does not reveal others
  });

  it("answers 404 for another person's Patient; a caregiver or provider may see it", async () => {
    expect((await fhir(app, tokens.b, 'GET', `/Patient/${a.id}`)).status).toBe(404);
    expect((await fhir(app, tokens.carer, 'GET', `/Patient/${a.id}`)).status).toBe(200);
    expect((await fhir(app, tokens.provider, 'GET', `/Patient/${a.id}`)).status).toBe(200);
  });

  it("shows anyone signed in a provider's public profile as a Practitioner", async () => {
    const res = await fhir<Practitioner>(app, tokens.b, 'GET', `/Practitioner/${provider.id}`);
    expect(res.status).toBe(200);
    expect(res.body.name?.[0]?.text).toBe('Dr. Who Knows');
    expect(res.body.qualification?.[0]?.code.text).toBe('Cardiology');
    expect((await fhir(app, tokens.b, 'GET', `/Practitioner/${a.id}`)).status).toBe(404);
    expect((await fhir(app, undefined, 'GET', `/Practitioner/${provider.id}`)).status).toBe(401);
  });
});

describe('Patient/$everything', () => {
  it('returns the Patient and every record the caller may read, paged', async () => {
    const all = await fhir<Bundle>(app, tokens.a, 'GET', `/Patient/${a.id}/$everything`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    const types = (all.body.entry ?? []).map((e) => e.resource!.resourceType);
    expect(types[0]).toBe('Patient');
    expect(types.filter((t) => t === 'Observation')).toHaveLength(3);
    expect(types).toContain('MedicationStatement');

    const page1 = await fhir<Bundle>(app, tokens.a, 'GET', `/Patient/${a.id}/$everything?_count=2`);
    expect(page1.body.entry).toHaveLength(2);
    const next = page1.body.link!.find((l) => l.relation === 'next')!.url;
    const page2 = await fhir<Bundle>(app, tokens.a, 'GET', next.replace(`${app.url}/fhir/R4`, ''));
    expect(page2.body.entry).toHaveLength(2);
    const seen = [...idsOf(page1.body), ...idsOf(page2.body)];
    expect(new Set(seen).size).toBe(4);
  });

  it('leaves out what the caller may not read, and is 404 for strangers', async () => {
    const carer = await fhir<Bundle>(app, tokens.carer, 'GET', `/Patient/${a.id}/$everything`);
    expect(carer.status).toBe(200);
    const types = (carer.body.entry ?? []).map((e) => e.resource!.resourceType);
    expect(types).toEqual(['Patient', 'MedicationStatement']);
    expect((await fhir(app, tokens.b, 'GET', `/Patient/${a.id}/$everything`)).status).toBe(404);
  });
});

describe('Schedule, Slot and Appointment', () => {
  it("lists a provider's schedules and their free slots", async () => {
    const schedules = await fhir<Bundle<Schedule>>(
      app,
      tokens.b,
      'GET',
      `/Schedule?actor=Practitioner/${provider.id}`,
    );
    expect(schedules.status).toBe(200);
    expect(idsOf(schedules.body)).toEqual([typeId]);
    expect(schedules.body.entry![0]!.resource!.actor[0]!.reference).toBe(
      `Practitioner/${provider.id}`,
    );
    const missingActor = await fhir(app, tokens.b, 'GET', '/Schedule');
    expect(missingActor.status).toBe(400);
    expect(issueOf(missingActor.body).expression).toBe('actor');

    const day = dayFromNow(10);
    const slots = await fhir<Bundle<Slot>>(
      app,
      tokens.b,
      'GET',
      `/Slot?schedule=Schedule/${typeId}&start=ge${day}T00:00:00Z&start=lt${day}T23:59:00Z&_count=100`,
    );
    expect(slots.status).toBe(200);
    const starts = (slots.body.entry ?? []).map((e) => Date.parse(e.resource!.start));
    // 08:00–18:00 in 30-minute slots, without 09:00 (booked by A).
    expect(starts).toHaveLength(19);
    expect(starts).not.toContain(Date.parse(`${day}T09:00:00Z`));
    expect(slots.body.entry![0]!.resource!.status).toBe('free');
    const tooLong = await fhir(
      app,
      tokens.b,
      'GET',
      `/Slot?schedule=Schedule/${typeId}&start=ge${dayFromNow(1)}&start=lt${dayFromNow(40)}`,
    );
    expect(tooLong.status).toBe(400);
    expect(issueOf(tooLong.body).expression).toBe('start');
  });

  it('shows appointments without the reason, only to those who may see them', async () => {
    const own = await fhir<Bundle<Appointment>>(
      app,
      tokens.a,
      'GET',
      `/Appointment?patient=${a.id}`,
    );
    expect(own.status).toBe(200);
    expect(idsOf(own.body)).toEqual([appointmentId]);
    const one = await fhir<Appointment>(app, tokens.a, 'GET', `/Appointment/${appointmentId}`);
    expect(one.status).toBe(200);
    expect(one.body.status).toBe('booked');
    expect(one.body.participant.map((p) => p.actor?.reference)).toEqual([
      `Patient/${a.id}`,
      `Practitioner/${provider.id}`,
    ]);
    expect(JSON.stringify(one.body)).not.toContain('Private reason');
    expect(JSON.stringify(own.body)).not.toContain('Private reason');
    expect((await fhir(app, tokens.provider, 'GET', `/Appointment/${appointmentId}`)).status).toBe(
      200,
    );
    expect((await fhir(app, tokens.b, 'GET', `/Appointment/${appointmentId}`)).status).toBe(404);
    expect((await fhir(app, tokens.b, 'GET', `/Appointment?patient=${a.id}`)).status).toBe(404);
  });
});

describe('AuditEvent', () => {
  it("shows a patient their own access log, and nobody else's", async () => {
    await fhir(app, tokens.carer, 'GET', `/MedicationStatement?patient=${a.id}`);
    const res = await fhir<Bundle<AuditEvent>>(app, tokens.a, 'GET', `/AuditEvent?patient=${a.id}`);
    expect(res.status).toBe(200);
    const events = (res.body.entry ?? []).map((e) => e.resource!);
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((e) => e.subtype?.[0]?.code)).toContain('records.search');
    expect((await fhir(app, tokens.carer, 'GET', `/AuditEvent?patient=${a.id}`)).status).toBe(404);
    expect((await fhir(app, tokens.provider, 'GET', `/AuditEvent?patient=${a.id}`)).status).toBe(
      404,
    );
  });
});

describe('Binary', () => {
  it("serves a document's bytes to those who may read the patient's documents", async () => {
    const bytes = Buffer.from('Dear Ada, all is well.\n');
    const { entry } = await uploadDocument(
      { db: app.database.db, keyring: keyringFor(app.config) },
      { actorId: a.id, patientId: a.id, viaGrantId: null },
      { title: 'Letter', contentType: 'text/plain', bytes, sourceKind: 'patient' },
    );
    const documentId = entry.document!.id;
    const refs = await fhir<Bundle<DocumentReference>>(
      app,
      tokens.a,
      'GET',
      `/DocumentReference?patient=${a.id}`,
    );
    const url = refs.body.entry![0]!.resource!.content[0]!.attachment.url!;
    expect(url).toBe(`Binary/${documentId}`);

    const raw = await fetch(`${app.url}/fhir/R4/${url}`, {
      headers: { authorization: `Bearer ${tokens.a}` },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(Buffer.from(await raw.arrayBuffer()).equals(bytes)).toBe(true);

    const asFhir = await fhir<Binary>(app, tokens.a, 'GET', `/${url}`);
    expect(asFhir.body.resourceType).toBe('Binary');
    expect(Buffer.from(asFhir.body.data!, 'base64').equals(bytes)).toBe(true);

    expect((await fhir(app, tokens.b, 'GET', `/${url}`)).status).toBe(404);
    expect((await fhir(app, tokens.carer, 'GET', `/${url}`)).status).toBe(404);
    expect((await fhir(app, tokens.a, 'GET', `/Binary/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
