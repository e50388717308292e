import type { RecordResourceType } from '@carecircle/core';

/**
 * What is stored in clear next to an encrypted resource, for search: codes, categories, status,
 * the clinical date and identifiers. Nothing else of the resource leaves the ciphertext.
 */

type Json = Record<string, unknown>;
interface Coding {
  system?: string;
  code?: string;
}
interface CodeableConcept {
  coding?: Coding[];
}

/** The element that names the patient, per type (`subject` or `patient`). */
export const PATIENT_ELEMENT: Record<RecordResourceType, 'subject' | 'patient'> = {
  Condition: 'subject',
  Observation: 'subject',
  MedicationRequest: 'subject',
  MedicationStatement: 'subject',
  AllergyIntolerance: 'patient',
  Immunization: 'patient',
  DiagnosticReport: 'subject',
  DocumentReference: 'subject',
};

/** The element holding the resource's main code, per type. */
export const CODE_ELEMENT: Record<RecordResourceType, string> = {
  Condition: 'code',
  Observation: 'code',
  MedicationRequest: 'medicationCodeableConcept',
  MedicationStatement: 'medicationCodeableConcept',
  AllergyIntolerance: 'code',
  Immunization: 'vaccineCode',
  DiagnosticReport: 'code',
  DocumentReference: 'type',
};

function concepts(value: unknown): CodeableConcept[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]) as CodeableConcept[];
}

/** Tokens of codeable concepts: `system|code` and the bare `code`. */
export function tokens(value: unknown): string[] {
  const out = new Set<string>();
  for (const cc of concepts(value)) {
    for (const c of cc.coding ?? []) {
      if (!c.code) continue;
      out.add(c.code);
      if (c.system) out.add(`${c.system}|${c.code}`);
    }
  }
  return [...out];
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.length > 0) return v;
  return undefined;
}

function codeOf(cc: unknown): string | undefined {
  return concepts(cc)[0]?.coding?.find((c) => c.code)?.code;
}

/** The resource's status as one word (clinical status for conditions and allergies). */
export function statusOf(type: RecordResourceType, r: Json): string | null {
  switch (type) {
    case 'Condition':
    case 'AllergyIntolerance':
      return (
        codeOf(r.clinicalStatus) ??
        (typeof r.verificationStatus === 'object' ? (codeOf(r.verificationStatus) ?? null) : null)
      );
    default:
      return typeof r.status === 'string' ? r.status : null;
  }
}

function periodStart(p: unknown): string | undefined {
  return p && typeof p === 'object' ? firstString((p as Json).start, (p as Json).end) : undefined;
}

/** The clinical date of a resource, as FHIR wrote it (date or dateTime). */
export function clinicalDateOf(type: RecordResourceType, r: Json): string | undefined {
  switch (type) {
    case 'Observation':
    case 'DiagnosticReport':
      return firstString(
        r.effectiveDateTime,
        r.effectiveInstant,
        periodStart(r.effectivePeriod),
        r.issued,
      );
    case 'Condition':
      return firstString(r.onsetDateTime, periodStart(r.onsetPeriod), r.recordedDate);
    case 'MedicationRequest':
      return firstString(r.authoredOn);
    case 'MedicationStatement':
      return firstString(r.effectiveDateTime, periodStart(r.effectivePeriod), r.dateAsserted);
    case 'AllergyIntolerance':
      return firstString(r.onsetDateTime, r.recordedDate, r.lastOccurrence);
    case 'Immunization':
      return firstString(r.occurrenceDateTime, r.recorded);
    case 'DocumentReference':
      return firstString(r.date, periodStart((r.context as Json | undefined)?.period));
  }
}

/** A FHIR date or dateTime as an instant for indexing (dates and partial dates: start, UTC). */
export function toInstant(value: string | undefined): Date | null {
  if (!value) return null;
  const full = /^\d{4}$/.test(value)
    ? `${value}-01-01T00:00:00Z`
    : /^\d{4}-\d{2}$/.test(value)
      ? `${value}-01T00:00:00Z`
      : /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? `${value}T00:00:00Z`
        : value;
  const ms = Date.parse(full);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export interface SearchFields {
  codes: string[];
  categories: string[];
  status: string | null;
  effectiveAt: Date | null;
  identifiers: string[];
}

export function searchFieldsOf(type: RecordResourceType, r: Json): SearchFields {
  const identifiers = ((r.identifier as { system?: string; value?: string }[] | undefined) ?? [])
    .filter((i) => i.value)
    .map((i) => `${i.system ?? ''}|${i.value}`);
  return {
    codes: tokens(r[CODE_ELEMENT[type]]),
    categories: tokens(r.category),
    status: statusOf(type, r),
    effectiveAt: toInstant(clinicalDateOf(type, r)),
    identifiers,
  };
}
