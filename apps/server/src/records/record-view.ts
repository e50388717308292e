import {
  categoryOfResourceType,
  type CodeRef,
  type Interpretation,
  type RecordEntry,
  type ReferenceRange,
} from '@carecircle/core';
import type {
  CodeableConcept,
  DocumentReference,
  Dosage,
  Observation,
  Quantity,
  Resource,
} from '@medplum/fhirtypes';
import { SOURCE_TAG_SYSTEM, type StoredResource } from './record-store.ts';
import { clinicalDateOf, CODE_ELEMENT } from './search-fields.ts';

/**
 * The apps' view of a stored FHIR resource (`RecordEntry`): a title, the main code, status, date,
 * value with unit, reference range and interpretation, one line of details, the document, and
 * provenance. Pure: names of the people who entered records come in `names`.
 */

/** Longest note text carried in a RecordEntry's details (the whole note is in FHIR). */
const NOTE_TEXT_LIMIT = 20_000;

/** Display names of accounts (who entered a record), by id. */
export type NameLookup = ReadonlyMap<string, string>;

/** A document's stored facts, for DocumentReference entries. */
export interface DocumentFacts {
  id: string;
  contentType: string;
  size: number;
}

function conceptText(cc: CodeableConcept | undefined): string | undefined {
  if (!cc) return undefined;
  return (
    cc.text ?? cc.coding?.find((c) => c.display)?.display ?? cc.coding?.find((c) => c.code)?.code
  );
}

function mainCode(cc: CodeableConcept | undefined): CodeRef | null {
  const coding = cc?.coding?.find((c) => c.code);
  if (!coding?.code) return null;
  return {
    system: coding.system ?? null,
    code: coding.code,
    display: coding.display ?? cc?.text ?? null,
  };
}

function quantityValue(q: Quantity | undefined): RecordEntry['value'] {
  if (q?.value === undefined) return null;
  return { value: q.value, unit: q.unit ?? q.code ?? null };
}

function observationValue(o: Observation): RecordEntry['value'] {
  if (o.valueQuantity) return quantityValue(o.valueQuantity);
  if (o.valueString !== undefined) return { value: o.valueString, unit: null };
  if (o.valueInteger !== undefined) return { value: o.valueInteger, unit: null };
  if (o.valueBoolean !== undefined) return { value: o.valueBoolean ? 'yes' : 'no', unit: null };
  if (o.valueCodeableConcept)
    return { value: conceptText(o.valueCodeableConcept) ?? '', unit: null };
  // Blood pressure panels and the like: the components in one line.
  if (o.component?.length) {
    const parts = o.component
      .map((c) => c.valueQuantity?.value)
      .filter((v): v is number => v !== undefined);
    if (parts.length) {
      return { value: parts.join('/'), unit: o.component[0]?.valueQuantity?.unit ?? null };
    }
  }
  return null;
}

function rangeOf(o: Observation): ReferenceRange | null {
  const r = o.referenceRange?.[0];
  if (!r) return null;
  return { low: r.low?.value ?? null, high: r.high?.value ?? null, text: r.text ?? null };
}

const INTERPRETATION_CODES: Record<string, Interpretation> = {
  N: 'normal',
  L: 'low',
  LL: 'critical',
  H: 'high',
  HH: 'critical',
  A: 'abnormal',
  AA: 'critical',
  LU: 'low',
  HU: 'high',
};

/** The interpretation a lab gave, or one computed from the value and the reference range. */
export function interpretationOf(o: Observation): Interpretation | null {
  for (const c of o.interpretation?.flatMap((i) => i.coding ?? []) ?? []) {
    const mapped = c.code ? INTERPRETATION_CODES[c.code] : undefined;
    if (mapped) return mapped;
  }
  const value = o.valueQuantity?.value;
  const range = rangeOf(o);
  if (value === undefined || !range || (range.low === null && range.high === null)) return null;
  if (range.low !== null && value < range.low) return 'low';
  if (range.high !== null && value > range.high) return 'high';
  return 'normal';
}

function dosageText(dosage: Dosage[] | undefined): string | undefined {
  return (
    dosage
      ?.map((d) => d.text)
      .filter(Boolean)
      .join('; ') || undefined
  );
}

function notes(r: { note?: { text?: string }[] }): string | undefined {
  return (
    r.note
      ?.map((n) => n.text)
      .filter(Boolean)
      .join(' ') || undefined
  );
}

