import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { ReactElement } from 'react';
import { Text } from 'react-native';
import { Slot } from 'expo-router';
import { act, screen, waitFor } from '@testing-library/react-native';
import { renderRouter } from 'expo-router/testing-library';
import type { QueryClient } from '@tanstack/react-query';
import { fakeApi } from '../../test/fake-api';
import { buildTestProviders, renderWithApp } from '../../test/render-app';
import {
  buildMedicationReminder,
  buildNotification,
  DOSE_ID,
  notificationServer,
} from './notification-fixtures';
import { NotificationsBell } from './NotificationsBell';
import { NotificationsScreen } from './NotificationsScreen';
import { NotificationsSync } from './NotificationsSync';
import { toPushResponse, type DoseButtonTitles, type PushEvents } from './push-events';

let queryClient: QueryClient | undefined;
afterEach(() => queryClient?.clear());

const noToken = () => Promise.resolve(null);

/** A stand-in for expo-notifications: the test fires what the phone would. */
function fakePush() {
  let events: PushEvents | undefined;
  let titles: DoseButtonTitles | undefined;
  const stop = jest.fn();
  const listen = jest.fn((e: PushEvents, t: DoseButtonTitles) => {
    events = e;
    titles = t;
    return stop;
  });
  return {
    listen,
    stop,
    titles: () => titles,
    events: () => {
      if (!events) throw new Error('Not listening to push yet');
      return events;
    },
  };
}

describe('push notifications on the phone', () => {
  it('answers a dose from the Taken button of a push, and reads the reminder', async () => {
    const reminder = buildMedicationReminder();
    const server = notificationServer([reminder]);
    const push = fakePush();
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={noToken} listenToPush={push.listen} />,
      server.fetch,
    ));
    await waitFor(() => expect(push.listen).toHaveBeenCalledTimes(1));
    expect(push.titles()).toEqual({ taken: 'Taken', skip: 'Skip', snooze: 'Snooze 15 min' });

    await act(() =>
      push.events().onResponse(
        toPushResponse('dose:taken', {
          notificationId: reminder.id,
          doseId: DOSE_ID,
          kind: 'medication.due',
          url: '/medications',
        }),
      ),
    );

    await waitFor(() =>
      expect(
        server.requested('POST', `/api/v1/medications/doses/${DOSE_ID}/answer`).map((r) => r.body),
      ).toEqual([{ answer: 'taken' }]),
    );
    await waitFor(() =>
      expect(server.requested('POST', `/api/v1/notifications/${reminder.id}/read`)).toHaveLength(1),
    );
  });

  it('refreshes the bell when a push arrives while the app is open', async () => {
    const server = notificationServer([buildNotification()]);
    const push = fakePush();
    ({ queryClient } = await renderWithApp(
      <>
        <NotificationsSync getPushRegistration={noToken} listenToPush={push.listen} />
        <NotificationsBell />
      </>,
      server.fetch,
    ));
    expect(await screen.findByRole('button', { name: '1 unread notification' })).toBeOnTheScreen();
    await waitFor(() => expect(push.listen).toHaveBeenCalled());

    server.add(buildNotification({ title: 'Appointment moved' }));
    await act(() => push.events().onReceived());

    expect(await screen.findByRole('button', { name: '2 unread notifications' })).toBeOnTheScreen();
  });

  it('opens the notification centre when a push is opened', async () => {
    const opened = buildNotification({ title: 'Appointment moved' });
    const server = notificationServer([opened]);
    const push = fakePush();
    const providers = buildTestProviders(server.fetch);
    queryClient = providers.queryClient;
    const { Providers } = providers;
    const routes: Record<string, () => ReactElement> = {
      _layout: () => (
        <Providers>
          <>
            <NotificationsSync getPushRegistration={noToken} listenToPush={push.listen} />
            <Slot />
          </>
        </Providers>
      ),
      index: () => <Text>Home</Text>,
      notifications: NotificationsScreen,
    };
    const app = renderRouter(routes, { initialUrl: '/' });
    await Promise.resolve(app);
    await waitFor(() => expect(push.listen).toHaveBeenCalled());

    await act(() =>
      push.events().onResponse(
        toPushResponse('expo.modules.notifications.actions.DEFAULT', {
          notificationId: opened.id,
        }),
      ),
    );

    await waitFor(() => expect(app.getPathname()).toBe('/notifications'));
    expect(await screen.findByText('Appointment moved')).toBeOnTheScreen();
    expect(server.requested('POST', `/api/v1/notifications/${opened.id}/read`)).toHaveLength(1);
  });

  it('does not listen while nobody is signed in', async () => {
    const server = fakeApi({
      'GET /api/v1/notifications/unread-count': {
        status: 401,
        body: { type: 'about:blank', title: 'Unauthorized', status: 401 },
      },
    });
    const push = fakePush();
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={noToken} listenToPush={push.listen} />,
      server.fetch,
    ));

    await waitFor(() => expect(server.requests).toHaveLength(1));
    await act(() => Promise.resolve());
    expect(push.listen).not.toHaveBeenCalled();
  });

  it('stops listening when the app closes', async () => {
    const push = fakePush();
    ({ queryClient } = await renderWithApp(
      <NotificationsSync getPushRegistration={noToken} listenToPush={push.listen} />,
      notificationServer([]).fetch,
    ));
    await waitFor(() => expect(push.listen).toHaveBeenCalledTimes(1));

    await screen.unmount();
    expect(push.stop).toHaveBeenCalledTimes(1);
  });
});

describe('toPushResponse', () => {
  it('keeps only what the app acts on, and ignores junk', () => {
    expect(toPushResponse('dose:snoozed', { notificationId: 'n1', doseId: 'd1' })).toEqual({
      notificationId: 'n1',
      answer: 'snoozed',
      doseId: 'd1',
    });
    expect(toPushResponse('dose:taken', { notificationId: 'n1' })).toEqual({
      notificationId: 'n1',
    });
    expect(toPushResponse('expo.modules.notifications.actions.DEFAULT', null)).toEqual({
      notificationId: undefined,
    });
    expect(toPushResponse('dose:taken', { doseId: 42 })).toEqual({ notificationId: undefined });
  });
});
