import type { ReactNode } from 'react';
import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { ApiClientProvider, type ApiClient } from '@carecircle/client';
import { PreferencesProvider } from '../lib/preferences.tsx';
import type { KeyValueStore } from '../lib/storage.ts';
import { SessionProvider } from '../features/auth/SessionProvider.tsx';
import type { AuthSession } from '../features/auth/session.ts';
import { ActingForProvider } from '../features/sharing/ActingForProvider.tsx';
import type { ActingForStore } from '../features/sharing/acting-for-store.ts';
import {
  RealtimeProvider,
  type ConnectRealtime,
} from '../features/notifications/RealtimeProvider.tsx';

export interface AppDependencies {
  apiClient: ApiClient;
  queryClient: QueryClient;
  i18n: i18n;
  store: KeyValueStore;
  session: AuthSession;
  /** Whom a caregiver acts for; the API client sends it as X-Acting-For. In memory if left out. */
  actingFor?: ActingForStore;
  /** Opens the live-updates socket (`createRealtimeClient`); none when left out (tests). */
  realtime?: ConnectRealtime;
}

/** Everything a page needs around it: data, API, translations, preferences. */
export function AppProviders({ deps, children }: { deps: AppDependencies; children: ReactNode }) {
  return (
    <QueryClientProvider client={deps.queryClient}>
      <ApiClientProvider client={deps.apiClient}>
        <SessionProvider session={deps.session}>
          <ActingForProvider store={deps.actingFor}>
            <I18nextProvider i18n={deps.i18n}>
              <PreferencesProvider store={deps.store}>
                <RealtimeProvider connect={deps.realtime}>{children}</RealtimeProvider>
              </PreferencesProvider>
            </I18nextProvider>
          </ActingForProvider>
        </SessionProvider>
      </ApiClientProvider>
    </QueryClientProvider>
  );
}
