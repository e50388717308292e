import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MfaEnrolment, MfaRecoveryCodes, MfaStatus } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { authorize, signIn, tokenRequest, totpCode } from '../../test/oauth.ts';

const PASSWORD = 'a long and private passphrase';
let app: TestApp;
let strict: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  strict = await startTestApp({ config: { SIGNIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: '3' } });
});
afterAll(async () => {
  await app.close();
  await strict.close();
});

const now = () => Math.floor(Date.now() / 1000);

async function api(
  t: TestApp,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${t.url}/api/v1/me/mfa${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A patient signed in with a password, with two-step sign-in turned on through the API. */
async function patientWithMfa(t: TestApp) {
  const person = await buildPatient(t.database.db, { password: PASSWORD });
  const creds = { email: person.email, password: PASSWORD };
  const { access_token: token } = await signIn(t.url, creds);
  const started = (await api(t, token, 'POST', '/enrolment')).body as unknown as MfaEnrolment;
  const secret = started.manualKey.replace(/ /g, '');
  // Confirm with the previous step's code, so the current one is still unused for sign-in.
  const confirmed = await api(t, token, 'POST', '/enrolment/confirm', {
    code: await totpCode(secret, now() - 30),
  });
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = confirmed.body as unknown as MfaRecoveryCodes;
  return { person, creds, token, secret, recoveryCodes };
}

/**
 * The authentication methods of the sign-in behind a refresh token, as oidc-provider stored them.
 * (The ID token carries `amr` once oidc.ts lists it among the claims.)
 */
async function amrOf(t: TestApp, refreshToken: string) {
  const row = await t.database.db
    .selectFrom('oidc_payloads')
    .select('payload')
    .where('model', '=', 'RefreshToken')
    .where('id', '=', refreshToken)
    .executeTakeFirstOrThrow();
  return (row.payload as { amr?: string[] }).amr;
}

async function auditActions(t: TestApp, actorId: string) {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select(['action', 'outcome', 'details'])
    .where('actor_id', '=', actorId)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.action}:${r.outcome}`);
}

describe('MFA API', () => {
  it('answers 401 without a token and 400 without a code', async () => {
    for (const [method, path] of [
      ['GET', ''],
      ['POST', '/enrolment'],
      ['POST', '/enrolment/confirm'],
      ['POST', '/disable'],
      ['POST', '/recovery-codes'],
    ] as const) {
      const res = await api(app, undefined, method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    const p = await buildPatient(app.database.db, { password: PASSWORD });
    const { access_token } = await signIn(app.url, { email: p.email, password: PASSWORD });
    const res = await api(app, access_token, 'POST', '/enrolment/confirm', {});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.code' })]);
  });

  it('enrols: QR code, manual key, wrong code refused, right code gives 10 recovery codes', async () => {
    const p = await buildPatient(app.database.db, { password: PASSWORD });
    const { access_token: token } = await signIn(app.url, { email: p.email, password: PASSWORD });
    expect((await api(app, token, 'GET', '')).body).toEqual({
      enabled: false,
      required: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
    });

    const started = await api(app, token, 'POST', '/enrolment');
    expect(started.status).toBe(201);
    const enrolment = started.body as unknown as MfaEnrolment;
    const secret = enrolment.manualKey.replace(/ /g, '');
    expect(enrolment.manualKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/CareCircle:/);
    expect(enrolment.otpauthUri).toContain(`secret=${secret}`);
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(enrolment.qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');

    const wrong = await api(app, token, 'POST', '/enrolment/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect((await api(app, token, 'GET', '')).body.enabled).toBe(false);

    const ok = await api(app, token, 'POST', '/enrolment/confirm', {
      code: await totpCode(secret),
    });
    expect(ok.status).toBe(200);
    const codes = (ok.body as unknown as MfaRecoveryCodes).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const status = (await api(app, token, 'GET', '')).body as unknown as MfaStatus;
    expect(status).toMatchObject({ enabled: true, required: false, recoveryCodesLeft: 10 });

    // Starting again while on is refused.
    expect((await api(app, token, 'POST', '/enrolment')).status).toBe(409);

    // Secrets are not stored in clear: no column of any MFA row holds the secret or a code.
    const raw = await sql<{ row: string }>`
      SELECT row_to_json(t)::text AS row FROM mfa_totp t WHERE account_id = ${p.id}
      UNION ALL
      SELECT row_to_json(r)::text FROM mfa_recovery_codes r WHERE account_id = ${p.id}`.execute(
      app.database.db,
    );
    expect(raw.rows).toHaveLength(11);
    const dump = raw.rows.map((r) => r.row).join('\n');
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.toLowerCase());
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replace('-', ''));
    }
    expect(dump).toMatch(/"secret_ciphertext":"v1\./);

    expect(await auditActions(app, p.id)).toEqual(
      expect.arrayContaining(['mfa.enabled:failure', 'mfa.enabled:success']),
    );
  });

  it('lets a patient turn it off with a code, never a provider', async () => {
    const { token, secret, person } = await patientWithMfa(app);
    expect((await api(app, token, 'POST', '/disable', { code: '123456' })).status).toBe(400);
    const off = await api(app, token, 'POST', '/disable', { code: await totpCode(secret) });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await auditActions(app, person.id)).toEqual(
      expect.arrayContaining(['mfa.disabled:failure', 'mfa.disabled:success']),
    );

    const provider = await buildProvider(app.database.db, { account: { password: PASSWORD } });
    const tokens = await signIn(app.url, { email: provider.email, password: PASSWORD });
    const status = await api(app, tokens.access_token, 'GET', '');
    expect(status.body).toMatchObject({ enabled: true, required: true });
    const refused = await api(app, tokens.access_token, 'POST', '/disable', { code: '123456' });
    expect(refused.status).toBe(403);
  });

  it('regenerates recovery codes: the old ones stop working', async () => {
    const { token, secret, recoveryCodes, creds } = await patientWithMfa(app);
    const res = await api(app, token, 'POST', '/recovery-codes', { code: await totpCode(secret) });
    expect(res.status).toBe(200);
    const fresh = (res.body as unknown as MfaRecoveryCodes).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    const err = (await authorize(app.url, creds, { recoveryCode: recoveryCodes[0]! }).catch(
      (e: unknown) => e,
    )) as { status: number };
    expect(err.status).toBe(401);
    const { code } = await authorize(app.url, creds, { recoveryCode: fresh[0]! });
    expect(code).toEqual(expect.any(String));
  });
});

describe('sign-in with two-step sign-in on', () => {
  it('asks for a code after the password; amr becomes pwd+otp', async () => {
    const { creds, secret, person } = await patientWithMfa(app);
    const stopped = (await authorize(app.url, creds, { autoMfa: false }).catch(
      (e: unknown) => e,
    )) as { status: number; html: string };
    expect(stopped.status).toBe(200);
    expect(stopped.html).toMatch(/<input id="code" name="code" [^>]*inputmode="numeric"/);
    expect(stopped.html).toContain('autocomplete="one-time-code"');
    expect(stopped.html).toContain('name="recovery_code"');
    expect(stopped.html).not.toMatch(/<script|style=/);

    const { code, verifier, redirectUri, mfaPages } = await authorize(app.url, creds, {
      totp: await totpCode(secret),
    });
    expect(mfaPages).toHaveLength(1);
    const { status, body } = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    });
    expect(status).toBe(200);
    expect(await amrOf(app, body.refresh_token)).toEqual(['pwd', 'otp']);
    const me = await fetch(`${app.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.status).toBe(200);
    const events = await app.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('actor_id', '=', person.id)
      .where('action', '=', 'auth.sign_in')
      .where('outcome', '=', 'success')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(events.details).toEqual({ method: 'password+totp' });
  });

  it('refuses a wrong code and a replayed code; accepts the next step (±1)', async () => {
    const { creds, secret, person } = await patientWithMfa(app);
    const wrong = (await authorize(app.url, creds, { totp: '000000' }).catch(
      (e: unknown) => e,
    )) as {
      status: number;
      html: string;
    };
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('That code is not right');

    const current = await totpCode(secret);
    await authorize(app.url, creds, { totp: current });
    const replay = (await authorize(app.url, creds, { totp: current }).catch(
      (e: unknown) => e,
    )) as { status: number };
    expect(replay.status).toBe(401);

    const next = await authorize(app.url, creds, { totp: await totpCode(secret, now() + 30) });
    expect(next.code).toEqual(expect.any(String));
    const failures = await app.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('actor_id', '=', person.id)
      .where('action', '=', 'auth.mfa')
      .where('outcome', '=', 'failure')
      .execute();
    expect(failures.map((f) => f.details)).toEqual([
      { reason: 'wrong_code' },
      { reason: 'wrong_code' },
    ]);
  });

  it('accepts a recovery code once', async () => {
    const { creds, recoveryCodes, person } = await patientWithMfa(app);
    const first = await authorize(app.url, creds, {
      recoveryCode: recoveryCodes[3]!.toUpperCase(),
    });
    expect(first.code).toEqual(expect.any(String));
    const again = (await authorize(app.url, creds, { recoveryCode: recoveryCodes[3]! }).catch(
      (e: unknown) => e,
    )) as { status: number; html: string };
    expect(again.status).toBe(401);
    expect(again.html).toContain('already used');
    expect(await auditActions(app, person.id)).toContain('mfa.recovery_code_used:success');
  });

  it('cannot skip the password: the code step without a verified password goes back to the form', async () => {
    const { creds, secret } = await patientWithMfa(app);
    // Start an interaction, but never submit the password; post a code straight away.
    const stopped = (await authorize(
      app.url,
      { ...creds, password: 'not the password at all' },
      { autoMfa: false },
    ).catch((e: unknown) => e)) as { status: number; html: string };
    expect(stopped.status).toBe(401);
    const action = /action="([^"]+)\/login"/.exec(stopped.html)![1]!;
    const res = await fetch(new URL(`${action}/mfa`, app.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: await totpCode(secret), accountId: 'x' }).toString(),
    });
    // Without the interaction's cookie oidc-provider refuses; with it, there is no step to finish.
    expect(res.status).not.toBe(303);
    expect(res.headers.get('location') ?? '').not.toContain('/auth/callback');
  });

  it('throttles wrong codes with the sign-in limits', async () => {
    const { creds, secret } = await patientWithMfa(strict);
    for (let i = 0; i < 3; i++) {
      const err = (await authorize(strict.url, creds, { totp: `00000${i}` }).catch(
        (e: unknown) => e,
      )) as { status: number };
      expect(err.status).toBe(401);
    }
    const blocked = (await authorize(strict.url, creds, { totp: await totpCode(secret) }).catch(
      (e: unknown) => e,
    )) as { status: number; html: string };
    expect(blocked.status).toBe(429);
    expect(blocked.html).toMatch(/Too many attempts/);
  });
});

