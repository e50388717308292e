import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPreferences, PushDevice } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { startWebPushReceiver } from '../../test/web-push-receiver.ts';
import { assertPushServiceEndpoint } from './push-devices.service.ts';

/** Preferences and quiet hours; push registration (VAPID key, browsers, phones). */

let app: TestApp;
let receiver: Awaited<ReturnType<typeof startWebPushReceiver>>;

beforeAll(async () => {
  app = await startTestApp();
  receiver = await startWebPushReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
});

type Problem = { errors: { path: string; message: string }[] };

async function call<T = unknown>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; type: string | null }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    type: res.headers.get('content-type'),
  };
}

async function person(overrides: Parameters<typeof buildPatient>[1] = {}) {
  const account = await buildPatient(app.database.db, overrides);
  return { account, token: await accessTokenFor(app, account.id) };
}

const PREFS = '/api/v1/notification-preferences';

describe('notification preferences', () => {
  it('start with every channel on, quiet hours off, in the account’s zone', async () => {
    const { token } = await person({ timeZone: 'America/New_York' });
    const res = await call<NotificationPreferences>(token, 'GET', PREFS);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('America/New_York');
    expect(res.body.quietHours).toEqual({ enabled: false, start: '22:00', end: '07:00' });
    expect(Object.keys(res.body.channels).sort()).toEqual(
      [
        'account',
        'appointments',
        'care-circle',
        'community',
        'health-events',
        'medications',
        'messages',
        'reminders',
        'results',
      ].sort(),
    );
    for (const switches of Object.values(res.body.channels)) {
      expect(switches).toEqual({ email: true, 'web-push': true, 'mobile-push': true });
    }
  });

  it('merge changes: what a PATCH does not name keeps its value', async () => {
    const { token } = await person();
    const first = await call<NotificationPreferences>(token, 'PATCH', PREFS, {
      channels: { medications: { email: false } },
      quietHours: { enabled: true, start: '21:30', end: '06:45' },
    });
    expect(first.status).toBe(200);
    expect(first.body.channels.medications).toEqual({
      email: false,
      'web-push': true,
      'mobile-push': true,
    });
    const second = await call<NotificationPreferences>(token, 'PATCH', PREFS, {
      channels: { results: { 'web-push': false }, medications: { 'mobile-push': false } },
    });
    expect(second.body.channels.medications).toEqual({
      email: false,
      'web-push': true,
      'mobile-push': false,
    });
    expect(second.body.channels.results['web-push']).toBe(false);
    expect(second.body.quietHours).toEqual({ enabled: true, start: '21:30', end: '06:45' });
    const again = await call<NotificationPreferences>(token, 'GET', PREFS);
    expect(again.body).toEqual(second.body);
  });

  it('refuse bad input with 400 problem+json naming the field', async () => {
    const { token } = await person();
    const cases: [unknown, string][] = [
      [{ quietHours: { enabled: true, start: '25:00', end: '07:00' } }, 'body.quietHours.start'],
      [{ quietHours: { enabled: true, start: '22:00', end: '22:00' } }, 'body.quietHours.end'],
      [{ quietHours: { enabled: 'yes', start: '22:00', end: '07:00' } }, 'body.quietHours.enabled'],
      [{ channels: { medications: { email: 'no' } } }, 'body.channels.medications.email'],
      [{ channels: { gossip: { email: false } } }, 'body.channels'],
    ];
    for (const [body, path] of cases) {
      const res = await call<Problem>(token, 'PATCH', PREFS, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors.map((e) => e.path).join(' ')).toContain(path);
    }
    expect((await call(null, 'PATCH', PREFS, {})).status).toBe(401);
  });
});

