import type { Resource } from '@medplum/fhirtypes';
import { assertCan, can, resolveActingFor, type ActingAs } from '../access/access.ts';
import type { Db } from '../platform/db.ts';
import { forbidden } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { readResource, type StoreContext } from '../records/record-store.ts';
import { toRecordEntry } from '../records/record-view.ts';

/**
 * Whose medications a request is about and what the actor may do with them, decided by
 * `access/` (this only asks it): reading takes `medications:read` or `records:read`, planning
 * and answering `medications:manage`. Others' data answers 404 (audited by `assertCan`); data
 * the actor may see but not manage, 403.
 */

export interface MedicationTarget {
  /** A caregiver or provider naming the patient (query `patientId`). */
  patientId?: string;
  /** The `X-Acting-For` header. */
  actingFor?: string;
}

export interface MedicationAccess {
  as: ActingAs;
  manage: boolean;
}

/** Access to one patient's medications (the patient is known: a schedule's or dose's). */
export async function medicationAccessTo(
  db: Db,
  actor: Actor,
  patientId: string,
  need: 'read' | 'manage',
): Promise<MedicationAccess> {
  const subject = { patientId };
  const [records, medications, manage] = await Promise.all([
    can(db, actor, 'records:read', subject),
    can(db, actor, 'medications:read', subject),
    can(db, actor, 'medications:manage', subject),
  ]);
  if (!records && !medications && !manage) {
    await assertCan(db, actor, 'medications:read', subject); // throws 404, audited
  }
  if (need === 'manage' && !manage) {
    throw forbidden('You can see these medicines but not plan them or answer doses.');
  }
  const as = await assertCan(
    db,
    actor,
    manage ? 'medications:manage' : medications ? 'medications:read' : 'records:read',
    subject,
  );
  return { as, manage };
}

/** Access from a request: `patientId`, else `X-Acting-For`, else the actor's own. */
export async function medicationAccess(
  db: Db,
  actor: Actor,
  target: MedicationTarget,
  need: 'read' | 'manage',
): Promise<MedicationAccess> {
  const patientId = target.patientId
    ? target.patientId.toLowerCase()
    : (await resolveActingFor(db, actor, target.actingFor)).patientId;
  return medicationAccessTo(db, actor, patientId, need);
}

export interface MedicationFacts {
  title: string;
  details: string | null;
  /** The record entry's status in words (active, stopped…); null when it is gone. */
  status: string | null;
}

/**
 * The medicine's title and details from the patient's encrypted record (never stored in
 * clear elsewhere, never logged). Memoized per call site through `cache`.
 */
export async function medicationFacts(
  store: StoreContext,
  patientId: string,
  ref: { medication_type: 'MedicationRequest' | 'MedicationStatement'; medication_id: string },
  cache?: Map<string, MedicationFacts | undefined>,
  options: { includeDeleted?: boolean } = { includeDeleted: true },
): Promise<MedicationFacts | undefined> {
  const key = `${ref.medication_type}/${ref.medication_id}`;
  if (cache?.has(key)) return cache.get(key);
  const stored = await readResource<Resource>(store, ref.medication_type, ref.medication_id, {
    patientId,
    includeDeleted: options.includeDeleted,
  });
  const facts = stored
    ? (() => {
        const entry = toRecordEntry(stored, new Map());
        return { title: entry.title, details: entry.details, status: entry.status };
      })()
    : undefined;
  cache?.set(key, facts);
  return facts;
}

/** What a schedule shows when its medication left the record. */
export const UNKNOWN_MEDICATION: MedicationFacts = {
  title: 'Medication',
  details: null,
  status: null,
};
