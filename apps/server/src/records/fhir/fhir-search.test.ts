import { describe, expect, it } from 'vitest';
import { FhirError } from './fhir-errors.ts';
import { intersectTokens } from './fhir-records.ts';
import {
  isLenient,
  knownParams,
  parseDate,
  parsePaging,
  parseRecordSearch,
  parseReference,
  parseTokens,
} from './fhir-search.ts';

function refusal(fn: () => unknown): { status: number; expression: string | undefined } {
  try {
    fn();
  } catch (err) {
    if (err instanceof FhirError) return { status: err.status, expression: err.expression };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('FHIR search parameters', () => {
  it('parses dates by precision, with prefixes', () => {
    expect(parseDate('2024', 'date')).toEqual({
      op: 'eq',
      start: new Date('2024-01-01T00:00:00Z'),
      end: new Date('2025-01-01T00:00:00Z'),
    });
    expect(parseDate('ge2024-02', 'date')).toEqual({
      op: 'ge',
      start: new Date('2024-02-01T00:00:00Z'),
      end: new Date('2024-03-01T00:00:00Z'),
    });
    expect(parseDate('lt2024-12-31', 'date').end).toEqual(new Date('2025-01-01T00:00:00Z'));
    const instant = parseDate('sa2024-05-01T10:30:00+02:00', 'date');
    expect(instant.op).toBe('sa');
    expect(instant.start).toEqual(new Date('2024-05-01T08:30:00Z'));
    expect(instant.end.getTime() - instant.start.getTime()).toBe(1000);
    expect(parseDate('2024-05-01T10:30Z', 'date').end).toEqual(new Date('2024-05-01T10:31:00Z'));
  });

  it('refuses dates it cannot read, naming the parameter', () => {
    for (const bad of [
      'yesterday',
      '2024-13',
      '2024-02-30',
      '2024-05-01T10:30',
      'xx2024',
      '2024,2025',
    ]) {
      expect(refusal(() => parseDate(bad, 'date'))).toEqual({ status: 400, expression: 'date' });
    }
  });

  it('parses tokens (system|code, code, |code; comma = any of)', () => {
    expect(parseTokens({ code: 'http://loinc.org|1234-5,abc,|xyz' }, 'code')).toEqual([
      'http://loinc.org|1234-5',
      'abc',
      'xyz',
    ]);
    expect(refusal(() => parseTokens({ code: 'http://loinc.org|' }, 'code')).expression).toBe(
      'code',
    );
    expect(refusal(() => parseTokens({ code: ['a', 'b'] }, 'code')).status).toBe(400);
  });

  it('reads references as Type/id, a URL or a bare id', () => {
    expect(parseReference('Patient/ABC-1', 'patient', 'Patient')).toBe('abc-1');
    expect(parseReference('https://x.example/fhir/Patient/abc', 'patient', 'Patient')).toBe('abc');
    expect(parseReference('abc', 'patient', 'Patient')).toBe('abc');
    expect(refusal(() => parseReference('Group/abc', 'patient', 'Patient')).expression).toBe(
      'patient',
    );
  });

  it('pages with defaults and caps', () => {
    expect(parsePaging({})).toEqual({ count: 20, offset: 0, total: true });
    expect(parsePaging({ _count: '500', _offset: '40', _total: 'none' })).toEqual({
      count: 100,
      offset: 40,
      total: false,
    });
    expect(refusal(() => parsePaging({ _count: '-1' })).expression).toBe('_count');
    expect(refusal(() => parsePaging({ _total: 'lots' })).expression).toBe('_total');
  });

  it('is strict about unknown parameters unless lenient', () => {
    expect(refusal(() => knownParams({ colour: 'blue' }, ['code'], false)).expression).toBe(
      'colour',
    );
    expect(knownParams({ colour: 'blue', code: 'x' }, ['code'], true)).toEqual({ code: 'x' });
    expect(isLenient('return=minimal, handling=lenient')).toBe(true);
    expect(isLenient('handling=strict')).toBe(false);
    expect(refusal(() => knownParams({ _format: 'xml' }, [], false)).expression).toBe('_format');
  });

  it('parses a record search', () => {
    const search = parseRecordSearch({
      subject: 'Patient/P1',
      code: 'a,b',
      date: ['ge2024', 'lt2025'],
      _sort: '-_lastUpdated',
    });
    expect(search.patient).toBe('p1');
    expect(search.query.codes).toEqual(['a', 'b']);
    expect(search.query.dates).toHaveLength(2);
    expect(search.query.sort).toBe('-_lastUpdated');
    expect(refusal(() => parseRecordSearch({ patient: 'p1', subject: 'p2' })).expression).toBe(
      'subject',
    );
    expect(refusal(() => parseRecordSearch({ _sort: 'code' })).expression).toBe('_sort');
  });

  it('intersects asked categories with the ones a scope allows', () => {
    const sys = 'http://terminology.hl7.org/CodeSystem/observation-category';
    expect(intersectTokens(['laboratory'], [`${sys}|vital-signs`])).toEqual([]);
    expect(intersectTokens(['vital-signs'], [`${sys}|vital-signs`])).toEqual([
      `${sys}|vital-signs`,
    ]);
    expect(intersectTokens([`${sys}|vital-signs`], ['vital-signs'])).toEqual([
      `${sys}|vital-signs`,
    ]);
  });
});
