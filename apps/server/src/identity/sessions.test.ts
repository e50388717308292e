import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, SignedInSessionList } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { signIn, tokenRequest, type Tokens } from '../../test/oauth.ts';
import { createLogger } from '../platform/logger.ts';
import { issueToken } from './account-tokens.ts';
import { confirmPasswordReset } from './password-reset.service.ts';

const PASSWORD = 'a long and private passphrase';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const api = (path: string, token?: string, method = 'GET') =>
  fetch(`${app.url}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const list = async (token: string) =>
  ((await (await api('/api/v1/me/sessions', token)).json()) as SignedInSessionList).items;
const refresh = (t: Tokens) =>
  tokenRequest(app.url, { grant_type: 'refresh_token', refresh_token: t.refresh_token });

async function personSignedInTwice(): Promise<[Account, Tokens, Tokens]> {
  const person = await buildPatient(app.database.db, { password: PASSWORD });
  const laptop = await signIn(app.url, { email: person.email, password: PASSWORD });
  const phone = await signIn(app.url, { email: person.email, password: PASSWORD });
  return [person, laptop, phone];
}

describe('where you are signed in', () => {
  it('needs a signed-in person', async () => {
    expect((await api('/api/v1/me/sessions')).status).toBe(401);
    expect((await api('/api/v1/me/sessions/x', undefined, 'DELETE')).status).toBe(401);
    expect((await api('/api/v1/me/sessions/revoke-others', undefined, 'POST')).status).toBe(401);
  });

  it('lists each sign-in with its app and times, marking the current one', async () => {
    const [, laptop] = await personSignedInTwice();
    const items = await list(laptop.access_token);
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items[0]).toMatchObject({
      current: true,
      clientId: 'carecircle-web',
      clientName: 'CareCircle (web)',
    });
    expect(items[0]!.signedInAt).toMatch(/^\d{4}-/);
    // Nothing secret: no session cookie values, no tokens.
    expect(JSON.stringify(items)).not.toContain(laptop.refresh_token);
  });

  it('shows only my own sign-ins, and cannot end someone else’s', async () => {
    const [, mine] = await personSignedInTwice();
    const [, theirs] = await personSignedInTwice();
    const mineIds = (await list(mine.access_token)).map((s) => s.id);
    const theirIds = (await list(theirs.access_token)).map((s) => s.id);
    expect(mineIds.some((id) => theirIds.includes(id))).toBe(false);
    const res = await api(`/api/v1/me/sessions/${theirIds[0]}`, mine.access_token, 'DELETE');
    expect(res.status).toBe(404);
    expect((await refresh(theirs)).status).toBe(200);
  });

  it('ends one sign-in: its refresh token stops working, the other keeps going', async () => {
    const [, laptop, phone] = await personSignedInTwice();
    const phoneSession = (await list(phone.access_token)).find((s) => s.current)!;
    const res = await api(`/api/v1/me/sessions/${phoneSession.id}`, laptop.access_token, 'DELETE');
    expect(res.status).toBe(204);
    const dead = await refresh(phone);
    expect(dead.status).toBe(400);
    expect(dead.body.error).toBe('invalid_grant');
    expect((await refresh(laptop)).status).toBe(200);
    expect((await list(laptop.access_token)).map((s) => s.id)).not.toContain(phoneSession.id);
    const again = await api(
      `/api/v1/me/sessions/${phoneSession.id}`,
      laptop.access_token,
      'DELETE',
    );
    expect(again.status).toBe(404);
  });

  it('signs out everywhere else, keeping this sign-in', async () => {
    const [person, laptop, phone] = await personSignedInTwice();
    const third = await signIn(app.url, { email: person.email, password: PASSWORD });
    const res = await api('/api/v1/me/sessions/revoke-others', laptop.access_token, 'POST');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ revoked: 2 });
    expect((await refresh(phone)).body.error).toBe('invalid_grant');
    expect((await refresh(third)).body.error).toBe('invalid_grant');
    const kept = await refresh(laptop);
    expect(kept.status).toBe(200);
    const items = await list(kept.body.access_token);
    expect(items).toHaveLength(1);
    expect(items[0]!.current).toBe(true);
    const audit = await app.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('actor_id', '=', person.id)
      .where('action', '=', 'session.revoke_others')
      .execute();
    expect(audit).toEqual([{ action: 'session.revoke_others', details: { ended: 2 } }]);
  });
});

describe('a password reset', () => {
  it('ends every sign-in of the person', async () => {
    const [person, laptop, phone] = await personSignedInTwice();
    const token = await issueToken(app.database.db, person.id, 'reset_password');
    await confirmPasswordReset(
      { database: app.database, logger: createLogger({ logLevel: 'silent' }) },
      { token, password: 'a brand new private passphrase' },
    );
    for (const t of [laptop, phone]) expect((await refresh(t)).body.error).toBe('invalid_grant');
    const left = await app.database.db
      .selectFrom('oidc_payloads')
      .select('model')
      .where('account_id', '=', person.id)
      .execute();
    expect(left).toEqual([]);
  });
});
