import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';

const AuditId = z.string().regex(/^[1-9]\d{0,18}$/, 'Must be the id of an audit event');
const PersonRef = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'PersonRef' });
const Outcome = z.enum(['success', 'failure', 'denied']);

/** One entry of "who accessed my data". No IP addresses or devices of the people involved. */
export const AccessHistoryEntry = z
  .object({
    id: AuditId,
    occurredAt: z.iso.datetime({ offset: true }),
    action: z.string().describe('What happened, e.g. `appointments.read`.'),
    outcome: Outcome,
    actor: PersonRef.nullable().describe('Who; null for the system or an operator.'),
    actorIsYou: z.boolean(),
    actingForYou: z.boolean().describe('A caregiver acting for you, within what you granted.'),
    subjectType: z.string().nullable(),
    reason: z.string().nullable().describe('The reason given, e.g. for emergency access.'),
  })
  .meta({ id: 'AccessHistoryEntry' });
export type AccessHistoryEntry = z.infer<typeof AccessHistoryEntry>;

export const PageQuery = z.object({
  before: AuditId.optional().describe('The `nextBefore` of the previous page.'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const AccessHistoryQuery = PageQuery.meta({ id: 'AccessHistoryQuery' });
export type AccessHistoryQuery = z.input<typeof AccessHistoryQuery>;

export const AccessHistoryPage = z
  .object({ items: z.array(AccessHistoryEntry), nextBefore: AuditId.nullable() })
  .meta({ id: 'AccessHistoryPage' });
export type AccessHistoryPage = z.infer<typeof AccessHistoryPage>;

export const myAccessHistoryEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/me/access-history',
  operationId: 'getMyAccessHistory',
  summary: 'Who accessed my data: audit events about the signed-in person, newest first',
  tags: ['access'],
  query: AccessHistoryQuery,
  status: 200,
  response: AccessHistoryPage,
  auth: true,
});

export const AuditSearchQuery = PageQuery.extend({
  actorId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.:-]{0,99}$/, 'Actions look like "account.suspend"')
    .optional()
    .describe('An action, or its start (e.g. `account.`).'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
}).meta({ id: 'AuditSearchQuery' });
export type AuditSearchQuery = z.input<typeof AuditSearchQuery>;

export const AuditSearchEvent = z
  .object({
    id: AuditId,
    occurredAt: z.iso.datetime({ offset: true }),
    action: z.string(),
    outcome: Outcome,
    actor: PersonRef.nullable(),
    onBehalfOf: PersonRef.nullable(),
    patient: PersonRef.nullable(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    reason: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .meta({ id: 'AuditSearchEvent' });
export type AuditSearchEvent = z.infer<typeof AuditSearchEvent>;

export const AuditSearchPage = z
  .object({ items: z.array(AuditSearchEvent), nextBefore: AuditId.nullable() })
  .meta({ id: 'AuditSearchPage' });
export type AuditSearchPage = z.infer<typeof AuditSearchPage>;

export const searchAuditEventsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/audit-events',
  operationId: 'searchAuditEvents',
  summary: 'Search the audit log by actor, patient, action and time (auditors)',
  tags: ['access'],
  query: AuditSearchQuery,
  status: 200,
  response: AuditSearchPage,
  auth: true,
});
