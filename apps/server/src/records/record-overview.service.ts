import {
  categoryOfResourceType,
  RECORD_RESOURCE_TYPES,
  type CodeRef,
  type RecordCategory,
  type RecordEntry,
  type RecordResourceType,
  type RecordSummary,
  type ResultTrend,
  type Timeline,
} from '@carecircle/core';
import type { Bundle, BundleEntry, Observation, Patient } from '@medplum/fhirtypes';
import { emergencyAccessUntil, recordAuditAs } from '../access/access.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { mayRead, readableTypes } from './record-access.ts';
import { type StoreContext, type StoredResource } from './record-store.ts';
import { searchResources } from './record-search.ts';
import { toRecordEntry, type NameLookup } from './record-view.ts';
import { recordsRepo } from './records.repo.ts';
import {
  notInError,
  present,
  recordAccessFor,
  type RecordsContext,
  type RecordTarget,
} from './records.service.ts';
import { clinicalDateOf, toInstant } from './search-fields.ts';

/**
 * The record as a whole: the record home (summary), the timeline (keyset pages), a result's
 * trend and the FHIR export. Only what the viewer may read; each call audited (ids only).
 */

/** At most this many resources per type are read for the record home. */
export const SUMMARY_CAP = 500;
/** Documents on the record home. */
export const SUMMARY_DOCUMENTS = 10;
/** At most this many points in a trend (the newest). */
export const TREND_CAP = 1000;
/** The export reads the record this many resources at a time. */
const EXPORT_PAGE = 500;

const rank = (entry: RecordEntry) =>
  entry.status === 'active' || entry.status === 'recurrence' || entry.status === 'relapse' ? 0 : 1;

const activeFirst = (entries: RecordEntry[]) =>
  entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);

const codeKey = (code: CodeRef | null, title: string) =>
  code ? `${code.system ?? ''}|${code.code}` : `title:${title}`;

/**
 * The record home: conditions (active first), active medications, allergies, immunizations
 * (newest first), the latest result per code with its count, and the newest documents; only the
 * sections the viewer may read. A bounded number of queries (at most SUMMARY_CAP per type).
 */
export async function getRecordSummary(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
): Promise<RecordSummary> {
  const acc = await recordAccessFor(ctx, actor, target, 'read');
  const patientId = acc.as.patientId;
  const find = async (
    types: RecordResourceType[],
    options: { statuses?: string[]; count?: number } = {},
  ): Promise<StoredResource[]> => {
    const readable = readableTypes(acc, types);
    if (readable.length === 0) return [];
    const { items } = await searchResources(ctx, {
      patientIds: [patientId],
      types: readable,
      statuses: options.statuses,
      sort: '-date',
      count: options.count ?? SUMMARY_CAP,
    });
    return items;
  };
  const [conditions, medications, allergies, immunizations, observations, documents, counts] =
    await Promise.all([
      find(['Condition']),
      find(['MedicationRequest', 'MedicationStatement'], { statuses: ['active'] }),
      find(['AllergyIntolerance']),
      find(['Immunization']),
      find(['Observation']),
      find(['DocumentReference'], { statuses: ['current'], count: SUMMARY_DOCUMENTS }),
      mayRead(acc, 'Observation')
        ? recordsRepo.observationCountsByCode(ctx.db, patientId)
        : new Map<string, number>(),
    ]);
  const sections = [conditions, medications, allergies, immunizations, observations, documents];
  const { entries, names } = await present(ctx, patientId, sections.flat(), [patientId]);
  // Slice the presented entries back into their sections.
  const out: RecordEntry[][] = [];
  let at = 0;
  for (const s of sections) {
    out.push(entries.slice(at, at + s.length));
    at += s.length;
  }
  const [conditionEntries, medicationEntries, allergyEntries, immunizationEntries, results, docs] =
    out as [
      RecordEntry[],
      RecordEntry[],
      RecordEntry[],
      RecordEntry[],
      RecordEntry[],
      RecordEntry[],
    ];

  const latest = new Map<string, RecordSummary['latestResults'][number]>();
  for (const r of results.filter(notInError)) {
    const key = codeKey(r.code, r.title);
    if (latest.has(key)) continue;
    const count =
      (r.code &&
        (counts.get(`${r.code.system ?? ''}|${r.code.code}`) ?? counts.get(r.code.code))) ||
      results.filter((o) => codeKey(o.code, o.title) === key).length;
    latest.set(key, { ...r, count });
  }

  await recordAuditAs(ctx.db, acc.as, {
    action: 'records.read',
    outcome: 'success',
    subjectType: 'record',
    subjectId: patientId,
    details: { view: 'summary', records: acc.records, medications: acc.medications },
  });
  return {
    patient: { id: patientId, name: names.get(patientId) ?? 'Unknown' },
    access: {
      records: acc.records,
      medications: acc.medications,
      write: acc.write,
      emergencyUntil: (await emergencyAccessUntil(ctx.db, actor, patientId))?.toISOString() ?? null,
    },
    conditions: activeFirst(conditionEntries.filter(notInError)),
    medications: medicationEntries,
    allergies: activeFirst(allergyEntries.filter(notInError)),
    immunizations: immunizationEntries.filter(notInError),
    latestResults: [...latest.values()],
    documents: docs,
  };
}

// ---------------------------------------------------------------------------------------------
// Timeline

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Cursor {
  effectiveAt: Date | null;
  id: string;
}

