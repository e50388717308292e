import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  meEndpoint,
  appInfoEndpoint,
  listProvidersEndpoint,
  type ProviderListQuery,
} from '@carecircle/core';
import type { ApiClient } from './api-client.ts';

const ApiClientContext = createContext<ApiClient | null>(null);

export function ApiClientProvider(props: { client: ApiClient; children: ReactNode }) {
  return createElement(ApiClientContext.Provider, { value: props.client }, props.children);
}

export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (!client) throw new Error('useApiClient must be used inside <ApiClientProvider>');
  return client;
}

/** Query key factories: every cached query has its key built here, so invalidation is exact. */
export const queryKeys = {
  appInfo: () => ['app-info'] as const,
  me: () => ['me'] as const,
  providers: {
    all: () => ['providers'] as const,
    list: (query: ProviderListQuery) => ['providers', 'list', query] as const,
  },
};

export function useAppInfoQuery() {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: ({ signal }) => api.call(appInfoEndpoint, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useProvidersQuery(query: ProviderListQuery = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.providers.list(query),
    queryFn: ({ signal }) => api.call(listProvidersEndpoint, { query, signal }),
  });
}

/** The signed-in person; only asked for while someone is signed in. */
export function useMeQuery(options: { enabled: boolean }) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => api.call(meEndpoint, { signal }),
    enabled: options.enabled,
    staleTime: 60_000,
  });
}
