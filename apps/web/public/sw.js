/* CareCircle service worker: shows web push notifications and opens the app when one is clicked.
 *
 * The push payload (JSON, encrypted by the server per RFC 8291) is
 *   { notificationId, title, body, url, tag, actions?: [{ id: 'open' | 'dose:taken' | 'dose:skipped' |
 *     'dose:snoozed', label, doseId? }] }
 * and never carries health details beyond what the title and body say. Dose buttons do not call
 * the API from here (no token in a service worker): they open the notification centre with
 * `?dose=<id>&answer=<taken|skipped|snoozed>`, which asks the person to confirm.
 */

/* A plain script outside the TypeScript project (served as is): type-aware lint rules cannot
   see the ServiceWorkerGlobalScope, so they are off here. */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return */
/* global self */

const DOSE_ANSWERS = {
  'dose:taken': 'taken',
  'dose:skipped': 'skipped',
  'dose:snoozed': 'snoozed',
};

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function parsePayload(data) {
  if (!data) return {};
  try {
    return data.json();
  } catch {
    return { body: data.text() };
  }
}

/** Only same-origin paths: a payload never sends the browser elsewhere. */
function safePath(url) {
  try {
    const target = new URL(url || '/notifications', self.location.origin);
    return target.origin === self.location.origin
      ? target.pathname + target.search
      : '/notifications';
  } catch {
    return '/notifications';
  }
}

self.addEventListener('push', (event) => {
  const payload = parsePayload(event.data);
  const actions = Array.isArray(payload.actions) ? payload.actions : [];
  const doseActions = actions.filter((a) => a && DOSE_ANSWERS[a.id] && a.doseId);
  const maxActions = (self.Notification && self.Notification.maxActions) || 2;
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    tag: payload.tag || payload.notificationId || undefined,
    icon: '/favicon.svg',
    badge: '/favicon.svg',
    data: {
      url: safePath(payload.url),
      notificationId: payload.notificationId,
      doses: Object.fromEntries(doseActions.map((a) => [a.id, a.doseId])),
    },
    actions: doseActions
      .slice(0, maxActions)
      .map((a) => ({ action: a.id, title: String(a.label) })),
  };
  event.waitUntil(self.registration.showNotification(payload.title || 'CareCircle', options));
});

async function openOrFocus(path) {
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    if ('navigate' in client) {
      await client.focus();
      return client.navigate(url);
    }
  }
  return self.clients.openWindow(url);
}

self.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const data = notification.data || {};
  notification.close();
  let path = data.url || '/notifications';
  const answer = DOSE_ANSWERS[event.action];
  const doseId = answer && data.doses ? data.doses[event.action] : undefined;
  if (answer && doseId) {
    path = `/notifications?dose=${encodeURIComponent(doseId)}&answer=${answer}`;
  }
  event.waitUntil(openOrFocus(path));
});
