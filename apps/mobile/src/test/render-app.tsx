import type { ReactElement } from 'react';
import { render } from '@testing-library/react-native';
import type { Locale } from '@carecircle/core';
import { createApiClient, createQueryClient } from '@carecircle/client';
import { AppProviders } from '../app-providers';
import { createMobileI18n } from '../i18n/create-mobile-i18n';

export const TEST_API_URL = 'http://api.test';

/**
 * The app's real providers around `ui`, with a fake `fetch` for the API client. Queries do not
 * retry, so an error shows at once; everything else is the production QueryClient.
 */
export function buildTestProviders(fetch: typeof globalThis.fetch, locale: Locale = 'en') {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  const apiClient = createApiClient({ baseUrl: TEST_API_URL, fetch });
  const i18n = createMobileI18n(locale);
  function Providers({ children }: { children: ReactElement }) {
    return (
      <AppProviders apiClient={apiClient} queryClient={queryClient} i18n={i18n}>
        {children}
      </AppProviders>
    );
  }
  return { Providers, queryClient };
}

export async function renderWithApp(
  ui: ReactElement,
  fetch: typeof globalThis.fetch,
  locale?: Locale,
) {
  const { Providers, queryClient } = buildTestProviders(fetch, locale);
  const result = await render(<Providers>{ui}</Providers>);
  return { ...result, queryClient };
}
