import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  problemType,
  type ActingForGrant,
  type Account,
  type Grant,
  type InvitationPreview,
  type Me,
} from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, uniqueEmail } from '../../test/factories.ts';
import { signIn } from '../../test/oauth.ts';
import { createLogger } from '../platform/logger.ts';
import { seedDemoData } from '../demo/seed.ts';
import { can } from './access.ts';
import { listAuditEventsForPatient } from './audit.service.ts';
import { listActingFor } from './grants.service.ts';

const PASSWORD = 'a long and private passphrase';
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

async function person(
  roles: Account['roles'] = ['patient'],
  name = 'Test Person',
): Promise<Person> {
  const account = await buildPatient(app.database.db, {
    name,
    roles,
    password: PASSWORD,
    email: uniqueEmail(roles[0]),
  });
  const tokens = await signIn(app.url, { email: account.email, password: PASSWORD });
  return { account, token: tokens.access_token };
}

async function api<T = unknown>(
  who: Person | undefined,
  method: string,
  path: string,
  options: { body?: unknown; actingFor?: string } = {},
): Promise<{ status: number; body: T; type?: string }> {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (options.actingFor) headers['x-acting-for'] = options.actingFor;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : undefined) as T;
  return {
    status: res.status,
    body,
    type: res.headers.get('content-type')?.startsWith('application/problem+json')
      ? (body as { type: string }).type
      : undefined,
  };
}

/** The newest invitation link e-mailed to `email`, from the development mailbox table. */
async function invitationToken(email: string): Promise<string> {
  const row = await app.database.db
    .selectFrom('dev_mailbox')
    .select(['text_body', 'subject'])
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const match = /\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/.exec(row.text_body);
  if (!match) throw new Error(`no invitation link in "${row.subject}"`);
  return decodeURIComponent(match[1]!);
}

