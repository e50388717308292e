import { grantScopeActions, type AccessAction, type GrantScope } from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { badRequest, forbidden, notFound } from '../platform/errors.ts';
import { currentContext, type Actor, type RequestContext } from '../platform/request-context.ts';
import { recordAudit, type AuditEventInput } from './audit.service.ts';
import { careRelationshipsRepo } from './care-relationships.repo.ts';
import { grantsRepo, type EffectiveGrant, type GrantedCaregiver } from './grants.repo.ts';
import { providersRepo } from '../scheduling/providers.repo.ts';

/**
 * The one place that decides who may do what with whose data (ARCHITECTURE.md §4):
 * - the patient, with their own data;
 * - a caregiver holding an active, accepted, unexpired, unrevoked proxy grant from the patient,
 *   within its scopes;
 * - a provider with a care relationship (the patient's share, a break-the-glass access, or a
 *   booked, checked-in or completed appointment with them), to read only;
 * - admins administer accounts and never read health data;
 * - a verified provider with a profile manages their own practice (`practice:manage`).
 * Other patients' data answers 404 (existence is not revealed); the actor's own, 403.
 */

/** Whose data an action is about. */
export interface AccessSubject {
  /** The patient whose data it is; required for every action on health data. */
  patientId?: string;
}

/**
 * Who does something for whom: `actorId` is the signed-in person, `patientId` whose data it is,
 * `viaGrantId` the proxy grant that allows it (null when the patient acts for themselves).
 * Services attribute everything to it ("caregiver X for patient Y").
 */
export interface ActingAs {
  actorId: string;
  patientId: string;
  viaGrantId: string | null;
}

/**
 * Actions never allowed through a caregiver's grant: the patient's own, and (records:write) a
 * treating provider's.
 */
