import type { Db } from '../../platform/db.ts';

/** The few look-ups the FHIR views need that no feature's repository offers. */
export const fhirRepo = {
  /** The provider offering an active appointment type (a FHIR Schedule is one type). */
  async providerOfActiveType(db: Db, appointmentTypeId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('appointment_types')
      .select('provider_id')
      .where('id', '=', appointmentTypeId)
      .where('active', '=', true)
      .executeTakeFirst();
    return row?.provider_id;
  },

  /** Whose stored document this is (the id of a FHIR Binary), if it exists. */
  async patientOfDocument(db: Db, documentId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('record_documents')
      .select('patient_id')
      .where('id', '=', documentId)
      .executeTakeFirst();
    return row?.patient_id;
  },
};
