import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createApiClient } from '@carecircle/client';
import userEvent from '@testing-library/user-event';
import { AppProviders } from '../../app/AppProviders.tsx';
import { createWebI18n } from '../../app/i18n/index.ts';
import { browserStore } from '../../lib/storage.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import type { BrowserPush } from './browser-push.ts';
import { PushPermissionDenied } from './browser-push.ts';
import { NotificationPreferencesPage } from './NotificationPreferencesPage.tsx';
import { createFakeNotifications, problem } from './fake-notifications.ts';

const SUBSCRIPTION = {
  endpoint: 'https://push.example.org/send/abc',
  expirationTime: null,
  keys: {
    p256dh:
      'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  },
};

const subscribe = vi.fn((_key: string) => Promise.resolve(SUBSCRIPTION));

function fakePush(overrides: Partial<BrowserPush> = {}): BrowserPush {
  return {
    supported: true,
    current: vi.fn(() => Promise.resolve(null)),
    subscribe,
    unsubscribe: vi.fn(() => Promise.resolve(SUBSCRIPTION.endpoint)),
    ...overrides,
  };
}

/** The preferences page with a fake browser push (jsdom has no service workers). */
function renderPreferences(server = createFakeNotifications(), push = fakePush()) {
  const session = signedInSession();
  const router = createMemoryRouter(
    [{ path: '/profile/notifications', element: <NotificationPreferencesPage push={push} /> }],
    { initialEntries: ['/profile/notifications'] },
  );
  const deps = {
    apiClient: createApiClient({
      baseUrl: '',
      fetch: server.fetch,
      getAccessToken: () => session.getAccessToken(),
    }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
    i18n: createWebI18n('en'),
    store: browserStore(),
    session,
  };
  const user = userEvent.setup();
  render(
    <AppProviders deps={deps}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { server, push, user };
}

describe('notification settings', { timeout: 20_000 }, () => {
  it('saves channels per category and quiet hours with one PATCH', async () => {
    const { server, user } = renderPreferences();
    const appointments = await screen.findByRole('group', { name: 'Appointments' });
    const email = within(appointments).getByRole('checkbox', { name: 'E-mail' });
    expect(email).toBeChecked();
    await user.click(email);
    await user.click(
      within(screen.getByRole('group', { name: 'Medicines' })).getByRole('checkbox', {
        name: 'Phone push',
      }),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Use quiet hours' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '21:30' } });
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '06:45' } });
    expect(screen.getByText('Times are in your time zone: Europe/Madrid.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Your notification settings are saved.')).toBeVisible();
    const [patch] = server.requestsTo('PATCH', '/api/v1/notification-preferences');
    const body = patch!.body as {
      channels: Record<string, Record<string, boolean>>;
      quietHours: unknown;
    };
    expect(body.quietHours).toEqual({ enabled: true, start: '21:30', end: '06:45' });
    expect(body.channels.appointments).toEqual({
      email: false,
      'web-push': true,
      'mobile-push': true,
    });
    expect(body.channels.medications).toEqual({
      email: true,
      'web-push': true,
      'mobile-push': false,
    });
    expect(Object.keys(body.channels)).toHaveLength(9);
    expect(server.preferences.quietHours.enabled).toBe(true);
  });

  it('shows the server’s field error next to the field and focuses it', async () => {
    const server = createFakeNotifications({
      override: ({ method, url }) =>
        method === 'PATCH' && url.pathname === '/api/v1/notification-preferences'
          ? problem(400, 'validation', 'Invalid request', [
              {
                path: 'body.quietHours.end',
                message: 'Quiet hours must end at another time than they start',
              },
            ])
          : undefined,
    });
    const { user } = renderPreferences(server);
    await user.click(await screen.findByRole('checkbox', { name: 'Use quiet hours' }));
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '22:00' } });
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    const until = screen.getByLabelText('Until');
    await waitFor(() => expect(until).toHaveAttribute('aria-invalid', 'true'));
    expect(until).toHaveAccessibleDescription(
      expect.stringContaining('Quiet hours must end at another time than they start'),
    );
    expect(screen.getByLabelText('From')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Check the fields marked below');
    await waitFor(() => expect(until).toHaveFocus());
    expect(screen.queryByText('Your notification settings are saved.')).toBeNull();
  });

  it('turns on push in this browser with the VAPID key, lists the device, and turns it off', async () => {
    const { server, user } = renderPreferences();
    expect(
      await screen.findByText('No browser or phone gets push notifications yet.'),
    ).toBeVisible();
    const on = screen.getByRole('button', { name: 'Turn on notifications in this browser' });
    await waitFor(() => expect(on).toBeEnabled());
    await user.click(on);
    expect(await screen.findByText('Notifications are on in this browser.')).toBeVisible();
    expect(subscribe).toHaveBeenCalledWith('BElbQ1ZKZXhhbXBsZS1rZXk');
    const [posted] = server.requestsTo('POST', '/api/v1/push/web/subscriptions');
    expect(posted!.body).toEqual(SUBSCRIPTION);
    expect(await screen.findByText('Chrome on Linux')).toBeVisible();

    await user.click(
      screen.getByRole('button', { name: 'Turn off notifications in this browser' }),
    );
    expect(await screen.findByText('Notifications are off in this browser.')).toBeVisible();
    const [dropped] = server.requestsTo('POST', '/api/v1/push/web/unsubscribe');
    expect(dropped!.body).toEqual({ endpoint: SUBSCRIPTION.endpoint });
  });

  it('says when the browser blocks notifications', async () => {
    const push = fakePush({ subscribe: vi.fn(() => Promise.reject(new PushPermissionDenied())) });
    const { user, server } = renderPreferences(createFakeNotifications(), push);
    const on = await screen.findByRole('button', { name: 'Turn on notifications in this browser' });
    await waitFor(() => expect(on).toBeEnabled());
    await user.click(on);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Notifications are blocked for this site',
    );
    expect(server.requestsTo('POST', '/api/v1/push/web/subscriptions')).toHaveLength(0);
  });

  it('removes a device', async () => {
    const server = createFakeNotifications({
      devices: [
        {
          id: '3e3e3e3e-1111-4222-8333-444455556666',
          kind: 'mobile',
          label: 'Maria’s iPhone',
          createdAt: '2026-11-01T10:00:00.000Z',
          lastUsedAt: null,
        },
      ],
    });
    const { user } = renderPreferences(server);
    await user.click(await screen.findByRole('button', { name: 'Remove Maria’s iPhone' }));
    expect(
      await screen.findByText('Maria’s iPhone no longer gets push notifications.'),
    ).toBeVisible();
    expect(
      server.requestsTo('DELETE', '/api/v1/push/devices/3e3e3e3e-1111-4222-8333-444455556666'),
    ).toHaveLength(1);
    expect(
      await screen.findByText('No browser or phone gets push notifications yet.'),
    ).toBeVisible();
  });

  it('is linked from the profile page', async () => {
    const server = createFakeNotifications();
    const { user, router } = renderApp({
      path: '/profile',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('link', { name: 'Notification settings' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/profile/notifications'));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Notification settings' }),
    ).toBeVisible();
  });
});
