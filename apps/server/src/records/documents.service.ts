import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { DOCUMENT_CONTENT_TYPES, MAX_DOCUMENT_BYTES, type RecordEntry } from '@carecircle/core';
import type { Generated } from 'kysely';
import type { DocumentReference } from '@medplum/fhirtypes';
import type { ActingAs } from '../access/access.ts';
import { recordAuditAs } from '../access/access.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { badRequest, HttpError } from '../platform/errors.ts';
import { problemTypes } from '@carecircle/core';
import { contentMac, dataKeyFor, open, seal } from './record-keys.ts';
import {
  createResource,
  readResource,
  type SourceKind,
  type StoreContext,
  type StoredResource,
} from './record-store.ts';
import { toRecordEntry, type DocumentFacts, type NameLookup } from './record-view.ts';

/**
 * Documents (scanned letters, PDFs, photos of results): the bytes are checked against the type
 * they were declared as, encrypted under the patient's data key in `record_documents`, and
 * described by a DocumentReference in the record store (`content[0].attachment.url` =
 * `Binary/<document id>`). The same bytes uploaded again for the same patient return the entry
 * that is already there (a retried upload does not make a second copy).
 */

export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

export interface RecordDocumentsTable {
  id: string;
  patient_id: string;
  content_type: DocumentContentType;
  size: number;
  content_mac: Buffer;
  content: Buffer;
  created_by: string | null;
  created_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    record_documents: RecordDocumentsTable;
  }
}

const KIND_NAME: Record<string, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'text/plain': 'plain text',
};

const EXTENSION: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/plain': 'txt',
};

const unsupported = (detail: string) =>
  new HttpError({
    status: 415,
    type: problemTypes.unsupportedMediaType,
    title: 'Unsupported file type',
    detail,
  });

const ACCEPTED =
  'PDF (application/pdf), PNG (image/png), JPEG (image/jpeg) or plain text (text/plain)';

/**
 * The declared Content-Type as one of the accepted document types, or 415 naming them. Text must
 * be UTF-8 (no charset, or charset=utf-8).
 */
export function documentTypeOf(header: string | undefined): DocumentContentType {
  const [mediaType = '', ...params] = (header ?? '').split(';').map((p) => p.trim());
  const type = mediaType.toLowerCase();
  if (!(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw unsupported(
      header
        ? `Files of type ${mediaType || 'unknown'} cannot be stored. Upload a ${ACCEPTED}, with that Content-Type.`
        : `Send the file with its Content-Type: ${ACCEPTED}.`,
    );
  }
  const charset = params
    .map((p) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(p)?.[1]?.toLowerCase())
    .find(Boolean);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw unsupported(`Text files must be UTF-8, not ${charset}.`);
  }
  return type as DocumentContentType;
}

