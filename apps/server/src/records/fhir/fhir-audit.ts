import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import type { AccessHistoryEntry } from '@carecircle/core';
import { assertCan } from '../../access/access.ts';
import { listMyAccessHistory } from '../../access/access-history.service.ts';
import type { Actor } from '../../platform/request-context.ts';
import { assertAppAllows } from './fhir-auth.ts';
import { searchsetBundle } from './fhir-bundles.ts';
import { fhirBadRequest } from './fhir-errors.ts';
import type { FhirEnv } from './fhir-records.ts';
import { knownParams, parsePaging, referenceParam, type SearchParams } from './fhir-search.ts';

/**
 * `GET /AuditEvent?patient=…`: who accessed the patient's data — the patient's own access log
 * only (`audit:read-own`), the same list as the app's "who saw my data".
 */

const ACTION_SYSTEM = 'https://carecircle.health/fhir/CodeSystem/audit-action';
const OUTCOME: Record<AccessHistoryEntry['outcome'], AuditEvent['outcome']> = {
  success: '0',
  failure: '4',
  denied: '4',
};

export function toAuditEvent(entry: AccessHistoryEntry, patientId: string): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    id: entry.id,
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: ACTION_SYSTEM, code: entry.action }],
    recorded: entry.occurredAt,
    outcome: OUTCOME[entry.outcome],
    agent: [
      {
        who: entry.actor
          ? { identifier: { value: entry.actor.id }, display: entry.actor.name }
          : { display: 'CareCircle' },
        requestor: true,
      },
    ],
    source: { observer: { display: 'CareCircle' } },
    entity: [
      {
        what: { reference: `Patient/${patientId}` },
        ...(entry.subjectType ? { name: entry.subjectType } : {}),
      },
    ],
  };
}

export async function searchAuditEvents(
  env: FhirEnv,
  actor: Actor,
  raw: SearchParams,
  lenient: boolean,
): Promise<Bundle> {
  const params = knownParams(raw, ['patient'], lenient);
  const paging = parsePaging(params);
  if (paging.offset > 0)
    throw fhirBadRequest('The access log is read newest first from the start.', '_offset');
  const patientId = referenceParam(params, 'patient', 'Patient') ?? actor.id.toLowerCase();
  // Only one's own log: anyone else's answers 404 (audited), like any other person's data.
  await assertCan(env.db, actor, 'audit:read-own', { patientId });
  assertAppAllows(actor, 'AuditEvent', 's', { patientId });
  const page =
    paging.count === 0
      ? { items: [] }
      : await listMyAccessHistory(env.db, actor, { limit: paging.count });
  const bundle = searchsetBundle({
    base: env.base,
    path: 'AuditEvent',
    params: { patient: `Patient/${patientId}` },
    matches: page.items.map((e) => toAuditEvent(e, patientId)),
    count: paging.count,
    offset: 0,
  });
  // The newest events only (the app's own page goes further back); no next page here.
  return { ...bundle, link: bundle.link?.filter((l) => l.relation === 'self') };
}
