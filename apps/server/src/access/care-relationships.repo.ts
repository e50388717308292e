import { sql, type Generated, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

export interface CareSharesTable {
  id: Generated<string>;
  patient_id: string;
  provider_id: string;
  created_at: Generated<Date>;
  ended_at: Date | null;
}

export interface BreakGlassAccessesTable {
  id: Generated<string>;
  provider_id: string;
  patient_id: string;
  reason: string;
  opened_at: Generated<Date>;
  expires_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    care_shares: CareSharesTable;
    break_glass_accesses: BreakGlassAccessesTable;
  }
}

export type CareShareRow = Selectable<CareSharesTable>;
export type CareShareWithName = CareShareRow & { provider_name: string };
export type BreakGlassRow = Selectable<BreakGlassAccessesTable>;

const now = sql<Date>`now()`;

function withProviderName(db: Db) {
  return db
    .selectFrom('care_shares as s')
    .innerJoin('accounts as p', 'p.id', 's.provider_id')
    .selectAll('s')
    .select('p.name as provider_name');
}

/**
 * Every read is scoped by the person asking (the patient's or the provider's id is a required
 * argument), as in grants.repo.ts.
 */
export const careRelationshipsRepo = {
  /**
   * The access check: `ongoing` when there is an active share from this patient or a booked,
   * checked-in or completed appointment (any time) with this provider; `emergency` when the
   * provider holds an unexpired break-the-glass access. One query over the three pair indexes.
   */
  async relationship(
    db: Db,
    scope: { providerId: string; patientId: string },
  ): Promise<{ ongoing: boolean; emergency: boolean }> {
    const row = await db
      .selectNoFrom((eb) => [
        eb
          .or([
            eb.exists(
              eb
                .selectFrom('care_shares')
                .select(sql`1`.as('one'))
                .where('provider_id', '=', scope.providerId)
                .where('patient_id', '=', scope.patientId)
                .where('ended_at', 'is', null),
            ),
            // A booked, checked-in or completed appointment with the provider, at any time.
            eb.exists(
              eb
                .selectFrom('appointments')
                .select(sql`1`.as('one'))
                .where('provider_id', '=', scope.providerId)
                .where('patient_id', '=', scope.patientId)
                .where('status', 'in', ['booked', 'checked_in', 'completed']),
            ),
          ])
          .as('ongoing'),
        eb
          .exists(
            eb
              .selectFrom('break_glass_accesses')
              .select(sql`1`.as('one'))
              .where('provider_id', '=', scope.providerId)
              .where('patient_id', '=', scope.patientId)
              .where('expires_at', '>', now),
          )
          .as('emergency'),
      ])
      .executeTakeFirstOrThrow();
    return { ongoing: row.ongoing === true, emergency: row.emergency === true };
  },

  /** When the provider's latest unexpired break-the-glass access to the patient ends, if any. */
  async breakGlassExpiry(
    db: Db,
    scope: { providerId: string; patientId: string },
  ): Promise<Date | undefined> {
    const row = await db
      .selectFrom('break_glass_accesses')
      .select((eb) => eb.fn.max('expires_at').as('until'))
      .where('provider_id', '=', scope.providerId)
      .where('patient_id', '=', scope.patientId)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row?.until ?? undefined;
  },

  /** Whether any care relationship (ongoing or emergency) exists. */
  async hasRelationship(
    db: Db,
    scope: { providerId: string; patientId: string },
  ): Promise<boolean> {
    const r = await this.relationship(db, scope);
    return r.ongoing || r.emergency;
  },

  async findActiveShare(
    db: Db,
    scope: { patientId: string },
    providerId: string,
  ): Promise<CareShareWithName | undefined> {
    return withProviderName(db)
      .where('s.patient_id', '=', scope.patientId)
      .where('s.provider_id', '=', providerId)
      .where('s.ended_at', 'is', null)
      .executeTakeFirst();
  },

  /** Inserts an active share unless one exists (the partial unique index settles races). */
  async insertShare(
    db: Db,
    row: { patient_id: string; provider_id: string },
  ): Promise<string | undefined> {
    const inserted = await db
      .insertInto('care_shares')
      .values({ ...row, ended_at: null })
      .onConflict((oc) =>
        oc.columns(['provider_id', 'patient_id']).where('ended_at', 'is', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  },

  /** A patient's active shares, by provider name. */
  async listForPatient(db: Db, scope: { patientId: string }): Promise<CareShareWithName[]> {
    return withProviderName(db)
      .where('s.patient_id', '=', scope.patientId)
      .where('s.ended_at', 'is', null)
      .orderBy('p.name')
      .execute();
  },

  /** Ends the patient's active share with this id; returns it, or nothing when there is none. */
  async endShare(
    db: Db,
    scope: { patientId: string },
    shareId: string,
  ): Promise<CareShareRow | undefined> {
    return db
      .updateTable('care_shares')
      .set({ ended_at: now })
      .where('patient_id', '=', scope.patientId)
      .where('id', '=', shareId)
      .where('ended_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

  async insertBreakGlass(
    db: Db,
    row: { provider_id: string; patient_id: string; reason: string; hours: number },
  ): Promise<BreakGlassRow> {
    return db
      .insertInto('break_glass_accesses')
      .values({
        provider_id: row.provider_id,
        patient_id: row.patient_id,
        reason: row.reason,
        expires_at: sql<Date>`now() + make_interval(hours => ${row.hours})`,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
};