describe('providers must use two-step sign-in', () => {
  it('takes a provider without it through enrolment inside the sign-in, then asks for codes', async () => {
    const provider = await buildProvider(app.database.db, { account: { password: PASSWORD } });
    const creds = { email: provider.email, password: PASSWORD };
    const first = await authorize(app.url, creds);
    expect(first.mfaPages).toHaveLength(2);
    const [enrol, codesPage] = first.mfaPages;
    expect(enrol).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="QR code[^"]+"/);
    expect(enrol).toContain('autocomplete="one-time-code"');
    expect(codesPage).toContain('Save your recovery codes');
    expect(first.recoveryCodes).toHaveLength(10);
    expect(first.enrolledSecret).toMatch(/^[A-Z2-7]{32}$/);
    const { body } = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code: first.code,
      code_verifier: first.verifier,
      redirect_uri: first.redirectUri,
    });
    expect(await amrOf(app, body.refresh_token)).toEqual(['pwd', 'otp']);

    // From now on, the sign-in asks for a code.
    const stopped = (await authorize(app.url, creds, { autoMfa: false }).catch(
      (e: unknown) => e,
    )) as { status: number; html: string };
    expect(stopped.html).toContain('Enter your sign-in code');
    const second = await authorize(app.url, creds, {
      totp: await totpCode(first.enrolledSecret!, now() + 30),
    });
    expect(second.mfaPages).toHaveLength(1);
  });

  it('a wrong code at enrolment shows the same QR code again and does not sign in', async () => {
    const provider = await buildProvider(app.database.db, { account: { password: PASSWORD } });
    const err = (await authorize(
      app.url,
      { email: provider.email, password: PASSWORD },
      { totp: '000000' },
    ).catch((e: unknown) => e)) as { status: number; html: string };
    expect(err.status).toBe(401);
    expect(err.html).toContain('That code is not right');
    expect(err.html).toContain('id="manual-key"');
  });
});
