import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '@carecircle/core';
import type { Bundle, MedicationRequest, Observation } from '@medplum/fhirtypes';
import { buildPatient, buildProvider, uniqueEmail } from '../../../test/factories.ts';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { accessTokenFor } from '../../../test/tokens.ts';
import { grantProxyAccess } from '../../access/grants.service.ts';
import { createAccount } from '../../identity/accounts.service.ts';
import { sealReason } from '../../scheduling/appointment-reasons.ts';
import { keyringFor } from '../record-keys.ts';
import { appointmentsRepo } from '../../scheduling/appointments.repo.ts';
import { fhir, idsOf, issueOf, observation, VITAL_SIGNS } from './fhir-test-client.ts';

let app: TestApp;
let a: Account;
let b: Account;
const tokens: Record<string, string> = {};
let labOfA: Observation;
let vitalOfA: Observation;
let medOfA: MedicationRequest;

const medicationRequest = (patientId: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: {
    coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975' }],
  },
  subject: { reference: `Patient/${patientId}` },
  authoredOn: '2025-01-02',
});

/** A booked appointment of the patient with the provider (a care relationship). */
async function bookedAppointment(providerId: string, patientId: string) {
  const db = app.database.db;
  const type = await db
    .insertInto('appointment_types')
    .values({ provider_id: providerId, name: 'Visit', duration_minutes: 30, modality: 'video' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const start = new Date(Date.now() + 3 * 86_400_000);
  const end = new Date(start.getTime() + 30 * 60_000);
  const appointmentUuid = randomUUID();
  return appointmentsRepo.insert(db, {
    id: appointmentUuid,
    provider_id: providerId,
    patient_id: patientId,
    appointment_type_id: type.id,
    booked_by: patientId,
    via_grant_id: null,
    start,
    end,
    blockedStart: start,
    blockedEnd: end,
    status: 'booked',
    hold_expires_at: null,
    reason_sealed: await sealReason(
      { db, keyring: keyringFor(app.config) },
      patientId,
      appointmentUuid,
      'reason',
      'Private reason 7d1c',
    ),
  });
}

beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  a = await buildPatient(db, { name: 'Patient A' });
  b = await buildPatient(db, { name: 'Patient B' });
  const readingCaregiver = await buildPatient(db, { name: 'Carer', roles: ['caregiver'] });
  const medsCaregiver = await buildPatient(db, { name: 'Meds carer', roles: ['caregiver'] });
  await grantProxyAccess(db, {
    patientId: a.id,
    caregiverId: readingCaregiver.id,
    scopes: ['records:read', 'medications:read'],
  });
  await grantProxyAccess(db, {
    patientId: a.id,
    caregiverId: medsCaregiver.id,
    scopes: ['medications:read'],
  });
  const provider = await buildProvider(db, { account: { name: 'Dr. Seen' } });
  await bookedAppointment(provider.id, a.id);
  const stranger = await buildProvider(db, { account: { name: 'Dr. Stranger' } });
  const admin = await createAccount(
    db,
    {
      email: uniqueEmail('admin'),
      password: 'a long and private passphrase',
      name: 'Admin',
      roles: ['admin'],
    },
    { verified: true },
  );
  for (const [name, account] of Object.entries({
    a,
    b,
    readingCaregiver,
    medsCaregiver,
    provider,
    stranger,
    admin,
  })) {
    tokens[name] = await accessTokenFor(app, account.id);
  }
  labOfA = (
    await fhir<Observation>(app, tokens.a, 'POST', '/Observation', { body: observation(a.id) })
  ).body;
  vitalOfA = (
    await fhir<Observation>(app, tokens.a, 'POST', '/Observation', {
      body: observation(a.id, { category: [VITAL_SIGNS] }),
    })
  ).body;
  medOfA = (
    await fhir<MedicationRequest>(app, tokens.a, 'POST', '/MedicationRequest', {
      body: medicationRequest(a.id),
    })
  ).body;
});
afterAll(async () => {
  await app.close();
});

const status = async (who: string, method: string, path: string, body?: unknown) =>
  (await fhir(app, tokens[who], method, path, { body })).status;

