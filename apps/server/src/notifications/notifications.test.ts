import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Notification, NotificationList } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { notify } from './notify.ts';

/** The notification centre API: list, paging, unread, mark read; nobody reads another's. */

let app: TestApp;

beforeAll(async () => {
  // E-mails go to the development mailbox here (no SMTP_URL); delivery.test.ts checks them.
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function call<T = unknown>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T; type: string | null }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
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

const booked = (a: Account, n: number) => ({
  recipientId: a.id,
  kind: 'appointment.booked' as const,
  patientId: a.id,
  params: {
    appointmentId: crypto.randomUUID(),
    start: '2027-02-03T14:30:00Z',
    providerName: `Dr. Number ${n}`,
    patientName: a.name,
  },
  url: '/appointments',
});

describe('notification centre', () => {
  it('needs a signed-in person', async () => {
    expect((await call(null, 'GET', '/api/v1/notifications')).status).toBe(401);
    expect((await call(null, 'GET', '/api/v1/notifications/unread-count')).status).toBe(401);
  });

  it('lists one’s own notifications newest first, in pages, with the unread count', async () => {
    const { account, token } = await person();
    const other = await person();
    // Five in one transaction share created_at: the cursor must still page through them.
    await notify(
      app.deps,
      [1, 2, 3, 4, 5].map((n) => booked(account, n)),
    );
    await notify(app.deps, [booked(account, 6)]);
    await notify(app.deps, [booked(account, 7)]);
    await notify(app.deps, [booked(other.account, 99)]);

    const seen: Notification[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const q: string = before ? `&before=${encodeURIComponent(before)}` : '';
      const page = await call<NotificationList>(token, 'GET', `/api/v1/notifications?limit=3${q}`);
      expect(page.status).toBe(200);
      expect(page.body.unreadCount).toBe(7);
      seen.push(...page.body.items);
      before = page.body.nextBefore;
      pages += 1;
    } while (before && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((n) => n.id)).size).toBe(7);
    // Newest first: 7 then 6, then the five of one transaction.
    expect(seen[0]!.body).toContain('Dr. Number 7');
    expect(seen[1]!.body).toContain('Dr. Number 6');
    const times = seen.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(seen.every((n) => !n.body.includes('Dr. Number 99'))).toBe(true);
    expect(seen[0]).toMatchObject({
      kind: 'appointment.booked',
      category: 'appointments',
      title: 'Appointment booked',
      url: '/appointments',
      urgent: false,
      patient: null,
      readAt: null,
      actions: [{ id: 'open', label: 'Open' }],
    });
  });

  it('refuses a cursor it did not make (400 naming query.before)', async () => {
    const { token } = await person();
    const res = await call<{ errors: { path: string }[] }>(
      token,
      'GET',
      '/api/v1/notifications?before=not-a-cursor',
    );
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors.map((e) => e.path)).toContain('query.before');
    const limit = await call<{ errors: { path: string }[] }>(
      token,
      'GET',
      '/api/v1/notifications?limit=0',
    );
    expect(limit.status).toBe(400);
    expect(limit.body.errors.map((e) => e.path)).toContain('query.limit');
  });

  it('renders in the reader’s language and zone, with sealed values only in the centre', async () => {
    const { account, token } = await person({ locale: 'es', timeZone: 'Europe/Madrid' });
    await notify(app.deps, [
      booked(account, 1),
      {
        recipientId: account.id,
        kind: 'medication.due',
        patientId: account.id,
        params: {
          doseId: '6f1c1c9e-4c67-4d38-9d0e-3f8ac0f1b001',
          scheduledAt: '2027-02-03T08:00:00Z',
        },
        secret: { medication: 'Metformina 850 mg' },
        url: '/medications',
      },
    ]);
    const list = await call<NotificationList>(token, 'GET', '/api/v1/notifications');
    const appointment = list.body.items.find((n) => n.kind === 'appointment.booked')!;
    expect(appointment.title).toBe('Cita reservada');
    // 14:30Z is 15:30 in Madrid in winter.
    expect(appointment.body).toMatch(/^mié 3 feb, 15:30 con Dr\. Number 1\.$/);
    const dose = list.body.items.find((n) => n.kind === 'medication.due')!;
    expect(dose.title).toBe('Hora de su medicamento');
    expect(dose.body).toContain('Metformina 850 mg');
    expect(dose.body).toContain('9:00');
    expect(dose.actions.map((a) => a.id)).toEqual([
      'dose:taken',
      'dose:skipped',
      'dose:snoozed',
      'open',
    ]);
    expect(dose.actions[0]).toEqual({
      id: 'dose:taken',
      label: 'Tomada',
      doseId: '6f1c1c9e-4c67-4d38-9d0e-3f8ac0f1b001',
    });
    // The medicine's name is not in the database in clear.
    const rows = await app.database.db
      .selectFrom('notifications')
      .select(['params'])
      .where('recipient_id', '=', account.id)
      .execute();
    expect(JSON.stringify(rows)).not.toContain('Metformina');

    // The app showing English asks for it (Accept-Language): the same notification in English.
    const english = (await (
      await fetch(`${app.url}/api/v1/notifications`, {
        headers: { authorization: `Bearer ${token}`, 'accept-language': 'en-GB,es;q=0.5' },
      })
    ).json()) as NotificationList;
    const inEnglish = english.items.find((n) => n.id === appointment.id)!;
    expect(inEnglish.title).toBe('Appointment booked');
    expect(inEnglish.body).toMatch(/^Wed 3 Feb, 15:30 with Dr\. Number 1\.$/);
  });

  it('names the patient when the notification is about someone the reader cares for', async () => {
    const patient = await person({ name: 'Ana Patient' });
    const carer = await person({ roles: ['caregiver'] });
    await notify(app.deps, [{ ...booked(patient.account, 1), recipientId: carer.account.id }]);
    const list = await call<NotificationList>(carer.token, 'GET', '/api/v1/notifications');
    expect(list.body.items[0]!.patient).toEqual({ id: patient.account.id, name: 'Ana Patient' });
    expect(list.body.items[0]!.title).toBe('Appointment booked for Ana Patient');
  });

  it('marks one read (only one’s own: 404 otherwise), filters unread, and tells other tabs', async () => {
    const { account, token } = await person();
    const other = await person();
    const [first, second] = await notify(app.deps, [booked(account, 1), booked(account, 2)]);
    const since = await app.deps.realtime.lastEventId(account.id);

    expect(
      (await call(other.token, 'POST', `/api/v1/notifications/${first!.id}/read`)).status,
    ).toBe(404);
    expect(
      (await call(token, 'POST', `/api/v1/notifications/${crypto.randomUUID()}/read`)).status,
    ).toBe(404);
    expect((await call(token, 'POST', '/api/v1/notifications/not-a-uuid/read')).status).toBe(400);

    const read = await call<Notification>(token, 'POST', `/api/v1/notifications/${first!.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(first!.id);
    expect(read.body.readAt).not.toBeNull();
    // Again: still read, same time.
    const again = await call<Notification>(
      token,
      'POST',
      `/api/v1/notifications/${first!.id}/read`,
    );
    expect(again.body.readAt).toBe(read.body.readAt);

    const count = await call<{ unreadCount: number }>(
      token,
      'GET',
      '/api/v1/notifications/unread-count',
    );
    expect(count.body.unreadCount).toBe(1);
    const unread = await call<NotificationList>(token, 'GET', '/api/v1/notifications?unread=true');
    expect(unread.body.items.map((n) => n.id)).toEqual([second!.id]);

    const events = await app.deps.realtime.eventsAfter(account.id, since, 50);
    expect(events.map((e) => [e.type, e.data])).toContainEqual([
      'notification.read',
      { notificationId: first!.id },
    ]);
    // The other person's failed attempt told nobody anything.
    expect(await app.deps.realtime.eventsAfter(other.account.id, '0', 50)).toEqual([]);
  });

  it('marks all read', async () => {
    const { account, token } = await person();
    await notify(app.deps, [booked(account, 1), booked(account, 2), booked(account, 3)]);
    const since = await app.deps.realtime.lastEventId(account.id);
    const all = await call<{ unreadCount: number }>(
      token,
      'POST',
      '/api/v1/notifications/read-all',
    );
    expect(all.status).toBe(200);
    expect(all.body.unreadCount).toBe(0);
    const list = await call<NotificationList>(token, 'GET', '/api/v1/notifications');
    expect(list.body.items.every((n) => n.readAt !== null)).toBe(true);
    const events = await app.deps.realtime.eventsAfter(account.id, since, 50);
    expect(events.map((e) => [e.type, e.data])).toContainEqual([
      'notification.read',
      { all: true },
    ]);
  });
});
