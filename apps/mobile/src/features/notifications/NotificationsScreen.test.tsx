import { afterEach, describe, expect, it } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react-native';
import type { QueryClient } from '@tanstack/react-query';
import { fakeApi, serverError } from '../../test/fake-api';
import { renderWithApp, TEST_API_URL } from '../../test/render-app';
import {
  buildMedicationReminder,
  buildNotification,
  DOSE_ID,
  notificationServer,
} from './notification-fixtures';
import { NotificationsScreen } from './NotificationsScreen';

let queryClient: QueryClient | undefined;
afterEach(() => queryClient?.clear());

const booked = buildNotification({
  title: 'Appointment booked',
  body: 'Knee follow-up with Dr. Amara Okafor on 2 Dec at 15:00',
  createdAt: '2026-11-27T14:00:00.000Z',
});
const moved = buildNotification({
  kind: 'appointment.rescheduled',
  title: 'Appointment moved',
  body: 'Your knee follow-up is now on 3 Dec at 10:00',
  createdAt: '2026-11-26T09:00:00.000Z',
  readAt: '2026-11-26T10:00:00.000Z',
});

async function renderScreen(server: { fetch: typeof globalThis.fetch }, locale?: 'en' | 'es') {
  ({ queryClient } = await renderWithApp(<NotificationsScreen />, server.fetch, locale));
}

function item(id: string) {
  return within(screen.getByTestId(`notification-${id}`));
}

