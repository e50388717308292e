import type { z } from 'zod';
import type { NewRecordEntry } from '@carecircle/core';
import { LOINC, MEASUREMENTS } from '@carecircle/core';
import type {
  AllergyIntolerance,
  Annotation,
  CodeableConcept,
  Condition,
  DocumentReference,
  Immunization,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Period,
  Quantity,
  Resource,
} from '@medplum/fhirtypes';
import { badRequest } from '../platform/errors.ts';

/**
 * Turns what the apps send (`NewRecordEntry`) into FHIR R4 resources: the apps never build FHIR
 * themselves. Pure: the caller says who writes (patient or provider) and stores the result.
 */

export const UCUM = 'http://unitsofmeasure.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED = 'http://snomed.info/sct';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const ALLERGY_VERIFICATION =
  'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

/** LOINC document types of notes: a provider's progress note, a patient's own note. */
export const NOTE_TYPES = {
  provider: { code: '11506-3', display: 'Progress note' },
  patient: { code: '51855-5', display: 'Patient note' },
} as const;

/** Who writes the entry: decides provenance-dependent elements (verification, note type…). */
export interface EntryAuthor {
  kind: 'patient' | 'provider';
  /** The account writing it (the patient themselves, or the provider). */
  id: string;
  /** Display name, for `requester`/`author` references. */
  name?: string;
}

type Entry = z.output<typeof NewRecordEntry>;
type EntryOf<K extends Entry['kind']> = Extract<Entry, { kind: K }>;
type MedicationEntry = Extract<Entry, { kind: 'taking' | 'prescription' }>;

/** A FHIR dateTime with seconds and a valid offset (others are normalised to UTC). */
const FHIR_DATETIME =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

export function fhirDateTime(value: string): string {
  return FHIR_DATETIME.test(value) ? value : new Date(value).toISOString();
}

const noteOf = (text: string | undefined): Annotation[] | undefined =>
  text ? [{ text }] : undefined;

function quantity(value: number, unit: string | undefined): Quantity {
  return unit ? { value, unit, system: UCUM, code: unit } : { value };
}

function concept(text: string, system?: string, code?: string, display?: string): CodeableConcept {
  return code ? { coding: [{ system, code, display: display ?? text }], text } : { text };
}

function period(start: string | undefined, end: string | undefined): Period | undefined {
  if (start && end && end < start) {
    throw badRequest('The end date is before the start date.', [
      { path: 'body.endsOn', message: 'Must be on or after the start date', code: 'too_small' },
    ]);
  }
  if (!start && !end) return undefined;
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

function result(e: EntryOf<'result'>, subject: string): Observation {
  const known = e.measurement ? MEASUREMENTS[e.measurement] : undefined;
  const code = known ?? { code: e.code!.code, display: e.code!.display };
  const unit = e.unit || known?.unit;
  const vital = known?.vital ?? false;
  const range = e.referenceRange;
  const hasRange = range && (range.low !== undefined || range.high !== undefined);
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: OBSERVATION_CATEGORY,
            code: vital ? 'vital-signs' : 'laboratory',
            display: vital ? 'Vital Signs' : 'Laboratory',
          },
        ],
      },
    ],
    code: {
      coding: [{ system: LOINC, code: code.code, display: code.display }],
      text: code.display,
    },
    subject: { reference: subject },
    effectiveDateTime: fhirDateTime(e.effective),
    valueQuantity: quantity(e.value, unit),
    ...(hasRange
      ? {
          referenceRange: [
            {
              ...(range.low !== undefined ? { low: quantity(range.low, unit) } : {}),
              ...(range.high !== undefined ? { high: quantity(range.high, unit) } : {}),
            },
          ],
        }
      : {}),
    note: noteOf(e.note),
  };
}

function taking(e: MedicationEntry, subject: string, now: string): MedicationStatement {
  const effectivePeriod = period(e.startedOn, e.endsOn);
  return {
    resourceType: 'MedicationStatement',
    status: 'active',
    medicationCodeableConcept: concept(e.name, RXNORM, e.rxnorm),
    subject: { reference: subject },
    ...(effectivePeriod ? { effectivePeriod } : {}),
    dateAsserted: now,
    dosage: [{ text: e.dosage }],
    note: noteOf(e.note),
  };
}

