import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, BreakGlassAccess, CareShare } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import type { Actor } from '../platform/request-context.ts';
import { can } from './access.ts';
import { listAuditEventsForPatient } from './audit.service.ts';
import { grantProxyAccess } from './grants.service.ts';

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
  actor: Actor;
}

async function asPerson(account: Account): Promise<Person> {
  return {
    account,
    token: await accessTokenFor(app, account.id),
    actor: { id: account.id, roles: account.roles, clientId: 'carecircle-web', scopes: [] },
  };
}

const patient = async (overrides: Partial<Parameters<typeof buildPatient>[1]> = {}) =>
  asPerson(await buildPatient(app.database.db, overrides));
const provider = async (verified = true) =>
  asPerson(await buildProvider(app.database.db, { verified }));

async function api<T = unknown>(
  who: Person | undefined,
  method: string,
  path: string,
  options: { body?: unknown; actingFor?: string } = {},
): Promise<{ status: number; body: T }> {
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
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const canRead = (
  who: Person,
  patientId: string,
  action: Parameters<typeof can>[2] = 'records:read',
) => can(app.database.db, who.actor, action, { patientId });

describe('care shares', () => {
  it('lets a provider read once the patient shares, and no longer once the share ends', async () => {
    const p = await patient();
    const dr = await provider();
    expect(await canRead(dr, p.account.id)).toBe(false);

    const created = await api<CareShare>(p, 'POST', '/api/v1/care-shares', {
      body: { providerId: dr.account.id },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.provider).toEqual({ id: dr.account.id, name: dr.account.name });

    // Idempotent: sharing again returns the same share.
    const again = await api<CareShare>(p, 'POST', '/api/v1/care-shares', {
      body: { providerId: dr.account.id },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(created.body.id);

    const list = await api<{ items: CareShare[] }>(p, 'GET', '/api/v1/care-shares');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => s.id)).toEqual([created.body.id]);

    expect(await canRead(dr, p.account.id)).toBe(true);
    expect(await canRead(dr, p.account.id, 'appointments:read')).toBe(true);
    expect(await canRead(dr, p.account.id, 'medications:read')).toBe(true);
    // A share lets the provider add to the record (results, prescriptions, notes), never manage
    // the patient's sharing.
    expect(await canRead(dr, p.account.id, 'records:write')).toBe(true);
    expect(await canRead(dr, p.account.id, 'grants:manage')).toBe(false);
    expect(await canRead(dr, p.account.id, 'messages:providers')).toBe(false);

    // Another provider is still a stranger.
    expect(await canRead(await provider(), p.account.id)).toBe(false);

    const ended = await api(p, 'DELETE', `/api/v1/care-shares/${created.body.id}`);
    expect(ended.status).toBe(204);
    expect(await canRead(dr, p.account.id)).toBe(false);
    expect((await api(p, 'DELETE', `/api/v1/care-shares/${created.body.id}`)).status).toBe(404);
    const after = await api<{ items: CareShare[] }>(p, 'GET', '/api/v1/care-shares');
    expect(after.body.items).toEqual([]);

    const audit = await listAuditEventsForPatient(app.database.db, p.account.id, {});
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['care.share', 'care.share.end']),
    );
  });

  it('shares only with an active provider', async () => {
    const p = await patient();
    const other = await patient();
    const unverified = await provider(false);
    for (const providerId of [other.account.id, unverified.account.id, p.account.id]) {
      const res = await api<{ errors: { path: string }[] }>(p, 'POST', '/api/v1/care-shares', {
        body: { providerId },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e) => e.path)).toContain('body.providerId');
    }
  });

  it("keeps one patient's shares from everyone else", async () => {
    const p = await patient();
    const dr = await provider();
    const stranger = await patient();
    const share = await api<CareShare>(p, 'POST', '/api/v1/care-shares', {
      body: { providerId: dr.account.id },
    });
    expect((await api(stranger, 'DELETE', `/api/v1/care-shares/${share.body.id}`)).status).toBe(
      404,
    );
    expect((await api(dr, 'DELETE', `/api/v1/care-shares/${share.body.id}`)).status).toBe(404);
    // A caregiver, even with every scope, cannot share for the patient.
    const caregiver = await patient({ roles: ['caregiver'] });
    await grantProxyAccess(app.database.db, {
      patientId: p.account.id,
      caregiverId: caregiver.account.id,
      scopes: ['records:read', 'appointments:manage'],
    });
    const viaProxy = await api(caregiver, 'POST', '/api/v1/care-shares', {
      body: { providerId: dr.account.id },
      actingFor: p.account.id,
    });
    expect(viaProxy.status).toBe(404);
    expect(await canRead(dr, p.account.id)).toBe(true);
  });
});

describe('break-the-glass', () => {
  it('requires a reason (400 naming body.reason)', async () => {
    const p = await patient();
    const dr = await provider();
    for (const body of [
      { patientId: p.account.id },
      { patientId: p.account.id, reason: '' },
      { patientId: p.account.id, reason: '   short   ' },
    ]) {
      const res = await api<{ errors: { path: string }[] }>(dr, 'POST', '/api/v1/break-glass', {
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e) => e.path)).toContain('body.reason');
    }
    expect(await canRead(dr, p.account.id)).toBe(false);
  });

  it('is for providers only', async () => {
    const p = await patient();
    const other = await patient();
    const res = await api(other, 'POST', '/api/v1/break-glass', {
      body: { patientId: p.account.id, reason: 'Unconscious in the emergency room' },
    });
    expect(res.status).toBe(403);
    expect(await canRead(other, p.account.id)).toBe(false);
    const unknown = await api(await provider(), 'POST', '/api/v1/break-glass', {
      body: { patientId: crypto.randomUUID(), reason: 'Unconscious in the emergency room' },
    });
    expect(unknown.status).toBe(404);
  });

  it('gives 4 hours of read access, flagged in the audit log and e-mailed to the patient', async () => {
    const p = await patient({ locale: 'es' });
    const dr = await provider();
    const before = Date.now();
    const res = await api<BreakGlassAccess>(dr, 'POST', '/api/v1/break-glass', {
      body: { patientId: p.account.id, reason: 'Unconscious in the emergency room' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const expiresIn = new Date(res.body.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan(4 * 3600_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(4 * 3600_000 + 60_000);

    expect(await canRead(dr, p.account.id)).toBe(true);
    expect(await canRead(dr, p.account.id, 'records:write')).toBe(false);
    expect(await canRead(dr, p.account.id, 'grants:manage')).toBe(false);

    const audit = await listAuditEventsForPatient(app.database.db, p.account.id, {});
    const event = audit.find((e) => e.action === 'access.break_glass');
    expect(event).toBeDefined();
    expect(event!.outcome).toBe('success');
    expect(event!.reason).toBe('Unconscious in the emergency room');
    expect(event!.details).toMatchObject({ breakGlass: true });

    const mail = await app.database.db
      .selectFrom('dev_mailbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', p.account.email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/historial/);
    expect(mail.text_body).toContain(dr.account.name);
    // The reason (possibly about their health) stays out of the e-mail.
    expect(mail.text_body).not.toContain('Unconscious');

    // Once it has expired, the provider is refused again.
    await sql`
      UPDATE break_glass_accesses
         SET opened_at = now() - interval '4 hours 1 second', expires_at = now() - interval '1 second'
       WHERE id = ${res.body.id}
    `.execute(app.database.db);
    expect(await canRead(dr, p.account.id)).toBe(false);
  });
});
