import { vi } from 'vitest';
import {
  DOCUMENT_CONTENT_TYPES,
  MAX_DOCUMENT_BYTES,
  MEASUREMENTS,
  PROBLEM_BASE,
  categoryOfResourceType,
  type ActingForGrant,
  type ImportSummary,
  type Me,
  type MeasurementKey,
  type RecordEntry,
  type RecordResourceType,
  type RecordSummary,
} from '@carecircle/core';
import { defaultHandler, jsonResponse, problemResponse } from './fake-api.ts';
import { mariaGrant, patientMe } from './fake-scheduling.ts';

/** A request as the fake records server sees it: JSON bodies parsed, other bodies as given. */
export interface RecordsRequest {
  url: URL;
  method: string;
  body?: unknown;
  /** A body that is not a string (a document upload's Blob). */
  rawBody?: unknown;
  headers: Record<string, string>;
}
export type RecordsHandler = (request: RecordsRequest) => Response | Promise<Response>;

export interface RecordedRecordsRequest {
  method: string;
  /** Path with the query string. */
  path: string;
  body?: unknown;
  rawBody?: unknown;
  headers: Record<string, string>;
}

type Access = RecordSummary['access'];

export interface FakeRecordsOptions {
  me?: Me;
  /** Patients the signed-in person may act for. */
  actingFor?: ActingForGrant[];
  /** Entries per patient id (the signed-in person's own by default). */
  records?: Record<string, RecordEntry[]>;
  /** What the signed-in person may do per patient (their own record: everything). */
  access?: Record<string, Access>;
}