describe('NotificationsScreen', () => {
  it('lists notifications newest first and says which are unread', async () => {
    const server = notificationServer([booked, moved]);
    await renderScreen(server);

    expect(await screen.findByText('Appointment booked')).toBeOnTheScreen();
    const titles = screen
      .getAllByText(/^Appointment (booked|moved)$/)
      .map((node) => node.props.children as string);
    expect(titles).toEqual(['Appointment booked', 'Appointment moved']);
    expect(item(booked.id).getByText('Unread')).toBeOnTheScreen();
    expect(item(moved.id).queryByText('Unread')).not.toBeOnTheScreen();
    expect(screen.getByText('1 unread')).toBeOnTheScreen();
    // The unread one is a button whose name starts with "Unread"; the read one is not a button.
    expect(
      screen.getByRole('button', { name: /^Unread\. Appointment booked\./ }),
    ).toBeOnTheScreen();
    expect(screen.queryByRole('button', { name: /Appointment moved/ })).not.toBeOnTheScreen();
    expect(server.requests[0]?.url).toBe(`${TEST_API_URL}/api/v1/notifications?limit=30`);
  });

  it('marks a notification read when it is pressed', async () => {
    const server = notificationServer([booked, moved]);
    await renderScreen(server);

    await fireEvent.press(await screen.findByRole('button', { name: /Appointment booked/ }));

    expect(await screen.findByText('All read')).toBeOnTheScreen();
    expect(server.requested('POST', `/api/v1/notifications/${booked.id}/read`)).toHaveLength(1);
    expect(item(booked.id).queryByText('Unread')).not.toBeOnTheScreen();
    expect(screen.queryByRole('button', { name: /Appointment booked/ })).not.toBeOnTheScreen();
  });

  it('marks every notification read at once', async () => {
    const other = buildNotification({ title: 'Waitlist offer', body: 'A sooner visit is free' });
    const server = notificationServer([other, booked, moved]);
    await renderScreen(server);

    expect(await screen.findByText('2 unread')).toBeOnTheScreen();
    await fireEvent.press(screen.getByRole('button', { name: 'Mark all as read' }));

    expect(await screen.findByText('All read')).toBeOnTheScreen();
    expect(server.requested('POST', '/api/v1/notifications/read-all')).toHaveLength(1);
    expect(screen.queryByText('Unread')).not.toBeOnTheScreen();
    expect(screen.queryByRole('button', { name: 'Mark all as read' })).not.toBeOnTheScreen();
  });

  it('loads older notifications on demand', async () => {
    const oldest = buildNotification({ title: 'Appointment cancelled', body: 'Nothing to do' });
    const server = notificationServer([booked, moved, oldest], { pageSize: 2 });
    await renderScreen(server);

    expect(await screen.findByText('Appointment moved')).toBeOnTheScreen();
    expect(screen.queryByText('Appointment cancelled')).not.toBeOnTheScreen();
    await fireEvent.press(screen.getByRole('button', { name: 'Show older notifications' }));

    expect(await screen.findByText('Appointment cancelled')).toBeOnTheScreen();
    expect(server.requests.at(-1)?.query.get('before')).toBe(moved.id);
    expect(
      screen.queryByRole('button', { name: 'Show older notifications' }),
    ).not.toBeOnTheScreen();
  });

  it('refreshes when pulled down', async () => {
    const server = notificationServer([moved]);
    await renderScreen(server);
    expect(await screen.findByText('All read')).toBeOnTheScreen();

    server.add(booked);
    await fireEvent(screen.getByTestId('notifications-list'), 'refresh');

    expect(await screen.findByText('Appointment booked')).toBeOnTheScreen();
    expect(screen.getByText('1 unread')).toBeOnTheScreen();
  });

  it('answers a medication reminder from its buttons', async () => {
    const reminder = buildMedicationReminder();
    const server = notificationServer([reminder, moved]);
    await renderScreen(server);

    const taken = await screen.findByRole('button', { name: 'Taken: Time for Metformin 500 mg' });
    expect(
      screen.getByRole('button', { name: 'Skip: Time for Metformin 500 mg' }),
    ).toBeOnTheScreen();
    expect(
      screen.getByRole('button', { name: 'Snooze 15 minutes: Time for Metformin 500 mg' }),
    ).toBeOnTheScreen();
    expect(item(reminder.id).getByText('Snooze 15 min')).toBeOnTheScreen();
    // Ordinary notifications have no dose buttons.
    expect(item(moved.id).queryByText('Taken')).not.toBeOnTheScreen();

    await fireEvent.press(taken);

    expect(await screen.findByText('Marked as taken')).toBeOnTheScreen();
    const answers = server.requested('POST', `/api/v1/medications/doses/${DOSE_ID}/answer`);
    expect(answers.map((r) => r.body)).toEqual([{ answer: 'taken' }]);
    // Answering also reads the reminder.
    await waitFor(() =>
      expect(server.requested('POST', `/api/v1/notifications/${reminder.id}/read`)).toHaveLength(1),
    );
    expect(await screen.findByText('All read')).toBeOnTheScreen();
    expect(screen.queryByRole('button', { name: /^Taken/ })).not.toBeOnTheScreen();
  });

  it('snoozes a reminder for 15 minutes', async () => {
    const server = notificationServer([buildMedicationReminder()]);
    await renderScreen(server);

    await fireEvent.press(await screen.findByRole('button', { name: /^Snooze 15 minutes/ }));

    expect(await screen.findByText('We will remind you again in 15 minutes')).toBeOnTheScreen();
    const answers = server.requested('POST', `/api/v1/medications/doses/${DOSE_ID}/answer`);
    expect(answers.map((r) => r.body)).toEqual([{ answer: 'snoozed', snoozeMinutes: 15 }]);
  });

  it('says when an answer could not be saved, and keeps the buttons', async () => {
    const server = fakeApi({
      'GET /api/v1/notifications': {
        status: 200,
        body: { items: [buildMedicationReminder()], unreadCount: 1, nextBefore: null },
      },
      'POST /api/v1/medications/doses/:doseId/answer': serverError,
    });
    await renderScreen(server);

    await fireEvent.press(await screen.findByRole('button', { name: /^Skip:/ }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'We could not save your answer. Try again.',
    );
    expect(screen.getByRole('button', { name: /^Skip:/ })).toBeOnTheScreen();
  });

  it('explains an empty centre', async () => {
    await renderScreen(notificationServer([]));

    expect(await screen.findByText('No notifications yet')).toBeOnTheScreen();
    expect(screen.queryByRole('button', { name: 'Mark all as read' })).not.toBeOnTheScreen();
  });

  it('asks to sign in when the API does not know who this is', async () => {
    const server = fakeApi({
      'GET /api/v1/notifications': {
        status: 401,
        body: { type: 'about:blank', title: 'Unauthorized', status: 401 },
      },
    });
    await renderScreen(server);

    expect(await screen.findByText('Sign in to see your notifications')).toBeOnTheScreen();
    expect(screen.queryByRole('alert')).not.toBeOnTheScreen();
  });

  it('shows an error with a way to try again', async () => {
    let calls = 0;
    const server = fakeApi({
      'GET /api/v1/notifications': () =>
        ++calls === 1
          ? serverError
          : { status: 200, body: { items: [booked], unreadCount: 1, nextBefore: null } },
    });
    await renderScreen(server);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /We could not load your notifications/,
    );
    await fireEvent.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Appointment booked')).toBeOnTheScreen();
  });

  it('speaks Spanish', async () => {
    await renderScreen(notificationServer([buildMedicationReminder(), booked]), 'es');

    expect(await screen.findByText('2 sin leer')).toBeOnTheScreen();
    expect(screen.getByRole('button', { name: 'Marcar todo como leído' })).toBeOnTheScreen();
    expect(screen.getByRole('button', { name: /^Tomada: / })).toBeOnTheScreen();
    expect(screen.getAllByText('Sin leer')).toHaveLength(2);
  });
});
