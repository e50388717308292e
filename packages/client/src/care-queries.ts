import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  breakGlassEndpoint,
  createCareShareEndpoint,
  endCareShareEndpoint,
  listCareSharesEndpoint,
  type BreakGlassAccess,
  type BreakGlassInput,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';
import { recordsKeys } from './records-queries.ts';

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

/** Where the app keeps a provider's emergency access to one patient while it lasts. */
export const breakGlassKeys = {
  of: (patientId: string) => ['break-glass', patientId] as const,
};

/** The emergency access a provider opened on this patient in this app session, if any. */
export function useBreakGlassAccessQuery(patientId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: breakGlassKeys.of(patientId),
    // Only ever set by useBreakGlass: there is nothing to fetch.
    queryFn: () => queryClient.getQueryData<BreakGlassAccess>(breakGlassKeys.of(patientId)) ?? null,
    enabled: false,
    staleTime: Infinity,
  });
}

/**
 * A provider opens a patient's record without a care relationship, giving a reason
 * (4 hours, audited, the patient is told); the record is then loaded again.
 */
export function useBreakGlass() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BreakGlassInput) => api.call(breakGlassEndpoint, { body: input }),
    onSuccess: async (access) => {
      queryClient.setQueryData(breakGlassKeys.of(access.patientId), access);
      await queryClient.invalidateQueries({ queryKey: recordsKeys.of(access.patientId) });
    },
  });
}
