import { sql, type Generated, type Selectable } from 'kysely';
import type { ImportSummary } from '@carecircle/core';
import type { Db } from '../../platform/db.ts';

export interface HealthSystemsTable {
  id: Generated<string>;
  name: string;
  fhir_base_url: string;
  client_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface HealthConnectionsTable {
  id: Generated<string>;
  patient_id: string;
  health_system_id: string;
  started_by: string;
  status: 'authorizing' | 'importing' | 'done' | 'failed';
  state_hash: string | null;
  code_verifier: string | null;
  /** The approval's code and verifier, sealed, until the import job takes them (0019). */
  import_secret: Generated<Buffer | null>;
  fetched: Generated<number>;
  summary: ImportSummary | null;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
}

declare module '../../platform/db.ts' {
  interface Database {
    health_systems: HealthSystemsTable;
    health_connections: HealthConnectionsTable;
  }
}

export type HealthSystemRow = Selectable<HealthSystemsTable>;
export type HealthConnectionRow = Selectable<HealthConnectionsTable> & {
  system_name: string;
  system_url: string;
};

function connections(db: Db) {
  return db
    .selectFrom('health_connections as c')
    .innerJoin('health_systems as s', 's.id', 'c.health_system_id')
    .selectAll('c')
    .select(['s.name as system_name', 's.fhir_base_url as system_url']);
}

export const healthSystemsRepo = {
  list(db: Db, options: { includeDisabled: boolean }): Promise<HealthSystemRow[]> {
    let q = db.selectFrom('health_systems').selectAll().orderBy('name');
    if (!options.includeDisabled) q = q.where('disabled_at', 'is', null);
    return q.execute();
  },
  find(db: Db, id: string): Promise<HealthSystemRow | undefined> {
    return db.selectFrom('health_systems').selectAll().where('id', '=', id).executeTakeFirst();
  },
  insert(
    db: Db,
    row: { name: string; fhir_base_url: string; client_id: string; created_by: string },
  ): Promise<HealthSystemRow | undefined> {
    return db
      .insertInto('health_systems')
      .values(row)
      .onConflict((oc) => oc.column('fhir_base_url').doNothing())
      .returningAll()
      .executeTakeFirst();
  },
  disable(db: Db, id: string): Promise<HealthSystemRow | undefined> {
    return db
      .updateTable('health_systems')
      .set({ disabled_at: sql<Date>`coalesce(disabled_at, now())` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },
};

/** Connections are always read for their patient (the scope is a required argument). */
export const healthConnectionsRepo = {
  /** Hands the sealed approval to the import job and marks the connection importing. */
  async startImport(db: Db, id: string, sealed: Buffer): Promise<void> {
    await db
      .updateTable('health_connections')
      .set({ status: 'importing', import_secret: sealed, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  },
  /**
   * Takes the sealed approval of an importing connection (once: it is cleared in the same
   * statement), with whose it is. Undefined when there is none (taken already, or finished).
   */
  async takeImportSecret(
    db: Db,
    id: string,
  ): Promise<{ patient_id: string; started_by: string; secret: Buffer | null } | undefined> {
    const { rows } = await sql<{ patient_id: string; started_by: string; secret: Buffer | null }>`
      WITH taken AS (
        SELECT id, import_secret FROM health_connections
         WHERE id = ${id} AND status = 'importing'
         FOR UPDATE
      )
      UPDATE health_connections c
         SET import_secret = NULL, updated_at = now()
        FROM taken WHERE c.id = taken.id
      RETURNING c.patient_id, c.started_by, taken.import_secret AS secret`.execute(db);
    return rows[0];
  },
  async insert(
    db: Db,
    row: {
      patient_id: string;
      health_system_id: string;
      started_by: string;
      state_hash: string;
      code_verifier: string;
    },
  ): Promise<HealthConnectionRow> {
    const { id } = await db
      .insertInto('health_connections')
      .values({ ...row, status: 'authorizing' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.find(db, { patientId: row.patient_id }, id))!;
  },
  find(db: Db, scope: { patientId: string }, id: string): Promise<HealthConnectionRow | undefined> {
    return connections(db)
      .where('c.patient_id', '=', scope.patientId)
      .where('c.id', '=', id)
      .executeTakeFirst();
  },
  list(db: Db, scope: { patientId: string }): Promise<HealthConnectionRow[]> {
    return connections(db)
      .where('c.patient_id', '=', scope.patientId)
      .orderBy('c.created_at', 'desc')
      .limit(50)
      .execute();
  },
  /**
   * Takes the authorization in progress with this state (once: the verifier is cleared and the
   * state forgotten), when it belongs to this patient and is less than 30 minutes old.
   */
  async takeAuthorization(
    db: Db,
    scope: { patientId: string },
    stateHash: string,
  ): Promise<{ id: string; code_verifier: string | null } | undefined> {
    const { rows } = await sql<{ id: string; code_verifier: string | null }>`
      WITH taken AS (
        SELECT id, code_verifier FROM health_connections
        WHERE patient_id = ${scope.patientId} AND state_hash = ${stateHash}
          AND status = 'authorizing' AND created_at > now() - interval '30 minutes'
        FOR UPDATE
      )
      UPDATE health_connections c
      SET state_hash = NULL, code_verifier = NULL, updated_at = now()
      FROM taken WHERE c.id = taken.id
      RETURNING taken.id, taken.code_verifier`.execute(db);
    return rows[0];
  },
  update(
    db: Db,
    id: string,
    patch: Partial<
      Pick<HealthConnectionsTable, 'status' | 'summary' | 'error' | 'finished_at'> & {
        fetched: number;
      }
    >,
  ): Promise<unknown> {
    return db
      .updateTable('health_connections')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  },
  /** Imports left running by a stopped server: they cannot resume (the token was in memory). */
  failInterrupted(db: Db): Promise<unknown> {
    return db
      .updateTable('health_connections')
      .set({
        status: 'failed',
        error: 'The import was interrupted. Please connect again.',
        finished_at: sql<Date>`now()`,
      })
      .where('status', '=', 'importing')
      .where('updated_at', '<', sql<Date>`now() - interval '10 minutes'`)
      .execute();
  },
};
