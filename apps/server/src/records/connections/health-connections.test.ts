import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, HealthConnection, RecordSummary, StartedConnection } from '@carecircle/core';
import { CONNECT_CALLBACK_PATH } from '@carecircle/core';
import type { Condition, Observation } from '@medplum/fhirtypes';
import { buildPatient, uniqueEmail } from '../../../test/factories.ts';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { approveSmartLaunch } from '../../../test/oauth.ts';
import { accessTokenFor } from '../../../test/tokens.ts';
import { createAccount } from '../../identity/accounts.service.ts';
import { keyringFor } from '../record-keys.ts';
import { createResource } from '../record-store.ts';
import { importsInFlight } from './connection-import.ts';
import { CONNECT_SCOPES } from './smart-client.ts';

/**
 * "Connect a health system" end to end between two CareCircle instances: `here` is the
 * patient's CareCircle, `there` another health system (a second instance with its own database)
 * where the same person has a record. The person signs in and approves at `there` (as a
 * browser without JavaScript would), and `here` imports their resources in the background.
 */

const PASSWORD = 'a long and private passphrase';
let here: TestApp;
let there: TestApp;
let herePatient: Account;
let thereToken: string;
let thereEmail: string;
let hereToken: string;
let systemId: string;

beforeAll(async () => {
  [here, there] = await Promise.all([startTestApp(), startTestApp()]);
  // At the other system: the person's record, and CareCircle registered as a SMART app.
  thereEmail = uniqueEmail('maria-there');
  const therePatient = await buildPatient(there.database.db, {
    email: thereEmail,
    password: PASSWORD,
    name: 'Maria There',
  });
  const as = { actorId: therePatient.id, patientId: therePatient.id, viaGrantId: null };
  const ctx = { db: there.database.db, keyring: keyringFor(there.config) };
  const diabetes: Condition = {
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    code: {
      coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Type 2 diabetes' }],
    },
    identifier: [{ system: 'https://there.example/conditions', value: 'c-1' }],
    subject: { reference: `Patient/${therePatient.id}` },
  };
  await createResource(ctx, as, diabetes, { source: { kind: 'provider' } });
  for (const [value, date] of [
    [8.2, '2026-01-10'],
    [7.6, '2026-05-10'],
  ] as const) {
    const a1c: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
      subject: { reference: `Patient/${therePatient.id}` },
      effectiveDateTime: date,
      valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    };
    await createResource(ctx, as, a1c, { source: { kind: 'provider' } });
  }
  await there.database.db
    .insertInto('smart_apps')
    .values({
      client_id: 'carecircle-here',
      name: 'CareCircle (here)',
      redirect_uris: [`${here.url}${CONNECT_CALLBACK_PATH}`],
      client_type: 'public',
      scopes: CONNECT_SCOPES.split(' '),
    })
    .execute();
  thereToken = await accessTokenFor(there, therePatient.id);

  // Here: an admin registers the other system; the person has an account.
  const admin = await createAccount(
    here.database.db,
    { email: uniqueEmail('admin'), password: PASSWORD, name: 'Admin', roles: ['admin'] },
    { verified: true },
  );
  const res = await call(
    here,
    '/api/v1/admin/health-systems',
    await accessTokenFor(here, admin.id),
    {
      name: 'There Clinic',
      fhirBaseUrl: `${there.url}/fhir/R4`,
      clientId: 'carecircle-here',
    },
  );
  expect(res.status).toBe(201);
  systemId = ((await res.json()) as { id: string }).id;
  herePatient = await buildPatient(here.database.db, { name: 'Maria Here' });
  hereToken = await accessTokenFor(here, herePatient.id);
});
afterAll(async () => {
  await importsInFlight(here.database.db);
  await Promise.all([here.close(), there.close()]);
});