function titleAndDetails(resource: Resource): { title: string; details: string | null } {
  switch (resource.resourceType) {
    case 'Observation': {
      const o = resource;
      return { title: conceptText(o.code) ?? 'Result', details: notes(o) ?? null };
    }
    case 'Condition': {
      const c = resource;
      return { title: conceptText(c.code) ?? 'Condition', details: notes(c) ?? null };
    }
    case 'MedicationRequest': {
      const m = resource;
      const refills = m.dispenseRequest?.numberOfRepeatsAllowed;
      const details = [
        dosageText(m.dosageInstruction),
        refills !== undefined ? `refills: ${refills}` : undefined,
        notes(m),
      ]
        .filter(Boolean)
        .join(' · ');
      return {
        title: conceptText(m.medicationCodeableConcept) ?? 'Prescription',
        details: details || null,
      };
    }
    case 'MedicationStatement': {
      const m = resource;
      const details = [dosageText(m.dosage), notes(m)].filter(Boolean).join(' · ');
      return {
        title: conceptText(m.medicationCodeableConcept) ?? 'Medication',
        details: details || null,
      };
    }
    case 'AllergyIntolerance': {
      const a = resource;
      const reactions = a.reaction
        ?.flatMap((r) => [r.description, ...(r.manifestation ?? []).map(conceptText)])
        .filter(Boolean)
        .join(', ');
      const details = [reactions, a.criticality ? `criticality: ${a.criticality}` : undefined]
        .filter(Boolean)
        .join(' · ');
      return { title: conceptText(a.code) ?? 'Allergy', details: details || null };
    }
    case 'Immunization': {
      const i = resource;
      return {
        title: conceptText(i.vaccineCode) ?? 'Immunization',
        details: i.lotNumber ? `lot ${i.lotNumber}` : (notes(i) ?? null),
      };
    }
    case 'DiagnosticReport': {
      const d = resource;
      return { title: conceptText(d.code) ?? 'Report', details: d.conclusion ?? null };
    }
    case 'DocumentReference': {
      const d = resource;
      const attachment = d.content?.[0]?.attachment;
      // A note keeps its text inline (base64 plain text): the apps show it.
      const inline =
        attachment?.data && attachment.contentType?.startsWith('text/plain')
          ? Buffer.from(attachment.data, 'base64').toString('utf8').slice(0, NOTE_TEXT_LIMIT)
          : undefined;
      return {
        title: attachment?.title ?? d.description ?? conceptText(d.type) ?? 'Document',
        details:
          inline ?? (d.description && d.description !== attachment?.title ? d.description : null),
      };
    }
    default:
      return { title: resource.resourceType, details: null };
  }
}

/** Where a record came from, from the store's provenance columns. */
function sourceOf(stored: StoredResource, names: NameLookup): RecordEntry['source'] {
  const byId = stored.source.createdBy;
  return {
    kind: stored.source.kind,
    by: byId ? { id: byId, name: names.get(byId) ?? 'Unknown' } : null,
    system: stored.source.system,
  };
}

/** The apps' view of one stored resource. */
export function toRecordEntry(
  stored: StoredResource,
  names: NameLookup,
  document?: DocumentFacts,
): RecordEntry {
  const r = stored.resource;
  const type = stored.resourceType;
  const record = r as unknown as Record<string, unknown>;
  const { title, details } = titleAndDetails(r);
  const obs = type === 'Observation' ? (r as Observation) : undefined;
  const attachmentTitle = (r as DocumentReference).content?.[0]?.attachment?.title;
  return {
    id: stored.id,
    resourceType: type,
    category: categoryOfResourceType[type],
    title,
    code: mainCode(record[CODE_ELEMENT[type]] as CodeableConcept | undefined),
    status: statusWord(r),
    date: clinicalDateOf(type, record) ?? null,
    value: obs ? observationValue(obs) : null,
    referenceRange: obs ? rangeOf(obs) : null,
    interpretation: obs ? interpretationOf(obs) : null,
    details,
    document: document
      ? {
          id: document.id,
          contentType: document.contentType,
          size: document.size,
          title: attachmentTitle ?? title,
        }
      : null,
    patientReported:
      r.meta?.tag?.some((t) => t.system === SOURCE_TAG_SYSTEM && t.code === 'patient-reported') ??
      false,
    source: sourceOf(stored, names),
    version: stored.versionId,
    updatedAt: stored.lastUpdated.toISOString(),
  };
}

/** The status the apps show: clinical status for conditions and allergies, else `status`. */
function statusWord(r: Resource): string | null {
  if (r.resourceType === 'Condition' || r.resourceType === 'AllergyIntolerance') {
    const cs = r.clinicalStatus?.coding?.[0]?.code;
    const vs = r.verificationStatus?.coding?.[0]?.code;
    return vs === 'entered-in-error' ? vs : (cs ?? null);
  }
  const status = (r as { status?: unknown }).status;
  return typeof status === 'string' ? status : null;
}