/** Throws unless the bytes are really what they were declared as (415/400 saying what they are). */
export async function assertBytesMatch(type: DocumentContentType, bytes: Buffer): Promise<void> {
  if (bytes.length === 0)
    throw badRequest('The file is empty.', [
      { path: 'body', message: 'The file is empty.', code: 'empty' },
    ]);
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new HttpError({
      status: 413,
      type: problemTypes.payloadTooLarge,
      title: 'File too large',
      detail: `Documents can be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
    });
  }
  const detected = await fileTypeFromBuffer(bytes);
  const looksLike = detected
    ? (KIND_NAME[detected.mime] ?? `a ${detected.ext.toUpperCase()} file (${detected.mime})`)
    : undefined;
  if (type === 'text/plain') {
    if (detected) {
      throw unsupported(`The file was sent as plain text, but it is ${looksLike}.`);
    }
    let valid = !bytes.includes(0);
    if (valid) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      throw unsupported(
        'The file was sent as plain text, but it is not UTF-8 text (it holds binary data).',
      );
    }
    return;
  }
  if (detected?.mime !== type) {
    throw unsupported(
      `The file was sent as ${KIND_NAME[type]}, but ${
        looksLike ? `it is ${looksLike}` : `its bytes are not those of ${KIND_NAME[type]}`
      }.`,
    );
  }
}

const documentAad = (id: string, patientId: string) => `document:${id}:${patientId}`;

/** Display names of accounts, for who entered a record. */
export async function namesOf(db: Db, ids: readonly (string | null)[]): Promise<NameLookup> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface UploadInput {
  title: string;
  /** YYYY-MM-DD, when the document was written; defaults to today. */
  date?: string;
  contentType: DocumentContentType;
  bytes: Buffer;
  /** Who entered it: the patient (or someone for them), or a provider. */
  sourceKind: Extract<SourceKind, 'patient' | 'provider'>;
}

export interface UploadResult {
  entry: RecordEntry;
  /** False when the same bytes were already in this patient's record. */
  created: boolean;
}

/** The current (not deleted) DocumentReference of a stored document of this patient. */
async function documentReferenceOf(
  ctx: StoreContext,
  patientId: string,
  documentId: string,
): Promise<StoredResource<DocumentReference> | undefined> {
  const row = await ctx.db
    .selectFrom('fhir_resources')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('document_id', '=', documentId)
    .where('resource_type', '=', 'DocumentReference')
    .where('deleted', '=', false)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  return readResource<DocumentReference>(ctx, 'DocumentReference', row.id, { patientId });
}

/**
 * Stores a checked document for `as.patientId` with its DocumentReference, in one transaction,
 * and audits it (ids, type and size only). Bytes already in the record: the existing entry.
 */
export async function uploadDocument(
  ctx: StoreContext,
  as: ActingAs,
  input: UploadInput,
): Promise<UploadResult> {
  await assertBytesMatch(input.contentType, input.bytes);
  return inTransaction(ctx.db, async (trx) => {
    const tctx: StoreContext = { db: trx, keyring: ctx.keyring };
    const key = await dataKeyFor(trx, ctx.keyring, as.patientId);
    const mac = contentMac(key, input.bytes);
    const existing = await trx
      .selectFrom('record_documents')
      .select(['id', 'content_type', 'size'])
      .where('patient_id', '=', as.patientId)
      .where('content_mac', '=', mac)
      .execute();
    for (const doc of existing) {
      const reference = await documentReferenceOf(tctx, as.patientId, doc.id);
      if (reference) {
        const names = await namesOf(trx, [reference.source.createdBy]);
        return {
          created: false,
          entry: toRecordEntry(reference, names, {
            id: doc.id,
            contentType: doc.content_type,
            size: doc.size,
          }),
        };
      }
    }
    const id = randomUUID();
    await trx
      .insertInto('record_documents')
      .values({
        id,
        patient_id: as.patientId,
        content_type: input.contentType,
        size: input.bytes.length,
        content_mac: mac,
        content: seal(key.key, input.bytes, documentAad(id, as.patientId)),
        created_by: as.actorId,
      })
      .execute();
    const now = new Date();
    const reference: DocumentReference = {
      resourceType: 'DocumentReference',
      status: 'current',
      type: { text: 'Uploaded document' },
      category: [
        {
          coding: [
            {
              system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
              code: 'clinical-note',
              display: 'Clinical Note',
            },
          ],
        },
      ],
      // The document's own date (noon UTC keeps the calendar day in the Americas and Europe).
      date: input.date ? `${input.date}T12:00:00Z` : now.toISOString(),
      description: input.title,
      content: [
        {
          attachment: {
            contentType: input.contentType,
            size: input.bytes.length,
            title: input.title,
            creation: input.date ?? now.toISOString(),
            url: `Binary/${id}`,
            hash: createHash('sha1').update(input.bytes).digest('base64'),
          },
        },
      ],
    };
    const stored = await createResource<DocumentReference>(tctx, as, reference, {
      source: { kind: input.sourceKind },
      documentId: id,
    });
    await recordAuditAs(trx, as, {
      action: 'records.document.upload',
      outcome: 'success',
      subjectType: 'DocumentReference',
      subjectId: stored.id,
      details: { documentId: id, contentType: input.contentType, size: input.bytes.length },
    });
    const names = await namesOf(trx, [as.actorId]);
    const facts: DocumentFacts = { id, contentType: input.contentType, size: input.bytes.length };
    return { created: true, entry: toRecordEntry(stored, names, facts) };
  });
}

export interface DocumentContent {
  contentType: DocumentContentType;
  bytes: Buffer;
  /** A safe file name for Content-Disposition (ASCII) and the title as written. */
  filename: string;
  title: string;
}

/** An ASCII file name from a title: letters, digits, `.-_ ` only, with the type's extension. */
export function safeFilename(title: string, type: DocumentContentType): string {
  const ext = EXTENSION[type];
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._ -]+/g, '_')
      .replace(/^[.\s_]+|[.\s_]+$/g, '')
      .slice(0, 100) || 'document';
  return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base}.${ext}`;
}

/**
 * A document's decrypted bytes, when it belongs to `as.patientId` and its DocumentReference is
 * current; undefined otherwise (the caller answers 404). Audits the read.
 */
export async function readDocumentContent(
  ctx: StoreContext,
  as: ActingAs,
  documentId: string,
): Promise<DocumentContent | undefined> {
  const doc = await ctx.db
    .selectFrom('record_documents')
    .selectAll()
    .where('id', '=', documentId)
    .where('patient_id', '=', as.patientId)
    .executeTakeFirst();
  if (!doc) return undefined;
  const reference = await documentReferenceOf(ctx, as.patientId, documentId);
  if (!reference) return undefined;
  const key = await dataKeyFor(ctx.db, ctx.keyring, as.patientId);
  const bytes = open(key.key, doc.content, documentAad(doc.id, doc.patient_id));
  await recordAuditAs(ctx.db, as, {
    action: 'records.document.read',
    outcome: 'success',
    subjectType: 'DocumentReference',
    subjectId: reference.id,
    details: { documentId },
  });
  const title = reference.resource.content?.[0]?.attachment?.title ?? 'document';
  return {
    contentType: doc.content_type,
    bytes,
    title,
    filename: safeFilename(title, doc.content_type),
  };
}

/** For tests of the at-rest format: the AAD a document's bytes are sealed with. */
export const documentAadFor = documentAad;
