import type { WebPushSubscriptionInput } from '@carecircle/core';

/**
 * Web push in this browser: the service worker (`/sw.js`, from apps/web/public) and the
 * PushManager subscription. The server only ever gets the subscription (endpoint and keys).
 */

export const SERVICE_WORKER_URL = '/sw.js';

export class PushPermissionDenied extends Error {
  constructor() {
    super('Notifications are not allowed for this site');
    this.name = 'PushPermissionDenied';
  }
}

export interface BrowserPush {
  supported: boolean;
  /** This browser's current subscription's endpoint, if it has one. */
  current(): Promise<string | null>;
  /** Asks for permission, registers the service worker and subscribes with the VAPID key. */
  subscribe(vapidPublicKey: string): Promise<WebPushSubscriptionInput>;
  /** Unsubscribes; returns the endpoint that was dropped (null if there was none). */
  unsubscribe(): Promise<string | null>;
}

/** base64url (the VAPID public key) → bytes, as PushManager.subscribe wants. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  return navigator.serviceWorker.getRegistration('/');
}

/** The real thing, over `navigator.serviceWorker` and `Notification`. */
export function createBrowserPush(): BrowserPush {
  const supported =
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window;
  return {
    supported,
    async current() {
      if (!supported) return null;
      const sub = await (await registration())?.pushManager.getSubscription();
      return sub?.endpoint ?? null;
    },
    async subscribe(vapidPublicKey) {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') throw new PushPermissionDenied();
      await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' });
      const reg = await navigator.serviceWorker.ready;
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: base64UrlToBytes(vapidPublicKey),
        }));
      const json = sub.toJSON();
      return {
        endpoint: sub.endpoint,
        expirationTime: sub.expirationTime,
        keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
      };
    },
    async unsubscribe() {
      if (!supported) return null;
      const sub = await (await registration())?.pushManager.getSubscription();
      if (!sub) return null;
      await sub.unsubscribe();
      return sub.endpoint;
    },
  };
}
