import { ACTING_FOR_HEADER, readActionsFor, type RecordResourceType } from '@carecircle/core';
import type { Request } from 'express';
import { assertCan, can, resolveActingFor, type ActingAs } from '../access/access.ts';
import type { Db } from '../platform/db.ts';
import { forbidden } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';

/**
 * Whose record a request is about, and what the actor may do with it — decided by `access/`
 * (this only asks it): `patientId` from the query (a provider's chart), else `X-Acting-For`
 * (a caregiver), else the actor's own record.
 */
export interface RecordAccess {
  /** Who acts for whom (for the store and the audit log). */
  as: ActingAs;
  /** Everything in the record (`records:read`). */
  records: boolean;
  /** Medications at least (`records:read` or `medications:read`). */
  medications: boolean;
  /** Adding and changing entries (`records:write`). */
  write: boolean;
}

/**
 * Resolves the record and the actor's rights on it. Refuses (404 for others' data, audited, like
 * `assertCan`) when the actor may not see any of it; with `need: 'write'`, 403 when they may see
 * it but not add to it.
 */
export async function recordAccess(
  db: Db,
  actor: Actor,
  req: Pick<Request, 'get'>,
  query: { patientId?: string },
  need: 'read' | 'write' = 'read',
): Promise<RecordAccess> {
  const patientId = query.patientId
    ? query.patientId.toLowerCase()
    : (await resolveActingFor(db, actor, req.get(ACTING_FOR_HEADER))).patientId;
  const subject = { patientId };
  const [records, medicationsOnly, write] = await Promise.all([
    can(db, actor, 'records:read', subject),
    can(db, actor, 'medications:read', subject),
    can(db, actor, 'records:write', subject),
  ]);
  const medications = records || medicationsOnly;
  if (!medications && !write) {
    // Not theirs to see: 404 (and the refusal audited) from the one authorization module.
    await assertCan(db, actor, 'records:read', subject);
  }
  if (need === 'write' && !write) {
    throw forbidden('You can see this record but not add to it or change it.');
  }
  const as = await assertCan(
    db,
    actor,
    write ? 'records:write' : records ? 'records:read' : 'medications:read',
    subject,
  );
  return { as, records, medications, write };
}

/** Whether this access may read resources of `type` (medications with a medications grant). */
export function mayRead(access: RecordAccess, type: RecordResourceType): boolean {
  return readActionsFor(type).some((action) =>
    action === 'records:read'
      ? access.records
      : action === 'medications:read' && access.medications,
  );
}

/** The record types this access may read. */
export function readableTypes(
  access: RecordAccess,
  types: readonly RecordResourceType[],
): RecordResourceType[] {
  return types.filter((t) => mayRead(access, t));
}