const NEVER_BY_GRANT: ReadonlySet<AccessAction> = new Set([
  'records:write',
  'grants:manage',
  'audit:read-own',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per-request memo of grant look-ups: one indexed query per caregiver and patient per request. */
const grantCache = new WeakMap<RequestContext, Map<string, EffectiveGrant | null>>();

async function effectiveGrant(
  db: Db,
  caregiverId: string,
  patientId: string,
): Promise<EffectiveGrant | undefined> {
  const ctx = currentContext();
  const key = `${caregiverId}:${patientId}`;
  let memo = ctx ? grantCache.get(ctx) : undefined;
  if (memo?.has(key)) return memo.get(key) ?? undefined;
  const grant = await grantsRepo.findEffective(db, { caregiverId, patientId });
  if (ctx) {
    if (!memo) grantCache.set(ctx, (memo = new Map<string, EffectiveGrant | null>()));
    memo.set(key, grant ?? null);
  }
  return grant;
}

/** Forgets this request's memo of grants, after the request itself changed one. */
export function forgetCachedGrants(): void {
  const ctx = currentContext();
  if (ctx) grantCache.delete(ctx);
}

export function grantAllows(scopes: readonly GrantScope[], action: AccessAction): boolean {
  return scopes.some((scope) => grantScopeActions[scope].includes(action));
}

/**
 * What a care relationship lets a provider do with the patient's data: see it; an ongoing
 * relationship (share or appointment) also lets them add to the record (results, prescriptions,
 * notes). Break-the-glass is for seeing only. Never managing grants.
 */
const CARE_RELATIONSHIP_ACTIONS: ReadonlySet<AccessAction> = new Set([
  'records:read',
  'appointments:read',
  'medications:read',
  'records:write',
]);
const ONGOING_ONLY_ACTIONS: ReadonlySet<AccessAction> = new Set(['records:write']);

type Relationship = { ongoing: boolean; emergency: boolean };

/** Per-request memo of relationship look-ups: one indexed query per provider and patient. */
const relationshipCache = new WeakMap<RequestContext, Map<string, Relationship>>();

/**
 * Whether this provider has a care relationship with the patient that allows `action`: the
 * patient's active, explicit share (care_shares), or a booked, checked-in or completed
 * appointment with the provider (any time) — ongoing; or the provider's unexpired
 * break-the-glass access (break_glass_accesses, 4 hours, audited and notified) — emergency,
 * read only.
 */
export async function providerHasCareRelationship(
  db: Db,
  providerId: string,
  patientId: string,
  action: AccessAction,
): Promise<boolean> {
  if (!CARE_RELATIONSHIP_ACTIONS.has(action)) return false;
  const ctx = currentContext();
  const key = `${providerId}:${patientId}`;
  let memo = ctx ? relationshipCache.get(ctx) : undefined;
  let related = memo?.get(key);
  if (related === undefined) {
    related = await careRelationshipsRepo.relationship(db, { providerId, patientId });
    if (ctx) {
      if (!memo) relationshipCache.set(ctx, (memo = new Map<string, Relationship>()));
      memo.set(key, related);
    }
  }
  return ONGOING_ONLY_ACTIONS.has(action) ? related.ongoing : related.ongoing || related.emergency;
}

/**
 * When a provider sees this patient's data only through break-the-glass (no share, no
 * appointment), the moment that emergency access ends; null otherwise.
 */
export async function emergencyAccessUntil(
  db: Db,
  actor: Actor,
  patientId: string,
): Promise<Date | null> {
  if (!actor.roles.includes('provider') || actor.id === patientId) return null;
  const related = await careRelationshipsRepo.relationship(db, {
    providerId: actor.id,
    patientId,
  });
  if (related.ongoing || !related.emergency) return null;
  return (
    (await careRelationshipsRepo.breakGlassExpiry(db, { providerId: actor.id, patientId })) ?? null
  );
}

/** Forgets this request's memo of care relationships, after the request itself changed one. */
export function forgetCachedRelationships(): void {
  const ctx = currentContext();
  if (ctx) relationshipCache.delete(ctx);
}

/**
 * Why the actor may not manage a practice (`practice:manage`: their own provider profile,
 * appointment types and availability), or null when they may: only an account with the provider
 * role that an admin has verified (status active) and that has a provider profile. With
 * `profileMayBeMissing`, a verified provider without a profile yet may go ahead (to create it).
 * The refusal is a sentence for the person (403 detail).
 */
export async function practiceRefusal(
  db: Db,
  actor: Actor,
  options: { profileMayBeMissing?: boolean } = {},
): Promise<string | null> {
  if (!actor.roles.includes('provider')) return 'Only providers have a practice to manage.';
  const state = await providersRepo.practiceStatus(db, actor.id);
  if (state?.status === 'pending') {
    return 'Your provider account is waiting for verification. You can set up your practice once an administrator has verified it.';
  }
  if (state?.status !== 'active') return 'This account cannot manage a practice right now.';
  if (!state.hasProfile && !options.profileMayBeMissing) {
    return 'Set up your provider profile (specialty, clinic and time zone) first.';
  }
  return null;
}

/**
 * `assertCan(db, actor, 'practice:manage')` with the option to allow a verified provider that
 * has no profile yet (creating it). Throws 403 with the reason; returns the provider's id.
 */
export async function assertCanManagePractice(
  db: Db,
  actor: Actor,
  options: { profileMayBeMissing?: boolean } = {},
): Promise<string> {
  const refusal = await practiceRefusal(db, actor, options);
  if (refusal) throw forbidden(refusal);
  return actor.id;
}

type Decision = { allowed: true; as: ActingAs } | { allowed: false };

async function decide(
  db: Db,
  actor: Actor,
  action: AccessAction,
  subject: AccessSubject,
): Promise<Decision> {
  if (action === 'practice:manage') {
    // About the actor's own practice, never a patient's data.
    return (await practiceRefusal(db, actor)) === null
      ? { allowed: true, as: { actorId: actor.id, patientId: actor.id, viaGrantId: null } }
      : { allowed: false };
  }
  if (action === 'accounts:admin') {
    return actor.roles.includes('admin')
      ? { allowed: true, as: { actorId: actor.id, patientId: actor.id, viaGrantId: null } }
      : { allowed: false };
  }
  const patientId = subject.patientId?.toLowerCase();
  if (!patientId || !UUID.test(patientId)) return { allowed: false };
  if (patientId === actor.id.toLowerCase()) {
    return { allowed: true, as: { actorId: actor.id, patientId, viaGrantId: null } };
  }
  if (action === 'grants:manage' || action === 'audit:read-own') return { allowed: false };
  // Admin is deliberately not a way in: admins never read health data.
  const grant = NEVER_BY_GRANT.has(action)
    ? undefined
    : await effectiveGrant(db, actor.id, patientId);
  if (grant && grantAllows(grant.scopes, action)) {
    return { allowed: true, as: { actorId: actor.id, patientId, viaGrantId: grant.id } };
  }
  if (
    actor.roles.includes('provider') &&
    (await providerHasCareRelationship(db, actor.id, patientId, action))
  ) {
    return { allowed: true, as: { actorId: actor.id, patientId, viaGrantId: null } };
  }
  return { allowed: false };
}

/** Whether `actor` may take `action` on `subject`. */
export async function can(
  db: Db,
  actor: Actor,
  action: AccessAction,
  subject: AccessSubject = {},
): Promise<boolean> {
  return (await decide(db, actor, action, subject)).allowed;
}

/**
 * Like `can`, but throws when not allowed: 404 for another person's data (existence is not
 * revealed), 403 for the actor's own (e.g. an admin-only action). A refusal to touch another
 * person's data is written to the audit log. Returns who acts for whom.
 */
export async function assertCan(
  db: Db,
  actor: Actor,
  action: AccessAction,
  subject: AccessSubject = {},
): Promise<ActingAs> {
  if (action === 'practice:manage') {
    await assertCanManagePractice(db, actor);
    return { actorId: actor.id, patientId: actor.id, viaGrantId: null };
  }
  const decision = await decide(db, actor, action, subject);
  if (decision.allowed) return decision.as;
  const patientId = subject.patientId?.toLowerCase();
  if (!patientId || patientId === actor.id.toLowerCase()) throw forbidden();
  if (UUID.test(patientId)) {
    await recordAudit(db, {
      action: 'access.check',
      outcome: 'denied',
      actorId: actor.id,
      patientId,
      details: { action },
    });
  }
  throw notFound();
}

/**
 * For lists: everyone whose data the actor may take `action` on as themselves or through a proxy
 * grant — the actor (as a patient) first, then each patient whose active, unexpired grant allows
 * it, with the grant that does (for `recordAuditAs`). Single records go through `assertCan`.
 */
export async function actingAsForAll(
  db: Db,
  actor: Actor,
  action: AccessAction,
): Promise<ActingAs[]> {
  const grants = await grantsRepo.listForCaregiver(db, { caregiverId: actor.id });
  return [
    { actorId: actor.id, patientId: actor.id, viaGrantId: null },
    ...grants
      .filter((g) => g.patient_id !== actor.id && grantAllows(g.scopes, action))
      .map((g) => ({ actorId: actor.id, patientId: g.patient_id, viaGrantId: g.id })),
  ];
}

/**
 * Resolves whom the actor acts for from the `X-Acting-For` header (or a contract's `patientId`
 * field): nobody named, or themselves → their own data; someone else → they must hold an active
 * grant from that patient (any scope; each action is still checked with `assertCan`), otherwise
 * 404 as if the patient did not exist.
 */
export async function resolveActingFor(
  db: Db,
  actor: Actor,
  requested: string | undefined,
): Promise<ActingAs> {
  const value = requested?.trim();
  if (!value || value.toLowerCase() === actor.id.toLowerCase()) {
    return { actorId: actor.id, patientId: actor.id, viaGrantId: null };
  }
  if (!UUID.test(value)) throw badRequest('X-Acting-For must be the id of a patient.');
  const patientId = value.toLowerCase();
  const grant = await effectiveGrant(db, actor.id, patientId);
  if (!grant) {
    await recordAudit(db, {
      action: 'access.acting-for',
      outcome: 'denied',
      actorId: actor.id,
      patientId,
    });
    throw notFound('You cannot act for this person.');
  }
  return { actorId: actor.id, patientId, viaGrantId: grant.id };
}

/**
 * Checks an action for whom the actor acts for: `resolveActingFor` then `assertCan` on that
 * patient. What every route touching a patient's data calls first.
 */
export async function assertCanActFor(
  db: Db,
  actor: Actor,
  requested: string | undefined,
  action: AccessAction,
): Promise<ActingAs> {
  const acting = await resolveActingFor(db, actor, requested);
  return assertCan(db, actor, action, { patientId: acting.patientId });
}

/**
 * Records an audit event attributed to "actor for patient": the caregiver is the actor, the
 * patient both the one acted for and whose data it is, and the grant is named in the details.
 */
export function recordAuditAs(
  db: Db,
  as: ActingAs,
  event: Omit<AuditEventInput, 'actorId' | 'onBehalfOfId' | 'patientId'>,
): Promise<void> {
  return recordAudit(db, {
    ...event,
    actorId: as.actorId,
    onBehalfOfId: as.viaGrantId ? as.patientId : null,
    patientId: as.patientId,
    details: { ...event.details, ...(as.viaGrantId ? { grantId: as.viaGrantId } : {}) },
  });
}

/**
 * The caregivers whose grant from the patient allows `action` now: who is told about the
 * patient's appointments, doses or results. The one place that answers it for every feature.
 */
export async function caregiversAllowed(
  db: Db,
  patientId: string,
  action: AccessAction,
): Promise<GrantedCaregiver[]> {
  const out: GrantedCaregiver[] = [];
  for (const c of await grantsRepo.caregiversOf(db, patientId)) {
    if (c.id === patientId || !grantAllows(c.scopes, action)) continue;
    const actor: Actor = { id: c.id, roles: c.roles, clientId: 'notifications', scopes: [] };
    if (await can(db, actor, action, { patientId })) out.push(c);
  }
  return out;
}
