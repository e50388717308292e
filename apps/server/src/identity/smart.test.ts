import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, RegisteredSmartApp, SmartAppInput } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, uniqueEmail } from '../../test/factories.ts';
import { approveSmartLaunch, pkcePair, signIn } from '../../test/oauth.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { createAccount } from './accounts.service.ts';

const PASSWORD = 'a long and private passphrase';
const REDIRECT = 'https://smart-app.example/callback';
const SMART_SCOPE = 'openid fhirUser launch/patient patient/Observation.rs offline_access';

let app: TestApp;
let maria: Account;
let admin: Account;
let adminToken: string;
let fhirBase: string;

beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  maria = await buildPatient(db, { name: 'Maria Smart', password: PASSWORD });
  admin = await createAccount(
    db,
    { email: uniqueEmail('admin'), password: PASSWORD, name: 'Admin', roles: ['admin'] },
    { verified: true },
  );
  adminToken = await accessTokenFor(app, admin.id);
  fhirBase = `${app.url}/fhir/R4`;
});
afterAll(async () => {
  await app.close();
});

const api = (path: string, init: { token?: string; body?: unknown } = {}) =>
  fetch(`${app.url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

async function registerApp(overrides: Partial<SmartAppInput> = {}): Promise<RegisteredSmartApp> {
  const res = await api('/api/v1/admin/smart-apps', {
    token: adminToken,
    body: {
      name: 'Glucose Buddy',
      redirectUris: [REDIRECT],
      clientType: 'public',
      scopes: [
        'openid',
        'fhirUser',
        'launch/patient',
        'offline_access',
        'patient/Observation.rs',
        'patient/Condition.rs',
      ],
      ...overrides,
    } satisfies SmartAppInput,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as RegisteredSmartApp;
}

interface FlowOptions {
  clientId: string;
  scope?: string;
  aud?: string | null;
  decision?: 'allow' | 'deny';
}

/**
 * A SMART standalone launch as a browser without JavaScript does it: authorize with PKCE and
 * `aud`, sign in, answer the consent page. Returns where the app was sent back to, and the page.
 */
async function launch(options: FlowOptions) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(8).toString('hex');
  const auth = new URL(`${app.url}/oidc/auth`);
  auth.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: options.scope ?? SMART_SCOPE,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.aud === null ? {} : { aud: options.aud ?? fhirBase }),
  }).toString();
  const { back, consentPage } = await approveSmartLaunch(auth.toString(), {
    email: maria.email,
    password: PASSWORD,
    decision: options.decision ?? 'allow',
    returnTo: REDIRECT,
  });
  expect(back.searchParams.get('state')).toBe(state);
  return { back, verifier, consentPage };
}

async function token(params: Record<string, string>, basic?: [string, string]) {
  const res = await fetch(`${app.url}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic
        ? { authorization: `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('SMART configuration', () => {
  it('is published at the root and under the FHIR base, from the real endpoints', async () => {
    const discovery = (await (
      await fetch(`${app.url}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    for (const path of [
      '/.well-known/smart-configuration',
      '/fhir/R4/.well-known/smart-configuration',
    ]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('cache-control')).toMatch(/max-age=300/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        issuer: discovery.issuer,
        jwks_uri: discovery.jwks_uri,
        authorization_endpoint: discovery.authorization_endpoint,
        token_endpoint: discovery.token_endpoint,
        revocation_endpoint: discovery.revocation_endpoint,
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
      });
      expect(doc.token_endpoint_auth_methods_supported).toEqual(
        discovery.token_endpoint_auth_methods_supported,
      );
      expect(doc.capabilities).toEqual(
        expect.arrayContaining([
          'launch-standalone',
          'client-public',
          'client-confidential-symmetric',
          'context-standalone-patient',
          'permission-patient',
          'permission-user',
          'permission-v2',
          'permission-v1',
          'sso-openid-connect',
          'permission-offline',
        ]),
      );
      expect(doc.scopes_supported).toEqual(
        expect.arrayContaining(['openid', 'fhirUser', 'launch/patient', 'patient/Observation.rs']),
      );
    }
  });
});