async function invite(patient: Person, caregiverEmail: string, scopes: string[], endsAt?: string) {
  const res = await api<Grant>(patient, 'POST', '/api/v1/grants', {
    body: { email: caregiverEmail, scopes, ...(endsAt ? { endsAt } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { grant: res.body, token: await invitationToken(caregiverEmail) };
}

async function connect(patient: Person, caregiver: Person, scopes: string[]) {
  const { grant, token } = await invite(patient, caregiver.account.email, scopes);
  const accepted = await api<ActingForGrant>(
    caregiver,
    'POST',
    '/api/v1/grants/invitations/accept',
    {
      body: { token },
    },
  );
  expect(accepted.status).toBe(200);
  return grant;
}

const auditOf = (patientId: string) => listAuditEventsForPatient(app.database.db, patientId, {});

describe('grants API: sign-in and input', () => {
  it('answers 401 on every grants endpoint without a token', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', '/api/v1/grants'],
      ['POST', '/api/v1/grants'],
      ['PATCH', `/api/v1/grants/${id}`],
      ['DELETE', `/api/v1/grants/${id}`],
      ['GET', '/api/v1/grants/acting-for'],
      ['DELETE', `/api/v1/grants/acting-for/${id}`],
      ['POST', '/api/v1/grants/invitations/preview'],
      ['POST', '/api/v1/grants/invitations/accept'],
    ] as const) {
      const res = await api(undefined, method, path, { body: method === 'GET' ? undefined : {} });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('answers 400 naming the fields for a bad invitation', async () => {
    const maria = await person();
    const bad = await api<{ errors: { path: string }[] }>(maria, 'POST', '/api/v1/grants', {
      body: { email: 'not an address', scopes: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['body.email', 'body.scopes']);

    const unknownScope = await api(maria, 'POST', '/api/v1/grants', {
      body: { email: uniqueEmail(), scopes: ['records:write'] },
    });
    expect(unknownScope.status).toBe(400);

    const past = await api<{ errors: { path: string }[] }>(maria, 'POST', '/api/v1/grants', {
      body: { email: uniqueEmail(), scopes: ['records:read'], endsAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(past.body.errors[0]!.path).toBe('body.endsAt');

    const self = await api(maria, 'POST', '/api/v1/grants', {
      body: { email: maria.account.email.toUpperCase(), scopes: ['records:read'] },
    });
    expect(self.status).toBe(400);

    const badId = await api(maria, 'DELETE', '/api/v1/grants/not-a-uuid');
    expect(badId.status).toBe(400);
  });
});

describe('invite → accept → act', () => {
  it('lets the invited caregiver act within the scopes, and audits every step', async () => {
    const maria = await person(['patient'], 'Maria Test');
    // Sofia has an account without the caregiver role yet.
    const sofia = await person(['patient'], 'Sofia Test');
    const endsAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    const { grant, token } = await invite(
      maria,
      sofia.account.email,
      ['appointments:read', 'medications:read', 'medications:read'],
      endsAt,
    );
    expect(grant).toMatchObject({
      status: 'pending',
      scopes: ['appointments:read', 'medications:read'],
      inviteeEmail: sofia.account.email,
      caregiver: null,
      endsAt,
    });
    expect(grant.invitationExpiresAt).toEqual(expect.any(String));

    // Only the hash of the link is stored.
    const stored = await app.database.db
      .selectFrom('proxy_grants')
      .select('invitation_token_hash')
      .where('id', '=', grant.id)
      .executeTakeFirstOrThrow();
    expect(stored.invitation_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.invitation_token_hash).not.toContain(token);

    const preview = await api<InvitationPreview>(
      sofia,
      'POST',
      '/api/v1/grants/invitations/preview',
      {
        body: { token },
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      patient: { name: 'Maria Test' },
      scopes: ['appointments:read', 'medications:read'],
      forThisAccount: true,
    });

    const accepted = await api<ActingForGrant>(sofia, 'POST', '/api/v1/grants/invitations/accept', {
      body: { token },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      grantId: grant.id,
      patient: { id: maria.account.id, name: 'Maria Test' },
      scopes: ['appointments:read', 'medications:read'],
      endsAt,
    });

    // Single use.
    const again = await api(sofia, 'POST', '/api/v1/grants/invitations/accept', {
      body: { token },
    });
    expect(again).toMatchObject({ status: 400, type: problemType('link-invalid') });

    // Sofia is a caregiver now, and sees whom she can act for.
    const me = await api<Me>(sofia, 'GET', '/api/v1/me');
    expect(me.body.roles.sort()).toEqual(['caregiver', 'patient']);
    const actingFor = await api<{ items: ActingForGrant[] }>(
      sofia,
      'GET',
      '/api/v1/grants/acting-for',
    );
    expect(actingFor.body.items).toEqual([accepted.body]);
    // Maria sees whom she shares with.
    const list = await api<{ items: Grant[] }>(maria, 'GET', '/api/v1/grants');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: grant.id,
        status: 'active',
        caregiver: { id: sofia.account.id, name: 'Sofia Test' },
        invitationExpiresAt: null,
      }),
    ]);

    // Within the scopes and not outside them.
    const actor = { id: sofia.account.id, roles: me.body.roles, clientId: 'test', scopes: [] };
    const subject = { patientId: maria.account.id };
    expect(await can(app.database.db, actor, 'appointments:read', subject)).toBe(true);
    expect(await can(app.database.db, actor, 'medications:read', subject)).toBe(true);
    expect(await can(app.database.db, actor, 'appointments:manage', subject)).toBe(false);
    expect(await can(app.database.db, actor, 'records:read', subject)).toBe(false);

    // Maria widens the scopes: effective at once.
    const patched = await api<Grant>(maria, 'PATCH', `/api/v1/grants/${grant.id}`, {
      body: { scopes: ['appointments:manage', 'records:read'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.scopes).toEqual(['appointments:manage', 'records:read']);
    expect(await can(app.database.db, actor, 'records:read', subject)).toBe(true);
    expect(await can(app.database.db, actor, 'medications:read', subject)).toBe(false);

    // Sofia cannot manage Maria's sharing, even while acting for her.
    const asMaria = await api(sofia, 'GET', '/api/v1/grants', { actingFor: maria.account.id });
    expect(asMaria.status).toBe(404);

    const events = await auditOf(maria.account.id);
    const byAction = (action: string) => events.find((e) => e.action === action);
    expect(byAction('proxy.invite')).toMatchObject({
      outcome: 'success',
      actorId: maria.account.id,
      onBehalfOfId: null,
      patientId: maria.account.id,
      subjectId: grant.id,
      details: { scopes: 'appointments:read medications:read', endsAt },
    });
    expect(byAction('proxy.accept')).toMatchObject({
      actorId: sofia.account.id,
      patientId: maria.account.id,
      subjectId: grant.id,
    });
    expect(byAction('proxy.update')).toMatchObject({ actorId: maria.account.id });
    expect(byAction('access.acting-for')).toBeUndefined();
    expect(byAction('access.check')).toMatchObject({
      outcome: 'denied',
      actorId: sofia.account.id,
      details: { action: 'grants:manage' },
    });
    // No token in the audit log.
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('only the invited address can accept; a signed-up invitee can', async () => {
    const maria = await person();
    const inviteeEmail = uniqueEmail('helper');
    const { token } = await invite(maria, inviteeEmail, ['records:read']);

    const someoneElse = await person(['caregiver']);
    const wrong = await api(someoneElse, 'POST', '/api/v1/grants/invitations/accept', {
      body: { token },
    });
    expect(wrong).toMatchObject({
      status: 409,
      type: problemType('invitation-for-another-address'),
    });
    const preview = await api<InvitationPreview>(
      someoneElse,
      'POST',
      '/api/v1/grants/invitations/preview',
      { body: { token } },
    );
    expect(preview.body.forThisAccount).toBe(false);

    const own = await api(maria, 'POST', '/api/v1/grants/invitations/accept', { body: { token } });
    expect(own).toMatchObject({ status: 409, type: problemType('own-invitation') });

    // No account yet: sign up with the invited address, then accept. The link still works.
    const signUp = await fetch(`${app.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: inviteeEmail,
        password: PASSWORD,
        name: 'New Helper',
        roles: ['patient'],
      }),
    });
    expect(signUp.status, await signUp.text()).toBe(201);
    const tokens = await signIn(app.url, { email: inviteeEmail, password: PASSWORD });
    const helper = { account: { id: '' } as Account, token: tokens.access_token };
    const ok = await api<ActingForGrant>(helper, 'POST', '/api/v1/grants/invitations/accept', {
      body: { token },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.patient.id).toBe(maria.account.id);
  });

  it('a new invitation replaces the open one to the same address', async () => {
    const maria = await person();
    const email = uniqueEmail('helper');
    const first = await invite(maria, email, ['records:read']);
    const second = await invite(maria, email, ['appointments:read']);
    expect(second.token).not.toBe(first.token);
    const list = await api<{ items: Grant[] }>(maria, 'GET', '/api/v1/grants');
    expect(list.body.items.map((g) => g.id)).toEqual([second.grant.id]);
  });

  it('an accepted invitation replaces an earlier grant between the same two people', async () => {
    const maria = await person();
    const sofia = await person(['caregiver']);
    const first = await connect(maria, sofia, ['records:read']);
    const second = await connect(maria, sofia, ['appointments:read']);
    const list = await api<{ items: Grant[] }>(maria, 'GET', '/api/v1/grants');
    expect(list.body.items.map((g) => [g.id, g.status])).toEqual([[second.id, 'active']]);
    expect(first.id).not.toBe(second.id);
    const actingFor = await api<{ items: ActingForGrant[] }>(
      sofia,
      'GET',
      '/api/v1/grants/acting-for',
    );
    expect(actingFor.body.items.map((g) => g.scopes)).toEqual([['appointments:read']]);
  });
});

describe('revoking and leaving', () => {
  it('revocation is effective with the next request and audited; revoking twice is 409', async () => {
    const maria = await person();
    const sofia = await person(['caregiver']);
    const grant = await connect(maria, sofia, ['records:read']);
    expect((await api(sofia, 'GET', '/api/v1/grants/acting-for')).body).toMatchObject({
      items: [{ grantId: grant.id }],
    });

    const revoked = await api(maria, 'DELETE', `/api/v1/grants/${grant.id}`);
    expect(revoked.status).toBe(204);
    expect((await api(sofia, 'GET', '/api/v1/grants/acting-for')).body).toEqual({ items: [] });
    const actor = { id: sofia.account.id, roles: sofia.account.roles, clientId: 't', scopes: [] };
    expect(await can(app.database.db, actor, 'records:read', { patientId: maria.account.id })).toBe(
      false,
    );
    expect((await api(maria, 'GET', '/api/v1/grants')).body).toEqual({ items: [] });

    const twice = await api(maria, 'DELETE', `/api/v1/grants/${grant.id}`);
    expect(twice).toMatchObject({ status: 409, type: problemType('grant-ended') });
    const edit = await api(maria, 'PATCH', `/api/v1/grants/${grant.id}`, {
      body: { scopes: ['records:read'] },
    });
    expect(edit.status).toBe(409);

    expect(
      (await auditOf(maria.account.id)).find((e) => e.action === 'proxy.revoke'),
    ).toMatchObject({
      actorId: maria.account.id,
      subjectId: grant.id,
      details: { caregiverId: sofia.account.id },
    });
  });

  it('cancelling an invitation makes its link stop working', async () => {
    const maria = await person();
    const sofia = await person(['caregiver']);
    const { grant, token } = await invite(maria, sofia.account.email, ['records:read']);
    expect((await api(maria, 'DELETE', `/api/v1/grants/${grant.id}`)).status).toBe(204);
    const accept = await api(sofia, 'POST', '/api/v1/grants/invitations/accept', {
      body: { token },
    });
    expect(accept.status).toBe(400);
  });

  it('another patient’s grant is 404 to everyone but the patient', async () => {
    const maria = await person();
    const priya = await person();
    const sofia = await person(['caregiver']);
    const grant = await connect(maria, sofia, ['records:read']);
    expect(
      (
        await api(priya, 'PATCH', `/api/v1/grants/${grant.id}`, {
          body: { scopes: ['records:read'] },
        })
      ).status,
    ).toBe(404);
    expect((await api(priya, 'DELETE', `/api/v1/grants/${grant.id}`)).status).toBe(404);
    // The caregiver cannot revoke or edit it as if they were the patient...
    expect((await api(sofia, 'DELETE', `/api/v1/grants/${grant.id}`)).status).toBe(404);
    expect(
      (await api(sofia, 'DELETE', `/api/v1/grants/${grant.id}`, { actingFor: maria.account.id }))
        .status,
    ).toBe(404);
    // ...and another caregiver cannot leave it.
    expect((await api(priya, 'DELETE', `/api/v1/grants/acting-for/${grant.id}`)).status).toBe(404);
    // Acting for someone who granted nothing.
    expect(
      (await api(priya, 'GET', '/api/v1/grants', { actingFor: maria.account.id })).status,
    ).toBe(404);
    expect((await api(maria, 'GET', '/api/v1/grants')).body).toMatchObject({
      items: [{ id: grant.id, status: 'active' }],
    });
  });

  it('the caregiver can leave a grant', async () => {
    const maria = await person();
    const sofia = await person(['caregiver']);
    const grant = await connect(maria, sofia, ['records:read']);
    expect((await api(sofia, 'DELETE', `/api/v1/grants/acting-for/${grant.id}`)).status).toBe(204);
    expect((await api(sofia, 'GET', '/api/v1/grants/acting-for')).body).toEqual({ items: [] });
    expect((await api(sofia, 'DELETE', `/api/v1/grants/acting-for/${grant.id}`)).status).toBe(409);
    expect((await auditOf(maria.account.id)).find((e) => e.action === 'proxy.leave')).toMatchObject(
      { actorId: sofia.account.id, patientId: maria.account.id, subjectId: grant.id },
    );
  });

  it('an expired grant no longer lets the caregiver act, and shows as expired', async () => {
    const maria = await person();
    const sofia = await person(['caregiver']);
    const grant = await connect(maria, sofia, ['records:read']);
    await app.database.db
      .updateTable('proxy_grants')
      .set({ ends_at: new Date(Date.now() - 1000) })
      .where('id', '=', grant.id)
      .execute();
    expect((await api(sofia, 'GET', '/api/v1/grants/acting-for')).body).toEqual({ items: [] });
    const actor = { id: sofia.account.id, roles: sofia.account.roles, clientId: 't', scopes: [] };
    expect(await can(app.database.db, actor, 'records:read', { patientId: maria.account.id })).toBe(
      false,
    );
    expect((await api(maria, 'GET', '/api/v1/grants')).body).toMatchObject({
      items: [{ id: grant.id, status: 'expired' }],
    });
  });
});

describe('demo data', () => {
  it('gives Sofia a grant from Maria once, and a revocation stays revoked', async () => {
    const logger = createLogger({ logLevel: 'silent' });
    const db = app.database.db;
    await seedDemoData(db, logger);
    const sofia = await db
      .selectFrom('accounts')
      .select(['id', 'roles'])
      .where('email', '=', 'sofia@example.org')
      .executeTakeFirstOrThrow();
    const [grant, ...more] = await listActingFor(db, {
      id: sofia.id,
      roles: ['caregiver'],
      clientId: 'test',
      scopes: [],
    });
    expect(more).toEqual([]);
    expect(grant).toMatchObject({
      patient: { name: 'Maria Alvarez' },
      scopes: ['appointments:read', 'appointments:manage', 'records:read', 'medications:read'],
    });
    await seedDemoData(db, logger);
    await db
      .updateTable('proxy_grants')
      .set({ status: 'revoked', ended_at: new Date() })
      .where('id', '=', grant!.grantId)
      .execute();
    await seedDemoData(db, logger);
    const { count } = await db
      .selectFrom('proxy_grants')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('caregiver_id', '=', sofia.id)
      .executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });
});
