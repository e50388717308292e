import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessHistoryPage, Account, AuditSearchPage } from '@carecircle/core';
import { createAccount } from '../identity/accounts.service.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, uniqueEmail } from '../../test/factories.ts';
import { signIn } from '../../test/oauth.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { recordAudit } from './audit.service.ts';

const PASSWORD = 'a long and private passphrase';
let app: TestApp;
let maria: Account;
let sofia: Account;
let priya: Account;
let mariaToken: string;

beforeAll(async () => {
  app = await startTestApp();
  const { db } = app.database;
  maria = await buildPatient(db, { name: 'Maria Test', password: PASSWORD });
  sofia = await buildPatient(db, { name: 'Sofia Test', roles: ['caregiver'] });
  priya = await buildPatient(db, { name: 'Priya Test' });
  mariaToken = (await signIn(app.url, { email: maria.email, password: PASSWORD })).access_token;
  const base = { outcome: 'success' as const, ip: '192.0.2.7', userAgent: 'Test browser' };
  await recordAudit(db, {
    ...base,
    action: 'appointments.read',
    actorId: sofia.id,
    onBehalfOfId: maria.id,
    patientId: maria.id,
  });
  await recordAudit(db, {
    ...base,
    action: 'records.read',
    actorId: maria.id,
    patientId: maria.id,
  });
  await recordAudit(db, {
    ...base,
    action: 'records.read',
    actorId: sofia.id,
    patientId: priya.id,
    outcome: 'denied',
  });
});
afterAll(async () => {
  await app.close();
});

const get = (path: string, token?: string) =>
  fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/v1/me/access-history', () => {
  it('needs a signed-in person and a sane page', async () => {
    expect((await get('/api/v1/me/access-history')).status).toBe(401);
    expect((await get('/api/v1/me/access-history?limit=0', mariaToken)).status).toBe(400);
    expect((await get('/api/v1/me/access-history?before=abc', mariaToken)).status).toBe(400);
  });

  it('shows who touched my data, in plain terms, and nothing about anyone else', async () => {
    const res = await get('/api/v1/me/access-history', mariaToken);
    expect(res.status).toBe(200);
    const page = (await res.json()) as AccessHistoryPage;
    expect(page.nextBefore).toBeNull();
    expect(page.items).toEqual([
      expect.objectContaining({
        action: 'records.read',
        actor: { id: maria.id, name: 'Maria Test' },
        actorIsYou: true,
        actingForYou: false,
      }),
      expect.objectContaining({
        action: 'appointments.read',
        outcome: 'success',
        actor: { id: sofia.id, name: 'Sofia Test' },
        actorIsYou: false,
        actingForYou: true,
      }),
    ]);
    // The people who looked are not tracked back to their devices.
    expect(JSON.stringify(page)).not.toMatch(/192\.0\.2\.7|Test browser/);
  });

  it('pages with before', async () => {
    const first = (await (
      await get('/api/v1/me/access-history?limit=1', mariaToken)
    ).json()) as AccessHistoryPage;
    expect(first.items).toHaveLength(1);
    expect(first.nextBefore).toBe(first.items[0]!.id);
    const second = (await (
      await get(`/api/v1/me/access-history?limit=1&before=${first.nextBefore}`, mariaToken)
    ).json()) as AccessHistoryPage;
    expect(second.items.map((e) => e.action)).toEqual(['appointments.read']);
  });
});

describe('GET /api/v1/audit-events (auditors)', () => {
  it('is only for auditors: 401, then 403 for patients and for admins without the role', async () => {
    expect((await get('/api/v1/audit-events')).status).toBe(401);
    expect((await get('/api/v1/audit-events', mariaToken)).status).toBe(403);
    const admin = await createAccount(
      app.database.db,
      { email: uniqueEmail('admin'), password: PASSWORD, name: 'Admin', roles: ['admin'] },
      { verified: true },
    );
    expect((await get('/api/v1/audit-events', await accessTokenFor(app, admin.id))).status).toBe(
      403,
    );
  });

  it('searches by actor, patient, action and time, with names, and audits the search', async () => {
    const auditor = await createAccount(app.database.db, {
      email: uniqueEmail('auditor'),
      password: PASSWORD,
      name: 'Ada Auditor',
      roles: ['auditor'],
    });
    const token = (await signIn(app.url, { email: auditor.email, password: PASSWORD }))
      .access_token;
    const search = async (qs: string) => {
      const res = await get(`/api/v1/audit-events?${qs}`, token);
      expect(res.status, qs).toBe(200);
      return ((await res.json()) as AuditSearchPage).items;
    };
    const bySofia = await search(`actorId=${sofia.id}`);
    expect(bySofia.map((e) => [e.action, e.patient?.name])).toEqual([
      ['records.read', 'Priya Test'],
      ['appointments.read', 'Maria Test'],
    ]);
    expect(bySofia[1]).toMatchObject({
      actor: { name: 'Sofia Test' },
      onBehalfOf: { name: 'Maria Test' },
      ip: '192.0.2.7',
    });
    expect((await search(`patientId=${priya.id}`)).map((e) => e.outcome)).toEqual(['denied']);
    expect((await search(`actorId=${sofia.id}&action=appointments.`)).map((e) => e.action)).toEqual(
      ['appointments.read'],
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await search(`actorId=${sofia.id}&from=${encodeURIComponent(future)}`)).toEqual([]);
    expect((await get('/api/v1/audit-events?action=DROP TABLE', token)).status).toBe(400);

    const own = await search(`actorId=${auditor.id}&action=audit.search`);
    expect(own.length).toBeGreaterThanOrEqual(4);
  });
});
