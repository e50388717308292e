import { sql } from 'kysely';
import type { RecordResourceType } from '@carecircle/core';
import type {
  AllergyIntolerance,
  Condition,
  DocumentReference,
  Immunization,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import type { ActingAs } from '../access/access.ts';
import { findAccountByEmail } from '../identity/accounts.service.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { uploadDocument } from '../records/documents.service.ts';
import type { Keyring } from '../records/record-keys.ts';
import { PATIENT_ELEMENT } from '../records/search-fields.ts';
import { createResource, type SourceKind, type StoreContext } from '../records/record-store.ts';

/**
 * Maria's health record for the demo, written through the record store (so it is validated,
 * versioned and encrypted like everything else): her conditions, medicines, allergy and
 * vaccinations, two years of lab results (HbA1c falling from 8.4 % to 6.9 %), three months of
 * home blood pressure and weight readings, Dr. Okafor's note after the completed knee visit, and
 * his letter as a document. Idempotent: nothing is added when Maria's record has anything in it
 * (also after she deleted entries: it is hers then).
 */

/** A resource before the store names the patient (it sets `subject`/`patient` to Maria). */
type Draft<T> = Omit<T, 'subject' | 'patient'>;

const DAY = 86_400_000;
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const CVX = 'http://hl7.org/fhir/sid/cvx';
const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** The day `days` ago (UTC), at a given hour, as a FHIR dateTime. */
const daysAgo = (days: number, hour = 9) => {
  const d = new Date(Date.now() - days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const dayOnly = (iso: string) => iso.slice(0, 10);

function clinical(code: string): Condition['clinicalStatus'] {
  return {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }],
  };
}

function condition(
  code: string,
  display: string,
  status: 'active' | 'resolved',
  onsetDaysAgo: number,
  abatementDaysAgo?: number,
): Draft<Condition> {
  return {
    resourceType: 'Condition',
    clinicalStatus: clinical(status),
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          code: 'confirmed',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'problem-list-item',
          },
        ],
      },
    ],
    code: { coding: [{ system: SNOMED, code, display }], text: display },
    onsetDateTime: dayOnly(daysAgo(onsetDaysAgo)),
    ...(abatementDaysAgo !== undefined
      ? { abatementDateTime: dayOnly(daysAgo(abatementDaysAgo)) }
      : {}),
  };
}

function lab(
  code: string,
  display: string,
  value: number,
  unit: string,
  at: string,
  range: { low?: number; high?: number },
): Draft<Observation> {
  const high = range.high !== undefined && value > range.high;
  const low = range.low !== undefined && value < range.low;
  const interpretation = high ? 'H' : low ? 'L' : 'N';
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }] }],
    code: { coding: [{ system: LOINC, code, display }], text: display },
    effectiveDateTime: at,
    issued: at,
    valueQuantity: { value, unit, system: UCUM, code: unit },
    referenceRange: [
      {
        ...(range.low !== undefined
          ? { low: { value: range.low, unit, system: UCUM, code: unit } }
          : {}),
        ...(range.high !== undefined
          ? { high: { value: range.high, unit, system: UCUM, code: unit } }
          : {}),
      },
    ],
    interpretation: [{ coding: [{ system: INTERPRETATION, code: interpretation }] }],
  };
}

function reading(code: string, display: string, value: number, unit: string, at: string) {
  const observation: Draft<Observation> = {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code, display }], text: display },
    effectiveDateTime: at,
    valueQuantity: { value, unit, system: UCUM, code: unit },
  };
  return observation;
}

