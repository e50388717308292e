import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  addRecordEntryEndpoint,
  deleteRecordEntryEndpoint,
  exportRecordEndpoint,
  getRecordEntryEndpoint,
  importBundleEndpoint,
  recordSummaryEndpoint,
  recordTimelineEndpoint,
  resultTrendEndpoint,
  setRecordEntryStatusEndpoint,
  uploadDocumentEndpoint,
  documentContentEndpoint,
  type NewRecordEntry,
  type RecordCategory,
  type RecordResourceType,
} from '@carecircle/core';
import { buildQuery } from './api-client.ts';
import { useApiClient } from './queries.ts';

/**
 * Health records (issue 5). Whose record: the signed-in person's, the patient the API client
 * acts for (`X-Acting-For`, caregivers), or `patientId` (a provider's chart of a patient).
 */

export const recordsKeys = {
  all: () => ['records'] as const,
  of: (patientId: string | undefined) => ['records', patientId ?? 'self'] as const,
  summary: (patientId: string | undefined) => ['records', patientId ?? 'self', 'summary'] as const,
  timeline: (patientId: string | undefined, category: RecordCategory | undefined) =>
    ['records', patientId ?? 'self', 'timeline', category ?? 'all'] as const,
  trend: (patientId: string | undefined, code: string) =>
    ['records', patientId ?? 'self', 'trend', code] as const,
  entry: (patientId: string | undefined, resourceType: RecordResourceType, id: string) =>
    ['records', patientId ?? 'self', 'entry', resourceType, id] as const,
};

const patientQuery = (patientId: string | undefined) => (patientId ? { patientId } : {});

async function refreshRecord(queryClient: QueryClient, patientId: string | undefined) {
  await queryClient.invalidateQueries({ queryKey: recordsKeys.of(patientId) });
}

/** The record home: conditions, active medications, allergies, immunizations, latest results. */
export function useRecordSummaryQuery(patientId?: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: recordsKeys.summary(patientId),
    queryFn: ({ signal }) =>
      api.call(recordSummaryEndpoint, { query: patientQuery(patientId), signal }),
  });
}

/** One page of the timeline (newest first); pass the previous page's `nextCursor` for more. */
export function useRecordTimelineQuery(
  options: { patientId?: string; category?: RecordCategory; cursor?: string; limit?: number } = {},
) {
  const api = useApiClient();
  return useQuery({
    queryKey: [
      ...recordsKeys.timeline(options.patientId, options.category),
      options.cursor ?? 'first',
    ],
    queryFn: ({ signal }) =>
      api.call(recordTimelineEndpoint, {
        query: {
          ...patientQuery(options.patientId),
          category: options.category,
          cursor: options.cursor,
          limit: options.limit,
        },
        signal,
      }),
  });
}

/** Every numeric result for one code (`system|code`), oldest first. */
export function useResultTrendQuery(code: string | undefined, patientId?: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: recordsKeys.trend(patientId, code ?? ''),
    queryFn: ({ signal }) =>
      api.call(resultTrendEndpoint, {
        query: { ...patientQuery(patientId), code: code! },
        signal,
      }),
    enabled: Boolean(code),
  });
}

/** One entry with its versions. */
export function useRecordEntryQuery(
  resourceType: RecordResourceType | undefined,
  id: string | undefined,
  patientId?: string,
) {
  const api = useApiClient();
  return useQuery({
    queryKey: recordsKeys.entry(patientId, resourceType ?? 'Observation', id ?? ''),
    queryFn: ({ signal }) =>
      api.call(getRecordEntryEndpoint, {
        params: { resourceType: resourceType!, id: id! },
        query: patientQuery(patientId),
        signal,
      }),
    enabled: Boolean(resourceType && id),
  });
}

export function useAddRecordEntry(patientId?: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entry: NewRecordEntry) =>
      api.call(addRecordEntryEndpoint, { query: patientQuery(patientId), body: entry }),
    onSuccess: () => refreshRecord(queryClient, patientId),
  });
}

export function useSetRecordEntryStatus(patientId?: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      resourceType: RecordResourceType;
      id: string;
      status: 'active' | 'stopped' | 'resolved' | 'entered-in-error';
    }) =>
      api.call(setRecordEntryStatusEndpoint, {
        params: { resourceType: input.resourceType, id: input.id },
        query: patientQuery(patientId),
        body: { status: input.status },
      }),
    onSuccess: () => refreshRecord(queryClient, patientId),
  });
}

export function useDeleteRecordEntry(patientId?: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { resourceType: RecordResourceType; id: string }) =>
      api.call(deleteRecordEntryEndpoint, {
        params: input,
        query: patientQuery(patientId),
      }),
    onSuccess: () => refreshRecord(queryClient, patientId),
  });
}

/** Upload a document: the file itself is the body. */
export function useUploadDocument(patientId?: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { file: Blob; contentType: string; title: string; date?: string }) =>
      api.call(uploadDocumentEndpoint, {
        query: { ...patientQuery(patientId), title: input.title, date: input.date },
        rawBody: { data: input.file, contentType: input.contentType },
      }),
    onSuccess: () => refreshRecord(queryClient, patientId),
  });
}

/** Import a FHIR Bundle (parsed JSON). */
export function useImportBundle(patientId?: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { bundle: Record<string, unknown>; source?: string }) =>
      api.call(importBundleEndpoint, {
        query: { ...patientQuery(patientId), source: input.source },
        body: input.bundle,
      }),
    onSuccess: () => refreshRecord(queryClient, patientId),
  });
}

/** Path of a document's bytes (for `api.getFile`), e.g. to preview it as an object URL. */
export function documentContentPath(documentId: string, patientId?: string): string {
  return (
    documentContentEndpoint.path.replace(':documentId', encodeURIComponent(documentId)) +
    buildQuery(patientQuery(patientId))
  );
}

/** Path of the whole record as a FHIR Bundle (for `api.getFile`, to download). */
export function recordExportPath(patientId?: string): string {
  return exportRecordEndpoint.path + buildQuery(patientQuery(patientId));
}

/** The timeline a page at a time (newest first), for "Load more": pages follow `nextCursor`. */
export function useRecordTimelineInfiniteQuery(
  options: {
    patientId?: string;
    category?: RecordCategory;
    limit?: number;
    enabled?: boolean;
  } = {},
) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: [...recordsKeys.timeline(options.patientId, options.category), 'pages'],
    queryFn: ({ signal, pageParam }) =>
      api.call(recordTimelineEndpoint, {
        query: {
          ...patientQuery(options.patientId),
          category: options.category,
          cursor: pageParam,
          limit: options.limit,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
  });
}

/** A document's bytes (a Blob, e.g. for a preview through an object URL). */
export function useDocumentContentQuery(documentId: string | undefined, patientId?: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: [...recordsKeys.of(patientId), 'document', documentId ?? ''],
    queryFn: ({ signal }) => api.getFile(documentContentPath(documentId!, patientId), { signal }),
    enabled: Boolean(documentId),
  });
}

/** The whole record as a FHIR Bundle file (a Blob), to save as a download. */
export function useRecordExportMutation(patientId?: string) {
  const api = useApiClient();
  return useMutation({ mutationFn: () => api.getFile(recordExportPath(patientId)) });
}
