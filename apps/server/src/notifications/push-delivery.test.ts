import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { startWebPushReceiver } from '../../test/web-push-receiver.ts';
import { startExpoPushReceiver } from '../../test/expo-push-receiver.ts';
import { settled, waitUntil } from './delivery-test-kit.ts';
import { notify, type NewNotification } from './notify.ts';

/**
 * Web push against a local push service that verifies VAPID and decrypts the RFC 8291 payload;
 * Expo push against a local Expo API. Expired subscriptions and unregistered phones are removed.
 */

let app: TestApp;
let webPush: Awaited<ReturnType<typeof startWebPushReceiver>>;
let expo: Awaited<ReturnType<typeof startExpoPushReceiver>>;

beforeAll(async () => {
  webPush = await startWebPushReceiver();
  expo = await startExpoPushReceiver();
  // E-mail goes to the development mailbox (no SMTP_URL): this file is about push.
  app = await startTestApp({ config: { EXPO_PUSH_URL: expo.url } });
});
afterAll(async () => {
  await app.close();
  await webPush.close();
  await expo.close();
});

const db = () => app.database.db;

async function post(account: Account, path: string, body: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await accessTokenFor(app, account.id)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

const subscribeBrowser = async (account: Account) => {
  const subscription = webPush.subscribe();
  await post(account, '/api/v1/push/web/subscriptions', subscription);
  return subscription;
};

const result = (recipientId: string, extra: Partial<NewNotification> = {}): NewNotification => ({
  recipientId,
  kind: 'result.new',
  patientId: recipientId,
  params: { resourceType: 'Observation', resourceId: crypto.randomUUID() },
  secret: { title: 'HIV viral load' },
  url: '/records/results',
  ...extra,
});

describe('web push', () => {
  it('delivers an encrypted, VAPID-signed payload the browser can decrypt, with no health data', async () => {
    const eva = await buildPatient(db(), { name: 'Eva' });
    const browser = await subscribeBrowser(eva);
    const [n] = await notify(app.deps, [result(eva.id)]);
    const push = await webPush.waitFor((p) => p.endpoint === browser.endpoint);
    expect(push.payload).toEqual({
      title: 'New result in your record',
      body: 'Open CareCircle to see it.',
      url: '/records/results',
      notificationId: n!.id,
      tag: n!.id,
      actions: [{ id: 'open', label: 'Open' }],
    });
    expect(JSON.stringify(push.payload)).not.toContain('HIV');
    const key = (await (await fetch(`${app.url}/api/v1/push/web/vapid-key`)).json()) as {
      publicKey: string;
    };
    expect(push.vapid.publicKey).toBe(key.publicKey);
    expect(push.vapid.sub).toBe(app.config.vapidSubject);
    expect(push.vapid.aud).toBe(webPush.origin);
    expect(push.headers.urgency).toBe('normal');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    const d = await settled(db(), n!.id);
    expect(d['web-push']).toMatchObject({ status: 'sent', attempts: 1 });
    const device = await db()
      .selectFrom('web_push_subscriptions')
      .select('last_used_at')
      .where('endpoint', '=', browser.endpoint)
      .executeTakeFirstOrThrow();
    expect(device.last_used_at).not.toBeNull();
    expect(webPush.errors).toEqual([]);
  });

  it('sends urgent ones with Urgency: high', async () => {
    const fay = await buildPatient(db(), { name: 'Fay' });
    const browser = await subscribeBrowser(fay);
    await notify(app.deps, [result(fay.id, { urgent: true })]);
    const push = await webPush.waitFor((p) => p.endpoint === browser.endpoint);
    expect(push.headers.urgency).toBe('high');
  });

  it('forgets a subscription the push service says is gone (410)', async () => {
    const gus = await buildPatient(db(), { name: 'Gus' });
    const gone = await subscribeBrowser(gus);
    const alive = await subscribeBrowser(gus);
    webPush.answer(gone.endpoint, 410);
    const [n] = await notify(app.deps, [result(gus.id)]);
    await webPush.waitFor((p) => p.endpoint === alive.endpoint);
    await waitUntil('the gone subscription to be removed', async () => {
      const rows = await db()
        .selectFrom('web_push_subscriptions')
        .select('endpoint')
        .where('account_id', '=', gus.id)
        .execute();
      return rows.length === 1 && rows[0]!.endpoint === alive.endpoint;
    });
    expect((await settled(db(), n!.id))['web-push']!.status).toBe('sent');

    // With only the gone one left, the channel has nobody to send to.
    const hal = await buildPatient(db(), { name: 'Hal' });
    const only = await subscribeBrowser(hal);
    webPush.answer(only.endpoint, 410);
    const [m] = await notify(app.deps, [result(hal.id)]);
    const d = await settled(db(), m!.id);
    expect(d['web-push']).toMatchObject({ status: 'skipped', detail: 'expired' });
    expect(
      await db()
        .selectFrom('web_push_subscriptions')
        .select('id')
        .where('account_id', '=', hal.id)
        .execute(),
    ).toEqual([]);
  });
});

describe('Expo mobile push', () => {
  const token = (s: string) => `ExponentPushToken[${s}${crypto.randomUUID().slice(0, 8)}]`;

  it('posts the messages Expo expects, without health data', async () => {
    const ida = await buildPatient(db(), { name: 'Ida' });
    const phone = token('ida');
    await post(ida, '/api/v1/push/mobile/tokens', { token: phone, platform: 'android' });
    const doseId = crypto.randomUUID();
    const [n] = await notify(app.deps, [
      {
        recipientId: ida.id,
        kind: 'medication.due',
        patientId: ida.id,
        params: { doseId, scheduledAt: new Date().toISOString() },
        secret: { medication: 'Sertraline 50 mg' },
        url: '/medications',
      },
    ]);
    const request = await expo.waitFor((r) => r.messages.some((m) => m.to === phone));
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.messages).toEqual([
      {
        to: phone,
        title: 'Time for your medicine',
        body: expect.stringContaining('Open CareCircle to see it.') as string,
        data: { url: '/medications', notificationId: n!.id, kind: 'medication.due', doseId },
        sound: 'default',
        priority: 'default',
        categoryId: 'medication.due',
        ttl: 86400,
      },
    ]);
    expect(JSON.stringify(request.messages)).not.toContain('Sertraline');
    expect((await settled(db(), n!.id))['mobile-push']).toMatchObject({ status: 'sent' });
  });

  it('removes a token Expo says is not registered, keeping the others', async () => {
    const jo = await buildPatient(db(), { name: 'Jo' });
    const old = token('old');
    const current = token('new');
    await post(jo, '/api/v1/push/mobile/tokens', { token: old, platform: 'ios' });
    await post(jo, '/api/v1/push/mobile/tokens', { token: current, platform: 'ios' });
    expo.unregister(old);
    const [n] = await notify(app.deps, [result(jo.id, { urgent: true })]);
    const request = await expo.waitFor((r) => r.messages.some((m) => m.to === current));
    expect(request.messages.map((m) => m.priority)).toEqual(['high', 'high']);
    await waitUntil('the unregistered token to be removed', async () => {
      const rows = await db()
        .selectFrom('mobile_push_tokens')
        .select('token')
        .where('account_id', '=', jo.id)
        .execute();
      return rows.length === 1 && rows[0]!.token === current;
    });
    expect((await settled(db(), n!.id))['mobile-push']!.status).toBe('sent');
  });

  it('retries with back-off when Expo answers 503, sending once it is back', async () => {
    const kim = await buildPatient(db(), { name: 'Kim' });
    const phone = token('kim');
    await post(kim, '/api/v1/push/mobile/tokens', { token: phone, platform: 'android' });
    expo.failNext(503);
    const [n] = await notify(app.deps, [result(kim.id)]);
    const sent = await waitUntil(
      'the retried Expo push to be sent',
      async () => {
        const d = await settled(db(), n!.id);
        return d['mobile-push']!.status === 'sent' ? d : undefined;
      },
      30_000,
    );
    expect(sent['mobile-push']!.attempts).toBe(2);
    const tries = expo.requests.filter((r) => r.messages.some((m) => m.to === phone));
    expect(tries.map((r) => r.status)).toEqual([503, 200]);
  });
});
