import { sql } from 'kysely';
import type { RecordResourceType } from '@carecircle/core';
import type { DiagnosticReport, Observation, Resource } from '@medplum/fhirtypes';
import { caregiversAllowed, type ActingAs } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { defineJob, type JobQueue } from '../platform/jobs.ts';
import { announceNotifications, createNotifications } from '../notifications/notify.ts';
import { keyringFor } from './record-keys.ts';
import { readResource, type CreateHook, type RecordSourceInput } from './record-store.ts';

/**
 * "A new result in your record": when a laboratory result (an Observation in the laboratory
 * category, or a DiagnosticReport) is added to a patient's record by a provider or by an import,
 * the record write enqueues `records.result-new` in its own transaction; the job notifies the
 * patient and the caregivers whose grant lets them read records (not whoever added it). The
 * result's title is health data: it travels sealed (`secret.title`); params hold ids only.
 */

export const RESULT_NEW_JOB = 'records.result-new';

export interface ResultNewJob {
  patientId: string;
  resourceType: RecordResourceType;
  resourceId: string;
  /** Who added it (not told of their own entry). */
  addedBy: string | null;
}

/** Whether a resource is a laboratory result. */
export function isLaboratoryResult(resource: Resource): boolean {
  if (resource.resourceType === 'DiagnosticReport') return true;
  if (resource.resourceType !== 'Observation') return false;
  return (resource.category ?? []).some((c) =>
    (c.coding ?? []).some((coding) => coding.code === 'laboratory'),
  );
}

/**
 * Called by the record store in the transaction that creates a resource: enqueues the alert
 * when it is a laboratory result from a provider or an import (not one the patient entered).
 * A no-op when the store was given no job queue.
 */
export async function raiseResultAlert(
  jobs: Pick<JobQueue, 'send'> | undefined,
  trx: Db,
  created: { resource: Resource; id: string; resourceType: RecordResourceType },
  as: ActingAs,
  source: RecordSourceInput,
): Promise<void> {
  if (!jobs || source.kind === 'patient' || !isLaboratoryResult(created.resource)) return;
  const data: ResultNewJob = {
    patientId: as.patientId,
    resourceType: created.resourceType,
    resourceId: created.id,
    addedBy: as.actorId,
  };
  await jobs.send(RESULT_NEW_JOB, data, { db: trx });
}

/** The store's hook that raises the alert, for contexts that write records. */
export function resultAlertHook(jobs: Pick<JobQueue, 'send'>): CreateHook {
  return (trx, created, as, source) => raiseResultAlert(jobs, trx, created, as, source);
}

/** A short name of the result, as its author wrote it. */
function titleOf(resource: Resource): string | null {
  const code = (resource as Observation | DiagnosticReport).code;
  return code?.text ?? code?.coding?.find((c) => c.display)?.display ?? null;
}

/** The patient (when active) and the caregivers whose grant allows reading records. */
async function readersOf(db: Db, patientId: string): Promise<string[]> {
  const { rows: patient } = await sql<{ id: string }>`
    SELECT id FROM accounts WHERE id = ${patientId} AND status = 'active'`.execute(db);
  const caregivers = await caregiversAllowed(db, patientId, 'records:read');
  return [...new Set([...patient.map((p) => p.id), ...caregivers.map((c) => c.id)])];
}

/** The job: notifications for the new result (once each: dedupe per resource). */
export async function deliverResultAlert(deps: AppDeps, data: ResultNewJob): Promise<void> {
  const { db } = deps.database;
  const stored = await readResource(
    { db, keyring: keyringFor(deps.config) },
    data.resourceType,
    data.resourceId,
    { patientId: data.patientId },
  );
  if (!stored) return; // deleted meanwhile
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM accounts WHERE id = ${data.patientId}`.execute(db);
  const title = titleOf(stored.resource);
  const recipients = (await readersOf(db, data.patientId)).filter((id) => id !== data.addedBy);
  const created = await inTransaction(db, (trx) =>
    createNotifications(
      deps,
      trx,
      recipients.map((recipientId) => ({
        recipientId,
        kind: 'result.new' as const,
        patientId: data.patientId,
        params: {
          resourceType: data.resourceType,
          resourceId: data.resourceId,
          patientName: rows[0]?.name ?? null,
        },
        secret: { title },
        url: `/records/entries/${data.resourceType}/${data.resourceId}`,
        dedupeKey: `result:${data.resourceType}:${data.resourceId}`,
      })),
    ),
  );
  await announceNotifications(deps, created);
}

export const resultNewJob = defineJob<ResultNewJob>({
  name: RESULT_NEW_JOB,
  handler: (deps, data) => deliverResultAlert(deps, data),
});
