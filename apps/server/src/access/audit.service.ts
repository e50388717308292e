import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { inTransaction, type Db } from '../platform/db.ts';
import { badRequest, HttpError } from '../platform/errors.ts';
import { currentContext } from '../platform/request-context.ts';
import {
  auditRepo,
  GENESIS_HASH,
  type AuditDetails,
  type AuditDetailValue,
  type AuditEventRow,
} from './audit.repo.ts';

export type { AuditDetails, AuditDetailValue };

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEventInput {
  /** What happened, e.g. `account.create`, `records.read`, `proxy.grant`. */
  action: string;
  outcome: AuditOutcome;
  /** Who did it; null for the system or an operator command. */
  actorId: string | null;
  /** The patient a caregiver acts for. */
  onBehalfOfId?: string | null;
  /** Whose data it concerns. */
  patientId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Why (e.g. a break-the-glass justification). */
  reason?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Defaults to the current request's id when left out. */
  requestId?: string | null;
  /** Ids and codes only: never health data, passwords or tokens; no nested objects. */
  details?: AuditDetails;
}

export interface AuditEvent {
  id: string;
  occurredAt: Date;
  action: string;
  outcome: AuditOutcome;
  actorId: string | null;
  onBehalfOfId: string | null;
  patientId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: AuditDetails;
}

export type AuditChainReport =
  { ok: true; count: number } | { ok: false; count: number; firstBrokenId: string; reason: string };

/** Keys that suggest a secret is about to be written into the permanent record. */
const SECRET_KEY =
  /pass(word|wd|phrase)|token|secret|authori[sz]ation|cookie|credential|api[-_]?key|private[-_]?key|totp|recovery[-_]?code/i;

// Any PostgreSQL uuid (not only RFC 9562 versions), normalised to its lower-case text form.
const uuid = z
  .guid()
  .transform((s) => s.toLowerCase())
  .nullable();
const shortText = (max: number) => z.string().min(1).max(max).nullable();

const DetailsSchema = z
  .record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
  .superRefine((details, ctx) => {
    const keys = Object.keys(details);
    if (keys.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 details' });
    for (const key of keys) {
      if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'detail keys are short identifiers' });
      } else if (SECRET_KEY.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'details never hold passwords, tokens or secrets',
        });
      }
    }
  });

const EventSchema = z.object({
  action: z.string().regex(/^[a-z][a-z0-9_.:-]{0,99}$/, 'actions look like "account.create"'),
  outcome: z.enum(['success', 'failure', 'denied']),
  actorId: uuid,
  onBehalfOfId: uuid.default(null),
  patientId: uuid.default(null),
  subjectType: shortText(100).default(null),
  subjectId: shortText(200).default(null),
  reason: shortText(1000).default(null),
  ip: z
    .string()
    .refine((s) => isIP(s) !== 0, 'not an IP address')
    .nullable()
    .default(null),
  userAgent: z.string().max(500).nullable().default(null),
  requestId: shortText(200).default(null),
  details: DetailsSchema.default({}),
});

/** A programming error: the audit event as given cannot be recorded. */
export class AuditInputError extends Error {
  override name = 'AuditInputError';
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === 'object') {
    // Sorted [key, value] pairs: the order is part of the value, not of the object.
    return Object.keys(value)
      .sort()
      .map((k) => [k, canonicalValue((value as Record<string, unknown>)[k])]);
  }
  return value;
}

/**
 * The exact bytes an event's hash covers: its fields in a fixed order, as JSON, ending with the
 * previous event's hash. Versioned, so the serialisation can change without rewriting history.
 */
export function canonicalAuditRecord(row: Omit<AuditEventRow, 'hash'>): string {
  return JSON.stringify([
    'carecircle.audit.v1',
    row.id,
    row.occurred_at.toISOString(),
    row.action,
    row.outcome,
    row.actor_id,
    row.on_behalf_of_id,
    row.patient_id,
    row.subject_type,
    row.subject_id,
    row.reason,
    row.ip,
    row.user_agent,
    row.request_id,
    canonicalValue(row.details),
    row.prev_hash,
  ]);
}

export function hashAuditRecord(row: Omit<AuditEventRow, 'hash'>): string {
  return createHash('sha256').update(canonicalAuditRecord(row)).digest('hex');
}

