import { sql, type Generated, type Selectable } from 'kysely';
import type { GrantScope, Role } from '@carecircle/core';
import type { Db } from '../platform/db.ts';

export type GrantRowStatus = 'pending' | 'active' | 'revoked' | 'left';

export interface ProxyGrantsTable {
  id: Generated<string>;
  patient_id: string;
  caregiver_id: string | null;
  invitee_email: string;
  scopes: GrantScope[];
  status: Generated<GrantRowStatus>;
  ends_at: Date | null;
  invitation_token_hash: string | null;
  invitation_expires_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  accepted_at: Date | null;
  ended_at: Date | null;
}

declare module '../platform/db.ts' {
  interface Database {
    proxy_grants: ProxyGrantsTable;
  }
}

export type GrantRow = Selectable<ProxyGrantsTable>;

/** A grant with the names of the people on both sides, for presenting. */
export type GrantWithNames = GrantRow & {
  patient_name: string;
  caregiver_name: string | null;
};

/** What the access check needs: the grant's id and scopes. */
export interface EffectiveGrant {
  id: string;
  scopes: GrantScope[];
}

const now = sql<Date>`now()`;

function withNames(db: Db) {
  return db
    .selectFrom('proxy_grants as g')
    .innerJoin('accounts as p', 'p.id', 'g.patient_id')
    .leftJoin('accounts as c', 'c.id', 'g.caregiver_id')
    .selectAll('g')
    .select(['p.name as patient_name', 'c.name as caregiver_name']);
}

/**
 * Every query that reads a grant is scoped by the person asking: the patient's id or the
 * caregiver's id is a required argument, so an unscoped read cannot be written by mistake.
 */
/** A caregiver holding an active, unexpired grant from a patient, with the grant's scopes. */
export interface GrantedCaregiver {
  id: string;
  name: string;
  email: string;
  locale: string;
  timeZone: string;
  roles: Role[];
  scopes: GrantScope[];
}

