/** The health records endpoints of the JSON API (issue 5); schemas in records.ts. */
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import {
  DocumentParams,
  DocumentUploadQuery,
  ImportQuery,
  ImportSummary,
  NewRecordEntry,
  RecordEntry,
  RecordEntryHistory,
  RecordEntryParams,
  RecordEntryStatusInput,
  RecordPatientQuery,
  RecordSummary,
  ResultTrend,
  ResultTrendQuery,
  Timeline,
  TimelineQuery,
} from './records.ts';

const tags = ['records'];

export const recordSummaryEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/summary',
  operationId: 'getRecordSummary',
  summary:
    'The record home: conditions, active medications, allergies, immunizations, latest results, documents',
  tags,
  query: RecordPatientQuery,
  status: 200,
  response: RecordSummary,
  auth: true,
});

export const recordTimelineEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/timeline',
  operationId: 'getRecordTimeline',
  summary: 'Every record, newest first, a page at a time',
  tags,
  query: TimelineQuery,
  status: 200,
  response: Timeline,
  auth: true,
});

export const resultTrendEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/results/trend',
  operationId: 'getResultTrend',
  summary: 'Every numeric result for one code, oldest first, with reference ranges',
  tags,
  query: ResultTrendQuery,
  status: 200,
  response: ResultTrend,
  auth: true,
});

export const addRecordEntryEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/records/entries',
  operationId: 'addRecordEntry',
  summary:
    'Add a result, reading, medication, prescription, condition, allergy, immunization or note',
  tags,
  query: RecordPatientQuery,
  body: NewRecordEntry,
  status: 201,
  response: RecordEntry,
  auth: true,
});

export const getRecordEntryEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/entries/:resourceType/:id',
  operationId: 'getRecordEntry',
  summary: 'One record with its earlier versions (who changed what, when)',
  tags,
  params: RecordEntryParams,
  query: RecordPatientQuery,
  status: 200,
  response: RecordEntryHistory,
  auth: true,
});

export const setRecordEntryStatusEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/records/entries/:resourceType/:id/status',
  operationId: 'setRecordEntryStatus',
  summary:
    'Stop a medication, resolve a condition, or mark an entry entered in error (a new version)',
  tags,
  params: RecordEntryParams,
  query: RecordPatientQuery,
  body: RecordEntryStatusInput,
  status: 200,
  response: RecordEntry,
  auth: true,
});

export const deleteRecordEntryEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/records/entries/:resourceType/:id',
  operationId: 'deleteRecordEntry',
  summary: 'Delete an entry one entered (soft: history is kept and the deletion audited)',
  tags,
  params: RecordEntryParams,
  query: RecordPatientQuery,
  status: 204,
  response: z.undefined(),
  auth: true,
});

/**
 * Upload a document: the body is the file itself (PDF, PNG, JPEG or plain text, at most
 * MAX_DOCUMENT_BYTES) with its Content-Type; the file's bytes must match that type.
 */
export const uploadDocumentEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/records/documents',
  operationId: 'uploadDocument',
  summary: 'Upload a document (the body is the file; PDF, PNG, JPEG or text, up to 10 MB)',
  tags,
  query: DocumentUploadQuery,
  status: 201,
  response: RecordEntry,
  auth: true,
});

/** The document's bytes, decrypted, with its Content-Type (not JSON). */
export const documentContentEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/documents/:documentId/content',
  operationId: 'getDocumentContent',
  summary: "A document's file (its own Content-Type)",
  tags,
  params: DocumentParams,
  query: RecordPatientQuery,
  status: 200,
  response: z.unknown(),
  auth: true,
});

/** Import a FHIR R4 Bundle (JSON body, at most MAX_IMPORT_BYTES): all or nothing. */
export const importBundleEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/records/import',
  operationId: 'importRecordBundle',
  summary: 'Import a FHIR R4 Bundle (e.g. an export from another portal); all or nothing',
  tags,
  query: ImportQuery,
  body: z.record(z.string(), z.unknown()),
  status: 200,
  response: ImportSummary,
  auth: true,
});

/** Everything in the record as a FHIR R4 Bundle (`application/fhir+json`), for download. */
export const exportRecordEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/export',
  operationId: 'exportRecord',
  summary: 'Everything in the record as a FHIR R4 Bundle (download)',
  tags,
  query: RecordPatientQuery,
  status: 200,
  response: z.record(z.string(), z.unknown()),
  auth: true,
});

export const recordsEndpoints = [
  recordSummaryEndpoint,
  recordTimelineEndpoint,
  resultTrendEndpoint,
  addRecordEntryEndpoint,
  getRecordEntryEndpoint,
  setRecordEntryStatusEndpoint,
  deleteRecordEntryEndpoint,
  uploadDocumentEndpoint,
  documentContentEndpoint,
  importBundleEndpoint,
  exportRecordEndpoint,
] as const;
