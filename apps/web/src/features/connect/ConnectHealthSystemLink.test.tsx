import { render, screen, waitFor } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '@carecircle/client';
import { AppProviders } from '../../app/AppProviders.tsx';
import { createWebI18n } from '../../app/i18n/index.ts';
import { browserStore } from '../../lib/storage.ts';
import { mariaGrant } from '../../test/fake-scheduling.ts';
import { signedInSession } from '../../test/signed-in-session.ts';
import { createActingForStore, type ActingForStore } from '../sharing/acting-for-store.ts';
import { ConnectHealthSystemLink } from './ConnectHealthSystemLink.tsx';
import { createFakeConnect } from './connect-fake-server.ts';

/** The link on its own, where the record home will place it. */
function renderLink(actingFor: ActingForStore) {
  const server = createFakeConnect({ actingFor: [mariaGrant] });
  const session = signedInSession();
  const router = createMemoryRouter(
    [
      { path: '/records', element: <ConnectHealthSystemLink /> },
      { path: '/records/connect', element: <p>Connect page</p> },
    ],
    { initialEntries: ['/records'] },
  );
  render(
    <AppProviders
      deps={{
        apiClient: createApiClient({
          baseUrl: '',
          fetch: server.fetch,
          getAccessToken: () => session.getAccessToken(),
          getActingFor: () => actingFor.get(),
        }),
        actingFor,
        queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
        i18n: createWebI18n('en'),
        store: browserStore(),
        session,
      }}
    >
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return server;
}

describe('ConnectHealthSystemLink', () => {
  it('links to Connect a health system on one’s own record', async () => {
    renderLink(createActingForStore());
    expect(await screen.findByRole('link', { name: 'Connect a health system' })).toHaveAttribute(
      'href',
      '/records/connect',
    );
  });

  it('is not offered while acting for someone', async () => {
    const actingFor = createActingForStore();
    actingFor.set(mariaGrant.patient.id);
    const server = renderLink(actingFor);
    await waitFor(() =>
      expect(server.requestsTo('GET', '/api/v1/grants/acting-for')).toHaveLength(1),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByRole('link', { name: 'Connect a health system' })).toBeNull();
  });
});
