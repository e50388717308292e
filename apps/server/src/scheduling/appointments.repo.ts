import { sql, type Generated, type Selectable, type UpdateObject } from 'kysely';
import type { Database, Db } from '../platform/db.ts';

/**
 * Table types of appointments and idempotent booking (migration 0009). Other scheduling files
 * that read appointments import these (one declaration of each table).
 */
export interface AppointmentsTable {
  id: Generated<string>;
  provider_id: string;
  patient_id: string;
  appointment_type_id: string;
  booked_by: string;
  via_grant_id: string | null;
  /** tstzrange [start, end); read with lower()/upper(). */
  during: string;
  /** tstzrange [start - buffer before, end + buffer after). */
  blocked: string;
  status: AppointmentRowStatus;
  hold_expires_at: Date | null;
  /** Written in clear before migration 0016 only; sealed and emptied at start-up. */
  reason: string | null;
  cancel_reason: string | null;
  /** The reasons, sealed under the patient's data key (appointment-reasons.ts). */
  reason_sealed: Buffer | null;
  cancel_reason_sealed: Buffer | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  sequence: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type AppointmentRowStatus =
  'held' | 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

export interface IdempotencyKeysTable {
  actor_id: string;
  key: string;
  request_hash: string;
  appointment_id: string | null;
  created_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    appointments: AppointmentsTable;
    idempotency_keys: IdempotencyKeysTable;
  }
}

export type AppointmentRow = Selectable<AppointmentsTable>;

/** An appointment with everything its presentation needs (names, type, clinic). */
export interface AppointmentDetails {
  id: string;
  provider_id: string;
  patient_id: string;
  appointment_type_id: string;
  status: AppointmentRowStatus;
  start: Date;
  end: Date;
  blocked_start: Date;
  blocked_end: Date;
  /** In clear only once `openReasons` has opened the sealed columns. */
  reason: string | null;
  cancel_reason: string | null;
  reason_sealed: Buffer | null;
  cancel_reason_sealed: Buffer | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancelled_by_name: string | null;
  booked_by: string;
  booked_by_name: string;
  via_grant_id: string | null;
  hold_expires_at: Date | null;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  patient_name: string;
  provider_name: string;
  specialty: string;
  location_name: string;
  location_address: string;
  time_zone: string;
  type_name: string;
  duration_minutes: number;
  modality: 'in_person' | 'video' | 'phone';
}

/** A change calendars must see: the next SEQUENCE of its invitation, and a new updated_at. */
const nextRevision = {
  sequence: sql<number>`sequence + 1`,
  updated_at: sql<Date>`now()`,
};

/** Updates appointment `id` only while its status is one of `from`; whether it did. */
async function updateWhileStatus(
  db: Db,
  id: string,
  from: readonly AppointmentRowStatus[],
  set: UpdateObject<Database, 'appointments'>,
): Promise<boolean> {
  const updated = await db
    .updateTable('appointments')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** tstzrange literal parts for [start, end). */
export const range = (start: Date, end: Date) =>
  sql<string>`tstzrange(${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, '[)')`;

function details(db: Db) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('accounts as pa', 'pa.id', 'a.patient_id')
    .innerJoin('accounts as pr', 'pr.id', 'a.provider_id')
    .innerJoin('providers as p', 'p.account_id', 'a.provider_id')
    .innerJoin('appointment_types as t', 't.id', 'a.appointment_type_id')
    .innerJoin('accounts as bb', 'bb.id', 'a.booked_by')
    .leftJoin('accounts as cb', 'cb.id', 'a.cancelled_by')
    .select([
      'a.id',
      'a.provider_id',
      'a.patient_id',
      'a.appointment_type_id',
      'a.status',
      sql<Date>`lower(a.during)`.as('start'),
      sql<Date>`upper(a.during)`.as('end'),
      sql<Date>`lower(a.blocked)`.as('blocked_start'),
      sql<Date>`upper(a.blocked)`.as('blocked_end'),
      'a.reason',
      'a.cancel_reason',
      'a.reason_sealed',
      'a.cancel_reason_sealed',
      'a.cancelled_at',
      'a.cancelled_by',
      'cb.name as cancelled_by_name',
      'a.booked_by',
      'bb.name as booked_by_name',
      'a.via_grant_id',
      'a.hold_expires_at',
      'a.sequence',
      'a.created_at',
      'a.updated_at',
      'pa.name as patient_name',
      'pr.name as provider_name',
      'p.specialty',
      'p.location_name',
      'p.location_address',
      'p.time_zone',
      't.name as type_name',
      't.duration_minutes',
      't.modality',
    ]);
}

export interface AppointmentListScope {
  /** The signed-in person. */
  actorId: string;
  /** Patients whose appointments the actor may read (themselves, those they act for). */
  patientIds: string[];
  /** Also those where the actor is the provider. */
  asProvider: boolean;
}

export interface AppointmentListFilter {
  from?: Date;
  to?: Date;
  statuses?: string[];
  /** Only this patient's. */
  patientId?: string;
  /** Leave out the ones where the actor is the provider. */
  excludeProviderId?: string;
}

/**
 * Reads are scoped: a list names the patients (and whether the actor's own practice) it may
 * cover, so an unscoped read cannot be written by mistake. Held rows (a waitlist offer not yet
 * accepted) are never appointments to show.
 */
