import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AccessibilityInfo, AppState, type AppStateStatus } from 'react-native';
import { act, screen, waitFor } from '@testing-library/react-native';
import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeSocket } from '@carecircle/client';
import type { MobilePushTokenInput } from '@carecircle/core';
import { fakeApi } from '../../test/fake-api';
import { renderWithApp } from '../../test/render-app';
import { LiveSessionContext, type LiveSession } from './live-session';
import type { ListenToPush } from './push-events';
import { buildNotification, notificationServer } from './notification-fixtures';
import { NotificationsBell } from './NotificationsBell';
import { NotificationsSync } from './NotificationsSync';

let queryClient: QueryClient | undefined;
afterEach(() => queryClient?.clear());

const noToken = () => Promise.resolve(null);
const noPush: ListenToPush = () => () => undefined;

const phone: MobilePushTokenInput = {
  token: 'ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]',
  platform: 'ios',
  deviceName: "Maria's iPhone",
};

describe('push registration', () => {
  it("registers this phone's Expo push token once someone is signed in", async () => {
    const server = notificationServer([]);
    const getRegistration = jest.fn(() => Promise.resolve<MobilePushTokenInput | null>(phone));
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={getRegistration} listenToPush={noPush} />,
      server.fetch,
    ));

    await waitFor(() =>
      expect(server.requested('POST', '/api/v1/push/mobile/tokens')).toHaveLength(1),
    );
    expect(server.requested('POST', '/api/v1/push/mobile/tokens')[0]?.body).toEqual(phone);
    expect(getRegistration).toHaveBeenCalledTimes(1);
  });

  it('does not ask for push permission while nobody is signed in', async () => {
    const server = fakeApi({
      'GET /api/v1/notifications/unread-count': {
        status: 401,
        body: { type: 'about:blank', title: 'Unauthorized', status: 401 },
      },
    });
    const getRegistration = jest.fn(() => Promise.resolve<MobilePushTokenInput | null>(phone));
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={getRegistration} listenToPush={noPush} />,
      server.fetch,
    ));

    await waitFor(() => expect(server.requests).toHaveLength(1));
    await act(() => Promise.resolve());
    expect(getRegistration).not.toHaveBeenCalled();
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v1/notifications/unread-count']);
  });

  it('registers nothing when the phone has no token (permission refused, web)', async () => {
    const server = notificationServer([]);
    const getRegistration = jest.fn(() => Promise.resolve<MobilePushTokenInput | null>(null));
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={getRegistration} listenToPush={noPush} />,
      server.fetch,
    ));

    await waitFor(() => expect(getRegistration).toHaveBeenCalledTimes(1));
    await act(() => Promise.resolve());
    expect(server.requested('POST', '/api/v1/push/mobile/tokens')).toHaveLength(0);
  });
});

/** A socket the test drives: it records what the app sends and delivers what the test says. */
class FakeSocket implements RealtimeSocket {
  static instances: FakeSocket[] = [];
  readonly url: string;
  readyState = 0;
  sent: unknown[] = [];
  onopen: RealtimeSocket['onopen'] = null;
  onmessage: RealtimeSocket['onmessage'] = null;
  onclose: RealtimeSocket['onclose'] = null;
  onerror: RealtimeSocket['onerror'] = null;
  constructor(url: string) {
    this.url = url;
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

describe('live updates', () => {
  afterEach(() => {
    FakeSocket.instances = [];
  });

  it('refreshes the bell when the socket says a notification arrived, and says so', async () => {
    const announce = jest.spyOn(AccessibilityInfo, 'announceForAccessibility');
    const server = notificationServer([buildNotification({ title: 'Appointment booked' })]);
    const session: LiveSession = {
      apiUrl: 'https://api.test',
      getToken: () => Promise.resolve('access-token-of-maria'),
      WebSocketImpl: FakeSocket,
    };
    ({ queryClient } = await renderWithApp(
      <LiveSessionContext value={session}>
        <NotificationsSync getPushRegistration={noToken} listenToPush={noPush} />
        <NotificationsBell />
      </LiveSessionContext>,
      server.fetch,
    ));
    expect(await screen.findByRole('button', { name: '1 unread notification' })).toBeOnTheScreen();

    await waitFor(() => expect(FakeSocket.instances).toHaveLength(1));
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe('wss://api.test/api/v1/realtime');
    await act(() => socket.open());
    expect(socket.sent).toEqual([{ type: 'auth', token: 'access-token-of-maria' }]);
    await act(() =>
      socket.receive({
        type: 'ready',
        accountId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
        lastEventId: '41',
        expiresAt: '2099-01-01T00:00:00.000Z',
      }),
    );

    server.add(buildNotification({ title: 'Waitlist offer' }));
    await act(() =>
      socket.receive({
        type: 'event',
        event: {
          id: '42',
          type: 'notification.created',
          at: '2026-11-27T14:00:00.000Z',
          data: { notificationId: server.items[0]!.id },
        },
      }),
    );

    expect(await screen.findByRole('button', { name: '2 unread notifications' })).toBeOnTheScreen();
    expect(announce).toHaveBeenCalledWith('New notifications arrived');
    announce.mockRestore();
  });

  it('opens no socket without a session (nobody signed in)', async () => {
    const server = notificationServer([]);
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={noToken} listenToPush={noPush} />,
      server.fetch,
    ));
    await waitFor(() => expect(server.requests.length).toBeGreaterThan(0));
    expect(FakeSocket.instances).toHaveLength(0);
  });

  it('refreshes the bell when the app comes back to the foreground', async () => {
    const listeners: ((state: AppStateStatus) => void)[] = [];
    const addListener = jest
      .spyOn(AppState, 'addEventListener')
      .mockImplementation((_type, listener) => {
        listeners.push(listener);
        return { remove: () => undefined };
      });
    const server = notificationServer([buildNotification()]);
    ({ queryClient } = await renderWithApp(
      <>
        <NotificationsSync getPushRegistration={noToken} listenToPush={noPush} />
        <NotificationsBell />
      </>,
      server.fetch,
    ));
    expect(await screen.findByRole('button', { name: '1 unread notification' })).toBeOnTheScreen();
    await waitFor(() => expect(listeners.length).toBeGreaterThan(0));

    server.add(buildNotification({ title: 'Appointment moved' }));
    await act(() => {
      for (const listener of listeners) listener('active');
    });

    expect(await screen.findByRole('button', { name: '2 unread notifications' })).toBeOnTheScreen();
    addListener.mockRestore();
  });
});
