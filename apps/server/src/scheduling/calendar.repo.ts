import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { IcsAppointment, IcsAppointmentStatus } from './ics.ts';

export interface CalendarFeedsTable {
  account_id: string;
  token_hash: string;
  token_encrypted: string;
  created_at: Date;
}

declare module '../platform/db.ts' {
  interface Database {
    calendar_feeds: CalendarFeedsTable;
  }
}

/** An appointment as calendars show it, with the people on both sides. Never the reason. */
export interface CalendarAppointment extends IcsAppointment {
  patient: IcsAppointment['patient'] & { locale: string; timeZone: string; status: string };
  provider: IcsAppointment['provider'] & {
    email: string;
    locale: string;
    timeZone: string;
    status: string;
  };
}

interface AppointmentRow {
  id: string;
  start: Date;
  end: Date;
  status: IcsAppointmentStatus;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  type_name: string;
  modality: 'in_person' | 'video' | 'phone';
  patient_id: string;
  patient_name: string;
  patient_email: string;
  patient_locale: string;
  patient_time_zone: string;
  patient_status: string;
  provider_id: string;
  provider_name: string;
  provider_email: string;
  provider_locale: string;
  provider_status: string;
  specialty: string;
  location_name: string;
  location_address: string;
  clinic_time_zone: string;
}

// The appointment's reason and cancellation reason are deliberately not selected.
const appointmentSelect = sql`
  SELECT a.id, lower(a.during) AS start, upper(a.during) AS "end", a.status, a.sequence,
         a.created_at, a.updated_at,
         t.name AS type_name, t.modality,
         a.patient_id, pa.name AS patient_name, pa.email AS patient_email,
         pa.locale AS patient_locale, pa.time_zone AS patient_time_zone,
         pa.status AS patient_status,
         a.provider_id, da.name AS provider_name, da.email AS provider_email,
         da.locale AS provider_locale, da.status AS provider_status,
         p.specialty, p.location_name, p.location_address, p.time_zone AS clinic_time_zone
    FROM appointments a
    JOIN appointment_types t ON t.id = a.appointment_type_id
    JOIN accounts pa ON pa.id = a.patient_id
    JOIN providers p ON p.account_id = a.provider_id
    JOIN accounts da ON da.id = a.provider_id`;

function present(r: AppointmentRow): CalendarAppointment {
  return {
    id: r.id,
    start: r.start,
    end: r.end,
    status: r.status,
    sequence: r.sequence,
    modality: r.modality,
    appointmentTypeName: r.type_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    patient: {
      id: r.patient_id,
      name: r.patient_name,
      email: r.patient_email,
      locale: r.patient_locale,
      timeZone: r.patient_time_zone,
      status: r.patient_status,
    },
    provider: {
      id: r.provider_id,
      name: r.provider_name,
      email: r.provider_email,
      locale: r.provider_locale,
      timeZone: r.clinic_time_zone,
      status: r.provider_status,
      specialty: r.specialty,
      locationName: r.location_name,
      locationAddress: r.location_address,
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Most events one feed lists (from 90 days ago onwards, soonest first). */
export const FEED_MAX_EVENTS = 2000;

export const calendarRepo = {
  /**
   * One appointment by id. The caller decides who may see it (access check on its patient, or
   * its own provider) before anything of it leaves the server.
   */
  async findAppointment(db: Db, appointmentId: string): Promise<CalendarAppointment | undefined> {
    if (!UUID.test(appointmentId)) return undefined;
    const { rows } =
      await sql<AppointmentRow>`${appointmentSelect} WHERE a.id = ${appointmentId}`.execute(db);
    return rows[0] ? present(rows[0]) : undefined;
  },

  /**
   * What a person's feed lists: appointments ending `since` or later where they are the patient
   * or the provider, or whose patient is one of `patientIds` (checked by the caller). Offers
   * still held for someone on the waitlist are not appointments yet and are left out.
   */
  async listForFeed(
    db: Db,
    scope: { accountId: string; patientIds: readonly string[] },
    since: Date,
  ): Promise<CalendarAppointment[]> {
    const patientIds = [scope.accountId, ...scope.patientIds];
    const { rows } = await sql<AppointmentRow>`${appointmentSelect}
      WHERE (a.patient_id = ANY(${patientIds}::uuid[]) OR a.provider_id = ${scope.accountId})
        AND a.status <> 'held'
        AND upper(a.during) >= ${since}
      ORDER BY lower(a.during), a.id
      LIMIT ${FEED_MAX_EVENTS}`.execute(db);
    return rows.map(present);
  },

  /** The account a feed belongs to, if it may still use it. */
  async activeAccount(
    db: Db,
    accountId: string,
  ): Promise<{ id: string; roles: string[]; locale: string } | undefined> {
    return db
      .selectFrom('accounts')
      .select(['id', 'roles', 'locale'])
      .where('id', '=', accountId)
      .where('status', '=', 'active')
      .executeTakeFirst();
  },

  async findFeed(db: Db, scope: { accountId: string }): Promise<CalendarFeedsTable | undefined> {
    return db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .executeTakeFirst();
  },

  async findFeedByTokenHash(db: Db, tokenHash: string): Promise<CalendarFeedsTable | undefined> {
    return db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  /** Creates the person's feed unless they have one; true when this call created it. */
  async insertFeedIfAbsent(
    db: Db,
    row: { account_id: string; token_hash: string; token_encrypted: string },
  ): Promise<boolean> {
    const inserted = await db
      .insertInto('calendar_feeds')
      .values({ ...row, created_at: new Date() })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .returning('account_id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** Replaces the person's token (the old one stops matching at once). */
  async replaceFeed(
    db: Db,
    row: { account_id: string; token_hash: string; token_encrypted: string },
  ): Promise<void> {
    await db
      .insertInto('calendar_feeds')
      .values({ ...row, created_at: new Date() })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({
          token_hash: row.token_hash,
          token_encrypted: row.token_encrypted,
          created_at: new Date(),
        }),
      )
      .execute();
  },
};