const problem = (
  status: number,
  type: string,
  title: string,
  detail: string,
  errors?: { path: string; message: string; code?: string }[],
) =>
  new Response(
    JSON.stringify({ type: PROBLEM_BASE + type, title, status, detail, requestId: 'req', errors }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

let counter = 0;
/** A fresh uuid-shaped id (deterministic order, unique per test run). */
function nextId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

/** A record entry with sensible defaults (a patient-reported condition). */
export function recordEntry(
  overrides: Partial<RecordEntry> & { resourceType?: RecordResourceType } = {},
): RecordEntry {
  const resourceType = overrides.resourceType ?? 'Condition';
  return {
    id: nextId(),
    resourceType,
    category: categoryOfResourceType[resourceType],
    title: 'Type 2 diabetes',
    code: null,
    status: null,
    date: '2026-01-15',
    value: null,
    referenceRange: null,
    interpretation: null,
    details: null,
    document: null,
    patientReported: true,
    source: { kind: 'patient', by: { id: patientMe.id, name: patientMe.name }, system: null },
    version: 1,
    updatedAt: '2026-01-15T10:00:00.000Z',
    ...overrides,
  };
}

interface Version {
  version: number;
  at: string;
  by: { id: string; name: string } | null;
  change: 'created' | 'updated' | 'deleted';
  entry: RecordEntry;
}

const ACTIVE_MEDICATION = new Set(['active', 'intended', 'on-hold', null]);

/**
 * An in-memory records server behind a fake fetch: summary, timeline (cursor = offset),
 * entries with versions, status changes, delete, document upload (raw body, 413/415 like the
 * server) and content, import, export. Whose record: `patientId` in the query, else the
 * `X-Acting-For` header, else the signed-in person. Every request is recorded.
 */
export function createFakeRecords(options: FakeRecordsOptions = {}) {
  const me = options.me ?? patientMe;
  const actingFor = options.actingFor ?? [];
  const names = new Map<string, string>([[me.id, me.name]]);
  for (const g of actingFor) names.set(g.patient.id, g.patient.name);
  const records = new Map<string, RecordEntry[]>();
  const history = new Map<string, Version[]>();
  for (const [patientId, entries] of Object.entries(options.records ?? {})) {
    records.set(patientId, [...entries]);
    for (const e of entries) {
      history.set(e.id, [
        { version: 1, at: e.updatedAt, by: e.source.by, change: 'created', entry: e },
      ]);
    }
  }
  const documents = new Map<string, { contentType: string; bytes: Uint8Array }>();
  const requests: RecordedRecordsRequest[] = [];
  const overrides: { method: string; path: string; response: () => Response }[] = [];

  const accessOf = (patientId: string): Access =>
    options.access?.[patientId] ??
    (patientId === me.id
      ? { records: true, medications: true, write: true, emergencyUntil: null }
      : { records: false, medications: false, write: false, emergencyUntil: null });
  const listOf = (patientId: string) => {
    let list = records.get(patientId);
    if (!list) records.set(patientId, (list = []));
    return list;
  };
  const visible = (patientId: string) => {
    const access = accessOf(patientId);
    return listOf(patientId).filter(
      (e) => access.records || (access.medications && e.category === 'medication'),
    );
  };
  const byDateDesc = (a: RecordEntry, b: RecordEntry) =>
    (b.date ?? '').localeCompare(a.date ?? '') || b.updatedAt.localeCompare(a.updatedAt);

  const summaryOf = (patientId: string): RecordSummary => {
    const access = accessOf(patientId);
    const list = visible(patientId).sort(byDateDesc);
    const of = (category: RecordEntry['category']) => list.filter((e) => e.category === category);
    const results = new Map<string, RecordEntry & { count: number }>();
    for (const r of of('result')) {
      const key = r.code?.code ?? r.title;
      const seen = results.get(key);
      if (seen) seen.count += 1;
      else results.set(key, { ...r, count: 1 });
    }
    return {
      patient: { id: patientId, name: names.get(patientId) ?? 'Someone' },
      access,
      conditions: of('condition'),
      medications: of('medication').filter((e) => ACTIVE_MEDICATION.has(e.status)),
      allergies: of('allergy'),
      immunizations: of('immunization'),
      latestResults: [...results.values()],
      documents: of('document'),
    };
  };

  const entryFromNew = (body: Record<string, unknown>, by: { id: string; name: string }) => {
    const now = new Date().toISOString();
    const base = {
      source: { kind: 'patient' as const, by, system: null },
      patientReported: true,
      updatedAt: now,
      version: 1,
    };
    switch (body.kind) {
      case 'result': {
        const m = body.measurement ? MEASUREMENTS[body.measurement as MeasurementKey] : undefined;
        const code = body.code as { code: string; display: string } | undefined;
        const range = body.referenceRange as { low?: number; high?: number } | undefined;
        return recordEntry({
          ...base,
          resourceType: 'Observation',
          title: m?.display ?? code?.display ?? 'Result',
          code: { system: 'http://loinc.org', code: m?.code ?? code?.code ?? '', display: null },
          status: 'final',
          date: body.effective as string,
          value: { value: body.value as number, unit: (body.unit as string) ?? m?.unit ?? null },
          referenceRange: range
            ? { low: range.low ?? null, high: range.high ?? null, text: null }
            : null,
          details: (body.note as string) ?? null,
        });
      }
      case 'taking':
      case 'prescription':
        return recordEntry({
          ...base,
          resourceType: body.kind === 'taking' ? 'MedicationStatement' : 'MedicationRequest',
          title: body.name as string,
          status: 'active',
          date: (body.startedOn as string) ?? null,
          details: body.dosage as string,
        });
      case 'condition':
        return recordEntry({
          ...base,
          title: body.name as string,
          status: (body.status as string) ?? 'active',
          date: (body.onset as string) ?? null,
        });
      case 'allergy':
        return recordEntry({
          ...base,
          resourceType: 'AllergyIntolerance',
          title: body.substance as string,
          status: 'active',
          date: null,
          details: (body.reaction as string) ?? null,
        });
      case 'immunization':
        return recordEntry({
          ...base,
          resourceType: 'Immunization',
          title: body.vaccine as string,
          status: 'completed',
          date: body.date as string,
        });
      default:
        return recordEntry({
          ...base,
          resourceType: 'DocumentReference',
          title: body.title as string,
          date: (body.date as string) ?? now,
          details: body.text as string,
        });
    }
  };

  const find = (patientId: string, type: string, id: string) =>
    visible(patientId).find((e) => e.resourceType === type && e.id === id);

  const handler: RecordsHandler = async (req) => {
    const path = req.url.pathname;
    requests.push({
      method: req.method,
      path: path + req.url.search,
      body: req.body,
      rawBody: req.rawBody,
      headers: req.headers,
    });
    const override = overrides.findIndex((o) => o.method === req.method && o.path === path);
    if (override >= 0) return overrides.splice(override, 1)[0]!.response();

    const patientId = req.url.searchParams.get('patientId') ?? req.headers['x-acting-for'] ?? me.id;
    const access = accessOf(patientId);
    const meRef = { id: me.id, name: me.name };

    if (path === '/api/v1/me') return jsonResponse(me);
    if (path === '/api/v1/grants/acting-for') return jsonResponse({ items: actingFor });
    if (!path.startsWith('/api/v1/records')) {
      return path.startsWith('/api/v1/') && path !== '/api/v1/info'
        ? problemResponse(404, 'Not found')
        : defaultHandler(req);
    }
    if (!access.records && !access.medications) {
      return problem(404, 'not-found', 'Not found', 'No such record.');
    }
    if (path === '/api/v1/records/summary') return jsonResponse(summaryOf(patientId));
    if (path === '/api/v1/records/timeline') {
      const category = req.url.searchParams.get('category');
      const offset = Number(req.url.searchParams.get('cursor') ?? '0');
      const limit = Number(req.url.searchParams.get('limit') ?? '30');
      const all = visible(patientId)
        .filter((e) => !category || e.category === category)
        .sort(byDateDesc);
      const items = all.slice(offset, offset + limit);
      return jsonResponse({
        items,
        nextCursor: offset + limit < all.length ? String(offset + limit) : null,
      });
    }
    if (path === '/api/v1/records/entries' && req.method === 'POST') {
      if (!access.write) return problem(403, 'forbidden', 'Forbidden', 'Read only.');
      const entry = entryFromNew(req.body as Record<string, unknown>, meRef);
      listOf(patientId).push(entry);
      history.set(entry.id, [
        { version: 1, at: entry.updatedAt, by: meRef, change: 'created', entry },
      ]);
      return jsonResponse(entry, 201);
    }
    let m = /^\/api\/v1\/records\/entries\/([A-Za-z]+)\/([^/]+)(\/status)?$/.exec(path);
    if (m) {
      const entry = find(patientId, m[1]!, m[2]!);
      if (!entry) return problem(404, 'not-found', 'Not found', 'No such entry.');
      if (req.method === 'GET') {
        return jsonResponse({ entry, versions: [...(history.get(entry.id) ?? [])].reverse() });
      }
      if (!access.write) return problem(403, 'forbidden', 'Forbidden', 'Read only.');
      const list = listOf(patientId);
      const index = list.indexOf(entry);
      if (req.method === 'DELETE') {
        list.splice(index, 1);
        history.get(entry.id)?.push({
          version: entry.version + 1,
          at: new Date().toISOString(),
          by: meRef,
          change: 'deleted',
          entry,
        });
        return new Response(null, { status: 204 });
      }
      const changed: RecordEntry = {
        ...entry,
        status: (req.body as { status: string }).status,
        version: entry.version + 1,
        updatedAt: new Date().toISOString(),
      };
      list[index] = changed;
      history.get(entry.id)?.push({
        version: changed.version,
        at: changed.updatedAt,
        by: meRef,
        change: 'updated',
        entry: changed,
      });
      return jsonResponse(changed);
    }
    if (path === '/api/v1/records/documents' && req.method === 'POST') {
      if (!access.write) return problem(403, 'forbidden', 'Forbidden', 'Read only.');
      const contentType = req.headers['content-type'] ?? '';
      if (!(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(contentType)) {
        return problem(415, 'unsupported-media-type', 'Unsupported type', 'Not accepted.');
      }
      const blob = req.rawBody as Blob;
      if (blob.size > MAX_DOCUMENT_BYTES) {
        return problem(413, 'payload-too-large', 'Too large', 'At most 10 MB.');
      }
      const title = req.url.searchParams.get('title') ?? '';
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const documentId = nextId();
      documents.set(documentId, { contentType, bytes });
      const entry = recordEntry({
        resourceType: 'DocumentReference',
        title,
        status: 'current',
        date: req.url.searchParams.get('date') ?? new Date().toISOString().slice(0, 10),
        document: { id: documentId, contentType, size: bytes.byteLength, title },
        source: { kind: 'patient', by: meRef, system: null },
      });
      listOf(patientId).push(entry);
      history.set(entry.id, [
        { version: 1, at: entry.updatedAt, by: meRef, change: 'created', entry },
      ]);
      return jsonResponse(entry, 201);
    }
    m = /^\/api\/v1\/records\/documents\/([^/]+)\/content$/.exec(path);
    if (m) {
      const doc = documents.get(m[1]!);
      if (!doc) return problem(404, 'not-found', 'Not found', 'No such document.');
      return new Response(doc.bytes as BodyInit, { headers: { 'content-type': doc.contentType } });
    }
    if (path === '/api/v1/records/import' && req.method === 'POST') {
      if (!access.write) return problem(403, 'forbidden', 'Forbidden', 'Read only.');
      const bundle = req.body as {
        resourceType?: string;
        entry?: { resource?: { resourceType?: string } }[];
      };
      if (bundle.resourceType !== 'Bundle') {
        return problem(400, 'validation', 'Some fields need fixing', 'Not a Bundle.', [
          { path: 'body.resourceType', message: 'Must be Bundle' },
        ]);
      }
      const summary: ImportSummary = {
        added: {},
        duplicates: 0,
        ignored: 0,
        source: req.url.searchParams.get('source') ?? 'Imported file',
      };
      for (const e of bundle.entry ?? []) {
        const type = e.resource?.resourceType ?? '';
        if (type in categoryOfResourceType) summary.added[type] = (summary.added[type] ?? 0) + 1;
        else summary.ignored += 1;
      }
      return jsonResponse(summary);
    }
    if (path === '/api/v1/records/export') {
      return new Response(
        JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }),
        { headers: { 'content-type': 'application/fhir+json' } },
      );
    }
    return problemResponse(404, 'Not found');
  };

  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    return handler({
      url: new URL(String(input instanceof Request ? input.url : input), 'http://localhost'),
      method: init?.method ?? 'GET',
      body: typeof body === 'string' ? (JSON.parse(body) as unknown) : undefined,
      rawBody: body !== undefined && body !== null && typeof body !== 'string' ? body : undefined,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
    });
  });

  return {
    handler,
    fetch,
    requests,
    records,
    documents,
    /** Requests to one path (query string ignored) and method. */
    requestsTo: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.path.split('?')[0] === path),
    /** Answers the next `method path` request with `response` instead. */
    respondOnce: (method: string, path: string, response: () => Response) => {
      overrides.push({ method, path, response });
    },
    problem,
  };
}

/** Maria, whom Sam (the fakes' signed-in person) may act for. */
export { mariaGrant, patientMe };
