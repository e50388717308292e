import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  listMySessionsEndpoint,
  revokeMySessionEndpoint,
  revokeOtherSessionsEndpoint,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

export const sessionKeys = { mine: () => ['me', 'sessions'] as const };

/** Where the signed-in person is signed in. */
export function useMySessionsQuery(options: { enabled: boolean }) {
  const api = useApiClient();
  return useQuery({
    queryKey: sessionKeys.mine(),
    queryFn: ({ signal }) => api.call(listMySessionsEndpoint, { signal }),
    enabled: options.enabled,
  });
}

export function useRevokeSessionMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => api.call(revokeMySessionEndpoint, { params: { sessionId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.mine() }),
  });
}

export function useRevokeOtherSessionsMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call(revokeOtherSessionsEndpoint),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.mine() }),
  });
}
