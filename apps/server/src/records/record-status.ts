import type { Resource } from '@medplum/fhirtypes';
import { badRequest } from '../platform/errors.ts';
import {
  ALLERGY_CLINICAL,
  ALLERGY_VERIFICATION,
  CONDITION_CLINICAL,
  CONDITION_VERIFICATION,
} from './new-entries.ts';

/**
 * Status changes of entries as new FHIR versions: a medication stops, a condition (or allergy)
 * resolves or becomes active again, and any entry may be marked entered in error.
 */

export type EntryStatus = 'active' | 'stopped' | 'resolved' | 'entered-in-error';

type Json = Record<string, unknown>;

const coded = (system: string, code: string) => ({ coding: [{ system, code }] });
const codeOf = (cc: unknown) =>
  (cc as { coding?: { code?: string }[] } | undefined)?.coding?.[0]?.code;

const ABATEMENT = [
  'abatementDateTime',
  'abatementAge',
  'abatementPeriod',
  'abatementRange',
  'abatementString',
] as const;

function withoutAbatement(r: Json): Json {
  const out = { ...r };
  for (const k of ABATEMENT) delete out[k];
  return out;
}

function notMeaningful(type: string, status: EntryStatus): never {
  const detail = `A ${type} cannot be set to ${status}.`;
  throw badRequest(detail, [{ path: 'body.status', message: detail, code: 'invalid_value' }]);
}

/**
 * The resource with the new status, or undefined when it already has it. 400 naming `status`
 * when the status means nothing for this type.
 */
export function withStatus(resource: Resource, status: EntryStatus): Resource | undefined {
  const r = resource as unknown as Json;
  const type = resource.resourceType;
  const clinical = type === 'Condition' ? CONDITION_CLINICAL : ALLERGY_CLINICAL;
  const verification = type === 'Condition' ? CONDITION_VERIFICATION : ALLERGY_VERIFICATION;
  const hasClinicalStatus = type === 'Condition' || type === 'AllergyIntolerance';

  if (status === 'entered-in-error') {
    if (hasClinicalStatus) {
      if (codeOf(r.verificationStatus) === 'entered-in-error') return undefined;
      // FHIR: no clinical status (nor abatement) on an entry entered in error (con-3/5, ait-2).
      const { clinicalStatus: _cs, ...rest } = withoutAbatement(r);
      return {
        ...rest,
        verificationStatus: coded(verification, 'entered-in-error'),
      } as unknown as Resource;
    }
    if (r.status === 'entered-in-error') return undefined;
    return { ...r, status: 'entered-in-error' } as unknown as Resource;
  }

  if (status === 'stopped') {
    if (type !== 'MedicationRequest' && type !== 'MedicationStatement') {
      notMeaningful(type, status);
    }
    if (r.status === 'stopped') return undefined;
    return { ...r, status: 'stopped' } as unknown as Resource;
  }

  // resolved / active: conditions and allergies (clinical status).
  if (!hasClinicalStatus) notMeaningful(type, status);
  if (codeOf(r.clinicalStatus) === status) return undefined;
  if (status === 'resolved') {
    return {
      ...withoutAbatement(r),
      clinicalStatus: coded(clinical, 'resolved'),
      ...(type === 'Condition' ? { abatementDateTime: new Date().toISOString() } : {}),
    } as unknown as Resource;
  }
  return {
    ...withoutAbatement(r),
    clinicalStatus: coded(clinical, 'active'),
  } as unknown as Resource;
}
