import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { AuditEventRow } from './audit.repo.ts';

export interface AuditSearchFilter {
  actorId?: string;
  patientId?: string;
  /** An action, or its start when it ends with "." (e.g. `account.`). */
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: string;
  limit: number;
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Reads of the audit log for people, not for the chain: searches and names. */
export const accessHistoryRepo = {
  async search(db: Db, f: AuditSearchFilter): Promise<AuditEventRow[]> {
    let q = db
      .selectFrom('audit_events')
      .select([
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
        sql<string | null>`host(ip)`.as('ip'),
        'user_agent',
        'request_id',
        'details',
        'prev_hash',
        'hash',
      ]);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.patientId) q = q.where('patient_id', '=', f.patientId);
    if (f.action) {
      q = f.action.endsWith('.')
        ? q.where('action', 'like', likePrefix(f.action))
        : q.where('action', '=', f.action);
    }
    if (f.from) q = q.where('occurred_at', '>=', f.from);
    if (f.to) q = q.where('occurred_at', '<', f.to);
    if (f.beforeId) q = q.where('audit_events.id', '<', f.beforeId);
    return q.orderBy('audit_events.id', 'desc').limit(f.limit).execute();
  },

  /** Names of the people with these ids (accounts that no longer exist are left out). */
  async namesOf(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },
};
