import { z } from 'zod';
import type { AccessAction } from './access.ts';

/**
 * Health records contract (issue 5), the schemas. Records are stored as FHIR R4 resources and
 * served as such at `/fhir/R4`; the web and mobile apps use this simpler JSON view of them
 * (`RecordEntry`) through `/api/v1/records/*` (endpoints in records-endpoints.ts), so they never
 * build FHIR themselves. Endpoints about a patient's record take the patient from the
 * `X-Acting-For` header (caregivers) or from `patientId` in the query (providers); neither means
 * the signed-in person's own record.
 */

/** The FHIR resource types kept in the record store (one patient's compartment). */
export const RecordResourceType = z
  .enum([
    'Condition',
    'Observation',
    'MedicationRequest',
    'MedicationStatement',
    'AllergyIntolerance',
    'Immunization',
    'DiagnosticReport',
    'DocumentReference',
  ])
  .meta({ id: 'RecordResourceType' });
export type RecordResourceType = z.infer<typeof RecordResourceType>;
export const RECORD_RESOURCE_TYPES = RecordResourceType.options;

/** What the apps group records by. */
export const RecordCategory = z
  .enum(['condition', 'medication', 'allergy', 'immunization', 'result', 'report', 'document'])
  .meta({ id: 'RecordCategory' });
export type RecordCategory = z.infer<typeof RecordCategory>;

export const categoryOfResourceType: Record<RecordResourceType, RecordCategory> = {
  Condition: 'condition',
  Observation: 'result',
  MedicationRequest: 'medication',
  MedicationStatement: 'medication',
  AllergyIntolerance: 'allergy',
  Immunization: 'immunization',
  DiagnosticReport: 'report',
  DocumentReference: 'document',
};

/**
 * The access action that lets someone read a resource type: medications are readable with the
 * narrower `medications:read` scope as well as with `records:read`; everything else needs
 * `records:read`. (Writes always need `records:write`.)
 */
export function readActionsFor(type: RecordResourceType): AccessAction[] {
  return type === 'MedicationRequest' || type === 'MedicationStatement'
    ? ['records:read', 'medications:read']
    : ['records:read'];
}

/** Where a record came from (its provenance). */
export const RecordSource = z
  .object({
    kind: z.enum(['patient', 'provider', 'import']),
    /** Who entered it (patient, caregiver or provider), when known. */
    by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    /** The system it was imported from (a FHIR server's base URL or a file name). */
    system: z.string().nullable(),
  })
  .meta({ id: 'RecordSource' });
export type RecordSource = z.infer<typeof RecordSource>;

export const CodeRef = z
  .object({
    system: z.string().nullable(),
    code: z.string(),
    display: z.string().nullable(),
  })
  .meta({ id: 'CodeRef' });
export type CodeRef = z.infer<typeof CodeRef>;

export const ReferenceRange = z
  .object({
    low: z.number().nullable(),
    high: z.number().nullable(),
    text: z.string().nullable(),
  })
  .meta({ id: 'ReferenceRange' });
export type ReferenceRange = z.infer<typeof ReferenceRange>;

export const Interpretation = z
  .enum(['normal', 'low', 'high', 'abnormal', 'critical'])
  .meta({ id: 'Interpretation' });
export type Interpretation = z.infer<typeof Interpretation>;

/** One record as the apps show it: a flattened view of one FHIR resource. */
export const RecordEntry = z
  .object({
    id: z.uuid(),
    resourceType: RecordResourceType,
    category: RecordCategory,
    /** What it is, for people: "Type 2 diabetes", "HbA1c", "Metformin 500 mg". */
    title: z.string(),
    code: CodeRef.nullable(),
    /** The resource's status in words the apps translate: active, resolved, final, stopped… */
    status: z.string().nullable(),
    /** When it happened (effective, onset, authored, occurrence): an ISO date or date-time. */
    date: z.string().nullable(),
    /** A measured value (results and readings). */
    value: z
      .object({ value: z.union([z.number(), z.string()]), unit: z.string().nullable() })
      .nullable(),
    referenceRange: ReferenceRange.nullable(),
    interpretation: Interpretation.nullable(),
    /** Dosage instructions, reaction, note text, vaccine lot… one line for people. */
    details: z.string().nullable(),
    /** For documents: the stored file. */
    document: z
      .object({
        id: z.uuid(),
        contentType: z.string(),
        size: z.number().int(),
        title: z.string(),
      })
      .nullable(),
    patientReported: z.boolean(),
    source: RecordSource,
    version: z.number().int().min(1),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'RecordEntry' });
export type RecordEntry = z.infer<typeof RecordEntry>;

/** Whose record a request is about: absent = the signed-in person (or `X-Acting-For`). */
export const RecordPatientQuery = z.object({
  /** A provider looking at a patient's chart names the patient. */
  patientId: z.uuid().optional(),
});