/** What Maria's record holds, and who entered each part. */
function mariaRecord(
  visitAt: Date | undefined,
  okaforName: string,
): { by: SourceKind; resource: Draft<Resource> }[] {
  const out: { by: SourceKind; resource: Draft<Resource> }[] = [];
  const provider = (resource: Draft<Resource>) => out.push({ by: 'provider', resource });
  const patient = (resource: Draft<Resource>) => out.push({ by: 'patient', resource });

  provider(condition('44054006', 'Type 2 diabetes mellitus', 'active', 4 * 365));
  provider(condition('239873007', 'Osteoarthritis of knee', 'active', 3 * 365));
  provider(condition('38341003', 'Hypertensive disorder', 'resolved', 6 * 365, 200));

  const metformin: Draft<MedicationRequest> = {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [
        { system: RXNORM, code: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet' },
      ],
      text: 'Metformin 500 mg tablet',
    },
    authoredOn: daysAgo(120),
    requester: { display: okaforName },
    dosageInstruction: [
      {
        text: '500 mg twice daily with meals',
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg', system: UCUM, code: 'mg' } }],
      },
    ],
    dispenseRequest: { numberOfRepeatsAllowed: 3 },
  };
  provider(metformin);
  const lisinopril: Draft<MedicationRequest> = {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, code: '314076', display: 'lisinopril 10 MG Oral Tablet' }],
      text: 'Lisinopril 10 mg tablet',
    },
    authoredOn: daysAgo(300),
    requester: { display: okaforName },
    dosageInstruction: [{ text: '10 mg once daily in the morning' }],
    dispenseRequest: { numberOfRepeatsAllowed: 5 },
  };
  provider(lisinopril);
  const ibuprofen: Draft<MedicationStatement> = {
    resourceType: 'MedicationStatement',
    status: 'active',
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, code: '5640', display: 'ibuprofen' }],
      text: 'Ibuprofen 200 mg',
    },
    effectivePeriod: { start: dayOnly(daysAgo(60)) },
    dateAsserted: daysAgo(30),
    dosage: [{ text: '200–400 mg as needed for knee pain, at most 3 times a day' }],
  };
  patient(ibuprofen);

  const penicillin: Draft<AllergyIntolerance> = {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
          code: 'active',
        },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          code: 'confirmed',
        },
      ],
    },
    type: 'allergy',
    category: ['medication'],
    criticality: 'high',
    code: { coding: [{ system: SNOMED, code: '764146007', display: 'Penicillin' }] },
    recordedDate: daysAgo(2 * 365),
    reaction: [
      {
        manifestation: [
          { coding: [{ system: SNOMED, code: '126485001', display: 'Hives' }], text: 'Hives' },
        ],
        severity: 'moderate',
      },
    ],
  };
  provider(penicillin);

  const flu: Draft<Immunization> = {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: {
      coding: [{ system: CVX, code: '150', display: 'Influenza, injectable, quadrivalent' }],
      text: 'Influenza vaccine (this season)',
    },
    occurrenceDateTime: daysAgo(45),
    primarySource: true,
    lotNumber: 'FLU-24-0931',
  };
  provider(flu);
  const covid: Draft<Immunization> = {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: {
      coding: [{ system: CVX, code: '213', display: 'SARS-COV-2 (COVID-19) vaccine' }],
      text: 'COVID-19 vaccine',
    },
    occurrenceDateTime: daysAgo(50),
    primarySource: false,
  };
  patient(covid);

  // Two years of labs: HbA1c every ~3 months (8.4 % → 6.9 %), LDL and creatinine twice a year.
  const a1c = [8.4, 8.1, 7.9, 7.6, 7.5, 7.3, 7.2, 7.0, 6.9];
  a1c.forEach((value, i) => {
    provider(
      lab('4548-4', 'Hemoglobin A1c', value, '%', daysAgo((a1c.length - 1 - i) * 91 + 10, 8), {
        low: 4.0,
        high: 5.6,
      }),
    );
  });
  const ldl = [98, 94, 91, 87];
  ldl.forEach((value, i) => {
    provider(
      lab(
        '18262-6',
        'LDL cholesterol',
        value,
        'mg/dL',
        daysAgo((ldl.length - 1 - i) * 182 + 10, 8),
        {
          high: 100,
        },
      ),
    );
  });
  const creatinine = [0.8, 0.9, 0.8, 0.85];
  creatinine.forEach((value, i) => {
    provider(
      lab(
        '2160-0',
        'Creatinine [Mass/volume] in Serum or Plasma',
        value,
        'mg/dL',
        daysAgo((creatinine.length - 1 - i) * 182 + 10, 8),
        { low: 0.5, high: 1.1 },
      ),
    );
  });

  // Home readings, weekly for about three months.
  for (let week = 12; week >= 0; week--) {
    const at = daysAgo(week * 7 + 1, 19);
    const wobble = (week * 7) % 5;
    patient(reading('8480-6', 'Systolic blood pressure', 124 + wobble, 'mm[Hg]', at));
    patient(reading('8462-4', 'Diastolic blood pressure', 78 + (wobble % 3), 'mm[Hg]', at));
    patient(
      reading(
        '29463-7',
        'Body weight',
        Math.round((79.4 - (12 - week) * 0.15) * 10) / 10,
        'kg',
        at,
      ),
    );
  }

  if (visitAt) {
    const text =
      'Knee follow-up, six weeks after surgery. Wound healed well, no signs of infection. ' +
      'Range of motion 0–110°, walking without a stick. Continue physiotherapy twice a week; ' +
      'ibuprofen only as needed. Next review in about a month.';
    const note: Draft<DocumentReference> = {
      resourceType: 'DocumentReference',
      status: 'current',
      type: {
        coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }],
        text: 'Progress note',
      },
      date: new Date(visitAt.getTime() + 45 * 60_000).toISOString(),
      author: [{ display: okaforName }],
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            data: Buffer.from(text, 'utf8').toString('base64'),
            title: 'Knee follow-up note',
          },
        },
      ],
    };
    provider(note);
  }
  return out;
}

