import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RealtimeClientOptions } from '@carecircle/client';
import type { RealtimeEvent } from '@carecircle/core';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { buildNotification, createFakeNotifications } from './fake-notifications.ts';
import type { ConnectRealtime } from './RealtimeProvider.tsx';
import { TOAST_MS } from './NotificationToasts.tsx';

/** A stand-in for createRealtimeClient: the test pushes events through `emit`. */
function fakeRealtime() {
  const connections: RealtimeClientOptions[] = [];
  const closed = vi.fn();
  let id = 100;
  const connect: ConnectRealtime = (options) => {
    connections.push(options);
    options.onStatus?.('open');
    return { close: closed };
  };
  return {
    connect,
    connections,
    closed,
    emit(type: string, data: Record<string, unknown> = {}) {
      const event: RealtimeEvent = { id: String(++id), type, at: new Date().toISOString(), data };
      act(() => {
        for (const c of connections) c.onEvent(event);
      });
    },
  };
}

const bell = () => screen.getByRole('link', { name: /unread notification|none unread/ });

describe('live updates', { timeout: 20_000 }, () => {
  it('a new notification raises the bell count and is announced politely, without polling', async () => {
    const server = createFakeNotifications({
      notifications: [buildNotification({ title: 'Older one' })],
    });
    const realtime = fakeRealtime();
    const { user, session } = renderApp({
      path: '/',
      session: signedInSession('live-token'),
      fetch: server.fetch,
      realtime: realtime.connect,
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('1 unread notification'));
    expect(realtime.connections).toHaveLength(1);
    expect(realtime.connections[0]!.url).toBe('ws://localhost:3000/api/v1/realtime');
    expect(await realtime.connections[0]!.getToken()).toBe('live-token');
    expect(session.getState().status).toBe('signed-in');

    const arrived = buildNotification({ title: 'Appointment booked with Dr. Okafor' });
    server.add(arrived);
    realtime.emit('notification.created', {
      notificationId: arrived.id,
      kind: 'appointment.booked',
      category: 'appointments',
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 unread notifications'));
    const toast = await screen.findByText('New notification: Appointment booked with Dr. Okafor');
    const region = toast.closest('[aria-live="polite"]')!;
    expect(region).not.toBeNull();
    expect(region).not.toHaveAttribute('role', 'alert');

    await user.click(
      within(region as HTMLElement).getByRole('button', {
        name: 'Dismiss: Appointment booked with Dr. Okafor',
      }),
    );
    expect(screen.queryByText(/New notification:/)).toBeNull();
  });

  it('a toast goes by itself after a while, but not while the focus is on it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const server = createFakeNotifications();
      const realtime = fakeRealtime();
      renderApp({
        path: '/',
        session: signedInSession(),
        fetch: server.fetch,
        realtime: realtime.connect,
      });
      await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, none unread'));
      const first = buildNotification({ title: 'First' });
      server.add(first);
      realtime.emit('notification.created', { notificationId: first.id });
      const toast = await screen.findByText('New notification: First');
      // Focus inside holds it.
      act(() => within(toast.parentElement!).getByRole('link', { name: 'Open' }).focus());
      act(() => {
        vi.advanceTimersByTime(TOAST_MS + 1_000);
      });
      expect(screen.getByText('New notification: First')).toBeInTheDocument();
      act(() => (document.activeElement as HTMLElement).blur());
      act(() => {
        vi.advanceTimersByTime(TOAST_MS + 1_000);
      });
      expect(screen.queryByText('New notification: First')).toBeNull();
      // Still in the count: the toast was only an announcement.
      expect(bell()).toHaveAccessibleName('1 unread notification');
    } finally {
      vi.useRealTimers();
    }
  });

  it('notification.read refetches the count; appointment events refetch appointments', async () => {
    const server = createFakeNotifications({
      notifications: [buildNotification(), buildNotification()],
    });
    const realtime = fakeRealtime();
    const { queryClient } = renderApp({
      path: '/',
      session: signedInSession(),
      fetch: server.fetch,
      realtime: realtime.connect,
    });
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 unread notifications'));
    // Read in another tab.
    server.notifications[0]!.readAt = '2026-11-21T10:00:00.000Z';
    realtime.emit('notification.read', { notificationId: server.notifications[0]!.id });
    await waitFor(() => expect(bell()).toHaveAccessibleName('1 unread notification'));

    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    realtime.emit('appointment.created', { appointmentId: 'a1' });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['appointments'] });
    invalidate.mockClear();
    realtime.emit('medication.dose-updated', { doseId: 'd1' });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['medications'] });
    invalidate.mockClear();
    realtime.emit('something.new-later', {});
    expect(invalidate).not.toHaveBeenCalled();
  });

  it('connects only while signed in and closes the socket when the app goes', async () => {
    const server = createFakeNotifications();
    const realtime = fakeRealtime();
    const signedOut = { status: 'signed-out' } as const;
    const first = renderApp({
      path: '/',
      fetch: server.fetch,
      realtime: realtime.connect,
      session: { ...signedInSession(), getState: () => signedOut },
    });
    await screen.findByRole('button', { name: 'Sign in' });
    expect(realtime.connections).toHaveLength(0);
    expect(screen.queryByRole('link', { name: /unread notification|none unread/ })).toBeNull();
    first.unmount();

    const signedIn = renderApp({
      path: '/',
      session: signedInSession(),
      fetch: server.fetch,
      realtime: realtime.connect,
    });
    await waitFor(() => expect(realtime.connections).toHaveLength(1));
    signedIn.unmount();
    expect(realtime.closed).toHaveBeenCalledTimes(1);
  });
});