/** The record home: what matters now, per category, and what the viewer may see. */
export const RecordSummary = z
  .object({
    patient: z.object({ id: z.uuid(), name: z.string() }),
    /** What the viewer may see and do with this record. */
    access: z.object({
      records: z.boolean(),
      medications: z.boolean(),
      write: z.boolean(),
      /**
       * When a provider sees this record only through break-the-glass: when that access ends
       * (then the record closes to them again).
       */
      emergencyUntil: z.iso.datetime({ offset: true }).nullable(),
    }),
    conditions: z.array(RecordEntry),
    /** Active medications (prescribed and taken). */
    medications: z.array(RecordEntry),
    allergies: z.array(RecordEntry),
    immunizations: z.array(RecordEntry),
    /** The latest result per code, with how many results that code has (a trend when > 1). */
    latestResults: z.array(RecordEntry.extend({ count: z.number().int() })),
    documents: z.array(RecordEntry),
  })
  .meta({ id: 'RecordSummary' });
export type RecordSummary = z.infer<typeof RecordSummary>;

export const TimelineQuery = RecordPatientQuery.extend({
  category: RecordCategory.optional(),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
}).meta({ id: 'TimelineQuery' });
export type TimelineQuery = z.input<typeof TimelineQuery>;

export const Timeline = z
  .object({ items: z.array(RecordEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'Timeline' });
export type Timeline = z.infer<typeof Timeline>;

/** A code as `system|code` (FHIR token search syntax), e.g. `http://loinc.org|4548-4`. */
export const TokenParam = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^[^|]*\|?[^|]+$/, 'Must be a code, or system|code');

export const ResultTrendQuery = RecordPatientQuery.extend({ code: TokenParam }).meta({
  id: 'ResultTrendQuery',
});
export type ResultTrendQuery = z.input<typeof ResultTrendQuery>;

