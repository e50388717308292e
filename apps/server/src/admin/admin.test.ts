import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AdminAccount, AdminAccountList } from '@carecircle/core';
import { createAccount } from '../identity/accounts.service.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider, uniqueEmail } from '../../test/factories.ts';
import { signIn, tokenRequest } from '../../test/oauth.ts';
import { accessTokenFor } from '../../test/tokens.ts';

const PASSWORD = 'a long and private passphrase';
let app: TestApp;
let admin: Account;
let adminToken: string;
let patientToken: string;

beforeAll(async () => {
  app = await startTestApp();
  const { db } = app.database;
  admin = await createAccount(
    db,
    { email: uniqueEmail('admin'), password: PASSWORD, name: 'Sam Test', roles: ['admin'] },
    { verified: true },
  );
  // Admins need a second factor to sign in through the form (MFA work); the admin's own token is
  // minted with the server's key. The people whose sign-ins are affected sign in for real below.
  adminToken = await accessTokenFor(app, admin.id);
  const patient = await buildPatient(db, { password: PASSWORD });
  patientToken = (await signIn(app.url, { email: patient.email, password: PASSWORD })).access_token;
});
afterAll(async () => {
  await app.close();
});

function api(path: string, token: string | undefined, init: RequestInit = {}) {
  return fetch(`${app.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
}
const post = (path: string, token: string | undefined, body?: unknown) =>
  api(path, token, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

async function auditOf(subjectId: string) {
  return app.database.db
    .selectFrom('audit_events')
    .select(['action', 'actor_id', 'reason', 'details'])
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
}

describe('who may use the admin API', () => {
  const someId = '00000000-0000-4000-8000-000000000000';
  const routes: [string, string][] = [
    ['GET', '/api/v1/admin/accounts'],
    ['POST', `/api/v1/admin/accounts/${someId}/verify`],
    ['POST', `/api/v1/admin/accounts/${someId}/suspend`],
    ['POST', `/api/v1/admin/accounts/${someId}/reinstate`],
  ];

  it.each(routes)('%s %s: 401 without a token, 403 for a patient', async (method, path) => {
    const anonymous = await api(path, undefined, { method });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const patient = await api(path, patientToken, { method });
    expect(patient.status).toBe(403);
  });

  it('400 for a bad account id or filter, 404 for an unknown account', async () => {
    expect((await post('/api/v1/admin/accounts/not-a-uuid/verify', adminToken)).status).toBe(400);
    expect((await api('/api/v1/admin/accounts?status=asleep', adminToken)).status).toBe(400);
    expect((await post(`/api/v1/admin/accounts/${someId}/verify`, adminToken)).status).toBe(404);
  });
});

describe('finding accounts', () => {
  it('filters by status, role and text, and never returns health or secret fields', async () => {
    const { db } = app.database;
    const tag = uniqueEmail('x').slice(2, 12);
    const pending = await buildProvider(db, {
      account: { name: `Dr. Pending ${tag}` },
      verified: false,
    });
    await buildPatient(db, { name: `Pat ${tag}` });

    const res = await api(`/api/v1/admin/accounts?status=pending&q=${tag}`, adminToken);
    expect(res.status).toBe(200);
    const list = (await res.json()) as AdminAccountList;
    expect(list.total).toBe(1);
    expect(list.items).toEqual([
      expect.objectContaining({
        id: pending.id,
        status: 'pending',
        roles: ['provider'],
        provider: { specialty: 'Family medicine', locationName: 'Test Clinic' },
      }),
    ]);
    expect(Object.keys(list.items[0]!).sort()).toEqual(
      ['createdAt', 'email', 'emailVerified', 'id', 'name', 'provider', 'roles', 'status'].sort(),
    );

    const byRole = (await (
      await api(`/api/v1/admin/accounts?role=patient&q=${encodeURIComponent(tag)}`, adminToken)
    ).json()) as AdminAccountList;
    expect(byRole.items.map((a) => a.name)).toEqual([`Pat ${tag}`]);

    // "%" is matched literally, not as a wildcard.
    const literal = (await (
      await api('/api/v1/admin/accounts?q=%25%25%25', adminToken)
    ).json()) as AdminAccountList;
    expect(literal.total).toBe(0);

    expect(await auditOf(admin.id)).toEqual([]); // searches have no subject…
    const searches = await db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'admin.accounts.search')
      .where('actor_id', '=', admin.id)
      .execute();
    expect(searches.length).toBeGreaterThanOrEqual(3); // …but are recorded
  });
});

describe('verifying a provider', () => {
  it('activates a pending provider, e-mails them, and audits it; only once', async () => {
    const { db } = app.database;
    const provider = await buildProvider(db, { verified: false });
    const listed = async () =>
      (
        (await (await api('/api/v1/providers', undefined)).json()) as { items: { id: string }[] }
      ).items.map((p) => p.id);
    expect(await listed()).not.toContain(provider.id);

    const res = await post(`/api/v1/admin/accounts/${provider.id}/verify`, adminToken);
    expect(res.status).toBe(200);
    expect(((await res.json()) as AdminAccount).status).toBe('active');

    const mail = await db
      .selectFrom('dev_mailbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', provider.email)
      .execute();
    expect(mail).toEqual([
      expect.objectContaining({ subject: 'Your CareCircle provider account is verified' }),
    ]);
    expect(await auditOf(provider.id)).toEqual([
      expect.objectContaining({
        action: 'account.verify',
        actor_id: admin.id,
        details: { from: 'pending', to: 'active' },
      }),
    ]);
    // Patients can find them now.
    const directory = (await (await api('/api/v1/providers', undefined)).json()) as {
      items: { id: string }[];
    };
    expect(directory.items.map((p) => p.id)).toContain(provider.id);

    const again = await post(`/api/v1/admin/accounts/${provider.id}/verify`, adminToken);
    expect(again.status).toBe(409);
  });

  it('refuses to "verify" someone who is not a pending provider', async () => {
    const patient = await buildPatient(app.database.db);
    expect((await post(`/api/v1/admin/accounts/${patient.id}/verify`, adminToken)).status).toBe(
      409,
    );
  });
});

describe('suspending and reinstating', () => {
  it('ends every sign-in at once, then lets the person back in when reinstated', async () => {
    const { db } = app.database;
    const person = await buildPatient(db, { password: PASSWORD });
    const tokens = await signIn(app.url, { email: person.email, password: PASSWORD });
    const me = (token: string) => api('/api/v1/me', token);
    expect((await me(tokens.access_token)).status).toBe(200);

    const res = await post(`/api/v1/admin/accounts/${person.id}/suspend`, adminToken, {
      reason: 'Reported for spam',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as AdminAccount).status).toBe('disabled');

    // The still-unexpired access token is refused, the refresh token is dead.
    expect((await me(tokens.access_token)).status).toBe(401);
    const refresh = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
    const left = await db
      .selectFrom('oidc_payloads')
      .select('model')
      .where('account_id', '=', person.id)
      .execute();
    expect(left).toEqual([]);
    await expect(signIn(app.url, { email: person.email, password: PASSWORD })).rejects.toThrow();

    expect((await post(`/api/v1/admin/accounts/${person.id}/suspend`, adminToken)).status).toBe(
      409,
    );
    const back = await post(`/api/v1/admin/accounts/${person.id}/reinstate`, adminToken);
    expect(back.status).toBe(200);
    expect(((await back.json()) as AdminAccount).status).toBe('active');
    const fresh = await signIn(app.url, { email: person.email, password: PASSWORD });
    expect((await me(fresh.access_token)).status).toBe(200);
    // The old refresh token stays dead.
    expect(
      (
        await tokenRequest(app.url, {
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
        })
      ).status,
    ).toBe(400);

    expect(await auditOf(person.id)).toEqual([
      expect.objectContaining({
        action: 'account.suspend',
        actor_id: admin.id,
        reason: 'Reported for spam',
      }),
      expect.objectContaining({ action: 'account.reinstate', actor_id: admin.id }),
    ]);
  });

  it('leaves other people signed in', async () => {
    const { db } = app.database;
    const a = await buildPatient(db, { password: PASSWORD });
    const b = await buildPatient(db, { password: PASSWORD });
    await signIn(app.url, { email: a.email, password: PASSWORD });
    const bTokens = await signIn(app.url, { email: b.email, password: PASSWORD });
    expect((await post(`/api/v1/admin/accounts/${a.id}/suspend`, adminToken)).status).toBe(200);
    const refresh = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: bTokens.refresh_token,
    });
    expect(refresh.status).toBe(200);
  });

  it('an admin cannot suspend themself; pending and active accounts cannot be reinstated', async () => {
    const self = await post(`/api/v1/admin/accounts/${admin.id}/suspend`, adminToken);
    expect(self.status).toBe(409);
    expect(((await self.json()) as { type: string }).type).toMatch(/own-account$/);
    const pending = await buildProvider(app.database.db, { verified: false });
    expect((await post(`/api/v1/admin/accounts/${pending.id}/suspend`, adminToken)).status).toBe(
      409,
    );
    expect((await post(`/api/v1/admin/accounts/${pending.id}/reinstate`, adminToken)).status).toBe(
      409,
    );
  });
});
