import { afterEach, describe, expect, it } from '@jest/globals';
import type { ReactElement } from 'react';
import { fireEvent, renderRouter, screen, within } from 'expo-router/testing-library';
import type { QueryClient } from '@tanstack/react-query';
import { fakeApi } from '../../test/fake-api';
import { buildTestProviders, renderWithApp } from '../../test/render-app';
import { AppointmentsScreen } from '../appointments/AppointmentsScreen';
import { CommunityScreen } from '../community/CommunityScreen';
import { HomeScreen } from '../home/HomeScreen';
import { MessagesScreen } from '../messages/MessagesScreen';
import { NotFoundScreen } from '../navigation/NotFoundScreen';
import { ProfileScreen } from '../profile/ProfileScreen';
import { RecordsScreen } from '../records/RecordsScreen';
import { RootStack } from '../navigation/RootLayout';
import { TabLayout } from '../navigation/TabLayout';
import { buildNotification, notificationServer } from './notification-fixtures';
import { NotificationsBell } from './NotificationsBell';
import { NotificationsScreen } from './NotificationsScreen';

let queryClient: QueryClient | undefined;
afterEach(() => queryClient?.clear());

const unread = (title: string) => buildNotification({ title });

describe('NotificationsBell', () => {
  it('names the unread count and shows it as a number', async () => {
    const server = notificationServer([unread('One'), unread('Two'), unread('Three')]);
    ({ queryClient } = await renderWithApp(<NotificationsBell />, server.fetch));

    const bell = await screen.findByRole('button', { name: '3 unread notifications' });
    // The badge is hidden from screen readers: the button's name already says it.
    expect(within(bell).getByText('3', { includeHiddenElements: true })).toBeOnTheScreen();
    expect(server.requested('GET', '/api/v1/notifications/unread-count')).toHaveLength(1);
  });

  it('uses the singular for one', async () => {
    const one = notificationServer([unread('One')]);
    ({ queryClient } = await renderWithApp(<NotificationsBell />, one.fetch));

    expect(await screen.findByRole('button', { name: '1 unread notification' })).toBeOnTheScreen();
  });

  it('says "99+" past 99 and the whole number to screen readers', async () => {
    const many = fakeApi({
      'GET /api/v1/notifications/unread-count': { status: 200, body: { unreadCount: 120 } },
    });
    ({ queryClient } = await renderWithApp(<NotificationsBell />, many.fetch));

    const bell = await screen.findByRole('button', { name: '120 unread notifications' });
    expect(within(bell).getByText('99+', { includeHiddenElements: true })).toBeOnTheScreen();
  });

  it('is a plain "Notifications" button with nothing unread or when signed out', async () => {
    const signedOut = fakeApi({
      'GET /api/v1/notifications/unread-count': {
        status: 401,
        body: { type: 'about:blank', title: 'Unauthorized', status: 401 },
      },
    });
    ({ queryClient } = await renderWithApp(<NotificationsBell />, signedOut.fetch, 'es'));

    expect(await screen.findByRole('button', { name: 'Notificaciones' })).toBeOnTheScreen();
    expect(signedOut.requests).toHaveLength(1);
    expect(screen.queryByText(/^\d+$/, { includeHiddenElements: true })).not.toBeOnTheScreen();
  });

  it('sits in the header of every tab and opens the notification centre', async () => {
    const server = notificationServer([unread('Appointment booked'), unread('Waitlist offer')]);
    const providers = buildTestProviders(server.fetch);
    queryClient = providers.queryClient;
    const { Providers } = providers;
    const routes: Record<string, () => ReactElement> = {
      _layout: () => (
        <Providers>
          <RootStack />
        </Providers>
      ),
      '(tabs)/_layout': TabLayout,
      '(tabs)/index': HomeScreen,
      '(tabs)/appointments': AppointmentsScreen,
      '(tabs)/records': RecordsScreen,
      '(tabs)/messages': MessagesScreen,
      '(tabs)/community': CommunityScreen,
      profile: ProfileScreen,
      notifications: NotificationsScreen,
      '+not-found': NotFoundScreen,
    };
    const app = renderRouter(routes, { initialUrl: '/' });
    await Promise.resolve(app);

    await fireEvent.press(await screen.findByRole('button', { name: '2 unread notifications' }));

    expect(app.getPathname()).toBe('/notifications');
    expect(await screen.findByText('Waitlist offer')).toBeOnTheScreen();
    expect(screen.getByText('2 unread')).toBeOnTheScreen();
  });
});
