import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Locale } from '@carecircle/core';
import { createApiClient } from '@carecircle/client';
import { AppProviders } from '../app/AppProviders.tsx';
import { createWebI18n } from '../app/i18n/index.ts';
import { routes } from '../app/routes.tsx';
import { initialLocale } from '../lib/locale.ts';
import { browserStore } from '../lib/storage.ts';
import { createFakeFetch } from './fake-api.ts';
import { createAuthSession, type AuthSession } from '../features/auth/session.ts';
import type { ActingForStore } from '../features/sharing/acting-for-store.ts';
import type { ConnectRealtime } from '../features/notifications/RealtimeProvider.tsx';

export interface RenderAppOptions {
  path?: string;
  fetch?: ReturnType<typeof createFakeFetch>;
  /** Browser languages, used when nothing is saved in localStorage. */
  languages?: readonly string[];
  locale?: Locale;
  /** A session to use instead of a real (signed-out) one, e.g. `signedInSession()`. */
  session?: AuthSession;
  /** Whom a caregiver acts for (sent as X-Acting-For), e.g. `createActingForStore()`. */
  actingFor?: ActingForStore;
  /** A fake live-updates connection (no socket when left out). */
  realtime?: ConnectRealtime;
}

/** Renders the whole app (layout, routes, providers) at `path`, with a fake API behind it. */
export function renderApp(options: RenderAppOptions = {}) {
  const fetch = options.fetch ?? createFakeFetch();
  const store = browserStore();
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity } },
  });
  const i18n = createWebI18n(
    options.locale ?? initialLocale(store, options.languages ?? ['en-US']),
  );
  const router = createMemoryRouter(routes, { initialEntries: [options.path ?? '/'] });
  const user = userEvent.setup();
  const navigations: string[] = [];
  const session =
    options.session ??
    createAuthSession({
      origin: 'http://localhost',
      storage: window.sessionStorage,
      navigate: (url) => navigations.push(url),
      fetch,
    });
  const deps = {
    apiClient: createApiClient({
      baseUrl: '',
      fetch,
      getAccessToken: () => session.getAccessToken(),
      getActingFor: () => options.actingFor?.get(),
    }),
    actingFor: options.actingFor,
    realtime: options.realtime,
    queryClient,
    i18n,
    store,
    session,
  };
  const view = render(
    <AppProviders deps={deps}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, user, router, fetch, i18n, queryClient, session, navigations };
}
