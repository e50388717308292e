import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import { dataKeyFor, open, seal, type Keyring } from '../records/record-keys.ts';

/**
 * Appointment reasons and cancellation reasons are health data: they are kept sealed
 * (AES-256-GCM) under the patient's records data key, with the appointment id as additional
 * data, so a dump of the database shows none of them (migration 0016).
 */

/** What sealing and opening reasons needs: the database (data keys) and the master keyring. */
export interface ReasonKeys {
  db: Db;
  keyring: Keyring;
}

export type ReasonKind = 'reason' | 'cancel-reason';

const aad = (kind: ReasonKind, appointmentId: string) => `appointment-${kind}:${appointmentId}`;

export async function sealReason(
  keys: ReasonKeys,
  patientId: string,
  appointmentId: string,
  kind: ReasonKind,
  text: string | null,
): Promise<Buffer | null> {
  if (text === null) return null;
  const key = await dataKeyFor(keys.db, keys.keyring, patientId);
  return seal(key.key, Buffer.from(text, 'utf8'), aad(kind, appointmentId));
}

/** A row's reasons in clear: sealed ones opened, or (before start-up sealed them) clear ones. */
export interface ReasonColumns {
  id: string;
  patient_id: string;
  reason: string | null;
  cancel_reason: string | null;
  reason_sealed: Buffer | null;
  cancel_reason_sealed: Buffer | null;
}

async function openOne(
  keys: ReasonKeys,
  row: ReasonColumns,
  kind: ReasonKind,
  sealed: Buffer | null,
  clear: string | null,
): Promise<string | null> {
  if (sealed === null) return clear;
  const key = await dataKeyFor(keys.db, keys.keyring, row.patient_id);
  return open(key.key, sealed, aad(kind, row.id)).toString('utf8');
}

/** The rows with `reason` and `cancel_reason` in clear, for presenting. */
export async function openReasons<R extends ReasonColumns>(
  keys: ReasonKeys,
  rows: readonly R[],
): Promise<R[]> {
  const out: R[] = [];
  for (const row of rows) {
    out.push({
      ...row,
      reason: await openOne(keys, row, 'reason', row.reason_sealed, row.reason),
      cancel_reason: await openOne(
        keys,
        row,
        'cancel-reason',
        row.cancel_reason_sealed,
        row.cancel_reason,
      ),
    });
  }
  return out;
}

/**
 * Seals reasons written in clear before migration 0016 and empties the clear columns (at
 * start-up; idempotent; in batches). Returns how many appointments it sealed.
 */
export async function sealClearReasons(keys: ReasonKeys): Promise<number> {
  let count = 0;
  for (;;) {
    const rows = await keys.db
      .selectFrom('appointments')
      .select(['id', 'patient_id', 'reason', 'cancel_reason'])
      .where((eb) => eb.or([eb('reason', 'is not', null), eb('cancel_reason', 'is not', null)]))
      .limit(500)
      .execute();
    if (rows.length === 0) return count;
    for (const row of rows) {
      await keys.db
        .updateTable('appointments')
        .set({
          reason_sealed: sql<Buffer | null>`coalesce(reason_sealed, ${await sealReason(keys, row.patient_id, row.id, 'reason', row.reason)})`,
          cancel_reason_sealed: sql<Buffer | null>`coalesce(cancel_reason_sealed, ${await sealReason(keys, row.patient_id, row.id, 'cancel-reason', row.cancel_reason)})`,
          reason: null,
          cancel_reason: null,
        })
        .where('id', '=', row.id)
        .execute();
      count++;
    }
  }
}
