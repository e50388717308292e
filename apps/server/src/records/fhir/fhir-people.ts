import type { Bundle, Patient, Practitioner } from '@medplum/fhirtypes';
import { recordAuditAs } from '../../access/access.ts';
import { accountsRepo, type AccountRow } from '../../identity/accounts.repo.ts';
import type { Db } from '../../platform/db.ts';
import { HttpError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/request-context.ts';
import { providersRepo, type ProviderRow } from '../../scheduling/providers.repo.ts';
import { assertAppAllows, assertCanAny, defaultPatient } from './fhir-auth.ts';
import { searchsetBundle } from './fhir-bundles.ts';
import { FhirError, fhirNotFound } from './fhir-errors.ts';
import type { FhirEnv } from './fhir-records.ts';
import {
  isOurId,
  knownParams,
  parsePaging,
  singleValue,
  type SearchParams,
} from './fhir-search.ts';

/**
 * People as FHIR sees them: a patient's account as a Patient (name, e-mail, language), a
 * provider's public profile as a Practitioner (name, specialty, languages).
 */

/** What lets someone see who a patient is: any relationship with their data. */
const SEE_PATIENT = ['appointments:read', 'medications:read', 'records:read'] as const;

export function toPatient(account: AccountRow): Patient {
  return {
    resourceType: 'Patient',
    id: account.id,
    meta: { lastUpdated: account.updated_at.toISOString() },
    active: account.status === 'active',
    name: [{ text: account.name }],
    telecom: [{ system: 'email', value: account.email }],
    communication: [
      {
        language: { coding: [{ system: 'urn:ietf:bcp:47', code: account.locale }] },
        preferred: true,
      },
    ],
  };
}

/** The Patient of an account with the patient role, without any access check. */
export async function loadPatient(db: Db, id: string): Promise<Patient | undefined> {
  if (!isOurId(id)) return undefined;
  const account = await accountsRepo.findById(db, id.toLowerCase());
  if (!account || !account.roles.includes('patient')) return undefined;
  return toPatient(account);
}

export async function readPatient(env: FhirEnv, actor: Actor, id: string): Promise<Patient> {
  if (!isOurId(id)) throw fhirNotFound();
  const patientId = id.toLowerCase();
  const as = await assertCanAny(env.db, actor, SEE_PATIENT, patientId);
  assertAppAllows(actor, 'Patient', 'r', { patientId });
  const patient = await loadPatient(env.db, patientId);
  if (!patient) throw fhirNotFound();
  await recordAuditAs(env.db, as, {
    action: 'records.read',
    outcome: 'success',
    subjectType: 'Patient',
    subjectId: patientId,
    details: { resourceType: 'Patient' },
  });
  return patient;
}

/** `GET /Patient[?_id=x]`: the one patient asked for (or the caller's own), when visible. */
export async function searchPatients(
  env: FhirEnv,
  actor: Actor,
  raw: SearchParams,
  lenient: boolean,
): Promise<Bundle> {
  const params = knownParams(raw, ['_id'], lenient);
  const paging = parsePaging(params);
  const asked = singleValue(params, '_id');
  const id = asked ?? defaultPatient(actor, '_id');
  let patient: Patient | undefined;
  try {
    patient = await readPatient(env, actor, id);
  } catch (err) {
    // A search never reveals whether someone else exists: no match instead of 404/403.
    if (asked === undefined || !(err instanceof FhirError || err instanceof HttpError)) throw err;
    patient = undefined;
  }
  return searchsetBundle({
    base: env.base,
    path: 'Patient',
    params: { _id: id },
    matches: patient && paging.offset === 0 && paging.count > 0 ? [patient] : [],
    count: paging.count,
    offset: paging.offset,
    total: patient ? 1 : 0,
  });
}

export function toPractitioner(row: ProviderRow): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: row.account_id,
    meta: { lastUpdated: row.updated_at.toISOString() },
    active: true,
    name: [{ text: row.name }],
    qualification: [{ code: { text: row.specialty } }],
    communication: row.languages.map((code) => ({
      coding: [{ system: 'urn:ietf:bcp:47', code }],
    })),
  };
}

/** A provider's public profile: anyone signed in may see it. */
export async function readPractitioner(
  env: FhirEnv,
  actor: Actor,
  id: string,
): Promise<Practitioner> {
  assertAppAllows(actor, 'Practitioner', 'r');
  if (!isOurId(id)) throw fhirNotFound();
  const row = await providersRepo.findActive(env.db, id.toLowerCase());
  if (!row) throw fhirNotFound();
  return toPractitioner(row);
}
