import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';

/** public/sw.js run against a fake ServiceWorkerGlobalScope, its events fired by hand. */
function loadServiceWorker(
  windows: {
    url: string;
    focus: () => Promise<void>;
    navigate: (u: string) => Promise<void>;
  }[] = [],
) {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../../public/sw.js'), 'utf8');
  const listeners = new Map<string, (event: unknown) => void>();
  const showNotification = vi.fn((_title: string, _options: NotificationOptions) =>
    Promise.resolve(),
  );
  const openWindow = vi.fn((_url: string) => Promise.resolve(null));
  const self = {
    location: new URL('https://carecircle.example/sw.js'),
    registration: { showNotification },
    clients: {
      claim: () => Promise.resolve(),
      matchAll: () => Promise.resolve(windows),
      openWindow,
    },
    skipWaiting: () => Promise.resolve(),
    addEventListener: (type: string, listener: (event: unknown) => void) =>
      listeners.set(type, listener),
  };
  runInNewContext(source, { self, URL });
  /** Fires an event; resolves when what it passed to waitUntil is done. */
  const fire = async (type: string, event: Record<string, unknown>) => {
    let pending: Promise<unknown> = Promise.resolve();
    listeners.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => (pending = p) });
    await pending;
  };
  return { fire, showNotification, openWindow };
}

const DOSE_ID = '9c9c9c9c-1111-4222-8333-444455556666';
const pushData = (payload: unknown) => ({ data: { json: () => payload, text: () => '' } });

describe('service worker', () => {
  it('shows a push with its title, body, tag and the dose buttons', async () => {
    const sw = loadServiceWorker();
    await sw.fire(
      'push',
      pushData({
        notificationId: 'n1',
        title: 'Time for your medicine',
        body: 'Due at 8:00',
        url: '/notifications',
        tag: 'n1',
        actions: [
          { id: 'open', label: 'Open' },
          { id: 'dose:taken', label: 'Taken', doseId: DOSE_ID },
          { id: 'dose:snoozed', label: 'Snooze', doseId: DOSE_ID },
        ],
      }),
    );
    const [title, options] = sw.showNotification.mock.calls[0]!;
    expect(title).toBe('Time for your medicine');
    expect(options).toMatchObject({
      body: 'Due at 8:00',
      tag: 'n1',
      data: { url: '/notifications' },
      actions: [
        { action: 'dose:taken', title: 'Taken' },
        { action: 'dose:snoozed', title: 'Snooze' },
      ],
    });
  });

  it('a dose button opens the notification centre to confirm that answer', async () => {
    const sw = loadServiceWorker();
    await sw.fire(
      'push',
      pushData({
        title: 'Time for your medicine',
        body: '',
        url: '/notifications',
        actions: [{ id: 'dose:taken', label: 'Taken', doseId: DOSE_ID }],
      }),
    );
    const [, options] = sw.showNotification.mock.calls[0]!;
    const close = vi.fn();
    await sw.fire('notificationclick', {
      action: 'dose:taken',
      notification: { data: options.data as unknown, close },
    });
    expect(close).toHaveBeenCalled();
    expect(sw.openWindow).toHaveBeenCalledWith(
      `https://carecircle.example/notifications?dose=${DOSE_ID}&answer=taken`,
    );
  });

  it('a click focuses an open CareCircle window and never leaves the site', async () => {
    const focus = vi.fn(() => Promise.resolve());
    const navigate = vi.fn((_u: string) => Promise.resolve());
    const sw = loadServiceWorker([{ url: 'https://carecircle.example/records', focus, navigate }]);
    await sw.fire('push', pushData({ title: 'Hi', body: '', url: 'https://evil.example/phish' }));
    const [, options] = sw.showNotification.mock.calls[0]!;
    expect(options.data).toMatchObject({ url: '/notifications' });
    await sw.fire('notificationclick', {
      action: '',
      notification: { data: { url: '/appointments/a1' }, close: () => undefined },
    });
    expect(focus).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith('https://carecircle.example/appointments/a1');
    expect(sw.openWindow).not.toHaveBeenCalled();
  });
});
