import { useState, type ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import {
  ApiClientProvider,
  createApiClient,
  createQueryClient,
  type ApiClient,
} from '@carecircle/client';
import { appConfig } from './config';
import { createMobileI18n } from './i18n/create-mobile-i18n';

export interface AppProvidersProps {
  children: ReactNode;
  /** Defaults to a client for `appConfig.apiUrl`. Tests pass one with a fake `fetch`. */
  apiClient?: ApiClient;
  queryClient?: QueryClient;
  i18n?: i18n;
}

/**
 * Everything a screen needs from above: data (React Query + API client) and strings. Safe-area
 * insets come from expo-router's root, which already renders a SafeAreaProvider.
 */
export function AppProviders(props: AppProvidersProps) {
  const [apiClient] = useState(
    () => props.apiClient ?? createApiClient({ baseUrl: appConfig.apiUrl }),
  );
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  const [i18n] = useState(() => props.i18n ?? createMobileI18n());
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <ApiClientProvider client={apiClient}>{props.children}</ApiClientProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