/**
 * Appends an event to the audit log, inside the caller's transaction when `db` is one (so the
 * event commits or rolls back with what it records). Appends are serialised by a transaction
 * advisory lock, so the chain never forks; a caller at REPEATABLE READ or SERIALIZABLE whose
 * snapshot predates another append fails with a 409 "try again" (the database's unique
 * prev_hash) rather than forking it.
 */
export async function recordAudit(db: Db, event: AuditEventInput): Promise<void> {
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AuditInputError(
      `Audit event "${String(event.action)}" rejected: ${issue.path.join('.') || 'event'}: ${issue.message}`,
    );
  }
  const e = parsed.data;
  const requestId =
    event.requestId === undefined ? (currentContext()?.requestId ?? null) : e.requestId;
  await inTransaction(db, async (trx) => {
    const link = await auditRepo.reserveNextLink(trx, e.ip);
    const row: Omit<AuditEventRow, 'hash'> = {
      id: link.id,
      occurred_at: link.occurredAt,
      action: e.action,
      outcome: e.outcome,
      actor_id: e.actorId,
      on_behalf_of_id: e.onBehalfOfId,
      patient_id: e.patientId,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      reason: e.reason,
      ip: link.ip,
      user_agent: e.userAgent,
      request_id: requestId,
      details: e.details,
      prev_hash: link.prevHash,
    };
    try {
      await auditRepo.insert(trx, {
        ...row,
        details: JSON.stringify(e.details),
        hash: hashAuditRecord(row),
      });
    } catch (err) {
      // A caller's REPEATABLE READ / SERIALIZABLE snapshot predates the newest event: the same
      // outcome as a serialization failure, answered the same way (409, try again).
      const { code, constraint } = err as { code?: unknown; constraint?: unknown };
      if (code === '23505' && constraint === 'audit_events_prev_hash_key') {
        throw new HttpError({
          status: 409,
          type: 'retry',
          title: 'Conflict',
          detail: 'Please try again.',
        });
      }
      throw err;
    }
  });
}

const VERIFY_PAGE = 1_000;

/**
 * Walks the whole chain in id order on one snapshot and checks every event's link to the one
 * before it and its own hash. On a break, `count` is the number of intact events before it.
 * (Removing the newest events leaves a shorter, still valid chain: compare counts over time.)
 */
export async function verifyAuditChain(db: Db): Promise<AuditChainReport> {
  const walk = async (trx: Db): Promise<AuditChainReport> => {
    let expectedPrev = GENESIS_HASH;
    let count = 0;
    let afterId: string | null = null;
    for (;;) {
      const rows = await auditRepo.page(trx, afterId, VERIFY_PAGE);
      for (const row of rows) {
        if (row.prev_hash !== expectedPrev) {
          return {
            ok: false,
            count,
            firstBrokenId: row.id,
            reason:
              'it does not link to the event before it (an event was removed or inserted there)',
          };
        }
        if (hashAuditRecord(row) !== row.hash) {
          return {
            ok: false,
            count,
            firstBrokenId: row.id,
            reason: 'its contents do not match its hash (the event was altered)',
          };
        }
        expectedPrev = row.hash;
        count += 1;
      }
      if (rows.length < VERIFY_PAGE) return { ok: true, count };
      afterId = rows.at(-1)!.id;
    }
  };
  return db.isTransaction
    ? walk(db)
    : db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(walk);
}

function present(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    action: row.action,
    outcome: row.outcome as AuditOutcome,
    actorId: row.actor_id,
    onBehalfOfId: row.on_behalf_of_id,
    patientId: row.patient_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    reason: row.reason,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: row.details as AuditDetails,
  };
}

/**
 * "Who accessed my data": events about one patient's data, newest first. Page with `before`,
 * the id of the last event of the previous page. The caller must have authorized the reader.
 */
export async function listAuditEventsForPatient(
  db: Db,
  patientId: string,
  opts: { limit?: number; before?: string },
): Promise<AuditEvent[]> {
  if (!z.guid().safeParse(patientId).success) throw badRequest('patientId must be a UUID.');
  if (opts.before !== undefined && !/^[1-9]\d{0,18}$/.test(opts.before)) {
    throw badRequest('before must be the id of an audit event.');
  }
  const wanted = opts.limit !== undefined && Number.isFinite(opts.limit) ? opts.limit : 50;
  const limit = Math.min(Math.max(Math.trunc(wanted), 1), 200);
  const rows = await auditRepo.listForPatient(db, patientId.toLowerCase(), {
    limit,
    beforeId: opts.before ?? null,
  });
  return rows.map(present);
}
