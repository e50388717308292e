import type { MobilePushTokenInput, PushDevice, WebPushSubscriptionInput } from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import type { Config } from '../platform/config.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { pushDevicesRepo, type DeviceRow } from './push-devices.repo.ts';

/**
 * Registering browsers (web push subscriptions) and phones (Expo push tokens), listing and
 * removing them: one's own only. Labels are names of products ("Chrome · Linux", "iPhone"),
 * the same in every language.
 */

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome · Linux" from a User-Agent (or "Web" when it says nothing we know). */
export function labelFromUserAgent(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  return [browser, system].filter(Boolean).join(' · ') || 'Web';
}

const PLATFORM_LABEL = { ios: 'iPhone', android: 'Android', web: 'Web' } as const;

function present(row: DeviceRow): PushDevice {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
  };
}

/**
 * The server POSTs to a subscription's endpoint, so in production only a public push service
 * will do: https, and a host name (not localhost or an IP literal, which could point the
 * server at the private network). Development and tests allow a local http receiver.
 */
export function assertPushServiceEndpoint(endpoint: string, env: Config['env']): void {
  if (env !== 'production') return;
  const url = new URL(endpoint);
  const host = url.hostname.toLowerCase();
  const literal = /^[\d.]+$/.test(host) || host.startsWith('[');
  if (url.protocol !== 'https:' || literal || host === 'localhost' || !host.includes('.')) {
    const message = 'Must be the https URL of a public push service';
    throw badRequest(`body.endpoint: ${message}`, [
      { path: 'body.endpoint', message, code: 'custom' },
    ]);
  }
}

export async function subscribeWebPush(
  db: Db,
  actor: Actor,
  input: WebPushSubscriptionInput,
  userAgent: string | undefined,
  env: Config['env'],
): Promise<PushDevice> {
  assertPushServiceEndpoint(input.endpoint, env);
  return present(
    await pushDevicesRepo.upsertWeb(db, actor.id, {
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      label: labelFromUserAgent(userAgent).slice(0, 100),
    }),
  );
}

/** Forgets this browser's subscription if it is the person's (silently otherwise). */
export async function unsubscribeWebPush(db: Db, actor: Actor, endpoint: string): Promise<void> {
  await pushDevicesRepo.removeWebByEndpoint(db, actor.id, endpoint);
}

export async function registerMobilePushToken(
  db: Db,
  actor: Actor,
  input: MobilePushTokenInput,
): Promise<PushDevice> {
  return present(
    await pushDevicesRepo.upsertMobile(db, actor.id, {
      token: input.token,
      platform: input.platform,
      label: (input.deviceName || PLATFORM_LABEL[input.platform]).slice(0, 100),
    }),
  );
}

export async function listPushDevices(db: Db, actor: Actor): Promise<{ devices: PushDevice[] }> {
  return { devices: (await pushDevicesRepo.list(db, actor.id)).map(present) };
}

export async function removePushDevice(db: Db, actor: Actor, deviceId: string): Promise<void> {
  if (!(await pushDevicesRepo.remove(db, actor.id, deviceId))) {
    throw notFound('There is no such device.');
  }
}
