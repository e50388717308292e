import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, GrantScope, Role } from '@carecircle/core';
import { createTestDatabase } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { createDatabase, type DatabaseHandle } from '../platform/db.ts';
import { HttpError } from '../platform/errors.ts';
import { createLogger } from '../platform/logger.ts';
import { runWithContext, type Actor } from '../platform/request-context.ts';
import { assertCan, assertCanActFor, can, recordAuditAs, resolveActingFor } from './access.ts';
import { listAuditEventsForPatient } from './audit.service.ts';
import { grantProxyAccess, revokeGrant } from './grants.service.ts';

const logger = createLogger({ logLevel: 'silent' });
let database: DatabaseHandle;
const db = () => database.db;

beforeAll(async () => {
  database = createDatabase(await createTestDatabase(), logger, 5);
});
afterAll(async () => {
  await database.close();
});

const actorOf = (account: Pick<Account, 'id'>, roles: Role[] = ['patient']): Actor => ({
  id: account.id,
  roles,
  clientId: 'test',
  scopes: ['api'],
});

async function caregiverOf(
  patient: Account,
  scopes: GrantScope[],
  endsAt: Date | null = null,
): Promise<{ caregiver: Account; actor: Actor }> {
  const caregiver = await buildPatient(db(), { name: 'Test Caregiver', roles: ['caregiver'] });
  await grantProxyAccess(db(), {
    patientId: patient.id,
    caregiverId: caregiver.id,
    scopes,
    endsAt,
  });
  return { caregiver, actor: actorOf(caregiver, ['caregiver']) };
}

async function statusOf(promise: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
}

const inRequest = <T>(fn: () => Promise<T>) =>
  runWithContext({ requestId: `req-${randomUUID()}`, logger }, fn);

describe('can: the patient', () => {
  it('may do everything with their own data, and nothing with another patient’s', async () => {
    const maria = await buildPatient(db());
    const priya = await buildPatient(db());
    const me = actorOf(maria);
    for (const action of [
      'appointments:read',
      'appointments:manage',
      'records:read',
      'records:write',
      'medications:read',
      'messages:providers',
      'grants:manage',
      'audit:read-own',
    ] as const) {
      expect(await can(db(), me, action, { patientId: maria.id }), action).toBe(true);
      expect(await can(db(), me, action, { patientId: priya.id }), action).toBe(false);
    }
    expect(await can(db(), me, 'accounts:admin')).toBe(false);
    // Other patients' data: 404, so existence is not revealed. Own: 403.
    expect(await statusOf(assertCan(db(), me, 'records:read', { patientId: priya.id }))).toBe(404);
    expect(await statusOf(assertCan(db(), me, 'accounts:admin'))).toBe(403);
    // No subject, or not an id: refused.
    expect(await can(db(), me, 'records:read')).toBe(false);
    expect(await can(db(), me, 'records:read', { patientId: 'not-a-uuid' })).toBe(false);
  });
});

describe('can: a caregiver with a proxy grant', () => {
  it('may act within the granted scopes and not outside them', async () => {
    const maria = await buildPatient(db());
    const { actor } = await caregiverOf(maria, ['appointments:manage', 'medications:read']);
    const subject = { patientId: maria.id };
    expect(await can(db(), actor, 'appointments:manage', subject)).toBe(true);
    // Managing appointments includes seeing them.
    expect(await can(db(), actor, 'appointments:read', subject)).toBe(true);
    expect(await can(db(), actor, 'medications:read', subject)).toBe(true);
    expect(await can(db(), actor, 'records:read', subject)).toBe(false);
    expect(await can(db(), actor, 'messages:providers', subject)).toBe(false);
    // Never through a grant: writing records, managing the patient's sharing, their audit log.
    expect(await can(db(), actor, 'records:write', subject)).toBe(false);
    expect(await can(db(), actor, 'grants:manage', subject)).toBe(false);
    expect(await can(db(), actor, 'audit:read-own', subject)).toBe(false);
    expect(await statusOf(assertCan(db(), actor, 'records:read', subject))).toBe(404);
  });

  it('is refused for another patient than the one who granted', async () => {
    const maria = await buildPatient(db());
    const priya = await buildPatient(db());
    const { actor } = await caregiverOf(maria, ['records:read']);
    expect(await can(db(), actor, 'records:read', { patientId: priya.id })).toBe(false);
    expect(await statusOf(resolveActingFor(db(), actor, priya.id))).toBe(404);
  });

  it('is refused once the grant has expired', async () => {
    const maria = await buildPatient(db());
    const { actor } = await caregiverOf(maria, ['records:read'], new Date(Date.now() - 1000));
    expect(await can(db(), actor, 'records:read', { patientId: maria.id })).toBe(false);
    const soon = await caregiverOf(maria, ['records:read'], new Date(Date.now() + 60_000));
    expect(await can(db(), soon.actor, 'records:read', { patientId: maria.id })).toBe(true);
  });

  it('is refused with the very next request after the patient revokes', async () => {
    const maria = await buildPatient(db());
    const { caregiver, actor } = await caregiverOf(maria, ['records:read']);
    const [grant] = await database.db
      .selectFrom('proxy_grants')
      .select('id')
      .where('caregiver_id', '=', caregiver.id)
      .execute();
    expect(await inRequest(() => can(db(), actor, 'records:read', { patientId: maria.id }))).toBe(
      true,
    );
    await inRequest(() => revokeGrant(db(), actorOf(maria), grant!.id));
    expect(await inRequest(() => can(db(), actor, 'records:read', { patientId: maria.id }))).toBe(
      false,
    );
  });

  it('looks the grant up once per request (memoised in the request context)', async () => {
    const maria = await buildPatient(db());
    const { caregiver, actor } = await caregiverOf(maria, ['records:read']);
    await inRequest(async () => {
      expect(await can(db(), actor, 'records:read', { patientId: maria.id })).toBe(true);
      // Changed behind the request's back: the same request keeps its answer...
      await database.db
        .updateTable('proxy_grants')
        .set({ status: 'revoked', ended_at: new Date() })
        .where('caregiver_id', '=', caregiver.id)
        .execute();
      expect(await can(db(), actor, 'records:read', { patientId: maria.id })).toBe(true);
    });
    // ...and the next one sees the change.
    expect(await inRequest(() => can(db(), actor, 'records:read', { patientId: maria.id }))).toBe(
      false,
    );
  });
});

