import type { NewRecordEntry, RecordEntry, RecordResourceType } from '@carecircle/core';
import type { Resource } from '@medplum/fhirtypes';
import type { Request } from 'express';
import type { z } from 'zod';
import { recordAuditAs } from '../access/access.ts';
import { badRequest, conflict, conflictOn, forbidden, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { FhirInvalidError } from './fhir-validation.ts';
import { resourceForNewEntry, type EntryAuthor } from './new-entries.ts';
import { mayRead, recordAccess, type RecordAccess } from './record-access.ts';
import { withStatus, type EntryStatus } from './record-status.ts';
import {
  createResource,
  deleteResource,
  readResource,
  resourceHistory,
  ResourceNotFoundError,
  updateResource,
  VersionConflictError,
  type StoreContext,
  type StoredResource,
} from './record-store.ts';
import { toRecordEntry, type NameLookup } from './record-view.ts';
import { recordsRepo } from './records.repo.ts';

/**
 * The records JSON API's entries: adding one (as FHIR), reading one with its history, status
 * changes and deletions that keep history; and what the overview (record-overview.service.ts)
 * shares with them. Access is decided by `record-access.ts` (which asks `access/`); every read
 * and write is audited with ids only, never clinical values.
 */

export interface RecordsContext extends StoreContext {
  /** The FHIR base URL (`{PUBLIC_URL}/fhir/R4`), for the export's fullUrls. */
  fhirBase: string;
}

/** Whose record: `patientId` from the query (providers), else `X-Acting-For` (caregivers). */
export interface RecordTarget {
  patientId?: string;
  actingFor?: string;
}

export const ENTERED_IN_ERROR = 'entered-in-error';

/** Whose record and what the actor may do with it (`record-access.ts`), from a target. */
export function recordAccessFor(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  need: 'read' | 'write',
): Promise<RecordAccess> {
  const header = { get: () => target.actingFor } as unknown as Pick<Request, 'get'>;
  return recordAccess(ctx.db, actor, header, { patientId: target.patientId }, need);
}

/** RecordEntry views of stored resources: names and documents loaded in one query each. */
export async function present(
  ctx: StoreContext,
  patientId: string,
  stored: readonly StoredResource[],
  extraNames: string[] = [],
): Promise<{ entries: RecordEntry[]; names: NameLookup }> {
  const [names, documents] = await Promise.all([
    recordsRepo.names(ctx.db, [...extraNames, ...stored.map((s) => s.source.createdBy)]),
    recordsRepo.documents(
      ctx.db,
      patientId,
      stored.map((s) => s.documentId),
    ),
  ]);
  const entries = stored.map((s) =>
    toRecordEntry(s, names, s.documentId ? documents.get(s.documentId) : undefined),
  );
  return { entries, names };
}

/** Maps the store's errors to problems; a FHIR validation failure here is a bug, but a 400. */
export async function storeErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof FhirInvalidError) {
      throw badRequest(
        'This entry could not be stored as a valid FHIR record.',
        err.issues.map((i) => ({
          path: ['body', ...(i.expression?.[0] ? [i.expression[0]] : [])].join('.'),
          message: i.details?.text ?? i.code,
          code: 'fhir-invalid',
        })),
      );
    }
    if (err instanceof VersionConflictError) {
      throw conflict('version-conflict', 'This entry was just changed. Reload it and try again.');
    }
    if (err instanceof ResourceNotFoundError) throw notFound();
    throw err;
  }
}

export const notInError = (e: RecordEntry) =>
  e.status !== ENTERED_IN_ERROR && e.status !== 'cancelled';

/** A result's grouping key: its main code (`system|code`), else its title. */
// ---------------------------------------------------------------------------------------------
// Entries

/**
 * Adds an entry to the record as a FHIR resource: the patient (patient-reported) or a provider
 * with an ongoing care relationship (caregivers and break-the-glass cannot write; only providers
 * prescribe).
 */
export async function addRecordEntry(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  input: z.output<typeof NewRecordEntry> | NewRecordEntry,
): Promise<RecordEntry> {
  const acc = await recordAccessFor(ctx, actor, target, 'write');
  const { as } = acc;
  const kind: EntryAuthor['kind'] | null =
    as.actorId === as.patientId ? 'patient' : actor.roles.includes('provider') ? 'provider' : null;
  if (!kind) throw forbidden('Only the patient and their providers can add to this record.');
  if (input.kind === 'prescription' && kind !== 'provider') {
    throw forbidden(
      'Only a provider can write a prescription. Add the medication as one you take instead.',
    );
  }
  const names = await recordsRepo.names(ctx.db, [actor.id]);
  const resource = resourceForNewEntry(input, as.patientId, {
    kind,
    id: actor.id,
    name: names.get(actor.id),
  });
  const stored = await storeErrors(() => createResource(ctx, as, resource, { source: { kind } }));
  await recordAuditAs(ctx.db, as, {
    action: 'records.create',
    outcome: 'success',
    subjectType: stored.resourceType,
    subjectId: stored.id,
    details: { resourceType: stored.resourceType, id: stored.id },
  });
  return toRecordEntry(stored, names);
}

