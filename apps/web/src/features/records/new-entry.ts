import type { TFunction } from 'i18next';
import { MEASUREMENTS, type MeasurementKey, type NewRecordEntry } from '@carecircle/core';
import { localDay } from './record-format.ts';

export type EntryKind = NewRecordEntry['kind'];

/** The form's fields, named by their path in the request body (so 400 errors map onto them). */
export const fieldsOfKind = {
  result: [
    'measurement',
    'code.code',
    'code.display',
    'value',
    'unit',
    'effective',
    'referenceRange.low',
    'referenceRange.high',
    'note',
  ],
  taking: ['name', 'dosage', 'startedOn', 'note'],
  prescription: ['name', 'dosage', 'refills', 'startedOn', 'endsOn', 'note'],
  condition: ['name', 'status', 'onset', 'note'],
  allergy: ['substance', 'category', 'criticality', 'reaction'],
  immunization: ['vaccine', 'date', 'lotNumber'],
  note: ['title', 'text', 'date'],
} as const satisfies Record<EntryKind, readonly string[]>;

export type EntryField = (typeof fieldsOfKind)[EntryKind][number];
export type EntryValues = Partial<Record<EntryField, string>>;

/** Number fields, and fields that hold a date or a date and time. */
const numberFields = new Set<string>(['value', 'referenceRange.low', 'referenceRange.high']);
const integerFields = new Set<string>(['refills']);
const dayFields = new Set<string>(['startedOn', 'endsOn', 'onset']);
/** Local date-time fields (`datetime-local` inputs): `date` is one only for notes. */
export function isDateTimeField(kind: EntryKind, field: EntryField): boolean {
  return field === 'effective' || (kind === 'note' && field === 'date');
}
export function isDayField(kind: EntryKind, field: EntryField): boolean {
  return dayFields.has(field) || (kind === 'immunization' && field === 'date');
}

/** `2026-11-27T10:30` for a datetime-local input, in the device's zone. */
export function localDateTime(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${localDay(now)}T${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** What a new form of this kind starts with: now for a reading, today for a vaccine. */
export function initialValues(kind: EntryKind, now = new Date()): EntryValues {
  switch (kind) {
    case 'result':
      return { measurement: '', effective: localDateTime(now) };
    case 'condition':
      return { status: 'active' };
    case 'immunization':
      return { date: localDay(now) };
    default:
      return {};
  }
}

/** The unit a measurement is recorded in (the form prefills it). */
export function unitOf(measurement: string): string {
  return measurement in MEASUREMENTS ? MEASUREMENTS[measurement as MeasurementKey].unit : '';
}

const text = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
function number(s: string | undefined): number | undefined {
  const v = text(s);
  return v === undefined ? undefined : Number(v.replace(',', '.'));
}
/** A datetime-local value as an ISO date-time with offset; unreadable text is left for zod. */
function moment(s: string | undefined): string | undefined {
  const v = text(s);
  if (v === undefined) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/** The request body for the form's values (empty optional fields left out). */
export function buildEntry(kind: EntryKind, v: EntryValues): Record<string, unknown> {
  switch (kind) {
    case 'result': {
      const other = v.measurement === 'other';
      const low = number(v['referenceRange.low']);
      const high = number(v['referenceRange.high']);
      return {
        kind,
        measurement: other ? undefined : text(v.measurement),
        code: other ? { code: v['code.code'] ?? '', display: v['code.display'] ?? '' } : undefined,
        value: number(v.value),
        unit: text(v.unit),
        effective: moment(v.effective),
        referenceRange: low === undefined && high === undefined ? undefined : { low, high },
        note: text(v.note),
      };
    }
    case 'taking':
    case 'prescription':
      return {
        kind,
        name: v.name ?? '',
        dosage: v.dosage ?? '',
        startedOn: text(v.startedOn),
        endsOn: text(v.endsOn),
        refills: number(v.refills),
        note: text(v.note),
      };
    case 'condition':
      return {
        kind,
        name: v.name ?? '',
        status: text(v.status),
        onset: text(v.onset),
        note: text(v.note),
      };
    case 'allergy':
      return {
        kind,
        substance: v.substance ?? '',
        category: text(v.category),
        criticality: text(v.criticality),
        reaction: text(v.reaction),
      };
    case 'immunization':
      return { kind, vaccine: v.vaccine ?? '', date: text(v.date), lotNumber: text(v.lotNumber) };
    case 'note':
      return { kind, title: v.title ?? '', text: v.text ?? '', date: moment(v.date) };
  }
}

type T = TFunction<['common', 'web']>;

/** The part of a zod issue the form needs. */
export interface Issue {
  code: string;
  message: string;
  path: readonly PropertyKey[];
}

/** A zod issue about one field, in the page's language. */
export function issueMessage(
  kind: EntryKind,
  field: string,
  issue: Issue,
  raw: string | undefined,
  t: T,
): string {
  const empty = raw === undefined || raw.trim() === '';
  if (field === 'measurement' || field.startsWith('code.')) {
    if (issue.code === 'custom' || field === 'measurement') {
      return t('web:records.add.errors.measurement');
    }
  }
  if (integerFields.has(field)) {
    if (issue.code === 'too_small') return t('web:records.add.errors.tooSmall');
    if (issue.code === 'too_big') return t('web:records.add.errors.tooBig');
    return t('web:records.add.errors.integer');
  }
  if (numberFields.has(field)) {
    if (empty) return t('web:records.add.errors.required');
    return t('web:records.add.errors.number');
  }
  if (isDateTimeField(kind, field as EntryField)) {
    return empty ? t('web:records.add.errors.required') : t('web:records.add.errors.dateTime');
  }
  if (isDayField(kind, field as EntryField)) {
    return empty ? t('web:records.add.errors.required') : t('web:records.add.errors.date');
  }
  if (issue.code === 'too_big') return t('web:records.add.errors.tooLong');
  if (issue.code === 'too_small' || issue.code === 'invalid_type' || empty) {
    return t('web:records.add.errors.required');
  }
  return issue.message;
}