describe('push registration', () => {
  it('serves one VAPID public key, the same every time, to anyone', async () => {
    const a = await call<{ publicKey: string }>(null, 'GET', '/api/v1/push/web/vapid-key');
    const b = await call<{ publicKey: string }>(null, 'GET', '/api/v1/push/web/vapid-key');
    expect(a.status).toBe(200);
    expect(b.body.publicKey).toBe(a.body.publicKey);
    const point = Buffer.from(a.body.publicKey, 'base64url');
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
    const rows = await app.database.db.selectFrom('vapid_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('registers browsers and phones, lists them, and removes only one’s own', async () => {
    const { token } = await person();
    const other = await person();
    const subscription = receiver.subscribe();
    const chromeOnLinux =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    const web = await call<PushDevice>(
      token,
      'POST',
      '/api/v1/push/web/subscriptions',
      subscription,
      { 'user-agent': chromeOnLinux },
    );
    expect(web.status).toBe(201);
    expect(web.body).toMatchObject({ kind: 'web', label: 'Chrome · Linux', lastUsedAt: null });
    // The same browser again: the same device.
    const again = await call<PushDevice>(
      token,
      'POST',
      '/api/v1/push/web/subscriptions',
      subscription,
    );
    expect(again.body.id).toBe(web.body.id);

    const phone = await call<PushDevice>(token, 'POST', '/api/v1/push/mobile/tokens', {
      token: 'ExponentPushToken[abcdefghij0123456789]',
      platform: 'ios',
      deviceName: 'Ana’s iPhone',
    });
    expect(phone.status).toBe(201);
    expect(phone.body).toMatchObject({ kind: 'mobile', label: 'Ana’s iPhone' });

    const list = await call<{ devices: PushDevice[] }>(token, 'GET', '/api/v1/push/devices');
    expect(list.body.devices.map((d) => d.id).sort()).toEqual([web.body.id, phone.body.id].sort());
    expect(
      (await call<{ devices: PushDevice[] }>(other.token, 'GET', '/api/v1/push/devices')).body
        .devices,
    ).toEqual([]);

    expect(
      (await call(other.token, 'DELETE', `/api/v1/push/devices/${phone.body.id}`)).status,
    ).toBe(404);
    expect((await call(token, 'DELETE', `/api/v1/push/devices/${phone.body.id}`)).status).toBe(204);
    expect((await call(token, 'DELETE', `/api/v1/push/devices/${phone.body.id}`)).status).toBe(404);

    // Someone else cannot unsubscribe this browser; its owner can.
    await call(other.token, 'POST', '/api/v1/push/web/unsubscribe', {
      endpoint: subscription.endpoint,
    });
    expect(
      (await call<{ devices: PushDevice[] }>(token, 'GET', '/api/v1/push/devices')).body.devices,
    ).toHaveLength(1);
    expect(
      (
        await call(token, 'POST', '/api/v1/push/web/unsubscribe', {
          endpoint: subscription.endpoint,
        })
      ).status,
    ).toBe(204);
    expect(
      (await call<{ devices: PushDevice[] }>(token, 'GET', '/api/v1/push/devices')).body.devices,
    ).toEqual([]);
  });

  it('refuses malformed subscriptions and tokens, naming the field', async () => {
    const { token } = await person();
    const bad = await call<Problem>(token, 'POST', '/api/v1/push/mobile/tokens', {
      token: 'not-a-token',
      platform: 'ios',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toContain('body.token');
    const sub = receiver.subscribe();
    const badKey = await call<Problem>(token, 'POST', '/api/v1/push/web/subscriptions', {
      ...sub,
      keys: { ...sub.keys, auth: '!' },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors.map((e) => e.path)).toContain('body.keys.auth');
  });

  it('accepts only public https push services in production (the server POSTs to them)', () => {
    const ok = 'https://fcm.googleapis.com/fcm/send/abc';
    expect(() => assertPushServiceEndpoint(ok, 'production')).not.toThrow();
    for (const bad of [
      'http://push.example.org/x',
      'https://127.0.0.1/x',
      'https://[::1]/x',
      'https://localhost/x',
      'https://metadata/x',
    ]) {
      expect(() => assertPushServiceEndpoint(bad, 'production'), bad).toThrow(/public push/);
    }
    expect(() => assertPushServiceEndpoint('http://127.0.0.1:9/x', 'test')).not.toThrow();
  });
});
