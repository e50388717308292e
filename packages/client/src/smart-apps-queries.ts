import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  disableSmartAppEndpoint,
  listSmartAppsEndpoint,
  registerSmartAppEndpoint,
  type SmartAppInput,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

/** Third-party SMART apps, for the admin area (admins only). */
export const smartAppKeys = {
  all: () => ['admin', 'smart-apps'] as const,
};

export function useSmartAppsQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: smartAppKeys.all(),
    queryFn: ({ signal }) => api.call(listSmartAppsEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Registers an app; the answer holds a confidential app's secret, shown once. */
export function useRegisterSmartAppMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SmartAppInput) => api.call(registerSmartAppEndpoint, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smartAppKeys.all() }),
  });
}

export function useDisableSmartAppMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => api.call(disableSmartAppEndpoint, { params: { clientId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smartAppKeys.all() }),
  });
}