/** An opaque keyset cursor: base64url of `effective-instant|id` (instant empty when none). */
export function encodeCursor(stored: StoredResource): string {
  const at = toInstant(
    clinicalDateOf(stored.resourceType, stored.resource as unknown as Record<string, unknown>),
  );
  return Buffer.from(`${at ? at.toISOString() : ''}|${stored.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  const bad = () =>
    badRequest('The cursor is not one this API gave out.', [
      {
        path: 'query.cursor',
        message: 'Must be the nextCursor of a previous page',
        code: 'invalid_cursor',
      },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || at === undefined || !id || !UUID.test(id)) throw bad();
  if (at === '') return { effectiveAt: null, id };
  const ms = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) || Number.isNaN(ms)) throw bad();
  return { effectiveAt: new Date(ms), id };
}

/** Every readable record, newest first by clinical date then id, a page at a time (keyset). */
export async function getRecordTimeline(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  query: { category?: RecordCategory; cursor?: string; limit: number },
): Promise<Timeline> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const acc = await recordAccessFor(ctx, actor, target, 'read');
  const patientId = acc.as.patientId;
  const types = readableTypes(acc, RECORD_RESOURCE_TYPES).filter(
    (t) => !query.category || categoryOfResourceType[t] === query.category,
  );
  const items =
    types.length === 0
      ? []
      : (
          await searchResources(ctx, {
            patientIds: [patientId],
            types,
            sort: '-date',
            count: query.limit + 1,
            after,
          })
        ).items;
  const page = items.slice(0, query.limit);
  const { entries } = await present(ctx, patientId, page);
  await recordAuditAs(ctx.db, acc.as, {
    action: 'records.read',
    outcome: 'success',
    subjectType: 'record',
    subjectId: patientId,
    details: { view: 'timeline', count: page.length },
  });
  return {
    items: entries,
    nextCursor: items.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Trend

/** Every numeric result for one code (`system|code` or a bare code), oldest first. */
export async function getResultTrend(
  ctx: StoreContext,
  actor: Actor,
  target: RecordTarget,
  code: string,
): Promise<ResultTrend> {
  const acc = await recordAccessFor(ctx, actor, target, 'read');
  const none = () => notFound('There are no numeric results with this code in this record.');
  if (!mayRead(acc, 'Observation')) throw none();
  const patientId = acc.as.patientId;
  const { items } = await searchResources<Observation>(ctx, {
    patientIds: [patientId],
    types: ['Observation'],
    codes: [code],
    sort: '-date',
    count: TREND_CAP,
  });
  const noNames: NameLookup = new Map();
  const points = items
    .filter((s) => typeof s.resource.valueQuantity?.value === 'number')
    .map((s) => ({ stored: s, entry: toRecordEntry(s, noNames) }))
    .filter(({ entry }) => entry.date !== null && notInError(entry))
    .reverse();
  if (points.length === 0) throw none();

  const [system, bare] = code.includes('|') ? code.split('|') : [undefined, code];
  const latest = points[points.length - 1]!;
  const coding = latest.stored.resource.code.coding?.find(
    (c) => c.code === bare && (system === undefined || (c.system ?? '') === system),
  );
  const withRange = [...points].reverse().find(({ entry }) => entry.referenceRange !== null);

  await recordAuditAs(ctx.db, acc.as, {
    action: 'records.read',
    outcome: 'success',
    subjectType: 'record',
    subjectId: patientId,
    details: { view: 'trend', count: points.length },
  });
  return {
    code: coding
      ? { system: coding.system ?? null, code: bare, display: coding.display ?? null }
      : (latest.entry.code ?? { system: system || null, code: bare, display: null }),
    title: latest.entry.title,
    unit: latest.entry.value?.unit ?? null,
    referenceRange: withRange?.entry.referenceRange ?? null,
    points: points.map(({ stored, entry }) => ({
      id: stored.id,
      date: entry.date!,
      value: stored.resource.valueQuantity!.value!,
      unit: entry.value?.unit ?? null,
      interpretation: entry.interpretation,
      referenceRange: entry.referenceRange,
      patientReported: entry.patientReported,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Export

/** Everything the viewer may read, as a FHIR R4 collection Bundle with the Patient first. */
export async function exportRecord(
  ctx: RecordsContext,
  actor: Actor,
  target: RecordTarget,
  now: Date = new Date(),
): Promise<{ bundle: Bundle; filename: string }> {
  const acc = await recordAccessFor(ctx, actor, target, 'read');
  const patientId = acc.as.patientId;
  const types = readableTypes(acc, RECORD_RESOURCE_TYPES);
  const resources: StoredResource[] = [];
  let after: Cursor | undefined;
  while (types.length > 0) {
    const { items } = await searchResources(ctx, {
      patientIds: [patientId],
      types,
      sort: '-date',
      count: EXPORT_PAGE,
      after,
    });
    resources.push(...items);
    if (items.length < EXPORT_PAGE) break;
    after = decodeCursor(encodeCursor(items[items.length - 1]!));
  }
  const account = await recordsRepo.patient(ctx.db, patientId);
  const patient: Patient = {
    resourceType: 'Patient',
    id: account.id,
    name: [{ text: account.name }],
    telecom: [{ system: 'email', value: account.email }],
  };
  const entry: BundleEntry[] = [
    { fullUrl: `${ctx.fhirBase}/Patient/${account.id}`, resource: patient },
    ...resources.map((s) => ({
      fullUrl: `${ctx.fhirBase}/${s.resourceType}/${s.id}`,
      resource: s.resource,
    })),
  ];
  await recordAuditAs(ctx.db, acc.as, {
    action: 'records.export',
    outcome: 'success',
    subjectType: 'record',
    subjectId: patientId,
    details: { count: resources.length },
  });
  return {
    bundle: {
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: now.toISOString(),
      entry,
    },
    filename: `carecircle-record-${now.toISOString().slice(0, 10)}.json`,
  };
}
