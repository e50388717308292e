import { sql, type Generated, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

/** SQL of planned medication doses (issue 6). Reads name the patient, a dose or a schedule. */

export type StoredDoseStatus = 'pending' | 'taken' | 'skipped' | 'snoozed' | 'missed';

export interface MedicationDosesTable {
  id: Generated<string>;
  schedule_id: string;
  patient_id: string;
  scheduled_at: Date;
  status: Generated<StoredDoseStatus>;
  snoozed_until: Date | null;
  answered_at: Date | null;
  answered_by: string | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
  snooze_count: Generated<number>;
}

declare module '../platform/db.ts' {
  interface Database {
    medication_doses: MedicationDosesTable;
  }
}

export type DoseRow = Selectable<MedicationDosesTable>;
export type DoseWithAnswerer = DoseRow & { answered_by_name: string | null };

/**
 * A dose the reminder job works on, with what it needs of its schedule and patient. Only doses
 * of active schedules: a paused or stopped plan reminds and escalates nothing.
 */
export type WorkDose = DoseRow & {
  medication_type: 'MedicationRequest' | 'MedicationStatement';
  medication_id: string;
  notify_caregivers: boolean;
  patient_name: string;
};

function lockWork(db: Db) {
  return db
    .selectFrom('medication_doses as d')
    .innerJoin('medication_schedules as s', 's.id', 'd.schedule_id')
    .innerJoin('accounts as p', 'p.id', 'd.patient_id')
    .selectAll('d')
    .select([
      's.medication_type',
      's.medication_id',
      's.notify_caregivers',
      'p.name as patient_name',
    ])
    .where('s.deleted_at', 'is', null)
    .where('s.active', '=', true);
}

/** `coalesce(snoozed_until, scheduled_at) + missed_after_minutes`: when no answer means missed. */
const missedAt = sql<Date>`coalesce(d.snoozed_until, d.scheduled_at) + make_interval(mins => s.missed_after_minutes)`;

export const dosesRepo = {
  /** Of these doses, the ids of those taken, skipped or missed. */
  async settledIds(db: Db, ids: readonly string[]): Promise<string[]> {
    const rows = await db
      .selectFrom('medication_doses')
      .select('id')
      .where('id', 'in', ids)
      .where('status', 'in', ['taken', 'skipped', 'missed'])
      .execute();
    return rows.map((r) => r.id);
  },

  /** Inserts planned doses; those already planned are left as they are. Returns how many new. */
  async insertPlanned(
    db: Db,
    values: { scheduleId: string; patientId: string; instants: readonly Date[] },
  ): Promise<number> {
    if (values.instants.length === 0) return 0;
    const rows = await db
      .insertInto('medication_doses')
      .values(
        values.instants.map((at) => ({
          schedule_id: values.scheduleId,
          patient_id: values.patientId,
          scheduled_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['schedule_id', 'scheduled_at']).doNothing())
      .returning('id')
      .execute();
    return rows.length;
  },

  /** Forgets the schedule's doses still to come and unanswered (before re-planning it). */
  async deleteFuturePending(db: Db, scheduleId: string, now: Date): Promise<void> {
    await db
      .deleteFrom('medication_doses')
      .where('schedule_id', '=', scheduleId)
      .where('status', '=', 'pending')
      .where('scheduled_at', '>', now)
      .execute();
  },

  /** The next unanswered dose of each schedule after `now`. */
  async nextDoseAt(db: Db, scheduleIds: readonly string[], now: Date): Promise<Map<string, Date>> {
    if (scheduleIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('medication_doses')
      .select(['schedule_id', (eb) => eb.fn.min('scheduled_at').as('next')])
      .where('schedule_id', 'in', [...scheduleIds])
      .where('status', '=', 'pending')
      .where('scheduled_at', '>', now)
      .groupBy('schedule_id')
      .execute();
    return new Map(rows.map((r) => [r.schedule_id, new Date(r.next)]));
  },

  /** The earliest moment a pending or snoozed dose needs the reminder job after `now`. */
  async nextWakeUp(db: Db, patientId: string, now: Date): Promise<Date | undefined> {
    const row = await db
      .selectFrom('medication_doses')
      .select((eb) => eb.fn.min(sql<Date>`coalesce(snoozed_until, scheduled_at)`).as('next'))
      .where('patient_id', '=', patientId)
      .where('status', 'in', ['pending', 'snoozed'])
      .where(sql<boolean>`coalesce(snoozed_until, scheduled_at) > ${now}`)
      .executeTakeFirst();
    return row?.next ? new Date(row.next) : undefined;
  },

  async listForPatient(
    db: Db,
    scope: { patientId: string; from: Date; to: Date },
  ): Promise<DoseWithAnswerer[]> {
    return db
      .selectFrom('medication_doses as d')
      .leftJoin('accounts as a', 'a.id', 'd.answered_by')
      .selectAll('d')
      .select('a.name as answered_by_name')
      .where('d.patient_id', '=', scope.patientId)
      .where('d.scheduled_at', '>=', scope.from)
      .where('d.scheduled_at', '<', scope.to)
      .orderBy('d.scheduled_at')
      .orderBy('d.id')
      .execute();
  },

  /** Any patient's dose by id (the caller checks access for its `patient_id`). */
  async find(db: Db, id: string, options: { forUpdate?: boolean } = {}) {
    let q = db.selectFrom('medication_doses').selectAll().where('id', '=', id);
    if (options.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  async withAnswerer(db: Db, id: string): Promise<DoseWithAnswerer> {
    return db
      .selectFrom('medication_doses as d')
      .leftJoin('accounts as a', 'a.id', 'd.answered_by')
      .selectAll('d')
      .select('a.name as answered_by_name')
      .where('d.id', '=', id)
      .executeTakeFirstOrThrow();
  },

  async setAnswer(
    db: Db,
    id: string,
    answer:
      { status: 'taken' | 'skipped'; at: Date; by: string } | { status: 'snoozed'; until: Date },
  ): Promise<void> {
    await db
      .updateTable('medication_doses')
      .set(
        answer.status === 'snoozed'
          ? (eb) => ({
              status: 'snoozed' as const,
              snoozed_until: answer.until,
              snooze_count: eb('snooze_count', '+', 1),
            })
          : { status: answer.status, answered_at: answer.at, answered_by: answer.by },
      )
      .where('id', '=', id)
      .execute();
  },

  /** Pending doses whose time came, not reminded yet, still inside their window; locked. */
  async lockDueForReminder(db: Db, now: Date, limit: number): Promise<WorkDose[]> {
    return lockWork(db)
      .where('d.status', '=', 'pending')
      .where('d.reminded_at', 'is', null)
      .where('d.scheduled_at', '<=', now)
      .where(sql<boolean>`${missedAt} > ${now}`)
      .orderBy('d.scheduled_at')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
  },

  /** Snoozed doses whose snooze ended and that were not reminded since; locked. */
  async lockSnoozeEnded(db: Db, now: Date, limit: number): Promise<WorkDose[]> {
    return lockWork(db)
      .where('d.status', '=', 'snoozed')
      .where('d.snoozed_until', '<=', now)
      .where((eb) =>
        eb.or([
          eb('d.reminded_at', 'is', null),
          eb('d.reminded_at', '<', eb.ref('d.snoozed_until')),
        ]),
      )
      .where(sql<boolean>`${missedAt} > ${now}`)
      .orderBy('d.snoozed_until')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
  },

  /** Unanswered doses past their window, not escalated yet; locked. */
  async lockMissed(db: Db, now: Date, limit: number): Promise<WorkDose[]> {
    return lockWork(db)
      .where('d.status', 'in', ['pending', 'snoozed'])
      .where('d.escalated_at', 'is', null)
      .where(sql<boolean>`${missedAt} <= ${now}`)
      .orderBy('d.scheduled_at')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
  },

  async markReminded(db: Db, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('medication_doses')
      .set({ reminded_at: now })
      .where('id', 'in', [...ids])
      .execute();
  },

  /** A snooze ended and was reminded: the dose is due again (answer or miss it). */
  async endSnooze(db: Db, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('medication_doses')
      .set({ status: 'pending', reminded_at: now })
      .where('id', 'in', [...ids])
      .where('status', '=', 'snoozed')
      .execute();
  },

  /** Missed and escalated, once: only rows still unanswered and not escalated change. */
  async markMissed(db: Db, ids: readonly string[], now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .updateTable('medication_doses')
      .set({ status: 'missed', escalated_at: now })
      .where('id', 'in', [...ids])
      .where('status', 'in', ['pending', 'snoozed'])
      .where('escalated_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },
};
