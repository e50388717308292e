import type { DateFilter, SearchQuery } from '../record-search.ts';
import { fhirBadRequest } from './fhir-errors.ts';

/**
 * FHIR search parameters, parsed (pure): tokens (`system|code`, comma = OR), dates with prefixes
 * and precision, references, and the result parameters (`_count`, `_offset`, `_sort`, `_total`).
 * Unknown parameters are refused (400 naming them) unless the client asked for lenient handling.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
const MAX_OFFSET = 10_000;

/** Parameters every search understands. */
const RESULT_PARAMS = ['_count', '_offset', '_format', '_total'];

/** Every value a parameter was given (repeated = AND). */
export function valuesOf(params: SearchParams, name: string): string[] {
  const v = params[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** One value at most. */
export function singleValue(params: SearchParams, name: string): string | undefined {
  const values = valuesOf(params, name);
  if (values.length > 1) throw fhirBadRequest(`${name} may be given once.`, name);
  return values[0];
}

/** Whether `Prefer: handling=lenient` was sent (unknown parameters are then ignored). */
export function isLenient(prefer: string | undefined): boolean {
  return /(^|[;,\s])handling\s*=\s*lenient\b/i.test(prefer ?? '');
}

/**
 * Checks that every parameter is one this search knows: unknown ones are a 400 naming them, or
 * with lenient handling dropped. Returns the parameters to use.
 */
export function knownParams(
  params: SearchParams,
  allowed: readonly string[],
  lenient: boolean,
): SearchParams {
  const known = new Set([...allowed, ...RESULT_PARAMS]);
  const out: SearchParams = {};
  for (const [name, value] of Object.entries(params)) {
    if (known.has(name)) out[name] = value;
    else if (!lenient) {
      throw fhirBadRequest(
        `The search parameter ${name} is not supported here. Supported: ${[...known].join(', ')}.`,
        name,
      );
    }
  }
  const format = singleValue(out, '_format');
  if (format && !/^(json|application\/(fhir\+)?json)$/.test(format)) {
    throw fhirBadRequest('Only JSON is offered (_format=json).', '_format');
  }
  return out;
}

/** Tokens of a parameter: `system|code` or `code`, comma-separated (OR). */
export function parseTokens(params: SearchParams, name: string): string[] {
  const values = valuesOf(params, name);
  if (values.length > 1) {
    throw fhirBadRequest(`${name} may be given once (use commas for "any of").`, name);
  }
  const out: string[] = [];
  for (const part of (values[0] ?? '').split(',')) {
    const token = part.trim();
    if (!token) continue;
    const bar = token.indexOf('|');
    if (bar < 0) out.push(token);
    else if (bar === token.length - 1) {
      throw fhirBadRequest(`${name}: give a code with its system (system|code).`, name);
    } else if (bar === 0) out.push(token.slice(1));
    else out.push(token);
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id can be one of ours (every id here is a UUID). */
export const isOurId = (id: string) => UUID.test(id);

/**
 * The id in a reference parameter: `Type/id`, a URL ending in `Type/id`, or a bare `id`.
 * Another type is a 400 naming the parameter.
 */
export function parseReference(value: string, name: string, type: string): string {
  const m = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})$/.exec(value);
  if (m) {
    if (m[1] !== type) throw fhirBadRequest(`${name} must refer to a ${type}.`, name);
    return m[2]!.toLowerCase();
  }
  if (/^[A-Za-z0-9.-]{1,64}$/.test(value)) return value.toLowerCase();
  throw fhirBadRequest(`${name} must be ${type}/{id} or an id.`, name);
}

/** The single reference of a parameter, if given. */
export function referenceParam(
  params: SearchParams,
  name: string,
  type: string,
): string | undefined {
  const value = singleValue(params, name);
  if (value === undefined) return undefined;
  if (value.includes(',')) throw fhirBadRequest(`${name} takes one ${type}.`, name);
  return parseReference(value, name, type);
}

const DATE_PREFIXES = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'sa', 'eb'] as const;
const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** A date search value: prefix (default eq) and the range its precision covers. */
export function parseDate(value: string, name: string): DateFilter {
  if (value.includes(',')) {
    throw fhirBadRequest(`${name}: give one date per parameter (repeat it for a range).`, name);
  }
  const prefix = DATE_PREFIXES.find((p) => value.startsWith(p));
  const raw = prefix ? value.slice(2) : value;
  const m = DATE_VALUE.exec(raw);
  const bad = () =>
    fhirBadRequest(
      `${name}: "${raw}" is not a date (YYYY, YYYY-MM, YYYY-MM-DD or an instant with a time zone), optionally after eq, ne, lt, le, gt, ge, sa or eb.`,
      name,
    );
  if (!m) throw bad();
  const [, y, mo, d, h, _mi, s, frac] = m;
  let start: Date;
  let end: Date;
  if (h !== undefined) {
    start = new Date(raw);
    const step = frac ? 1 : s !== undefined ? 1000 : 60_000;
    end = new Date(start.getTime() + step);
  } else {
    const year = Number(y);
    const month = mo ? Number(mo) - 1 : 0;
    const day = d ? Number(d) : 1;
    start = new Date(Date.UTC(year, month, day));
    end = d
      ? new Date(Date.UTC(year, month, day + 1))
      : mo
        ? new Date(Date.UTC(year, month + 1, 1))
        : new Date(Date.UTC(year + 1, 0, 1));
    if (start.getUTCMonth() !== month || start.getUTCDate() !== day) throw bad();
  }
  if (Number.isNaN(start.getTime())) throw bad();
  return { op: prefix ?? 'eq', start, end };
}

export function parseDates(params: SearchParams, name: string): DateFilter[] {
  return valuesOf(params, name).map((v) => parseDate(v, name));
}

export interface Paging {
  count: number;
  offset: number;
  /** Whether a total was asked for (`_total=none` turns it off). */
  total: boolean;
}

export function parsePaging(params: SearchParams): Paging {
  const int = (name: string, max: number, fallback: number) => {
    const v = singleValue(params, name);
    if (v === undefined) return fallback;
    if (!/^\d{1,6}$/.test(v)) throw fhirBadRequest(`${name} must be a whole number.`, name);
    return Math.min(Number(v), max);
  };
  const total = singleValue(params, '_total');
  if (total !== undefined && !['none', 'estimate', 'accurate'].includes(total)) {
    throw fhirBadRequest('_total must be none, estimate or accurate.', '_total');
  }
  return {
    count: int('_count', MAX_COUNT, DEFAULT_COUNT),
    offset: int('_offset', MAX_OFFSET, 0),
    total: total !== 'none',
  };
}

const SORTS = ['date', '-date', '_lastUpdated', '-_lastUpdated'] as const;
type Sort = (typeof SORTS)[number];

export function parseSort(params: SearchParams): Sort | undefined {
  const v = singleValue(params, '_sort');
  if (v === undefined) return undefined;
  if (!(SORTS as readonly string[]).includes(v)) {
    throw fhirBadRequest(`_sort must be one of ${SORTS.join(', ')}.`, '_sort');
  }
  return v as Sort;
}

/** The parameters of a record type's search. */
export const RECORD_SEARCH_PARAMS = [
  'patient',
  'subject',
  'code',
  'category',
  'date',
  'status',
  'identifier',
  '_sort',
];

export interface RecordSearch {
  /** The patient named (`patient` or `subject`), lower-case. */
  patient: string | undefined;
  query: Omit<SearchQuery, 'patientIds' | 'types'>;
}

/** A record type's search parameters (already checked with `knownParams`). */
export function parseRecordSearch(params: SearchParams): RecordSearch {
  const patient = referenceParam(params, 'patient', 'Patient');
  const subject = referenceParam(params, 'subject', 'Patient');
  if (patient && subject && patient !== subject) {
    throw fhirBadRequest('patient and subject name different patients.', 'subject');
  }
  const identifiers = parseTokens(params, 'identifier');
  for (const i of identifiers) {
    if (!i.includes('|')) {
      throw fhirBadRequest(
        'identifier: give the system and the value (system|value).',
        'identifier',
      );
    }
  }
  const paging = parsePaging(params);
  return {
    patient: patient ?? subject,
    query: {
      codes: parseTokens(params, 'code'),
      categories: parseTokens(params, 'category'),
      statuses: parseTokens(params, 'status'),
      identifiers,
      dates: parseDates(params, 'date'),
      sort: parseSort(params),
      count: paging.count,
      offset: paging.offset,
      total: paging.total,
    },
  };
}
