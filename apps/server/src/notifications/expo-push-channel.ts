import type { AppDeps } from '../platform/app-deps.ts';
import { PermanentDeliveryError, type DeliveryContext, type SendOutcome } from './delivery.ts';
import { pushDevicesRepo } from './push-devices.repo.ts';
import { webPushPayload } from './web-push-channel.ts';

/**
 * The mobile push channel, through Expo's push service (`config.expoPushUrl`; tests point it at
 * a local receiver). One request carries a message per phone; Expo answers with one ticket per
 * message, in order. `DeviceNotRegistered` removes that phone's token; an HTTP 5xx or network
 * failure throws, so the job retries with back-off. Same words as web push: no health data.
 */

export interface ExpoMessage {
  to: string;
  title: string;
  body: string;
  data: { url: string; notificationId: string; kind: string; doseId?: string };
  sound: 'default';
  priority: 'default' | 'high';
  /** The app's notification category (its action buttons), named after the kind. */
  categoryId: string;
  ttl: number;
}

interface ExpoTicket {
  status: 'ok' | 'error';
  id?: string;
  message?: string;
  details?: { error?: string };
}

const TIMEOUT_MS = 15_000;

export async function sendExpoPush(deps: AppDeps, ctx: DeliveryContext): Promise<SendOutcome> {
  const db = deps.database.db;
  const tokens = await pushDevicesRepo.mobileTokensOf(db, ctx.recipient.id);
  if (tokens.length === 0) return { status: 'skipped', detail: 'no-device' };
  const payload = await webPushPayload(deps, ctx);
  const doseId = payload.actions.find((a) => a.doseId)?.doseId;
  const messages: ExpoMessage[] = tokens.map((t) => ({
    to: t.token,
    title: payload.title,
    body: payload.body,
    data: {
      url: payload.url,
      notificationId: payload.notificationId,
      kind: ctx.kind,
      ...(doseId ? { doseId } : {}),
    },
    sound: 'default',
    priority: ctx.notification.urgent ? 'high' : 'default',
    categoryId: ctx.kind,
    ttl: 24 * 3600,
  }));
  const res = await fetch(deps.config.expoPushUrl, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate',
      'content-type': 'application/json',
    },
    body: JSON.stringify(messages),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status === 429 || res.status >= 500) throw new Error(`expo push: HTTP ${res.status}`);
  if (!res.ok)
    throw new PermanentDeliveryError(`expo push refused the request (HTTP ${res.status})`);
  let tickets: ExpoTicket[];
  try {
    tickets = (JSON.parse(text) as { data?: ExpoTicket[] }).data ?? [];
  } catch {
    throw new Error('expo push: the answer was not JSON');
  }
  const delivered: string[] = [];
  for (const [i, message] of messages.entries()) {
    const ticket = tickets[i];
    if (ticket?.status === 'ok') delivered.push(message.to);
    else if (ticket?.details?.error === 'DeviceNotRegistered') {
      await pushDevicesRepo.deleteMobileToken(db, message.to);
      deps.logger.info('expo push token removed (DeviceNotRegistered)');
    } else {
      deps.logger.warn({ error: ticket?.details?.error ?? 'no-ticket' }, 'expo push ticket error');
    }
  }
  await pushDevicesRepo.touchMobile(db, delivered, deps.clock.now());
  return delivered.length > 0 ? { status: 'sent' } : { status: 'skipped', detail: 'not-delivered' };
}
