import { sql, type Generated } from 'kysely';
import type { Db } from '../platform/db.ts';
import { range } from './appointments.repo.ts';

export type WaitlistEntryStatus = 'waiting' | 'offered' | 'booked' | 'cancelled' | 'expired';
export type OfferOutcome = 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface WaitlistEntriesTable {
  id: Generated<string>;
  patient_id: string;
  provider_id: string;
  appointment_type_id: string;
  created_by: string;
  /** 'YYYY-MM-DD' in the provider's zone. */
  earliest: string;
  latest: string;
  status: Generated<WaitlistEntryStatus>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WaitlistOffersTable {
  id: Generated<string>;
  entry_id: string;
  /** The held appointment row; null once it is gone (declined, expired, withdrawn). */
  appointment_id: string | null;
  /** tstzrange of the slot offered (migration 0011). */
  slot: string;
  expires_at: Date;
  outcome: OfferOutcome | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    waitlist_entries: WaitlistEntriesTable;
    waitlist_offers: WaitlistOffersTable;
  }
}

/** An entry with what presenting it needs, and its open offer if any. */
export interface WaitlistEntryDetails {
  id: string;
  patient_id: string;
  patient_name: string;
  provider_id: string;
  provider_name: string;
  time_zone: string;
  appointment_type_id: string;
  type_name: string;
  duration_minutes: number;
  modality: 'in_person' | 'video' | 'phone';
  earliest: string;
  latest: string;
  status: WaitlistEntryStatus;
  created_by: string;
  created_at: Date;
  offer_id: string | null;
  offer_start: Date | null;
  offer_end: Date | null;
  offer_expires_at: Date | null;
}

/** An open offer with its entry, locked for deciding. */
export interface OpenOffer {
  id: string;
  entry_id: string;
  appointment_id: string | null;
  start: Date;
  end: Date;
  expires_at: Date;
  outcome: OfferOutcome | null;
  expired: boolean;
  patient_id: string;
  provider_id: string;
  blocked_start: Date | null;
  blocked_end: Date | null;
  entry_latest_passed: boolean;
}

/** A waiting entry that could take a freed slot, oldest first. */
export interface QueuedEntry {
  id: string;
  patient_id: string;
  created_by: string;
  appointment_type_id: string;
  /** The entry's first and last local dates as instants in the provider's zone. */
  window_start: Date;
  window_end: Date;
}

function withDetails(db: Db) {
  return db
    .selectFrom('waitlist_entries as e')
    .innerJoin('accounts as pa', 'pa.id', 'e.patient_id')
    .innerJoin('accounts as pr', 'pr.id', 'e.provider_id')
    .innerJoin('providers as p', 'p.account_id', 'e.provider_id')
    .innerJoin('appointment_types as t', 't.id', 'e.appointment_type_id')
    .leftJoin('waitlist_offers as o', (join) =>
      join
        .onRef('o.entry_id', '=', 'e.id')
        .on('o.outcome', 'is', null)
        .on('o.expires_at', '>', sql<Date>`now()`),
    )
    .select([
      'e.id',
      'e.patient_id',
      'pa.name as patient_name',
      'e.provider_id',
      'pr.name as provider_name',
      'p.time_zone',
      'e.appointment_type_id',
      't.name as type_name',
      't.duration_minutes',
      't.modality',
      'e.earliest',
      'e.latest',
      'e.status',
      'e.created_by',
      'e.created_at',
      'o.id as offer_id',
      sql<Date | null>`lower(o.slot)`.as('offer_start'),
      sql<Date | null>`upper(o.slot)`.as('offer_end'),
      'o.expires_at as offer_expires_at',
    ]);
}