export const grantsRepo = {
  /** The caregivers (active accounts) holding an active, unexpired grant from this patient. */
  async caregiversOf(db: Db, patientId: string): Promise<GrantedCaregiver[]> {
    const { rows } = await sql<GrantedCaregiver>`
      SELECT c.id, c.name, c.email, c.locale, c.time_zone AS "timeZone", c.roles, g.scopes
        FROM proxy_grants g
        JOIN accounts c ON c.id = g.caregiver_id
       WHERE g.patient_id = ${patientId}
         AND g.status = 'active'
         AND (g.ends_at IS NULL OR g.ends_at > now())
         AND c.status = 'active'
       ORDER BY c.name`.execute(db);
    return rows;
  },

  /**
   * The access check: the active, accepted, unexpired grant of this caregiver from this patient.
   * One query on the (caregiver_id, patient_id) partial unique index.
   */
  async findEffective(
    db: Db,
    scope: { caregiverId: string; patientId: string },
  ): Promise<EffectiveGrant | undefined> {
    return db
      .selectFrom('proxy_grants')
      .select(['id', 'scopes'])
      .where('caregiver_id', '=', scope.caregiverId)
      .where('patient_id', '=', scope.patientId)
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .executeTakeFirst();
  },

  async insertInvitation(
    db: Db,
    row: {
      patient_id: string;
      invitee_email: string;
      scopes: GrantScope[];
      ends_at: Date | null;
      invitation_token_hash: string;
      ttlSeconds: number;
    },
  ): Promise<GrantRow> {
    return db
      .insertInto('proxy_grants')
      .values({
        patient_id: row.patient_id,
        invitee_email: row.invitee_email,
        scopes: row.scopes,
        ends_at: row.ends_at,
        invitation_token_hash: row.invitation_token_hash,
        invitation_expires_at: sql<Date>`now() + make_interval(secs => ${row.ttlSeconds})`,
        accepted_at: null,
        ended_at: null,
        caregiver_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** An active grant without an invitation (demo data, operators). */
  async insertActive(
    db: Db,
    row: {
      patient_id: string;
      caregiver_id: string;
      invitee_email: string;
      scopes: GrantScope[];
      ends_at: Date | null;
    },
  ): Promise<GrantRow> {
    return db
      .insertInto('proxy_grants')
      .values({
        ...row,
        status: 'active',
        accepted_at: now,
        invitation_token_hash: null,
        invitation_expires_at: null,
        ended_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Cancels the open invitation to this address, if any (a new one replaces it). */
  async cancelPending(
    db: Db,
    scope: { patientId: string },
    email: string,
  ): Promise<GrantRow | undefined> {
    return db
      .updateTable('proxy_grants')
      .set({ status: 'revoked', ended_at: now, updated_at: now, invitation_token_hash: null })
      .where('patient_id', '=', scope.patientId)
      .where('status', '=', 'pending')
      .where((eb) => eb(eb.fn('lower', ['invitee_email']), '=', email.toLowerCase()))
      .returningAll()
      .executeTakeFirst();
  },

  /** A patient's open invitations and current grants (ended ones are history), newest first. */
  async listForPatient(db: Db, scope: { patientId: string }): Promise<GrantWithNames[]> {
    return withNames(db)
      .where('g.patient_id', '=', scope.patientId)
      .where('g.status', 'in', ['pending', 'active'])
      .orderBy('g.created_at', 'desc')
      .execute();
  },

  async findForPatient(
    db: Db,
    scope: { patientId: string },
    grantId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<GrantWithNames | undefined> {
    let q = withNames(db).where('g.patient_id', '=', scope.patientId).where('g.id', '=', grantId);
    if (options.forUpdate) q = q.forUpdate('g');
    return q.executeTakeFirst();
  },

  /** The patients a caregiver may act for now (active and unexpired), by name. */
  async listForCaregiver(db: Db, scope: { caregiverId: string }): Promise<GrantWithNames[]> {
    return withNames(db)
      .where('g.caregiver_id', '=', scope.caregiverId)
      .where('g.status', '=', 'active')
      .where((eb) => eb.or([eb('g.ends_at', 'is', null), eb('g.ends_at', '>', now)]))
      .orderBy('p.name')
      .execute();
  },

  async findForCaregiver(
    db: Db,
    scope: { caregiverId: string },
    grantId: string,
  ): Promise<GrantRow | undefined> {
    return db
      .selectFrom('proxy_grants')
      .selectAll()
      .where('caregiver_id', '=', scope.caregiverId)
      .where('id', '=', grantId)
      .forUpdate()
      .executeTakeFirst();
  },

  /** The open, unexpired invitation with this token hash (locked for accepting). */
  async findOpenInvitation(db: Db, tokenHash: string): Promise<GrantWithNames | undefined> {
    return withNames(db)
      .where('g.invitation_token_hash', '=', tokenHash)
      .where('g.status', '=', 'pending')
      .where('g.invitation_expires_at', '>', now)
      .forUpdate('g')
      .executeTakeFirst();
  },

  async activate(db: Db, grantId: string, caregiverId: string): Promise<void> {
    await db
      .updateTable('proxy_grants')
      .set({
        status: 'active',
        caregiver_id: caregiverId,
        accepted_at: now,
        updated_at: now,
        // Single use: the link stops working once accepted.
        invitation_token_hash: null,
      })
      .where('id', '=', grantId)
      .where('status', '=', 'pending')
      .execute();
  },

  /** Ends the active grant of this pair, if any; returns its id. */
  async endActivePair(
    db: Db,
    pair: { patientId: string; caregiverId: string },
  ): Promise<string | undefined> {
    const row = await db
      .updateTable('proxy_grants')
      .set({ status: 'revoked', ended_at: now, updated_at: now })
      .where('patient_id', '=', pair.patientId)
      .where('caregiver_id', '=', pair.caregiverId)
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  },

  async end(db: Db, grantId: string, status: 'revoked' | 'left'): Promise<void> {
    await db
      .updateTable('proxy_grants')
      .set({ status, ended_at: now, updated_at: now, invitation_token_hash: null })
      .where('id', '=', grantId)
      .where('status', 'in', ['pending', 'active'])
      .execute();
  },

  async update(
    db: Db,
    grantId: string,
    changes: { scopes?: GrantScope[]; ends_at?: Date | null },
  ): Promise<void> {
    await db
      .updateTable('proxy_grants')
      .set({ ...changes, updated_at: now })
      .where('id', '=', grantId)
      .execute();
  },

  /** Whether any grant (in any state) ever linked this patient and caregiver. */
  async anyBetween(db: Db, pair: { patientId: string; caregiverId: string }): Promise<boolean> {
    const row = await db
      .selectFrom('proxy_grants')
      .select('id')
      .where('patient_id', '=', pair.patientId)
      .where('caregiver_id', '=', pair.caregiverId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
};

/**
 * The caregiver role is added to the account of whoever accepts an invitation. The accounts
 * table belongs to identity; this is the one write access/ makes to it.
 */
export async function addCaregiverRole(db: Db, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      roles: sql<string[]>`array_append(roles, 'caregiver')`,
      updated_at: now,
    })
    .where('id', '=', accountId)
    .where(sql<boolean>`NOT ('caregiver' = ANY (roles))`)
    .execute();
}
