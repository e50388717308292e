import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  listAdminAccountsEndpoint,
  reinstateAccountEndpoint,
  suspendAccountEndpoint,
  verifyProviderEndpoint,
  type AdminAccountListQuery,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

export const adminKeys = {
  all: () => ['admin'] as const,
  accounts: (query: AdminAccountListQuery) => ['admin', 'accounts', query] as const,
};

/** Accounts for the admin area (admins only). */
export function useAdminAccountsQuery(
  query: AdminAccountListQuery,
  options: { enabled?: boolean } = {},
) {
  const api = useApiClient();
  return useQuery({
    queryKey: adminKeys.accounts(query),
    queryFn: ({ signal }) => api.call(listAdminAccountsEndpoint, { query, signal }),
    enabled: options.enabled ?? true,
  });
}

export function useVerifyProviderMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => api.call(verifyProviderEndpoint, { params: { accountId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.all() }),
  });
}

export function useReinstateAccountMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) =>
      api.call(reinstateAccountEndpoint, { params: { accountId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.all() }),
  });
}

export function useSuspendAccountMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, reason }: { accountId: string; reason?: string }) =>
      api.call(suspendAccountEndpoint, { params: { accountId }, body: { reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.all() }),
  });
}
