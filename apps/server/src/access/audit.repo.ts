import { sql, type ColumnType } from 'kysely';
import type { Db } from '../platform/db.ts';

/** A detail value: ids and codes only, never nested objects. */
export type AuditDetailValue = string | number | boolean | null;
export type AuditDetails = Record<string, AuditDetailValue>;

/** Rows are written once and never updated (the database refuses UPDATE and DELETE too). */
type WriteOnce<T> = ColumnType<T, T, never>;

export interface AuditEventsTable {
  /** bigserial, handled as a string (ids are cursors, not numbers to compute with). */
  id: WriteOnce<string>;
  occurred_at: WriteOnce<Date>;
  action: WriteOnce<string>;
  outcome: WriteOnce<string>;
  actor_id: WriteOnce<string | null>;
  on_behalf_of_id: WriteOnce<string | null>;
  patient_id: WriteOnce<string | null>;
  subject_type: WriteOnce<string | null>;
  subject_id: WriteOnce<string | null>;
  reason: WriteOnce<string | null>;
  ip: WriteOnce<string | null>;
  user_agent: WriteOnce<string | null>;
  request_id: WriteOnce<string | null>;
  /** Inserted as JSON text; read back as an object (a tampered row may hold anything). */
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: WriteOnce<string>;
  hash: WriteOnce<string>;
}

declare module '../platform/db.ts' {
  interface Database {
    audit_events: AuditEventsTable;
  }
}

export interface AuditEventRow {
  id: string;
  occurred_at: Date;
  action: string;
  outcome: string;
  actor_id: string | null;
  on_behalf_of_id: string | null;
  patient_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  reason: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Arbitrary but fixed key of the transaction advisory lock that serialises chain appends. */
const AUDIT_CHAIN_LOCK_KEY = 7_245_002_001;

/** The hash the first event links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Order by `audit_events.id`, the bigint: a bare `id` would mean the text alias below. */
function selectEvents(db: Db) {
  return db.selectFrom('audit_events').select([
    // int8 would come back as a JS number; ids stay exact as text.
    sql<string>`id::text`.as('id'),
    'occurred_at',
    'action',
    'outcome',
    'actor_id',
    'on_behalf_of_id',
    'patient_id',
    'subject_type',
    'subject_id',
    'reason',
    'ip',
    'user_agent',
    'request_id',
    'details',
    'prev_hash',
    'hash',
  ]);
}

export const auditRepo = {
  /**
   * Takes the chain lock for the rest of the transaction, then reserves the next link: the new
   * event's id and time and the hash it must point to. `ip` comes back in PostgreSQL's own
   * output form (not `::text`, which appends /32), so the hash computed now matches the row as
   * it will be read back.
   */
  async reserveNextLink(
    trx: Db,
    ip: string | null,
  ): Promise<{ id: string; occurredAt: Date; prevHash: string; ip: string | null }> {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`.execute(trx);
    // Read after the lock is held (a fresh snapshot under READ COMMITTED): the newest event is
    // the one committed by the previous holder.
    const { rows } = await sql<{
      id: string;
      occurred_at: Date;
      prev_hash: string | null;
      ip: string | null;
    }>`
      SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))::text AS id,
             date_trunc('milliseconds', clock_timestamp()) AS occurred_at,
             (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS prev_hash,
             ${ip}::inet AS ip`.execute(trx);
    const row = rows[0]!;
    return {
      id: row.id,
      occurredAt: row.occurred_at,
      prevHash: row.prev_hash ?? GENESIS_HASH,
      ip: row.ip,
    };
  },

  async insert(trx: Db, row: Omit<AuditEventRow, 'details'> & { details: string }): Promise<void> {
    await trx.insertInto('audit_events').values(row).execute();
  },

  /** Events in chain order after `afterId` (exclusive), for verification. */
  async page(db: Db, afterId: string | null, limit: number): Promise<AuditEventRow[]> {
    let q = selectEvents(db);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.orderBy('audit_events.id', 'asc').limit(limit).execute();
  },

  /** A patient's events, newest first, before the event `beforeId` (exclusive). */
  async listForPatient(
    db: Db,
    patientId: string,
    opts: { limit: number; beforeId: string | null },
  ): Promise<AuditEventRow[]> {
    let q = selectEvents(db).where('patient_id', '=', patientId);
    if (opts.beforeId !== null) q = q.where('id', '<', opts.beforeId);
    return q.orderBy('audit_events.id', 'desc').limit(opts.limit).execute();
  },
};
