import {
  parseSmartScopes,
  readActionsFor,
  smartAllows,
  smartCategoryFilter,
  type AccessAction,
  type RecordResourceType,
  type SmartInteraction,
} from '@carecircle/core';
import { assertCan, can, type ActingAs } from '../../access/access.ts';
import { API_SCOPE } from '../../identity/oidc.ts';
import type { Db } from '../../platform/db.ts';
import { currentContext, type Actor } from '../../platform/request-context.ts';
import { fhirBadRequest, fhirForbidden, fhirUnauthorized } from './fhir-errors.ts';

/**
 * Who may do what at the FHIR endpoint, in two layers that must both agree:
 * - the person, through `access/` (the same rules as the API: own data, a caregiver's grant, a
 *   provider's care relationship; others' data is 404);
 * - the app, through its SMART scopes: a first-party token (scope `api`) is not narrowed; any
 *   other is limited to its `patient/` (launch patient only) and `user/` resource scopes.
 */

/** The signed-in person, or 401 with a Bearer challenge. */
export function requireActor(): Actor {
  const actor = currentContext()?.actor;
  if (!actor) throw fhirUnauthorized();
  return actor;
}

const isFirstParty = (actor: Actor) => actor.scopes.includes(API_SCOPE);

function contextsFor(actor: Actor, patientId: string | undefined) {
  return patientId !== undefined && patientId === actor.smartPatient?.toLowerCase()
    ? (['patient', 'user'] as const)
    : (['user'] as const);
}

/**
 * 403 unless the token's scopes let the app do `interaction` on `type` (for this patient's data,
 * and a resource with these categories, when known).
 */
export function assertAppAllows(
  actor: Actor,
  type: string,
  interaction: SmartInteraction,
  options: { patientId?: string; categories?: readonly string[] } = {},
): void {
  if (isFirstParty(actor)) return;
  const scopes = parseSmartScopes(actor.scopes);
  const allowed = smartAllows(scopes, type, interaction, {
    contexts:
      options.patientId === undefined ? ['patient', 'user'] : contextsFor(actor, options.patientId),
    facts: options.categories ? { category: options.categories } : undefined,
  });
  if (!allowed) {
    throw fhirForbidden(
      `This app's access does not include ${interactionName[interaction]} ${type} resources${
        options.patientId !== undefined && actor.smartPatient ? ' of this patient' : ''
      }.`,
    );
  }
}

const interactionName: Record<SmartInteraction, string> = {
  c: 'creating',
  r: 'reading',
  u: 'updating',
  d: 'deleting',
  s: 'searching',
};

/** The categories a search must be limited to by the app's scopes; null when none. */
export function appCategoryFilter(
  actor: Actor,
  type: string,
  interaction: SmartInteraction,
): string[] | null {
  if (isFirstParty(actor)) return null;
  return smartCategoryFilter(parseSmartScopes(actor.scopes), type, interaction);
}

/**
 * Whose data a request without `patient` is about: a SMART app's launch patient, else the
 * signed-in patient themselves; a caregiver or provider must name the patient (400).
 */
export function defaultPatient(actor: Actor, parameter = 'patient'): string {
  if (actor.smartPatient) return actor.smartPatient.toLowerCase();
  if (actor.roles.includes('patient')) return actor.id.toLowerCase();
  throw fhirBadRequest(`Name the patient (${parameter}=Patient/{id}).`, parameter);
}

/**
 * The person may take any of `actions` on the patient's data (the last one is asked through
 * `assertCan`, so a refusal is the usual audited 404).
 */
export async function assertCanAny(
  db: Db,
  actor: Actor,
  actions: readonly AccessAction[],
  patientId: string,
): Promise<ActingAs> {
  for (const action of actions.slice(0, -1)) {
    if (await can(db, actor, action, { patientId })) {
      return assertCan(db, actor, action, { patientId });
    }
  }
  return assertCan(db, actor, actions.at(-1)!, { patientId });
}

export function assertCanRead(
  db: Db,
  actor: Actor,
  type: RecordResourceType,
  patientId: string,
): Promise<ActingAs> {
  return assertCanAny(db, actor, readActionsFor(type), patientId);
}

/**
 * The person may write the patient's record: 403 when they may see it but not change it (a
 * caregiver, a provider after break-the-glass), 404 when they may not even see it.
 */
export async function assertCanWrite(
  db: Db,
  actor: Actor,
  type: RecordResourceType,
  patientId: string,
): Promise<ActingAs> {
  if (await can(db, actor, 'records:write', { patientId })) {
    return assertCan(db, actor, 'records:write', { patientId });
  }
  for (const action of readActionsFor(type)) {
    if (await can(db, actor, action, { patientId })) {
      throw fhirForbidden('You may see this record but not change it.');
    }
  }
  return assertCan(db, actor, 'records:write', { patientId });
}