/** The letter Dr. Okafor sent after the visit (stored as a document, encrypted). */
const LETTER = `Riverside Orthopaedics
200 Riverside Drive, Springfield

Dear Ms Alvarez,

Thank you for coming to your knee follow-up. Your knee is healing well. Please keep up the
exercises from physiotherapy, and take ibuprofen only when you need it, with food.

With best wishes,
Dr. Amara Okafor
`;

export async function seedDemoRecords(db: Db, logger: Logger, keyring: Keyring): Promise<void> {
  const maria = await findAccountByEmail(db, 'maria@example.org');
  const okafor = await findAccountByEmail(db, 'dr.okafor@example.org');
  if (!maria || !okafor) return;
  const existing = await db
    .selectFrom('fhir_resources')
    .select('id')
    .where('patient_id', '=', maria.id)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const visit = await db
    .selectFrom('appointments')
    .select(sql<Date>`lower(during)`.as('start'))
    .where('patient_id', '=', maria.id)
    .where('provider_id', '=', okafor.id)
    .where('status', '=', 'completed')
    .orderBy(sql`lower(during)`, 'desc')
    .executeTakeFirst();
  const entries = mariaRecord(visit?.start, okafor.name);
  await inTransaction(db, async (trx) => {
    const ctx: StoreContext = { db: trx, keyring };
    const as = (by: SourceKind): ActingAs => ({
      actorId: by === 'provider' ? okafor.id : maria.id,
      patientId: maria.id,
      viaGrantId: null,
    });
    for (const { by, resource } of entries) {
      const element = PATIENT_ELEMENT[resource.resourceType as RecordResourceType];
      const withPatient = { ...resource, [element]: { reference: `Patient/${maria.id}` } };
      await createResource(ctx, as(by), withPatient, { source: { kind: by } });
    }
    await uploadDocument(ctx, as('provider'), {
      title: 'Letter after the knee follow-up',
      date: visit ? dayOnly(visit.start.toISOString()) : undefined,
      contentType: 'text/plain',
      bytes: Buffer.from(LETTER, 'utf8'),
      sourceKind: 'provider',
    });
  });
  logger.info({ added: entries.length + 1 }, 'demo health records added');
}