function call(app: TestApp, path: string, token: string, body?: unknown) {
  return fetch(`${app.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The person's browser at the other system: sign in, answer the consent page, come back. */
async function approveThere(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<URL> {
  const { back } = await approveSmartLaunch(authorizeUrl, {
    email: thereEmail,
    password: PASSWORD,
    decision,
    returnTo: `${here.url}${CONNECT_CALLBACK_PATH}`,
  });
  return back;
}

async function start(): Promise<StartedConnection> {
  const res = await call(here, '/api/v1/records/connections', hereToken, {
    healthSystemId: systemId,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as StartedConnection;
}

async function complete(back: URL) {
  return call(here, '/api/v1/records/connections/complete', hereToken, {
    state: back.searchParams.get('state'),
    ...(back.searchParams.get('code') ? { code: back.searchParams.get('code') } : {}),
    ...(back.searchParams.get('error') ? { error: back.searchParams.get('error') } : {}),
  });
}

describe('connect a health system', () => {
  it('imports the record from another instance after the person approves there', async () => {
    const started = await start();
    const authorize = new URL(started.authorizeUrl);
    expect(authorize.origin).toBe(there.url);
    expect(authorize.searchParams.get('aud')).toBe(`${there.url}/fhir/R4`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(started.connection.status).toBe('authorizing');

    const back = await approveThere(started.authorizeUrl, 'allow');
    expect(back.searchParams.get('code')).toBeTruthy();
    const res = await complete(back);
    expect(res.status).toBe(200);
    expect(((await res.json()) as HealthConnection).status).toBe('importing');
    await importsInFlight(here.database.db);

    const list = (await (
      await call(here, '/api/v1/records/connections', hereToken)
    ).json()) as HealthConnection[];
    const done = list.find((c) => c.id === started.connection.id)!;
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    expect(done.fetched).toBe(3);
    expect(done.summary?.added).toEqual({ Condition: 1, Observation: 2 });
    // The approval waited for the import job sealed, and is gone once imported.
    const kept = await here.database.db
      .selectFrom('health_connections')
      .select(['import_secret', 'code_verifier'])
      .where('id', '=', started.connection.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ import_secret: null, code_verifier: null });

    const summary = (await (
      await call(here, '/api/v1/records/summary', hereToken)
    ).json()) as RecordSummary;
    expect(summary.conditions.map((c) => c.title)).toEqual(['Type 2 diabetes']);
    expect(summary.conditions[0]!.source).toMatchObject({
      kind: 'import',
      system: `${there.url}/fhir/R4`,
    });
    const a1c = summary.latestResults.find((r) => r.code?.code === '4548-4')!;
    expect(a1c.value?.value).toBe(7.6);
    expect(a1c.count).toBe(2);

    // The same approval cannot be used twice.
    expect((await complete(back)).status).toBe(400);

    // Connecting again brings nothing twice.
    const again = await start();
    expect((await complete(await approveThere(again.authorizeUrl, 'allow'))).status).toBe(200);
    await importsInFlight(here.database.db);
    const second = (
      (await (
        await call(here, '/api/v1/records/connections', hereToken)
      ).json()) as HealthConnection[]
    ).find((c) => c.id === again.connection.id)!;
    expect(second.status).toBe('done');
    expect(second.summary).toMatchObject({ added: {}, duplicates: 3 });
  });

  it('records a refusal at the other system, and imports nothing', async () => {
    const started = await start();
    const back = await approveThere(started.authorizeUrl, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await complete(back);
    expect(res.status).toBe(200);
    const connection = (await res.json()) as HealthConnection;
    expect(connection.status).toBe('failed');
    expect(connection.error).toMatch(/did not approve/);
  });

  it('refuses an unknown state, and answers 502 when the system cannot be reached', async () => {
    const res = await call(here, '/api/v1/records/connections/complete', hereToken, {
      state: 'never-sent',
      code: 'abc',
    });
    expect(res.status).toBe(400);
    const down = await here.database.db
      .insertInto('health_systems')
      .values({ name: 'Down', fhir_base_url: 'http://127.0.0.1:9/fhir/R4', client_id: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res2 = await call(here, '/api/v1/records/connections', hereToken, {
      healthSystemId: down.id,
    });
    expect(res2.status).toBe(502);
    // The other system's own patient data is untouched by all this.
    expect((await call(there, '/api/v1/records/summary', thereToken)).status).toBe(200);
  });
});
