import type { z } from 'zod';
import type {
  AccessHistoryEntry,
  AccessHistoryQuery,
  AuditSearchEvent,
  AuditSearchQuery,
} from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { forbidden } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { accessHistoryRepo } from './access-history.repo.ts';
import type { AuditDetails } from './audit.repo.ts';
import { listAuditEventsForPatient, recordAudit } from './audit.service.ts';

const person = (names: Map<string, string>, id: string | null) =>
  id === null ? null : { id, name: names.get(id) ?? 'A former CareCircle member' };

/**
 * "Who accessed my data": the audit events whose patient is the signed-in person, with the
 * names of the people involved. Everyone may read their own; nobody else's through this.
 */
export async function listMyAccessHistory(
  db: Db,
  actor: Actor,
  query: z.output<typeof AccessHistoryQuery>,
): Promise<{ items: AccessHistoryEntry[]; nextBefore: string | null }> {
  // TODO(access): assertCan(actor, 'audit:read-own', actor.id) once access/access.ts lands.
  const events = await listAuditEventsForPatient(db, actor.id, {
    limit: query.limit,
    before: query.before,
  });
  const names = await accessHistoryRepo.namesOf(
    db,
    events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
  );
  await recordAudit(db, {
    action: 'access_history.read',
    outcome: 'success',
    actorId: actor.id,
    subjectType: 'account',
    subjectId: actor.id,
    details: { results: events.length },
  });
  return {
    items: events.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      action: e.action,
      outcome: e.outcome,
      actor: person(names, e.actorId),
      actorIsYou: e.actorId === actor.id,
      actingForYou: e.onBehalfOfId === actor.id && e.actorId !== actor.id,
      subjectType: e.subjectType,
      reason: e.reason,
    })),
    nextBefore: events.length === query.limit ? events.at(-1)!.id : null,
  };
}

/** The auditor's search over the whole log. Only people with the `auditor` role. */
export async function searchAuditEvents(
  db: Db,
  actor: Actor,
  query: z.output<typeof AuditSearchQuery>,
): Promise<{ items: AuditSearchEvent[]; nextBefore: string | null }> {
  // TODO(access): assertCan(actor, 'audit:search') once access/access.ts has it.
  if (!actor.roles.includes('auditor')) throw forbidden('Only auditors can search the audit log.');
  const rows = await accessHistoryRepo.search(db, {
    actorId: query.actorId?.toLowerCase(),
    patientId: query.patientId?.toLowerCase(),
    action: query.action,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    beforeId: query.before,
    limit: query.limit,
  });
  const names = await accessHistoryRepo.namesOf(
    db,
    rows.flatMap((r) => [r.actor_id, r.on_behalf_of_id, r.patient_id].filter((x) => x !== null)),
  );
  await recordAudit(db, {
    action: 'audit.search',
    outcome: 'success',
    actorId: actor.id,
    subjectType: 'audit_log',
    details: {
      actorId: query.actorId ?? null,
      patientId: query.patientId ?? null,
      action: query.action ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      results: rows.length,
    },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      action: r.action,
      outcome: r.outcome as AuditSearchEvent['outcome'],
      actor: person(names, r.actor_id),
      onBehalfOf: person(names, r.on_behalf_of_id),
      patient: person(names, r.patient_id),
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      reason: r.reason,
      ip: r.ip,
      userAgent: r.user_agent,
      requestId: r.request_id,
      details: r.details as AuditDetails,
    })),
    nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null,
  };
}
