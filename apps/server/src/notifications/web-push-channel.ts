import webpush from 'web-push';
import type { AppDeps } from '../platform/app-deps.ts';
import { PermanentDeliveryError, type DeliveryContext, type SendOutcome } from './delivery.ts';
import { renderFor } from './notifications.service.ts';
import { pushDevicesRepo } from './push-devices.repo.ts';
import { vapidKeys } from './vapid.ts';

/**
 * The web push channel (RFC 8030 with VAPID, RFC 8292, and aes128gcm payloads, RFC 8291). The
 * `web-push` library encrypts and signs (`generateRequestDetails`); the request goes out with
 * fetch, which speaks http: as well as https: (the library's own sender speaks only https:,
 * and a test's local push service is plain HTTP). The payload carries the rendered title and
 * body without health data (rendered without the sealed values), the link, and ids.
 */

/** What the service worker receives (JSON). */
export interface WebPushPayload {
  title: string;
  body: string;
  url: string;
  notificationId: string;
  tag: string;
  actions: { id: string; label: string; doseId?: string }[];
}

const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 10_000;

export async function webPushPayload(deps: AppDeps, ctx: DeliveryContext): Promise<WebPushPayload> {
  const n = ctx.notification;
  const words = await renderFor(deps, deps.database.db, n, ctx.recipient, { withSecret: false });
  return {
    title: words.title,
    body: words.body,
    url: n.url,
    notificationId: n.id,
    // One notification shows once per browser, even if a retry delivers it twice.
    tag: n.id,
    actions: words.actions,
  };
}

export async function sendWebPush(deps: AppDeps, ctx: DeliveryContext): Promise<SendOutcome> {
  const db = deps.database.db;
  const subscriptions = await pushDevicesRepo.webSubscriptionsOf(db, ctx.recipient.id);
  if (subscriptions.length === 0) return { status: 'skipped', detail: 'no-device' };
  const keys = await vapidKeys(db);
  const payload = JSON.stringify(await webPushPayload(deps, ctx));
  const delivered: string[] = [];
  let retryable = 0;
  let refused = 0;
  for (const s of subscriptions) {
    const request = webpush.generateRequestDetails(
      { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
      payload,
      {
        vapidDetails: {
          subject: deps.config.vapidSubject,
          publicKey: keys.publicKey,
          privateKey: keys.privateKey,
        },
        TTL: TTL_SECONDS,
        urgency: ctx.notification.urgent ? 'high' : 'normal',
        contentEncoding: 'aes128gcm',
      },
    );
    let status: number;
    try {
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: new Uint8Array(request.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      retryable += 1; // network, timeout: the push service may be back soon
      continue;
    }
    if (status >= 200 && status < 300) delivered.push(s.id);
    else if (status === 404 || status === 410) {
      // The browser unsubscribed or the subscription expired: forget it.
      await pushDevicesRepo.deleteWebSubscription(db, s.id);
      deps.logger.info({ subscriptionId: s.id, status }, 'web push subscription removed');
    } else if (status === 429 || status >= 500) retryable += 1;
    else {
      refused += 1;
      deps.logger.warn({ subscriptionId: s.id, status }, 'web push refused');
    }
  }
  await pushDevicesRepo.touchWeb(db, delivered, deps.clock.now());
  if (retryable > 0) throw new Error(`web push: ${retryable} push service(s) unavailable`);
  if (delivered.length > 0) return { status: 'sent' };
  if (refused > 0) throw new PermanentDeliveryError('push service refused the message');
  return { status: 'skipped', detail: 'expired' };
}
