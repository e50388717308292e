import type { Binary } from '@medplum/fhirtypes';
import type { Actor } from '../../platform/request-context.ts';
import { readDocumentContent, type DocumentContent } from '../documents.service.ts';
import { assertAppAllows, assertCanRead } from './fhir-auth.ts';
import { fhirNotFound } from './fhir-errors.ts';
import type { FhirEnv } from './fhir-records.ts';
import { isOurId } from './fhir-search.ts';
import { fhirRepo } from './fhir.repo.ts';

/**
 * `GET /Binary/{id}`: the bytes of a stored document (what a DocumentReference's attachment
 * points at), decrypted, for whoever may read the patient's DocumentReferences. The documents
 * service checks the document is current and audits the read.
 */
export async function readBinary(
  env: FhirEnv,
  actor: Actor,
  id: string,
): Promise<DocumentContent & { id: string }> {
  if (!isOurId(id)) throw fhirNotFound();
  const documentId = id.toLowerCase();
  const patientId = await fhirRepo.patientOfDocument(env.db, documentId);
  if (!patientId) throw fhirNotFound();
  const as = await assertCanRead(env.db, actor, 'DocumentReference', patientId);
  // Apps see a document's bytes with a scope for Binary or for DocumentReference.
  try {
    assertAppAllows(actor, 'Binary', 'r', { patientId });
  } catch {
    assertAppAllows(actor, 'DocumentReference', 'r', { patientId });
  }
  const content = await readDocumentContent(env.store, as, documentId);
  if (!content) throw fhirNotFound();
  return { ...content, id: documentId };
}

/** The bytes as a FHIR Binary resource (for clients that ask for FHIR JSON). */
export function toBinary(content: DocumentContent & { id: string }): Binary {
  return {
    resourceType: 'Binary',
    id: content.id,
    contentType: content.contentType,
    data: content.bytes.toString('base64'),
  };
}
