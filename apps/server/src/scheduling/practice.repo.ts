import { sql, type Generated, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

/** Table types of a provider's practice set-up (migration 0009). */
export interface AppointmentTypesTable {
  id: Generated<string>;
  provider_id: string;
  name: string;
  duration_minutes: number;
  buffer_before_minutes: Generated<number>;
  buffer_after_minutes: Generated<number>;
  modality: 'in_person' | 'video' | 'phone';
  minimum_notice_minutes: Generated<number>;
  booking_horizon_days: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AvailabilityOverridesTable {
  provider_id: string;
  /** 'YYYY-MM-DD' in the provider's zone. */
  date: string;
  /** JSON array of {start: 'HH:MM', end: 'HH:MM'}; empty = closed. */
  intervals: { start: string; end: string }[];
}

export interface TimeOffTable {
  id: Generated<string>;
  provider_id: string;
  /** tstzrange; read with lower()/upper(). */
  during: string;
  reason: string | null;
  created_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    appointment_types: AppointmentTypesTable;
    availability_overrides: AvailabilityOverridesTable;
    time_off: TimeOffTable;
  }
}

export type AppointmentTypeRow = Selectable<AppointmentTypesTable>;

export interface TimeOffRow {
  id: string;
  start: Date;
  end: Date;
  reason: string | null;
}

export type AppointmentTypeValues = Omit<
  AppointmentTypeRow,
  'id' | 'provider_id' | 'active' | 'created_at' | 'updated_at'
>;

/** Everything slot computation needs about one provider's time, for a range of instants. */
export interface ScheduleRow {
  provider_id: string;
  time_zone: string;
  /** [ISO weekday 1-7, 'HH:MM:SS', 'HH:MM:SS'] */
  weekly: [number, string, string][];
  overrides: { date: string; intervals: { start: string; end: string }[] }[];
  /** Epoch milliseconds, clipped to the range. */
  time_off: [number, number][];
  /** Blocked ranges of active appointments, epoch milliseconds clipped to the range. */
  busy: [number, number][];
}

const ACTIVE_APPOINTMENT = sql`('held', 'booked', 'checked_in')`;

/** Every query is scoped by the provider's id (a required argument). */
export const practiceRepo = {
  async appointmentTypes(db: Db, providerId: string): Promise<AppointmentTypeRow[]> {
    return db
      .selectFrom('appointment_types')
      .selectAll()
      .where('provider_id', '=', providerId)
      .orderBy('active', 'desc')
      .orderBy('name')
      .orderBy('id')
      .execute();
  },

  async appointmentType(
    db: Db,
    providerId: string,
    id: string,
  ): Promise<AppointmentTypeRow | undefined> {
    return db
      .selectFrom('appointment_types')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /**
   * An active type of a provider whose account is active, with the provider's zone: what can
   * be booked.
   */
  async bookableType(
    db: Db,
    providerId: string,
    id: string,
  ): Promise<{ type: AppointmentTypeRow; timeZone: string } | undefined> {
    const row = await db
      .selectFrom('appointment_types as t')
      .innerJoin('providers as p', 'p.account_id', 't.provider_id')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .selectAll('t')
      .select('p.time_zone')
      .where('t.provider_id', '=', providerId)
      .where('t.id', '=', id)
      .where('t.active', '=', true)
      .where('a.status', '=', 'active')
      .executeTakeFirst();
    if (!row) return undefined;
    const { time_zone, ...type } = row;
    return { type, timeZone: time_zone };
  },

  /** Active types of several providers, by provider then name. */
  async activeTypesOf(db: Db, providerIds: string[]): Promise<AppointmentTypeRow[]> {
    if (providerIds.length === 0) return [];
    return db
      .selectFrom('appointment_types')
      .selectAll()
      .where(sql<boolean>`provider_id = ANY(${providerIds}::uuid[])`)
      .where('active', '=', true)
      .orderBy('provider_id')
      .orderBy('name')
      .orderBy('id')
      .execute();
  },

  async insertAppointmentType(
    db: Db,
    providerId: string,
    values: AppointmentTypeValues & { active?: boolean },
  ): Promise<AppointmentTypeRow> {
    return db
      .insertInto('appointment_types')
      .values({ ...values, provider_id: providerId })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async updateAppointmentType(
    db: Db,
    providerId: string,
    id: string,
    values: Partial<AppointmentTypeValues> & { active?: boolean },
  ): Promise<AppointmentTypeRow | undefined> {
    return db
      .updateTable('appointment_types')
      .set({ ...values, updated_at: sql<Date>`now()` })
      .where('provider_id', '=', providerId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * Weekly hours, date overrides, time off and active appointments' blocked ranges of these
   * providers that touch [from, to), in one statement (each part an indexed look-up: weekly hours
   * by provider, overrides by primary key range, time off and appointments by their GiST
   * indexes). Overrides are loaded for local dates from two days before `from` to two days
   * after `to` (wide enough for any zone). Providers that do not exist are left out.
   */
  async schedules(
    db: Db,
    providerIds: string[],
    from: Date,
    to: Date,
    ignoreAppointmentId?: string,
  ): Promise<ScheduleRow[]> {
    if (providerIds.length === 0) return [];
    const fromMs = from.getTime();
    const toMs = to.getTime();
    const result = await sql<ScheduleRow>`
      WITH r AS (SELECT tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)') AS range)
      SELECT p.account_id AS provider_id, p.time_zone,
        coalesce((SELECT json_agg(json_build_array(w.weekday, w.start_time, w.end_time))
                    FROM provider_weekly_hours w WHERE w.provider_id = p.account_id), '[]') AS weekly,
        coalesce((SELECT json_agg(json_build_object('date', o.date, 'intervals', o.intervals))
                    FROM availability_overrides o
                   WHERE o.provider_id = p.account_id
                     AND o.date BETWEEN (${from}::timestamptz AT TIME ZONE 'UTC')::date - 2
                                    AND (${to}::timestamptz AT TIME ZONE 'UTC')::date + 2), '[]') AS overrides,
        coalesce((SELECT json_agg(json_build_array(
                           greatest(coalesce(extract(epoch FROM lower(t.during)) * 1000, ${fromMs}), ${fromMs}),
                           least(coalesce(extract(epoch FROM upper(t.during)) * 1000, ${toMs}), ${toMs})))
                    FROM time_off t, r
                   WHERE t.provider_id = p.account_id AND t.during && r.range), '[]') AS time_off,
        coalesce((SELECT json_agg(json_build_array(
                           greatest(extract(epoch FROM lower(a.blocked)) * 1000, ${fromMs}),
                           least(extract(epoch FROM upper(a.blocked)) * 1000, ${toMs})))
                    FROM appointments a, r
                   WHERE a.provider_id = p.account_id
                     AND a.status IN ${ACTIVE_APPOINTMENT}
                     AND a.blocked && r.range
                     AND a.id IS DISTINCT FROM ${ignoreAppointmentId ?? null}::uuid), '[]') AS busy
      FROM providers p
      WHERE p.account_id = ANY(${providerIds}::uuid[])
    `.execute(db);
    return result.rows;
  },

  /**
   * The provider's patients: people with a booked, checked-in, completed or no-show appointment
   * with them, by name. Last visit = latest start before `now` that was checked in or completed;
   * next = earliest start from `now` still booked or checked in.
   */
  async patients(
    db: Db,
    providerId: string,
    now: Date,
  ): Promise<
    {
      id: string;
      name: string;
      last_visit: Date | null;
      next_appointment: Date | null;
      appointment_count: number;
    }[]
  > {
    const result = await sql<{
      id: string;
      name: string;
      last_visit: Date | null;
      next_appointment: Date | null;
      appointment_count: number;
    }>`
      SELECT p.id, p.name,
        max(lower(a.during)) FILTER (
          WHERE a.status IN ('checked_in', 'completed') AND lower(a.during) < ${now}) AS last_visit,
        min(lower(a.during)) FILTER (
          WHERE a.status IN ('booked', 'checked_in') AND lower(a.during) >= ${now}) AS next_appointment,
        count(*)::int AS appointment_count
      FROM appointments a
      JOIN accounts p ON p.id = a.patient_id
      WHERE a.provider_id = ${providerId}
        AND a.status IN ('booked', 'checked_in', 'completed', 'no_show')
      GROUP BY p.id, p.name
      ORDER BY p.name, p.id
    `.execute(db);
    return result.rows;
  },

  /** Overrides from `fromDate` on, by date. */
  async overrides(
    db: Db,
    providerId: string,
    fromDate: string,
  ): Promise<{ date: string; intervals: { start: string; end: string }[] }[]> {
    return db
      .selectFrom('availability_overrides')
      .select(['date', 'intervals'])
      .where('provider_id', '=', providerId)
      .where('date', '>=', fromDate)
      .orderBy('date')
      .execute();
  },

  async upsertOverride(
    db: Db,
    providerId: string,
    date: string,
    intervals: { start: string; end: string }[],
  ): Promise<void> {
    const json = JSON.stringify(intervals);
    await db
      .insertInto('availability_overrides')
      .values({
        provider_id: providerId,
        date,
        intervals: sql`${json}::jsonb`,
      })
      .onConflict((oc) =>
        oc.columns(['provider_id', 'date']).doUpdateSet({ intervals: sql`${json}::jsonb` }),
      )
      .execute();
  },

  /** Whether a row was deleted. */
  async deleteOverride(db: Db, providerId: string, date: string): Promise<boolean> {
    const result = await db
      .deleteFrom('availability_overrides')
      .where('provider_id', '=', providerId)
      .where('date', '=', date)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  /** Time off that has not ended by `after`, by start. */
  async timeOff(db: Db, providerId: string, after: Date): Promise<TimeOffRow[]> {
    return db
      .selectFrom('time_off')
      .select([
        'id',
        'reason',
        sql<Date>`lower(during)`.as('start'),
        sql<Date>`upper(during)`.as('end'),
      ])
      .where('provider_id', '=', providerId)
      .where(sql<boolean>`upper(during) > ${after}`)
      .orderBy(sql`lower(during)`)
      .orderBy('id')
      .execute();
  },

  async insertTimeOff(
    db: Db,
    providerId: string,
    t: { start: Date; end: Date; reason: string | null },
  ): Promise<string> {
    const row = await db
      .insertInto('time_off')
      .values({
        provider_id: providerId,
        during: sql<string>`tstzrange(${t.start}, ${t.end}, '[)')`,
        reason: t.reason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** Whether a row was deleted. */
  async deleteTimeOff(db: Db, providerId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('time_off')
      .where('provider_id', '=', providerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },
};
