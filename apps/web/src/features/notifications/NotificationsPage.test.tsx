import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { buildNotification, createFakeNotifications } from './fake-notifications.ts';

const DOSE_ID = '9c9c9c9c-1111-4222-8333-444455556666';

function renderNotifications(server = createFakeNotifications(), path = '/notifications') {
  const view = renderApp({ path, session: signedInSession(), fetch: server.fetch });
  return { ...view, server };
}

const bell = () => screen.getByRole('link', { name: /unread notification|none unread/ });

describe('notification centre', { timeout: 20_000 }, () => {
  it('lists notifications newest first with their unread state, and the bell counts them', async () => {
    const server = createFakeNotifications({
      notifications: [
        buildNotification({
          title: 'Appointment booked with Dr. Okafor',
          body: 'Tue 3 Dec, 9:30',
          createdAt: '2026-11-20T09:00:00.000Z',
          patient: { id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', name: 'Maria Alvarez' },
        }),
        buildNotification({
          title: 'Appointment cancelled',
          createdAt: '2026-11-19T09:00:00.000Z',
          readAt: '2026-11-19T10:00:00.000Z',
        }),
        buildNotification({ title: 'Time for Metformin', createdAt: '2026-11-21T09:00:00.000Z' }),
      ],
    });
    renderNotifications(server);
    const list = await screen.findByRole('list', { name: 'Notifications' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => within(i).getByRole('heading').textContent)).toEqual([
      'UnreadTime for Metformin',
      'UnreadAppointment booked with Dr. Okafor',
      'Appointment cancelled',
    ]);
    expect(items[1]).toHaveTextContent('About Maria Alvarez');
    expect(items[1]).toHaveTextContent('Tue 3 Dec, 9:30');
    expect(within(items[2]!).queryByText('Unread')).toBeNull();
    expect(within(items[2]!).queryByRole('button', { name: 'Mark as read' })).toBeNull();
    expect(screen.getByText('2 unread')).toBeVisible();
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 unread notifications'));
  });

  it('marks all as read: the list and the bell follow', async () => {
    const server = createFakeNotifications({
      notifications: [buildNotification({ title: 'One' }), buildNotification({ title: 'Two' })],
    });
    const { user } = renderNotifications(server);
    await screen.findByRole('list', { name: 'Notifications' });
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 unread notifications'));
    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect(await screen.findByText('All notifications are marked as read.')).toBeVisible();
    expect(server.requestsTo('POST', '/api/v1/notifications/read-all')).toHaveLength(1);
    await waitFor(() => expect(screen.queryAllByText('Unread')).toHaveLength(0));
    expect(bell()).toHaveAccessibleName('Notifications, none unread');
    expect(screen.getByRole('button', { name: 'Mark all as read' })).toBeDisabled();
  });

  it('opening one marks it read; the unread filter asks only for unread ones', async () => {
    const server = createFakeNotifications({
      notifications: [
        buildNotification({ title: 'Appointment booked', url: '/appointments' }),
        buildNotification({ title: 'Old news', readAt: '2026-11-19T10:00:00.000Z' }),
      ],
    });
    const { user, router } = renderNotifications(server);
    await screen.findByRole('list', { name: 'Notifications' });
    await user.click(screen.getByRole('button', { name: 'Unread only' }));
    expect(screen.getByRole('button', { name: 'Unread only' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await waitFor(() => expect(screen.queryByText('Old news')).toBeNull());
    expect(
      server.requests.some(
        (r) => r.path.startsWith('/api/v1/notifications?') && r.path.includes('unread=true'),
      ),
    ).toBe(true);
    const open = screen.getByRole('link', { name: 'Open' });
    expect(open).toHaveAccessibleDescription('UnreadAppointment booked');
    await user.click(open);
    await waitFor(() => expect(router.state.location.pathname).toBe('/appointments'));
    const id = server.notifications[0]!.id;
    await waitFor(() =>
      expect(server.requestsTo('POST', `/api/v1/notifications/${id}/read`)).toHaveLength(1),
    );
  });

  it('loads older notifications a page at a time', async () => {
    const server = createFakeNotifications({
      pageSize: 2,
      notifications: [1, 2, 3].map((i) =>
        buildNotification({ title: `Item ${i}`, createdAt: `2026-11-2${i}T09:00:00.000Z` }),
      ),
    });
    const { user } = renderNotifications(server);
    await screen.findByText('Item 3');
    expect(screen.queryByText('Item 1')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show older notifications' }));
    expect(await screen.findByText('Item 1')).toBeVisible();
    const [, older] = server.requestsTo('GET', '/api/v1/notifications');
    expect(older!.path).toContain(`before=${server.notifications[1]!.id}`);
    expect(screen.queryByRole('button', { name: 'Show older notifications' })).toBeNull();
  });

  it('answers a medication reminder with Taken, and marks it read', async () => {
    const server = createFakeNotifications({
      notifications: [
        buildNotification({
          kind: 'medication.due',
          category: 'medications',
          title: 'Time for Metformin 500 mg',
          actions: [
            { id: 'dose:taken', label: 'Taken', doseId: DOSE_ID },
            { id: 'dose:skipped', label: 'Skip', doseId: DOSE_ID },
            { id: 'dose:snoozed', label: 'Snooze', doseId: DOSE_ID },
          ],
        }),
      ],
    });
    const { user } = renderNotifications(server);
    const item = (await screen.findByText('Time for Metformin 500 mg')).closest('li')!;
    expect(within(item).getByRole('button', { name: 'Skip' })).toBeVisible();
    await user.click(within(item).getByRole('button', { name: 'Snooze 10 minutes' }));
    expect(await screen.findByText('We will remind you again in 10 minutes.')).toBeVisible();
    const [answer] = server.requestsTo('POST', `/api/v1/medications/doses/${DOSE_ID}/answer`);
    expect(answer!.body).toEqual({ answer: 'snoozed', snoozeMinutes: 10 });
    await waitFor(() =>
      expect(
        server.requestsTo('POST', `/api/v1/notifications/${server.notifications[0]!.id}/read`),
      ).toHaveLength(1),
    );
  });

  it('a push notification’s “Taken” is confirmed on the page before it is recorded', async () => {
    const server = createFakeNotifications();
    const { user, router } = renderNotifications(
      server,
      `/notifications?dose=${DOSE_ID}&answer=taken`,
    );
    await screen.findByRole('heading', { name: 'Record this dose?' });
    expect(server.requestsTo('POST', `/api/v1/medications/doses/${DOSE_ID}/answer`)).toHaveLength(
      0,
    );
    await user.click(screen.getByRole('button', { name: 'Yes, record it' }));
    expect(await screen.findByText('Marked as taken.')).toBeVisible();
    const [answer] = server.requestsTo('POST', `/api/v1/medications/doses/${DOSE_ID}/answer`);
    expect(answer!.body).toEqual({ answer: 'taken' });
    expect(router.state.location.search).toBe('');
    expect(screen.queryByRole('heading', { name: 'Record this dose?' })).toBeNull();
  });

  it('says so in Spanish', async () => {
    const server = createFakeNotifications({ notifications: [buildNotification()] });
    renderApp({
      path: '/notifications',
      session: signedInSession(),
      fetch: server.fetch,
      locale: 'es',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Notificaciones' })).toBeVisible();
    expect(await screen.findByRole('link', { name: '1 notificación sin leer' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Marcar todas como leídas' })).toBeEnabled();
  });
});
