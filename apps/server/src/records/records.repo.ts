import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { DocumentFacts, NameLookup } from './record-view.ts';

/**
 * The few queries the records API needs beside the record store: names of the people who wrote
 * entries, stored documents' facts, and how many results each code has. Every query is scoped to
 * one patient (or to ids the caller already holds from that patient's records).
 */
export const recordsRepo = {
  /** Display names of these accounts, in one query. */
  async names(db: Db, ids: Iterable<string | null | undefined>): Promise<NameLookup> {
    const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
    if (unique.length === 0) return new Map();
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },

  /** Content type and size of the patient's stored documents with these ids, in one query. */
  async documents(
    db: Db,
    patientId: string,
    ids: Iterable<string | null | undefined>,
  ): Promise<Map<string, DocumentFacts>> {
    const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
    if (unique.length === 0) return new Map();
    // Raw SQL: the documents feature declares the record_documents table's type.
    const { rows } = await sql<{ id: string; content_type: string; size: number }>`
      SELECT id, content_type, size FROM record_documents
      WHERE patient_id = ${patientId} AND id = ANY(${unique}::uuid[])`.execute(db);
    return new Map(
      rows.map((r) => [r.id, { id: r.id, contentType: r.content_type, size: r.size }]),
    );
  },

  /** How many Observations the patient has per code token (not deleted or entered in error). */
  async observationCountsByCode(db: Db, patientId: string): Promise<Map<string, number>> {
    const { rows } = await sql<{ code: string; n: string }>`
      SELECT c AS code, count(*) AS n
      FROM fhir_resources, unnest(codes) AS c
      WHERE patient_id = ${patientId} AND resource_type = 'Observation' AND NOT deleted
        AND status IS DISTINCT FROM 'entered-in-error'
      GROUP BY c`.execute(db);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  },

  /** The patient's account facts for an export's Patient resource. */
  async patient(db: Db, patientId: string): Promise<{ id: string; name: string; email: string }> {
    return db
      .selectFrom('accounts')
      .select(['id', 'name', 'email'])
      .where('id', '=', patientId)
      .executeTakeFirstOrThrow();
  },
};
