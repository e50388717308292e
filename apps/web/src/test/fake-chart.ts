// Test helper: a fake records server for the results pages and the provider's chart.
import {
  BREAK_GLASS_HOURS,
  BreakGlassInput,
  NewRecordEntry,
  PROBLEM_BASE,
  type Me,
  type RecordEntry,
  type RecordSummary,
  type ResultTrend,
} from '@carecircle/core';
import { createFakeFetch, defaultHandler, jsonResponse, type Handler } from './fake-api.ts';

export const providerMe: Me = {
  id: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  email: 'okafor@example.org',
  name: 'Dr. Amara Okafor',
  roles: ['provider'],
  status: 'active',
  locale: 'en',
  timeZone: 'America/New_York',
  emailVerified: true,
};

export const mariaMe: Me = {
  ...providerMe,
  id: '0b7a6f8e-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
  email: 'maria@example.org',
  name: 'Maria Alvarez',
  roles: ['patient'],
};

export const LOINC = 'http://loinc.org';
export const HBA1C_TOKEN = `${LOINC}|4548-4`;

let ids = 0;
/** A fresh record id (a valid UUID). */
export const newId = () => `c0c0c0c0-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** A result entry (HbA1c by default) with the fields the pages read. */
export function resultEntry(over: Partial<RecordEntry> = {}): RecordEntry {
  return {
    id: newId(),
    resourceType: 'Observation',
    category: 'result',
    title: 'HbA1c',
    code: { system: LOINC, code: '4548-4', display: 'Hemoglobin A1c' },
    status: 'final',
    date: '2026-09-14',
    value: { value: 7.1, unit: '%' },
    referenceRange: { low: 4, high: 5.6, text: null },
    interpretation: 'high',
    details: null,
    document: null,
    patientReported: false,
    source: { kind: 'import', by: null, system: 'Springfield Lab' },
    version: 1,
    updatedAt: '2026-09-14T10:00:00Z',
    ...over,
  };
}

/** An empty summary of a patient, with full access unless told otherwise. */
export function summaryOf(
  patient: { id: string; name: string },
  over: Partial<RecordSummary> = {},
): RecordSummary {
  return {
    patient,
    access: { records: true, medications: true, write: true, emergencyUntil: null },
    conditions: [],
    medications: [],
    allergies: [],
    immunizations: [],
    latestResults: [],
    documents: [],
    ...over,
  };
}

/** HbA1c over 18 months: 6 lab results, the last one above the range. */
export function hba1cTrend(over: Partial<ResultTrend> = {}): ResultTrend {
  const values: [string, number][] = [
    ['2025-03-10', 5.4],
    ['2025-06-12', 5.5],
    ['2025-10-02', 5.9],
    ['2026-01-20', 6.2],
    ['2026-05-18', 6.6],
    ['2026-09-14', 7.1],
  ];
  const range = { low: 4, high: 5.6, text: null };
  return {
    code: { system: LOINC, code: '4548-4', display: 'Hemoglobin A1c' },
    title: 'HbA1c',
    unit: '%',
    referenceRange: range,
    points: values.map(([date, value]) => ({
      id: newId(),
      date,
      value,
      unit: '%',
      interpretation: value > 5.6 ? ('high' as const) : ('normal' as const),
      referenceRange: range,
      patientReported: false,
    })),
    ...over,
  };
}

export interface FakePatient {
  id: string;
  name: string;
  summary?: Partial<RecordSummary>;
  /** By token (`system|code`). */
  trends?: Record<string, ResultTrend>;
  timeline?: RecordEntry[];
  /**
   * The signed-in provider's relationship with the patient: `care` (a share or an appointment:
   * read and write), `none` (404 until the glass is broken), `break-glass` (read only).
   */
  relationship?: 'care' | 'none' | 'break-glass';
  /** With `break-glass`: when the emergency access ends (default: 4 hours from now). */
  emergencyUntil?: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  headers: Record<string, string>;
}

const problem = (status: number, type: string, title: string, extra: object = {}) =>
  new Response(
    JSON.stringify({ type: PROBLEM_BASE + type, title, status, requestId: 'req-test', ...extra }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

const notFound = () =>
  problem(404, 'not-found', 'Not found', { detail: 'There is no such record.' });

/**
 * An in-memory records server behind the fake fetch. Whose record: `patientId` in the query, else
 * `X-Acting-For`, else the signed-in person (like the real one). Every request is recorded.
 */
export function createFakeChart(options: {
  me?: Me;
  patients: FakePatient[];
  /** Answers what is not about records (e.g. the practice pages); the default fake otherwise. */
  fallback?: Handler;
}) {
  const me = options.me ?? providerMe;
  const patients = new Map(options.patients.map((p) => [p.id, { ...p }]));
  const calls: RecordedCall[] = [];

  const recordOf = (req: Parameters<Handler>[0]) => {
    const patientId = req.url.searchParams.get('patientId');
    const id = patientId ?? req.headers?.['x-acting-for'] ?? me.id;
    const patient = patients.get(id);
    if (!patient) return undefined;
    if (patientId && (patient.relationship ?? 'care') === 'none') return undefined;
    return patient;
  };

  const summaryFor = (p: FakePatient): RecordSummary => {
    const base = summaryOf({ id: p.id, name: p.name }, p.summary);
    return p.relationship === 'break-glass'
      ? {
          ...base,
          access: {
            ...base.access,
            write: false,
            emergencyUntil:
              p.emergencyUntil ??
              new Date(Date.now() + BREAK_GLASS_HOURS * 3_600_000).toISOString(),
          },
        }
      : base;
  };

  const handler: Handler = (req) => {
    const { pathname, searchParams } = req.url;
    calls.push({
      method: req.method,
      path: pathname,
      query: Object.fromEntries(searchParams.entries()),
      body: req.body,
      headers: req.headers ?? {},
    });
    if (pathname === '/api/v1/me') return jsonResponse(me);
    const fallback = options.fallback ?? defaultHandler;
    if (pathname === '/api/v1/grants/acting-for') return jsonResponse({ items: [] });

    if (pathname === '/api/v1/break-glass' && req.method === 'POST') {
      const parsed = BreakGlassInput.safeParse(req.body);
      if (!parsed.success) {
        return problem(400, 'validation', 'Some fields need fixing', {
          errors: parsed.error.issues.map((i) => ({
            path: ['body', ...i.path].join('.'),
            message: i.message,
          })),
        });
      }
      const patient = patients.get(parsed.data.patientId);
      if (!patient) return notFound();
      patient.relationship = 'break-glass';
      patient.emergencyUntil = new Date(Date.now() + BREAK_GLASS_HOURS * 3_600_000).toISOString();
      return jsonResponse(
        {
          id: newId(),
          patientId: patient.id,
          expiresAt: patient.emergencyUntil,
        },
        201,
      );
    }

    if (!pathname.startsWith('/api/v1/records/')) return fallback(req);
    const patient = recordOf(req);
    if (!patient) return notFound();

    if (pathname === '/api/v1/records/summary') return jsonResponse(summaryFor(patient));
    if (pathname === '/api/v1/records/results/trend') {
      const trend = patient.trends?.[searchParams.get('code') ?? ''];
      return trend ? jsonResponse(trend) : notFound();
    }
    if (pathname === '/api/v1/records/timeline') {
      return jsonResponse({ items: patient.timeline ?? [], nextCursor: null });
    }
    if (pathname === '/api/v1/records/entries' && req.method === 'POST') {
      if (!summaryFor(patient).access.write) {
        return problem(403, 'forbidden', 'Forbidden', { detail: 'You cannot add to this record.' });
      }
      const parsed = NewRecordEntry.safeParse(req.body);
      if (!parsed.success) {
        return problem(400, 'validation', 'Some fields need fixing', {
          errors: parsed.error.issues.map((i) => ({
            path: ['body', ...i.path].join('.'),
            message: i.message,
          })),
        });
      }
      const body = parsed.data;
      const title =
        'name' in body
          ? body.name
          : 'title' in body
            ? body.title
            : 'substance' in body
              ? body.substance
              : 'vaccine' in body
                ? body.vaccine
                : 'Result';
      const created = resultEntry({
        resourceType: body.kind === 'prescription' ? 'MedicationRequest' : 'Observation',
        category: body.kind === 'prescription' ? 'medication' : 'result',
        title,
        code: null,
        value: null,
        referenceRange: null,
        interpretation: null,
        details: 'dosage' in body ? body.dosage : null,
        source: { kind: 'provider', by: { id: me.id, name: me.name }, system: null },
      });
      patient.timeline = [created, ...(patient.timeline ?? [])];
      if (body.kind === 'prescription') {
        patient.summary = {
          ...patient.summary,
          medications: [created, ...(patient.summary?.medications ?? [])],
        };
      }
      return jsonResponse(created, 201);
    }
    return notFound();
  };

  return { fetch: createFakeFetch(handler), calls, patients };
}
