import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  completeConnectionEndpoint,
  createHealthSystemEndpoint,
  disableHealthSystemEndpoint,
  listAdminHealthSystemsEndpoint,
  listConnectionsEndpoint,
  listHealthSystemsEndpoint,
  startConnectionEndpoint,
  type HealthConnection,
  type HealthSystemInput,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';
import { recordsKeys } from './records-queries.ts';

/**
 * "Connect a health system" (issue 5): the systems a patient may connect to, their connections
 * with the import's progress, and the admin's list of registered systems.
 */
export const healthConnectionKeys = {
  all: () => ['health-connections'] as const,
  systems: () => ['health-connections', 'systems'] as const,
  connections: () => ['health-connections', 'connections'] as const,
  adminSystems: () => ['admin', 'health-systems'] as const,
};

/** How often to ask for progress while an import runs. */
export const CONNECTION_POLL_MS = 1500;

/** Health systems the signed-in patient can connect to. */
export function useHealthSystemsQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: healthConnectionKeys.systems(),
    queryFn: ({ signal }) => api.call(listHealthSystemsEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

const importing = (items: HealthConnection[] | undefined) =>
  (items ?? []).some((c) => c.status === 'importing');

/**
 * The patient's connections. While any is importing it asks again every `CONNECTION_POLL_MS`,
 * and stops when none is; when an import finishes the record is refreshed.
 */
export function useHealthConnectionsQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: healthConnectionKeys.connections(),
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<HealthConnection[]>(
        healthConnectionKeys.connections(),
      );
      const items = await api.call(listConnectionsEndpoint, { signal });
      if (importing(before) && !importing(items)) {
        void queryClient.invalidateQueries({ queryKey: recordsKeys.all() });
      }
      return items;
    },
    enabled: options.enabled ?? true,
    refetchInterval: (query) => (importing(query.state.data) ? CONNECTION_POLL_MS : false),
  });
}

/** Starts a connection: the answer holds `authorizeUrl`, where the browser goes next. */
export function useStartConnectionMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (healthSystemId: string) =>
      api.call(startConnectionEndpoint, { body: { healthSystemId } }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: healthConnectionKeys.connections() }),
  });
}

/** Hands the health system's answer (code or error, with the state) to the server. */
export function useCompleteConnectionMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { state: string; code?: string; error?: string }) =>
      api.call(completeConnectionEndpoint, { body: input }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: healthConnectionKeys.connections() }),
        queryClient.invalidateQueries({ queryKey: recordsKeys.all() }),
      ]);
    },
  });
}

/** Every registered health system, disabled ones too (admins only). */
export function useAdminHealthSystemsQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: healthConnectionKeys.adminSystems(),
    queryFn: ({ signal }) => api.call(listAdminHealthSystemsEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useCreateHealthSystemMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: HealthSystemInput) => api.call(createHealthSystemEndpoint, { body: input }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: healthConnectionKeys.adminSystems() }),
        queryClient.invalidateQueries({ queryKey: healthConnectionKeys.systems() }),
      ]),
  });
}

export function useDisableHealthSystemMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (healthSystemId: string) =>
      api.call(disableHealthSystemEndpoint, { params: { healthSystemId } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: healthConnectionKeys.adminSystems() }),
        queryClient.invalidateQueries({ queryKey: healthConnectionKeys.systems() }),
      ]),
  });
}