function prescription(
  e: MedicationEntry,
  subject: string,
  now: string,
  author: EntryAuthor,
): MedicationRequest {
  const validityPeriod = period(e.startedOn, e.endsOn);
  const dispenseRequest = {
    ...(e.refills !== undefined ? { numberOfRepeatsAllowed: e.refills } : {}),
    ...(validityPeriod ? { validityPeriod } : {}),
  };
  return {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: concept(e.name, RXNORM, e.rxnorm),
    subject: { reference: subject },
    authoredOn: now,
    requester: {
      reference: `Practitioner/${author.id}`,
      ...(author.name ? { display: author.name } : {}),
    },
    dosageInstruction: [{ text: e.dosage }],
    ...(Object.keys(dispenseRequest).length ? { dispenseRequest } : {}),
    note: noteOf(e.note),
  };
}

function condition(
  e: EntryOf<'condition'>,
  subject: string,
  now: string,
  author: EntryAuthor,
): Condition {
  return {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: e.status }] },
    verificationStatus: {
      coding: [
        {
          system: CONDITION_VERIFICATION,
          code: author.kind === 'provider' ? 'confirmed' : 'unconfirmed',
        },
      ],
    },
    category: [
      {
        coding: [
          { system: CONDITION_CATEGORY, code: 'problem-list-item', display: 'Problem List Item' },
        ],
      },
    ],
    code: concept(e.name, SNOMED, e.snomed),
    subject: { reference: subject },
    ...(e.onset ? { onsetDateTime: e.onset } : {}),
    recordedDate: now,
    note: noteOf(e.note),
  };
}

function allergy(
  e: EntryOf<'allergy'>,
  patient: string,
  now: string,
  author: EntryAuthor,
): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
    verificationStatus: {
      coding: [
        {
          system: ALLERGY_VERIFICATION,
          code: author.kind === 'provider' ? 'confirmed' : 'unconfirmed',
        },
      ],
    },
    ...(e.category ? { category: [e.category] } : {}),
    ...(e.criticality ? { criticality: e.criticality } : {}),
    code: { text: e.substance },
    patient: { reference: patient },
    recordedDate: now,
    ...(e.reaction
      ? { reaction: [{ description: e.reaction, manifestation: [{ text: e.reaction }] }] }
      : {}),
  };
}

function immunization(
  e: EntryOf<'immunization'>,
  patient: string,
  now: string,
  author: EntryAuthor,
): Immunization {
  return {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: concept(e.vaccine, CVX, e.cvx),
    patient: { reference: patient },
    occurrenceDateTime: e.date,
    recorded: now,
    // Entered by whoever gave it (a provider) or reported by the patient.
    primarySource: author.kind === 'provider',
    ...(e.lotNumber ? { lotNumber: e.lotNumber } : {}),
  };
}

function note(
  e: EntryOf<'note'>,
  subject: string,
  now: string,
  author: EntryAuthor,
): DocumentReference {
  const type = NOTE_TYPES[author.kind];
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    type: {
      coding: [{ system: LOINC, code: type.code, display: type.display }],
      text: type.display,
    },
    subject: { reference: subject },
    date: e.date ? fhirDateTime(e.date) : now,
    author: [
      {
        reference: author.kind === 'provider' ? `Practitioner/${author.id}` : subject,
        ...(author.name ? { display: author.name } : {}),
      },
    ],
    content: [
      {
        attachment: {
          contentType: 'text/plain',
          data: Buffer.from(e.text, 'utf8').toString('base64'),
          title: e.title,
        },
      },
    ],
  };
}

/** The FHIR resource for a new entry in `patientId`'s record, written by `author`. */
export function resourceForNewEntry(
  input: NewRecordEntry | Entry,
  patientId: string,
  author: EntryAuthor,
  now: Date = new Date(),
): Resource {
  const e = input as Entry;
  const subject = `Patient/${patientId}`;
  const at = now.toISOString();
  const resource = ((): Resource => {
    switch (e.kind) {
      case 'result':
        return result(e, subject);
      case 'taking':
        return taking(e, subject, at);
      case 'prescription':
        return prescription(e, subject, at, author);
      case 'condition':
        return condition(e, subject, at, author);
      case 'allergy':
        return allergy(e, subject, at, author);
      case 'immunization':
        return immunization(e, subject, at, author);
      case 'note':
        return note(e, subject, at, author);
    }
  })();
  // Leave out elements that were not given (FHIR has no empty or undefined elements).
  return JSON.parse(JSON.stringify(resource)) as Resource;
}