export const appointmentsRepo = {
  async findDetails(
    db: Db,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<AppointmentDetails | undefined> {
    let q = details(db).where('a.id', '=', id);
    if (options.forUpdate) q = q.forUpdate('a');
    return await q.executeTakeFirst();
  },

  async list(
    db: Db,
    scope: AppointmentListScope,
    filter: AppointmentListFilter,
    limit = 500,
  ): Promise<AppointmentDetails[]> {
    if (scope.patientIds.length === 0 && !scope.asProvider) return [];
    let q = details(db)
      .where('a.status', '!=', 'held')
      .where((eb) =>
        eb.or([
          ...(scope.patientIds.length > 0 ? [eb('a.patient_id', 'in', scope.patientIds)] : []),
          ...(scope.asProvider ? [eb('a.provider_id', '=', scope.actorId)] : []),
        ]),
      );
    if (filter.from) q = q.where(sql<boolean>`upper(a.during) > ${filter.from.toISOString()}`);
    if (filter.to) q = q.where(sql<boolean>`lower(a.during) < ${filter.to.toISOString()}`);
    if (filter.statuses && filter.statuses.length > 0) {
      q = q.where('a.status', 'in', filter.statuses as AppointmentRowStatus[]);
    }
    if (filter.patientId) q = q.where('a.patient_id', '=', filter.patientId);
    if (filter.excludeProviderId) q = q.where('a.provider_id', '!=', filter.excludeProviderId);
    const rows = await q
      .orderBy(sql`lower(a.during)`)
      .orderBy('a.id')
      .limit(limit)
      .execute();
    return rows;
  },

  async insert(
    db: Db,
    row: {
      /** Chosen by the caller when the reason is sealed with it as additional data. */
      id?: string;
      provider_id: string;
      patient_id: string;
      appointment_type_id: string;
      booked_by: string;
      via_grant_id: string | null;
      start: Date;
      end: Date;
      blockedStart: Date;
      blockedEnd: Date;
      /** 'completed' only for demo data of past visits. */
      status: 'booked' | 'held' | 'completed';
      hold_expires_at: Date | null;
      /** The reason, sealed with `sealReason` (appointment-reasons.ts). */
      reason_sealed: Buffer | null;
    },
  ): Promise<string> {
    const inserted = await db
      .insertInto('appointments')
      .values({
        ...(row.id ? { id: row.id } : {}),
        provider_id: row.provider_id,
        patient_id: row.patient_id,
        appointment_type_id: row.appointment_type_id,
        booked_by: row.booked_by,
        via_grant_id: row.via_grant_id,
        during: range(row.start, row.end),
        blocked: range(row.blockedStart, row.blockedEnd),
        status: row.status,
        hold_expires_at: row.hold_expires_at,
        reason: null,
        reason_sealed: row.reason_sealed,
        cancel_reason: null,
        cancel_reason_sealed: null,
        cancelled_by: null,
        cancelled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  /** Moves a booked appointment; nothing when it is no longer booked. */
  async move(
    db: Db,
    id: string,
    to: {
      appointment_type_id: string;
      start: Date;
      end: Date;
      blockedStart: Date;
      blockedEnd: Date;
    },
  ): Promise<boolean> {
    return updateWhileStatus(db, id, ['booked'], {
      appointment_type_id: to.appointment_type_id,
      during: range(to.start, to.end),
      blocked: range(to.blockedStart, to.blockedEnd),
      ...nextRevision,
    });
  },

  async cancel(
    db: Db,
    id: string,
    by: { actorId: string; reasonSealed: Buffer },
  ): Promise<boolean> {
    return updateWhileStatus(db, id, ['booked'], {
      status: 'cancelled',
      cancel_reason_sealed: by.reasonSealed,
      cancelled_by: by.actorId,
      cancelled_at: sql<Date>`now()`,
      ...nextRevision,
    });
  },

  async setStatus(
    db: Db,
    id: string,
    from: readonly AppointmentRowStatus[],
    to: 'checked_in' | 'completed' | 'no_show',
  ): Promise<boolean> {
    return updateWhileStatus(db, id, from, { status: to, updated_at: sql<Date>`now()` });
  },

  /** A held slot becomes a booking by the person accepting the offer. */
  async confirmHeld(
    db: Db,
    id: string,
    by: { bookedBy: string; viaGrantId: string | null },
  ): Promise<boolean> {
    return updateWhileStatus(db, id, ['held'], {
      status: 'booked',
      hold_expires_at: null,
      booked_by: by.bookedBy,
      via_grant_id: by.viaGrantId,
      updated_at: sql<Date>`now()`,
    });
  },

  async deleteHeld(db: Db, id: string): Promise<void> {
    await db.deleteFrom('appointments').where('id', '=', id).where('status', '=', 'held').execute();
  },
};

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as ISO 8601 with the UTC offset of `timeZone` then, e.g. 2026-12-01T09:30:00-05:00. */
export function isoInZone(date: Date, timeZone: string): string {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  const offset = m ? `${m[1]}${m[2]}:${m[3]}` : '+00:00';
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(date.getTime() + minutes * 60_000).toISOString();
  return `${local.slice(0, date.getMilliseconds() === 0 ? 19 : 23)}${offset}`;
}