/** Every read is scoped by the patients the caller may see (a required argument). */
export const waitlistRepo = {
  async findDetails(
    db: Db,
    scope: { patientIds: string[] },
    entryId: string,
  ): Promise<WaitlistEntryDetails | undefined> {
    if (scope.patientIds.length === 0) return undefined;
    return await withDetails(db)
      .where('e.id', '=', entryId)
      .where('e.patient_id', 'in', scope.patientIds)
      .executeTakeFirst();
  },

  /** Open entries (waiting or offered) and those booked or expired in the last 30 days. */
  async listForPatients(db: Db, scope: { patientIds: string[] }): Promise<WaitlistEntryDetails[]> {
    if (scope.patientIds.length === 0) return [];
    return await withDetails(db)
      .where('e.patient_id', 'in', scope.patientIds)
      .where((eb) =>
        eb.or([
          eb('e.status', 'in', ['waiting', 'offered']),
          eb('e.updated_at', '>', sql<Date>`now() - interval '30 days'`),
        ]),
      )
      .where('e.status', '!=', 'cancelled')
      .orderBy('e.created_at')
      .execute();
  },

  async insert(
    db: Db,
    row: Omit<WaitlistEntriesTable, 'id' | 'status' | 'created_at' | 'updated_at'>,
  ): Promise<string> {
    const inserted = await db
      .insertInto('waitlist_entries')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  /** The entry itself, locked (for leaving). */
  async lockEntry(db: Db, entryId: string) {
    return db
      .selectFrom('waitlist_entries')
      .select(['id', 'patient_id', 'provider_id', 'status'])
      .where('id', '=', entryId)
      .forUpdate()
      .executeTakeFirst();
  },

  async setEntryStatus(db: Db, entryId: string, status: WaitlistEntryStatus): Promise<void> {
    await db
      .updateTable('waitlist_entries')
      .set({ status, updated_at: sql<Date>`now()` })
      .where('id', '=', entryId)
      .execute();
  },

  /**
   * Waiting entries of this provider whose date range is not over, oldest first, locked with
   * SKIP LOCKED so that concurrent offerers take different people.
   */
  async queue(db: Db, providerId: string, limit = 50): Promise<QueuedEntry[]> {
    const rows = await db
      .selectFrom('waitlist_entries as e')
      .innerJoin('providers as p', 'p.account_id', 'e.provider_id')
      .select([
        'e.id',
        'e.patient_id',
        'e.created_by',
        'e.appointment_type_id',
        sql<Date>`(e.earliest::timestamp AT TIME ZONE p.time_zone)`.as('window_start'),
        sql<Date>`((e.latest + 1)::timestamp AT TIME ZONE p.time_zone)`.as('window_end'),
      ])
      .where('e.provider_id', '=', providerId)
      .where('e.status', '=', 'waiting')
      .where(sql<boolean>`e.latest >= (now() AT TIME ZONE p.time_zone)::date`)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .limit(limit)
      .forUpdate('e')
      .skipLocked()
      .execute();
    return rows;
  },

  /** Slot starts already offered to this entry (never offered to them again). */
  async offeredStarts(db: Db, entryId: string): Promise<number[]> {
    const rows = await db
      .selectFrom('waitlist_offers')
      .select(sql<Date>`lower(slot)`.as('start'))
      .where('entry_id', '=', entryId)
      .execute();
    return rows.map((r) => r.start.getTime());
  },

  /** Whether the patient has an active appointment (or hold) overlapping [start, end). */
  async patientBusy(db: Db, patientId: string, start: Date, end: Date): Promise<boolean> {
    const row = await db
      .selectFrom('appointments')
      .select(sql`1`.as('one'))
      .where('patient_id', '=', patientId)
      .where('status', 'in', ['held', 'booked', 'checked_in'])
      .where(sql<boolean>`during && ${range(start, end)}`)
      .executeTakeFirst();
    return row !== undefined;
  },

  async insertOffer(
    db: Db,
    row: { entryId: string; appointmentId: string; start: Date; end: Date; expiresAt: Date },
  ): Promise<string> {
    const inserted = await db
      .insertInto('waitlist_offers')
      .values({
        entry_id: row.entryId,
        appointment_id: row.appointmentId,
        slot: range(row.start, row.end),
        expires_at: row.expiresAt,
        outcome: null,
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async lockOffer(db: Db, offerId: string): Promise<OpenOffer | undefined> {
    return lockOffers(db, (q) => q.where('o.id', '=', offerId)).then((rows) => rows[0]);
  },

  /** The entry's open offer, locked. */
  async lockOpenOfferOfEntry(db: Db, entryId: string): Promise<OpenOffer | undefined> {
    return lockOffers(db, (q) =>
      q.where('o.entry_id', '=', entryId).where('o.outcome', 'is', null),
    ).then((rows) => rows[0]);
  },

  /** Open offers whose time is up, locked with SKIP LOCKED (one sweeper per offer). */
  async lockDueOffers(db: Db, limit: number): Promise<OpenOffer[]> {
    return lockOffers(
      db,
      (q) =>
        q
          .where('o.outcome', 'is', null)
          .where('o.expires_at', '<=', sql<Date>`now()`)
          .orderBy('o.expires_at')
          .limit(limit),
      true,
    );
  },

  async decideOffer(db: Db, offerId: string, outcome: OfferOutcome): Promise<void> {
    await db
      .updateTable('waitlist_offers')
      .set({ outcome, decided_at: sql<Date>`now()` })
      .where('id', '=', offerId)
      .execute();
  },

  /** Waiting entries whose last date has passed in the provider's zone become 'expired'. */
  async expirePastEntries(db: Db): Promise<number> {
    const result = await db
      .updateTable('waitlist_entries as e')
      .from('providers as p')
      .set({ status: 'expired', updated_at: sql<Date>`now()` })
      .whereRef('p.account_id', '=', 'e.provider_id')
      .where('e.status', '=', 'waiting')
      .where(sql<boolean>`e.latest < (now() AT TIME ZONE p.time_zone)::date`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};

type OfferQuery = ReturnType<typeof offerBase>;

function offerBase(db: Db) {
  return db
    .selectFrom('waitlist_offers as o')
    .innerJoin('waitlist_entries as e', 'e.id', 'o.entry_id')
    .innerJoin('providers as p', 'p.account_id', 'e.provider_id')
    .leftJoin('appointments as a', 'a.id', 'o.appointment_id')
    .select([
      'o.id',
      'o.entry_id',
      'o.appointment_id',
      sql<Date>`lower(o.slot)`.as('start'),
      sql<Date>`upper(o.slot)`.as('end'),
      'o.expires_at',
      'o.outcome',
      sql<boolean>`o.expires_at <= now()`.as('expired'),
      'e.patient_id',
      'e.provider_id',
      sql<Date | null>`lower(a.blocked)`.as('blocked_start'),
      sql<Date | null>`upper(a.blocked)`.as('blocked_end'),
      sql<boolean>`e.latest < (now() AT TIME ZONE p.time_zone)::date`.as('entry_latest_passed'),
    ]);
}

async function lockOffers(
  db: Db,
  where: (q: OfferQuery) => OfferQuery,
  skipLocked = false,
): Promise<OpenOffer[]> {
  let q = where(offerBase(db)).forUpdate(['o', 'e']);
  if (skipLocked) q = q.skipLocked();
  return await q.execute();
}