const CHANGE = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/** One entry with its versions (newest first): who changed what, when. */
export async function getRecordEntry(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  type: RecordResourceType,
  id: string,
) {
  const acc = await recordAccessFor(ctx, actor, target, 'read');
  if (!mayRead(acc, type)) throw notFound();
  const patientId = acc.as.patientId;
  const stored = await readResource(ctx, type, id, { patientId });
  if (!stored) throw notFound();
  const history = await resourceHistory(ctx, type, stored.id, patientId);
  const { entries, names } = await present(
    ctx,
    patientId,
    [stored],
    history.map((v) => v.changedBy).filter((v): v is string => v !== null),
  );
  const entry = entries[0]!;
  const document = entry.document
    ? { id: entry.document.id, contentType: entry.document.contentType, size: entry.document.size }
    : undefined;
  await recordAuditAs(ctx.db, acc.as, {
    action: 'records.read',
    outcome: 'success',
    subjectType: type,
    subjectId: stored.id,
    details: { view: 'entry', resourceType: type },
  });
  return {
    entry,
    versions: history.map((v) => ({
      version: v.versionId,
      at: v.changedAt.toISOString(),
      by: v.changedBy ? { id: v.changedBy, name: names.get(v.changedBy) ?? 'Unknown' } : null,
      change: CHANGE[v.change],
      entry: toRecordEntry(
        { ...stored, resource: v.resource, versionId: v.versionId, lastUpdated: v.changedAt },
        names,
        document,
      ),
    })),
  };
}

/** Stops a medication, resolves or reactivates a condition, or marks an entry entered in error. */
export async function setRecordEntryStatus(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  type: RecordResourceType,
  id: string,
  status: EntryStatus,
): Promise<RecordEntry> {
  const acc = await recordAccessFor(ctx, actor, target, 'write');
  const patientId = acc.as.patientId;
  const stored = await readResource<Resource>(ctx, type, id, { patientId });
  if (!stored) throw notFound();
  const current = toRecordEntry(stored, new Map());
  if (current.status === ENTERED_IN_ERROR && status !== ENTERED_IN_ERROR) {
    throw conflictOn(
      'entered-in-error',
      'body.status',
      'This entry was marked entered in error; add a new entry instead.',
    );
  }
  const next = withStatus(stored.resource, status);
  const updated =
    next === undefined
      ? stored // Already so: no new version.
      : await storeErrors(() =>
          updateResource(ctx, acc.as, type, stored.id, next, { ifVersion: stored.versionId }),
        );
  if (next !== undefined) {
    await recordAuditAs(ctx.db, acc.as, {
      action: 'records.update',
      outcome: 'success',
      subjectType: type,
      subjectId: stored.id,
      details: { resourceType: type, id: stored.id, version: updated.versionId },
    });
  }
  return (await present(ctx, patientId, [updated])).entries[0]!;
}

/**
 * Soft-deletes an entry (history kept): the patient may delete what they entered or imported, a
 * provider what they entered; everyone else marks entries entered in error instead.
 */
export async function deleteRecordEntry(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  type: RecordResourceType,
  id: string,
): Promise<void> {
  const acc = await recordAccessFor(ctx, actor, target, 'write');
  const { as } = acc;
  const stored = await readResource(ctx, type, id, { patientId: as.patientId });
  if (!stored) throw notFound();
  const enteredByActor = stored.source.createdBy === actor.id;
  const allowed =
    as.actorId === as.patientId
      ? enteredByActor || stored.source.kind === 'import'
      : enteredByActor;
  if (!allowed) {
    throw forbidden(
      'You can delete only entries you added yourself. To correct this one, mark it entered in error.',
    );
  }
  const { versionId } = await storeErrors(() => deleteResource(ctx, as, type, stored.id));
  await recordAuditAs(ctx.db, as, {
    action: 'records.delete',
    outcome: 'success',
    subjectType: type,
    subjectId: stored.id,
    details: { resourceType: type, id: stored.id, version: versionId },
  });
}