describe('FHIR authorization: the person', () => {
  it("answers 404 for another patient's data, whatever the interaction", async () => {
    expect(await status('b', 'GET', `/Observation/${labOfA.id}`)).toBe(404);
    expect(await status('b', 'GET', `/Observation/${labOfA.id}/_history`)).toBe(404);
    expect(await status('b', 'GET', `/Observation?patient=${a.id}`)).toBe(404);
    expect(await status('b', 'PUT', `/Observation/${labOfA.id}`, labOfA)).toBe(404);
    expect(await status('b', 'DELETE', `/Observation/${labOfA.id}`)).toBe(404);
    expect(await status('b', 'POST', '/Observation', observation(a.id))).toBe(404);
    expect(await status('admin', 'GET', `/Observation/${labOfA.id}`)).toBe(404);
    expect(await status('admin', 'GET', `/Observation?patient=${a.id}`)).toBe(404);
    expect(await status('stranger', 'GET', `/Observation/${labOfA.id}`)).toBe(404);
  });

  it('lets a caregiver with records:read read and search, but never write', async () => {
    expect(await status('readingCaregiver', 'GET', `/Observation/${labOfA.id}`)).toBe(200);
    const found = await fhir<Bundle>(
      app,
      tokens.readingCaregiver,
      'GET',
      `/Observation?patient=Patient/${a.id}`,
    );
    expect(found.body.total).toBe(2);
    const create = await fhir(app, tokens.readingCaregiver, 'POST', '/Observation', {
      body: observation(a.id),
    });
    expect(create.status).toBe(403);
    expect(issueOf(create.body).code).toBe('forbidden');
    expect(await status('readingCaregiver', 'PUT', `/Observation/${labOfA.id}`, labOfA)).toBe(403);
    expect(await status('readingCaregiver', 'DELETE', `/Observation/${labOfA.id}`)).toBe(403);
    // A caregiver must say whose records they mean.
    const unnamed = await fhir(app, tokens.readingCaregiver, 'GET', '/Observation');
    expect(unnamed.status).toBe(400);
    expect(issueOf(unnamed.body).expression).toBe('patient');
  });

  it('lets a caregiver with only medications:read see medications and nothing else', async () => {
    expect(await status('medsCaregiver', 'GET', `/MedicationRequest/${medOfA.id}`)).toBe(200);
    const meds = await fhir<Bundle>(
      app,
      tokens.medsCaregiver,
      'GET',
      `/MedicationRequest?patient=${a.id}`,
    );
    expect(idsOf(meds.body)).toEqual([medOfA.id]);
    expect(await status('medsCaregiver', 'GET', `/Observation/${labOfA.id}`)).toBe(404);
    expect(await status('medsCaregiver', 'GET', `/Observation?patient=${a.id}`)).toBe(404);
  });

  it('lets a provider with an appointment add to the record (provider provenance)', async () => {
    const created = await fhir<Observation>(app, tokens.provider, 'POST', '/Observation', {
      body: observation(a.id, { effectiveDateTime: '2025-06-01' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.meta?.tag?.find((t) => t.code)?.code).toBe('provider');
    expect(await status('provider', 'GET', `/Observation/${labOfA.id}`)).toBe(200);
    // Without a patient named, a provider's search is a 400, not someone's records.
    expect(await status('provider', 'GET', '/Observation')).toBe(400);
    const { status: s } = await fhir(app, tokens.a, 'DELETE', `/Observation/${created.body.id}`);
    expect(s).toBe(204);
  });
});

describe('FHIR authorization: the app (SMART scopes)', () => {
  const smartToken = (accountId: string, scope: string, patient?: string) =>
    accessTokenFor(app, accountId, {
      scope: `openid launch/patient ${scope}`,
      clientId: 'third-party-app',
      audience: `${app.url}/fhir/R4`,
      claims: patient ? { patient } : {},
    });

  it('limits a patient/Observation.rs token to reading and searching Observations', async () => {
    const token = await smartToken(a.id, 'patient/Observation.rs', a.id);
    expect((await fhir(app, token, 'GET', `/Observation/${labOfA.id}`)).status).toBe(200);
    // No patient named: the launch patient.
    const search = await fhir<Bundle>(app, token, 'GET', '/Observation');
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(2);
    const condition = await fhir(app, token, 'GET', `/Condition?patient=${a.id}`);
    expect(condition.status).toBe(403);
    expect(issueOf(condition.body).code).toBe('forbidden');
    expect((await fhir(app, token, 'GET', `/MedicationRequest/${medOfA.id}`)).status).toBe(403);
    const create = await fhir(app, token, 'POST', '/Observation', { body: observation(a.id) });
    expect(create.status).toBe(403);
    const history = await fhir<Bundle>(app, tokens.a, 'GET', `/Observation?patient=${a.id}`);
    expect(history.body.total).toBe(2); // nothing was created
  });

  it('gives patient/ scopes nothing without the launch patient', async () => {
    const token = await smartToken(a.id, 'patient/Observation.rs');
    expect((await fhir(app, token, 'GET', `/Observation/${labOfA.id}`)).status).toBe(403);
    const user = await smartToken(a.id, 'user/Observation.rs');
    expect((await fhir(app, user, 'GET', `/Observation/${labOfA.id}`)).status).toBe(200);
  });

  it('never widens what the person may do', async () => {
    const token = await smartToken(b.id, 'user/*.cruds', b.id);
    expect((await fhir(app, token, 'GET', `/Observation/${labOfA.id}`)).status).toBe(404);
  });

  it('filters searches and reads by a category-constrained scope', async () => {
    const token = await smartToken(
      a.id,
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
      a.id,
    );
    const search = await fhir<Bundle>(app, token, 'GET', '/Observation');
    expect(idsOf(search.body)).toEqual([vitalOfA.id]);
    const lab = await fhir<Bundle>(app, token, 'GET', '/Observation?category=laboratory');
    expect(idsOf(lab.body)).toEqual([]);
    expect((await fhir(app, token, 'GET', `/Observation/${vitalOfA.id}`)).status).toBe(200);
    expect((await fhir(app, token, 'GET', `/Observation/${labOfA.id}`)).status).toBe(403);
  });

  it('accepts only tokens for the API or the FHIR base', async () => {
    const elsewhere = await accessTokenFor(app, a.id, { audience: 'https://elsewhere.example' });
    const res = await fhir(app, elsewhere, 'GET', `/Observation/${labOfA.id}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
