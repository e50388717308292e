import type { Generated, Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

/** SQL of medication schedules (issue 6). Every read names the patient or a schedule id. */

export interface MedicationSchedulesTable {
  id: Generated<string>;
  patient_id: string;
  medication_type: 'MedicationRequest' | 'MedicationStatement';
  medication_id: string;
  times: string[];
  days_of_week: Generated<number[]>;
  start_date: string;
  end_date: string | null;
  missed_after_minutes: Generated<number>;
  notify_caregivers: Generated<boolean>;
  active: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

declare module '../platform/db.ts' {
  interface Database {
    medication_schedules: MedicationSchedulesTable;
  }
}

export type ScheduleRow = Selectable<MedicationSchedulesTable>;

/** A schedule with its patient's time zone (the schedule follows the patient's zone). */
export type ScheduleWithZone = ScheduleRow & { time_zone: string };

const DATE_COLUMNS = (row: ScheduleRow): ScheduleRow => ({
  ...row,
  // `date` columns come back as text (the pg type parser is set for dates in db.ts) or Date.
  start_date: asDate(row.start_date),
  end_date: row.end_date === null ? null : asDate(row.end_date),
});

function asDate(v: unknown): string {
  if (v instanceof Date) {
    const y = v.getFullYear();
    const m = String(v.getMonth() + 1).padStart(2, '0');
    const d = String(v.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(v).slice(0, 10);
}

function withZone(rows: (ScheduleRow & { time_zone: string })[]): ScheduleWithZone[] {
  return rows.map((r) => ({ ...DATE_COLUMNS(r), time_zone: r.time_zone }));
}

function selectWithZone(db: Db) {
  return db
    .selectFrom('medication_schedules as s')
    .innerJoin('accounts as a', 'a.id', 's.patient_id')
    .selectAll('s')
    .select('a.time_zone');
}

export const schedulesRepo = {
  async listForPatient(db: Db, scope: { patientId: string }): Promise<ScheduleWithZone[]> {
    return withZone(
      await selectWithZone(db)
        .where('s.patient_id', '=', scope.patientId)
        .where('s.deleted_at', 'is', null)
        .orderBy('s.created_at')
        .orderBy('s.id')
        .execute(),
    );
  },

  /** Any patient's schedule by id (the caller checks access for its `patient_id`). */
  async find(
    db: Db,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ScheduleWithZone | undefined> {
    let q = selectWithZone(db).where('s.id', '=', id).where('s.deleted_at', 'is', null);
    if (options.forUpdate) q = q.forUpdate('s');
    const row = await q.executeTakeFirst();
    return row ? withZone([row])[0] : undefined;
  },

  /** Every active schedule (the planning job), with zones. */
  async listActive(db: Db): Promise<ScheduleWithZone[]> {
    return withZone(
      await selectWithZone(db)
        .where('s.active', '=', true)
        .where('s.deleted_at', 'is', null)
        .execute(),
    );
  },

  /** Schedules by id, deleted ones too (titles of past doses). */
  async byIds(db: Db, ids: readonly string[]): Promise<ScheduleRow[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('medication_schedules')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return rows.map(DATE_COLUMNS);
  },

  async insert(
    db: Db,
    values: {
      patientId: string;
      medicationType: 'MedicationRequest' | 'MedicationStatement';
      medicationId: string;
      times: string[];
      daysOfWeek: number[];
      startDate: string;
      endDate: string | null;
      missedAfterMinutes: number;
      notifyCaregivers: boolean;
      createdBy: string;
    },
  ): Promise<string> {
    const row = await db
      .insertInto('medication_schedules')
      .values({
        patient_id: values.patientId,
        medication_type: values.medicationType,
        medication_id: values.medicationId,
        times: [...values.times].sort(),
        days_of_week: [...values.daysOfWeek].sort(),
        start_date: values.startDate,
        end_date: values.endDate,
        missed_after_minutes: values.missedAfterMinutes,
        notify_caregivers: values.notifyCaregivers,
        created_by: values.createdBy,
        deleted_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async update(
    db: Db,
    id: string,
    changes: Partial<{
      times: string[];
      daysOfWeek: number[];
      startDate: string;
      endDate: string | null;
      missedAfterMinutes: number;
      notifyCaregivers: boolean;
      active: boolean;
    }>,
    now: Date,
  ): Promise<void> {
    await db
      .updateTable('medication_schedules')
      .set({
        ...(changes.times ? { times: [...changes.times].sort() } : {}),
        ...(changes.daysOfWeek ? { days_of_week: [...changes.daysOfWeek].sort() } : {}),
        ...(changes.startDate !== undefined ? { start_date: changes.startDate } : {}),
        ...(changes.endDate !== undefined ? { end_date: changes.endDate } : {}),
        ...(changes.missedAfterMinutes !== undefined
          ? { missed_after_minutes: changes.missedAfterMinutes }
          : {}),
        ...(changes.notifyCaregivers !== undefined
          ? { notify_caregivers: changes.notifyCaregivers }
          : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  },

  async softDelete(db: Db, id: string, now: Date): Promise<void> {
    await db
      .updateTable('medication_schedules')
      .set({ deleted_at: now, active: false, updated_at: now })
      .where('id', '=', id)
      .execute();
  },
};
