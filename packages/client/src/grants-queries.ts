import { useQuery } from '@tanstack/react-query';
import { listActingForEndpoint, listGrantsEndpoint } from '@carecircle/core';
import { useApiClient } from './queries.ts';

/** Query keys of the sharing (proxy grant) queries. */
export const grantKeys = {
  all: () => ['grants'] as const,
  /** The people the signed-in patient shares with, and open invitations. */
  given: () => ['grants', 'given'] as const,
  /** The patients the signed-in caregiver may act for. */
  actingFor: () => ['grants', 'acting-for'] as const,
};

/** Whom I share my data with (as a patient). */
export function useGrantsQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: grantKeys.given(),
    queryFn: ({ signal }) => api.call(listGrantsEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Whom I may act for (as a caregiver). */
export function useActingForQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: grantKeys.actingFor(),
    queryFn: ({ signal }) => api.call(listActingForEndpoint, { signal }),
    enabled: options.enabled ?? true,
    staleTime: 60_000,
  });
}
