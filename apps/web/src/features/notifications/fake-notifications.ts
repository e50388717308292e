import { vi } from 'vitest';
import {
  DEFAULT_CHANNELS,
  DEFAULT_QUIET_HOURS,
  NOTIFICATION_CATEGORIES,
  PROBLEM_BASE,
  type Notification,
  type NotificationPreferences,
  type PushDevice,
} from '@carecircle/core';
import { defaultHandler, jsonResponse } from '../../test/fake-api.ts';
import { patientMe } from '../../test/fake-scheduling.ts';

/** A request as the fake notification server saw it. */
export interface SeenRequest {
  method: string;
  /** Path with the query string. */
  path: string;
  body?: unknown;
}

export type Override = (request: {
  method: string;
  url: URL;
  body?: unknown;
}) => Response | undefined | Promise<Response | undefined>;

let counter = 0;
/** A notification for tests (unread unless `readAt` is given). */
export function buildNotification(overrides: Partial<Notification> = {}): Notification {
  counter++;
  const hex = counter.toString(16).padStart(12, '0');
  return {
    id: `6f1c0a2b-1d2e-4f3a-8b4c-${hex}`,
    kind: 'appointment.booked',
    category: 'appointments',
    title: `Notification ${counter}`,
    body: 'Body text',
    url: '/appointments',
    urgent: false,
    patient: null,
    actions: [],
    createdAt: new Date(Date.UTC(2026, 10, 20, 9, counter)).toISOString(),
    readAt: null,
    ...overrides,
  };
}

export function problem(
  status: number,
  type: string,
  title: string,
  errors?: { path: string; message: string }[],
): Response {
  return new Response(
    JSON.stringify({ type: PROBLEM_BASE + type, title, status, requestId: 'req', errors }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/**
 * The notification centre API over an in-memory list (newest first by `createdAt`), with
 * preferences and push devices. `override` answers first (e.g. a 400).
 */
export function createFakeNotifications(
  options: {
    notifications?: Notification[];
    preferences?: Partial<NotificationPreferences>;
    devices?: PushDevice[];
    pageSize?: number;
    override?: Override;
  } = {},
) {
  const notifications = [...(options.notifications ?? [])];
  let preferences: NotificationPreferences = {
    channels: Object.fromEntries(
      NOTIFICATION_CATEGORIES.map((c) => [c, { ...DEFAULT_CHANNELS }]),
    ) as NotificationPreferences['channels'],
    quietHours: { ...DEFAULT_QUIET_HOURS },
    timeZone: 'Europe/Madrid',
    ...options.preferences,
  };
  const devices = [...(options.devices ?? [])];
  const requests: SeenRequest[] = [];
  const unreadCount = () => notifications.filter((n) => n.readAt === null).length;
  const sorted = () => [...notifications].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    requests.push({ method, path: url.pathname + url.search, body });
    const overridden = await options.override?.({ method, url, body });
    if (overridden) return overridden;
    const path = url.pathname;
    if (path === '/api/v1/me') return jsonResponse(patientMe);
    if (path === '/api/v1/grants/acting-for') return jsonResponse({ items: [] });
    if (path === '/api/v1/notifications' && method === 'GET') {
      const unread = url.searchParams.get('unread') === 'true';
      const before = url.searchParams.get('before');
      const limit = Number(url.searchParams.get('limit') ?? 30);
      const all = sorted().filter((n) => !unread || n.readAt === null);
      const start = before ? all.findIndex((n) => n.id === before) + 1 : 0;
      const items = all.slice(start, start + (options.pageSize ?? limit));
      const more = start + items.length < all.length;
      return jsonResponse({
        items,
        unreadCount: unreadCount(),
        nextBefore: more ? items.at(-1)!.id : null,
      });
    }
    if (path === '/api/v1/notifications/unread-count') {
      return jsonResponse({ unreadCount: unreadCount() });
    }
    if (path === '/api/v1/notifications/read-all' && method === 'POST') {
      for (const n of notifications) n.readAt ??= '2026-11-21T10:00:00.000Z';
      return jsonResponse({ unreadCount: 0 });
    }
    const read = /^\/api\/v1\/notifications\/([^/]+)\/read$/.exec(path);
    if (read && method === 'POST') {
      const n = notifications.find((x) => x.id === read[1]);
      if (!n) return problem(404, 'not-found', 'Not found');
      n.readAt ??= '2026-11-21T10:00:00.000Z';
      return jsonResponse(n);
    }
    if (path === '/api/v1/notification-preferences') {
      if (method === 'PATCH') {
        const patch = body as Partial<NotificationPreferences>;
        preferences = {
          ...preferences,
          channels: { ...preferences.channels, ...patch.channels },
          quietHours: patch.quietHours ?? preferences.quietHours,
        };
      }
      return jsonResponse(preferences);
    }
    if (path === '/api/v1/push/devices') return jsonResponse({ devices });
    const device = /^\/api\/v1\/push\/devices\/([^/]+)$/.exec(path);
    if (device && method === 'DELETE') {
      const i = devices.findIndex((d) => d.id === device[1]);
      if (i >= 0) devices.splice(i, 1);
      return new Response(null, { status: 204 });
    }
    if (path === '/api/v1/push/web/vapid-key') {
      return jsonResponse({ publicKey: 'BElbQ1ZKZXhhbXBsZS1rZXk' });
    }
    if (path === '/api/v1/push/web/subscriptions' && method === 'POST') {
      const d: PushDevice = {
        id: '7a7a7a7a-1111-4222-8333-444455556666',
        kind: 'web',
        label: 'Chrome on Linux',
        createdAt: '2026-11-21T10:00:00.000Z',
        lastUsedAt: null,
      };
      devices.push(d);
      return jsonResponse(d, 201);
    }
    if (path === '/api/v1/push/web/unsubscribe' && method === 'POST') {
      devices.splice(0, devices.length);
      return new Response(null, { status: 204 });
    }
    const dose = /^\/api\/v1\/medications\/doses\/([^/]+)\/answer$/.exec(path);
    if (dose && method === 'POST') {
      const answer = (body as { answer: 'taken' | 'skipped' | 'snoozed' }).answer;
      return jsonResponse({
        id: dose[1],
        scheduleId: '8b8b8b8b-1111-4222-8333-444455556666',
        medicationTitle: 'Metformin 500 mg',
        scheduledAt: '2026-11-21T08:00:00.000Z',
        status: answer,
        snoozedUntil: null,
        answeredAt: '2026-11-21T08:05:00.000Z',
        answeredBy: { id: patientMe.id, name: patientMe.name },
      });
    }
    return defaultHandler({ url, method, body });
  });

  return {
    fetch,
    notifications,
    devices,
    requests,
    get preferences() {
      return preferences;
    },
    requestsTo: (method: string, pathname: string) =>
      requests.filter((r) => r.method === method && r.path.split('?')[0] === pathname),
    /** A notification arrives on the server (as the notify job would store it). */
    add(n: Notification) {
      notifications.push(n);
    },
  };
}