describe('registering apps (admins)', () => {
  it('is for admins only, and names bad fields', async () => {
    expect((await api('/api/v1/admin/smart-apps')).status).toBe(401);
    const patientToken = await accessTokenFor(app, maria.id);
    expect((await api('/api/v1/admin/smart-apps', { token: patientToken })).status).toBe(403);
    const refused = await api('/api/v1/admin/smart-apps', {
      token: patientToken,
      body: { name: 'x', redirectUris: [REDIRECT], clientType: 'public', scopes: ['openid'] },
    });
    expect(refused.status).toBe(403);

    const bad = await api('/api/v1/admin/smart-apps', {
      token: adminToken,
      body: {
        name: '',
        redirectUris: ['http://evil.example/cb'],
        clientType: 'public',
        scopes: ['patient/Observation.fly', 'openid'],
      },
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    const paths = problem.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.name', 'body.redirectUris.0', 'body.scopes.0']),
    );
    expect(paths).not.toContain('body.scopes.1');
  });

  it('registers a public app, lists it and audits it; a confidential one gets a secret once', async () => {
    const { app: registered, clientSecret } = await registerApp({
      redirectUris: [REDIRECT, 'http://127.0.0.1:8080/cb'],
    });
    expect(clientSecret).toBeNull();
    expect(registered).toMatchObject({
      name: 'Glucose Buddy',
      clientType: 'public',
      status: 'active',
    });
    const list = (await (await api('/api/v1/admin/smart-apps', { token: adminToken })).json()) as {
      items: { clientId: string }[];
    };
    expect(list.items.map((a) => a.clientId)).toContain(registered.clientId);
    const audit = await app.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', registered.clientId)
      .execute();
    expect(audit).toEqual([{ action: 'admin.smart_apps.register', actor_id: admin.id }]);

    const confidential = await registerApp({ clientType: 'confidential' });
    expect(confidential.clientSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const stored = await app.database.db
      .selectFrom('smart_apps')
      .select('secret_hash')
      .where('client_id', '=', confidential.app.clientId)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toBe(confidential.clientSecret);
    const relisted = JSON.stringify(
      await (await api('/api/v1/admin/smart-apps', { token: adminToken })).json(),
    );
    expect(relisted).not.toContain(confidential.clientSecret);

    // The token endpoint knows the secret: the right one gets past client authentication.
    const id = confidential.app.clientId;
    const wrong = await token(
      { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT },
      [id, 'not-the-secret'],
    );
    expect(wrong.body.error).toBe('invalid_client');
    const right = await token(
      { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT },
      [id, confidential.clientSecret!],
    );
    expect(right.body.error).toBe('invalid_grant');
  });
});

describe('standalone patient launch', () => {
  it('asks in plain words, then gives a FHIR token with the patient and fhirUser', async () => {
    const { app: smart } = await registerApp();
    const { back, verifier, consentPage } = await launch({ clientId: smart.clientId });
    expect(consentPage).toContain('Glucose Buddy wants to use your CareCircle account');
    expect(consentPage).toContain('<li>Know who you are</li>');
    expect(consentPage).toContain(
      '<li>Read and search your lab results and vital signs (Observation)</li>',
    );
    expect(consentPage).toContain(
      '<li>Stay connected when you’re not using it (offline access)</li>',
    );
    expect(consentPage).toContain('smart-app.example');
    // Asked for nothing else: the Condition scope the app may have was not requested.
    expect(consentPage).not.toContain('Condition');
    expect(consentPage).not.toMatch(/<script|style=/);

    const consent = await app.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'actor_id', 'patient_id'])
      .where('subject_id', '=', smart.clientId)
      .where('action', '=', 'oauth.consent')
      .execute();
    expect(consent).toEqual([
      { action: 'oauth.consent', outcome: 'success', actor_id: maria.id, patient_id: maria.id },
    ]);

    const code = back.searchParams.get('code')!;
    const res = await token({
      grant_type: 'authorization_code',
      client_id: smart.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(200);
    expect(res.body.patient).toBe(maria.id);
    expect(res.body.refresh_token).toEqual(expect.any(String));
    expect(res.body.scope!.split(' ').sort()).toEqual(SMART_SCOPE.split(' ').sort());

    expect(decodeProtectedHeader(res.body.access_token!)).toMatchObject({ alg: 'ES256' });
    const claims = decodeJwt(res.body.access_token!);
    expect(claims).toMatchObject({
      aud: fhirBase,
      sub: maria.id,
      client_id: smart.clientId,
      patient: maria.id,
    });
    expect((claims.scope as string).split(' ').sort()).toEqual(
      ['launch/patient', 'patient/Observation.rs'].sort(),
    );
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);
    expect(decodeJwt(res.body.id_token!)).toMatchObject({
      sub: maria.id,
      fhirUser: `${fhirBase}/Patient/${maria.id}`,
    });

    // The refresh token keeps the launch context.
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: smart.clientId,
      refresh_token: res.body.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.patient).toBe(maria.id);
    expect(decodeJwt(refreshed.body.access_token!)).toMatchObject({
      aud: fhirBase,
      patient: maria.id,
    });

    // An app's token is not an API token.
    const me = await api('/api/v1/me', { token: res.body.access_token });
    expect(me.status).toBe(401);

    // At the FHIR endpoint it reads the patient's Observations, and nothing else.
    const fhir = (path: string) =>
      fetch(`${fhirBase}${path}`, {
        headers: {
          authorization: `Bearer ${res.body.access_token}`,
          accept: 'application/fhir+json',
        },
      });
    // Maria's record holds a reading and a condition (written with her own first-party token).
    const own = await accessTokenFor(app, maria.id);
    const write = (resource: object) =>
      fetch(`${fhirBase}/${(resource as { resourceType: string }).resourceType}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${own}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(resource),
      });
    const subject = { reference: `Patient/${maria.id}` };
    const written = await write({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
      subject,
      effectiveDateTime: '2026-11-01',
      valueQuantity: { value: 71.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    });
    expect(written.status).toBe(201);
    const { id: observationId } = (await written.json()) as { id: string };
    expect(
      (
        await write({
          resourceType: 'Condition',
          code: { text: 'Asthma' },
          subject,
        })
      ).status,
    ).toBe(201);

    const observations = await fhir(`/Observation?patient=${maria.id}`);
    expect(observations.status).toBe(200);
    const bundle = (await observations.json()) as {
      resourceType: string;
      type: string;
      entry?: { resource: { id: string } }[];
    };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(bundle.entry?.map((e) => e.resource.id)).toContain(observationId);
    // Reading is granted (r), writing is not (no c).
    expect((await fhir(`/Observation/${observationId}`)).status).toBe(200);
    const appWrite = await fetch(`${fhirBase}/Observation`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${res.body.access_token}`,
        'content-type': 'application/fhir+json',
      },
      body: JSON.stringify({
        ...(await (await fhir(`/Observation/${observationId}`)).json()),
        id: undefined,
      }),
    });
    expect(appWrite.status).toBe(403);
    const conditions = await fhir(`/Condition?patient=${maria.id}`);
    expect(conditions.status).toBe(403);
    expect(await conditions.json()).toMatchObject({ resourceType: 'OperationOutcome' });

    // Maria sees the app by name where she is signed in, and can end its access there.
    const sessions = (await (await api('/api/v1/me/sessions', { token: own })).json()) as {
      items: { id: string; clientId: string; clientName: string }[];
    };
    const appSession = sessions.items.find((i) => i.clientId === smart.clientId);
    expect(appSession?.clientName).toBe('Glucose Buddy');
    const ended = await fetch(`${app.url}/api/v1/me/sessions/${appSession!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${own}` },
    });
    expect(ended.status).toBe(204);
    const afterRevoke = await token({
      grant_type: 'refresh_token',
      client_id: smart.clientId,
      refresh_token: refreshed.body.refresh_token!,
    });
    expect(afterRevoke.status).toBe(400);
  });

  it('gives no refresh token without offline_access, and never more than the app may ask', async () => {
    const { app: smart } = await registerApp();
    const { back, verifier, consentPage } = await launch({
      clientId: smart.clientId,
      scope: 'openid launch/patient patient/Observation.rs patient/Immunization.rs',
    });
    expect(consentPage).not.toContain('Immunization');
    const res = await token({
      grant_type: 'authorization_code',
      client_id: smart.clientId,
      code: back.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(decodeJwt(res.body.access_token!).scope).not.toContain('Immunization');
  });

  it('refuses an aud that is not our FHIR base, and the API as a resource', async () => {
    const { app: smart } = await registerApp();
    const wrong = await launch({ clientId: smart.clientId, aud: 'https://other.example/fhir' });
    expect(wrong.back.searchParams.get('error')).toBe('invalid_request');
    expect(wrong.back.searchParams.get('code')).toBeNull();

    const res = await fetch(
      `${app.url}/oidc/auth?${new URLSearchParams({
        client_id: smart.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        resource: `${app.url}/api`,
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        state: 'abc',
      }).toString()}`,
      { redirect: 'manual' },
    );
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');

    // OpenID scopes an admin did not allow are refused, even for an app allowed none of them.
    const { app: narrow } = await registerApp({ scopes: ['patient/Observation.rs'] });
    const email = await launch({ clientId: narrow.clientId, scope: 'openid email' });
    expect(email.back.searchParams.get('error')).toBe('invalid_scope');
  });

  it('sends access_denied back when the person does not allow it', async () => {
    const { app: smart } = await registerApp();
    const { back } = await launch({ clientId: smart.clientId, decision: 'deny' });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('stops a disabled app at once', async () => {
    const { app: smart } = await registerApp();
    const { back, verifier } = await launch({ clientId: smart.clientId });
    const disabled = await api(`/api/v1/admin/smart-apps/${smart.clientId}/disable`, {
      token: adminToken,
      body: {},
    });
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ status: 'disabled' });
    const res = await token({
      grant_type: 'authorization_code',
      client_id: smart.clientId,
      code: back.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(res.body.error).toBe('invalid_client');
    const missing = await api('/api/v1/admin/smart-apps/smart-nope/disable', {
      token: adminToken,
      body: {},
    });
    expect(missing.status).toBe(404);
  });

  it('leaves first-party sign-in as it was: API audience, no patient', async () => {
    const tokens = await signIn(app.url, { email: maria.email, password: PASSWORD });
    const claims = decodeJwt(tokens.access_token);
    expect(claims.aud).toBe(`${app.url}/api`);
    expect(claims.patient).toBeUndefined();
    expect((tokens as unknown as Record<string, unknown>).patient).toBeUndefined();
    expect(tokens.scope).not.toContain('launch');
  });
});
