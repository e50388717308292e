import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  myAccessHistoryEndpoint,
  searchAuditEventsEndpoint,
  type AuditSearchQuery,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

export const accessHistoryKeys = {
  mine: () => ['me', 'access-history'] as const,
  search: (query: AuditSearchQuery) => ['audit-events', query] as const,
};

/** "Who accessed my data", newest first, a page at a time. */
export function useMyAccessHistoryQuery(options: { enabled: boolean }) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: accessHistoryKeys.mine(),
    queryFn: ({ signal, pageParam }) =>
      api.call(myAccessHistoryEndpoint, {
        query: pageParam ? { before: pageParam } : {},
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled: options.enabled,
  });
}

/** The auditor's search over the whole audit log. */
export function useAuditSearchQuery(query: AuditSearchQuery, options: { enabled: boolean }) {
  const api = useApiClient();
  return useQuery({
    queryKey: accessHistoryKeys.search(query),
    queryFn: ({ signal }) => api.call(searchAuditEventsEndpoint, { query, signal }),
    enabled: options.enabled,
  });
}