describe('can: admins and providers', () => {
  it('lets admins administer accounts but never read health data', async () => {
    const maria = await buildPatient(db());
    const sam = await buildPatient(db(), { roles: ['admin'] });
    const admin = actorOf(sam, ['admin']);
    expect(await can(db(), admin, 'accounts:admin')).toBe(true);
    expect(await can(db(), admin, 'records:read', { patientId: maria.id })).toBe(false);
    expect(await can(db(), admin, 'appointments:read', { patientId: maria.id })).toBe(false);
  });

  it('gives providers nothing until care relationships exist (issue 4)', async () => {
    const maria = await buildPatient(db());
    const chen = await buildProvider(db());
    expect(
      await can(db(), actorOf(chen, ['provider']), 'records:read', { patientId: maria.id }),
    ).toBe(false);
  });
});

describe('acting for', () => {
  it('resolves X-Acting-For against grants and attributes the audit to caregiver for patient', async () => {
    const maria = await buildPatient(db());
    const { caregiver, actor } = await caregiverOf(maria, ['appointments:read']);
    // No header, or one's own id: acting for oneself.
    expect(await resolveActingFor(db(), actor, undefined)).toEqual({
      actorId: caregiver.id,
      patientId: caregiver.id,
      viaGrantId: null,
    });
    expect((await resolveActingFor(db(), actor, caregiver.id)).viaGrantId).toBeNull();
    expect(await statusOf(resolveActingFor(db(), actor, 'nobody'))).toBe(400);

    const as = await assertCanActFor(db(), actor, maria.id.toUpperCase(), 'appointments:read');
    expect(as).toMatchObject({ actorId: caregiver.id, patientId: maria.id });
    expect(as.viaGrantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await statusOf(assertCanActFor(db(), actor, maria.id, 'records:read'))).toBe(404);

    await recordAuditAs(db(), as, { action: 'appointments.read', outcome: 'success' });
    const events = await listAuditEventsForPatient(db(), maria.id, {});
    expect(events.find((e) => e.action === 'appointments.read')).toMatchObject({
      actorId: caregiver.id,
      onBehalfOfId: maria.id,
      patientId: maria.id,
      details: { grantId: as.viaGrantId },
    });
    // The refusal was recorded too.
    expect(events.find((e) => e.action === 'access.check')).toMatchObject({
      outcome: 'denied',
      actorId: caregiver.id,
      patientId: maria.id,
      details: { action: 'records:read' },
    });
  });

  it('refuses to act for someone who granted nothing, and records the attempt', async () => {
    const maria = await buildPatient(db());
    const stranger = await buildPatient(db());
    expect(await statusOf(resolveActingFor(db(), actorOf(stranger), maria.id))).toBe(404);
    const [event] = await listAuditEventsForPatient(db(), maria.id, {});
    expect(event).toMatchObject({
      action: 'access.acting-for',
      outcome: 'denied',
      actorId: stranger.id,
    });
  });
});
