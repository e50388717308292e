import { createApiClient, createQueryClient, createRealtimeClient } from '@carecircle/client';
import { initialLocale } from '../lib/locale.ts';
import { browserStore } from '../lib/storage.ts';
import type { AppDependencies } from './AppProviders.tsx';
import { createWebI18n } from './i18n/index.ts';
import { createAuthSession } from '../features/auth/session.ts';
import { createActingForStore } from '../features/sharing/acting-for-store.ts';

/** The real dependencies: same-origin API, browser storage, language from storage or browser. */
export function createBrowserDeps(): AppDependencies {
  const store = browserStore();
  const session = createAuthSession({
    origin: window.location.origin,
    storage: window.sessionStorage,
    navigate: (url) => window.location.assign(url),
  });
  const actingFor = createActingForStore(window.sessionStorage);
  const i18n = createWebI18n(initialLocale(store));
  return {
    apiClient: createApiClient({
      baseUrl: '',
      getAccessToken: () => session.getAccessToken(),
      getActingFor: () => actingFor.get(),
      getLocale: () => i18n.resolvedLanguage ?? i18n.language,
    }),
    actingFor,
    realtime: createRealtimeClient,
    session,
    queryClient: createQueryClient(),
    i18n,
    store,
  };
}