export const ResultTrend = z
  .object({
    code: CodeRef,
    title: z.string(),
    unit: z.string().nullable(),
    /** The latest reference range given (ranges may differ between labs). */
    referenceRange: ReferenceRange.nullable(),
    /** Oldest first. */
    points: z.array(
      z.object({
        id: z.uuid(),
        date: z.string(),
        value: z.number(),
        unit: z.string().nullable(),
        interpretation: Interpretation.nullable(),
        referenceRange: ReferenceRange.nullable(),
        patientReported: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ResultTrend' });
export type ResultTrend = z.infer<typeof ResultTrend>;

// ---------------------------------------------------------------------------------------------
// New entries (the server turns them into FHIR resources)

/** Common measurements with their LOINC codes and units, for home readings and results. */
export const MEASUREMENTS = {
  'blood-pressure-systolic': {
    code: '8480-6',
    display: 'Systolic blood pressure',
    unit: 'mm[Hg]',
    vital: true,
  },
  'blood-pressure-diastolic': {
    code: '8462-4',
    display: 'Diastolic blood pressure',
    unit: 'mm[Hg]',
    vital: true,
  },
  'heart-rate': { code: '8867-4', display: 'Heart rate', unit: '/min', vital: true },
  'body-weight': { code: '29463-7', display: 'Body weight', unit: 'kg', vital: true },
  'body-temperature': { code: '8310-5', display: 'Body temperature', unit: 'Cel', vital: true },
  'oxygen-saturation': { code: '59408-5', display: 'Oxygen saturation', unit: '%', vital: true },
  'blood-glucose': {
    code: '2339-0',
    display: 'Glucose [Mass/volume] in Blood',
    unit: 'mg/dL',
    vital: false,
  },
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c', unit: '%', vital: false },
  'ldl-cholesterol': { code: '18262-6', display: 'LDL cholesterol', unit: 'mg/dL', vital: false },
  creatinine: {
    code: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    vital: false,
  },
  'pain-score': { code: '72514-3', display: 'Pain severity 0-10', unit: '{score}', vital: true },
} as const satisfies Record<
  string,
  { code: string; display: string; unit: string; vital: boolean }
>;
export type MeasurementKey = keyof typeof MEASUREMENTS;
export const MeasurementKey = z.enum(
  Object.keys(MEASUREMENTS) as [MeasurementKey, ...MeasurementKey[]],
);
export const LOINC = 'http://loinc.org';

const when = z.iso.datetime({
  offset: true,
  message: 'Must be a date and time in ISO 8601 with an offset',
});
const day = z.iso.date({ message: 'Must be a date as YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(1).max(max);

/** A result or reading: a known measurement, or any LOINC code with its unit. */
export const NewResult = z
  .object({
    kind: z.literal('result'),
    measurement: MeasurementKey.optional(),
    /** Another LOINC code, when `measurement` is not given. */
    code: z.object({ code: text(40), display: text(200) }).optional(),
    value: z.number().finite(),
    unit: z.string().trim().max(40).optional(),
    effective: when,
    referenceRange: z
      .object({ low: z.number().finite().optional(), high: z.number().finite().optional() })
      .optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((v) => v.measurement !== undefined || v.code !== undefined, {
    message: 'Choose a measurement or give a code',
    path: ['measurement'],
  });

export const NewMedication = z.object({
  /** `taking` (what the patient takes: MedicationStatement) or `prescription` (providers). */
  kind: z.enum(['taking', 'prescription']),
  name: text(200),
  /** RxNorm code, when known. */
  rxnorm: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'Must be an RxNorm code (digits)')
    .optional(),
  /** Dosage in words: "500 mg twice a day with meals". */
  dosage: text(500),
  startedOn: day.optional(),
  endsOn: day.optional(),
  refills: z.number().int().min(0).max(20).optional(),
  note: z.string().trim().max(2000).optional(),
});

export const NewCondition = z.object({
  kind: z.literal('condition'),
  name: text(200),
  /** SNOMED CT code, when known. */
  snomed: z
    .string()
    .trim()
    .regex(/^\d{4,18}$/, 'Must be a SNOMED CT code (digits)')
    .optional(),
  status: z.enum(['active', 'resolved']).default('active'),
  onset: day.optional(),
  note: z.string().trim().max(2000).optional(),
});

export const NewAllergy = z.object({
  kind: z.literal('allergy'),
  substance: text(200),
  category: z.enum(['food', 'medication', 'environment', 'biologic']).optional(),
  criticality: z.enum(['low', 'high', 'unable-to-assess']).optional(),
  reaction: z.string().trim().max(500).optional(),
});

export const NewImmunization = z.object({
  kind: z.literal('immunization'),
  vaccine: text(200),
  /** CVX code, when known. */
  cvx: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, 'Must be a CVX code')
    .optional(),
  date: day,
  lotNumber: z.string().trim().max(40).optional(),
});

export const NewNote = z.object({
  kind: z.literal('note'),
  title: text(200),
  text: text(20_000),
  date: when.optional(),
});

export const NewRecordEntry = z
  .discriminatedUnion('kind', [
    NewResult,
    NewMedication,
    NewCondition,
    NewAllergy,
    NewImmunization,
    NewNote,
  ])
  .meta({ id: 'NewRecordEntry' });
export type NewRecordEntry = z.input<typeof NewRecordEntry>;

/** Ending a medication, resolving a condition and the like: a status change that keeps history. */
export const RecordEntryStatusInput = z
  .object({ status: z.enum(['active', 'stopped', 'resolved', 'entered-in-error']) })
  .meta({ id: 'RecordEntryStatusInput' });

export const RecordEntryParams = z.object({
  resourceType: RecordResourceType,
  id: z.uuid({ message: 'Must be a record id' }),
});

export const RecordEntryHistory = z
  .object({
    entry: RecordEntry,
    versions: z.array(
      z.object({
        version: z.number().int(),
        at: z.iso.datetime({ offset: true }),
        by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        change: z.enum(['created', 'updated', 'deleted']),
        entry: RecordEntry,
      }),
    ),
  })
  .meta({ id: 'RecordEntryHistory' });

// ---------------------------------------------------------------------------------------------
// Documents

/** Largest document accepted (bytes). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Document types accepted, checked against the file's own bytes. */
export const DOCUMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
] as const;
export const DocumentContentType = z.enum(DOCUMENT_CONTENT_TYPES);

/** Upload: the body is the file's bytes with its Content-Type; these travel in the query. */
export const DocumentUploadQuery = RecordPatientQuery.extend({
  title: text(200),
  /** When the document was written (defaults to now). */
  date: day.optional(),
}).meta({ id: 'DocumentUploadQuery' });

export const DocumentParams = z.object({
  documentId: z.uuid({ message: 'Must be a document id' }),
});

// ---------------------------------------------------------------------------------------------
// Import

/** Largest FHIR Bundle accepted by an import (bytes of JSON). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const ImportSummary = z
  .object({
    /** Resources added, per FHIR type. */
    added: z.record(z.string(), z.number().int()),
    /** Resources already in the record (same identifier, or same content), left as they were. */
    duplicates: z.number().int(),
    /** Entries that are not records (e.g. the Patient itself, Practitioners), not stored. */
    ignored: z.number().int(),
    source: z.string(),
  })
  .meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportQuery = RecordPatientQuery.extend({
  /** Where the bundle came from, shown as the records' source (default: "Imported file"). */
  source: z.string().trim().max(200).optional(),
}).meta({ id: 'ImportQuery' });
