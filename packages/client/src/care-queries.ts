import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createCareShareEndpoint,
  endCareShareEndpoint,
  listCareSharesEndpoint,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

export const careShareKeys = {
  mine: () => ['me', 'care-shares'] as const,
};

/** The providers a patient shares their records with. */
export function useCareSharesQuery(options: { enabled: boolean }) {
  const api = useApiClient();
  return useQuery({
    queryKey: careShareKeys.mine(),
    queryFn: ({ signal }) => api.call(listCareSharesEndpoint, { signal }),
    enabled: options.enabled,
  });
}

/** A patient shares their records with a provider (idempotent). */
export function useShareWithProviderMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (providerId: string) => api.call(createCareShareEndpoint, { body: { providerId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: careShareKeys.mine() }),
  });
}

/** A patient stops sharing with a provider, effective at once. */
export function useEndCareShareMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => api.call(endCareShareEndpoint, { params: { shareId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: careShareKeys.mine() }),
  });
}
