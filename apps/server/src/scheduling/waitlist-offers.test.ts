import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaitlistEntry } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { WAITLIST_SWEEP_JOB } from './waitlist-offers.ts';
import {
  DAY,
  api,
  book,
  eventually,
  notificationsOf,
  person,
  practice,
  realtimeEventsOf,
  slotAfter,
} from './notices-test-kit.ts';

/**
 * A freed slot offered to the first person waiting tells them through an urgent `waitlist.offer`
 * notification (its e-mail through the notification's e-mail channel, once) and a realtime
 * event; the offer's expiry is a job (`waitlist.sweep`, at the expiry and every minute).
 */

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ config: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await app?.close();
  await smtp.close();
});

async function scene() {
  const { provider, typeId } = await practice(app);
  const holder = await person(app, { name: 'Slot Holder' });
  const waiting = await person(app, { name: 'Wanda Waiting', timeZone: 'Europe/Berlin' });
  const start = slotAfter(new Date(), 3 * DAY);
  const appointment = await book(app, holder, { providerId: provider.account.id, typeId, start });
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const joined = await api<WaitlistEntry>(app, waiting, 'POST', '/waitlist', {
    providerId: provider.account.id,
    appointmentTypeId: typeId,
    earliest: day(new Date(start.getTime() - DAY)),
    latest: day(new Date(start.getTime() + DAY)),
  });
  expect(joined.status).toBe(201);
  const cancelled = await api(app, holder, 'POST', `/appointments/${appointment.id}/cancel`, {
    reason: 'Cannot come',
  });
  expect(cancelled.status).toBe(200);
  const entries = await api<{ items: WaitlistEntry[] }>(app, waiting, 'GET', '/waitlist');
  const offer = entries.body.items[0]!.offer!;
  expect(offer).not.toBeNull();
  return { waiting, start, offer };
}

describe('waitlist offers', () => {
  it('notifies the person of the offer once (urgent), live and by one e-mail', async () => {
    const { waiting, start, offer } = await scene();
    const [notification] = await notificationsOf(app, waiting.account.id, 'waitlist.offer');
    expect(notification).toMatchObject({
      urgent: true,
      url: '/appointments',
      dedupe_key: `waitlist-offer:${offer.id}`,
      params: {
        offerId: offer.id,
        start: start.toISOString(),
        expiresAt: offer.expiresAt,
        providerName: 'Dr. Ada Reminder',
      },
    });
    const event = await eventually(
      async () =>
        (await realtimeEventsOf(app, waiting.account.id)).find((e) => e.type === 'waitlist.offer'),
      10_000,
      'the waitlist.offer event',
    );
    expect(event.data).toEqual({
      offerId: offer.id,
      start: start.toISOString(),
      expiresAt: offer.expiresAt,
    });
    const mail = await smtp.waitFor(waiting.account.email, 'An earlier appointment', 20_000);
    expect(mail.decoded).toContain('15 minutes');
    // Exactly one: the e-mail channel recorded its send, and no other e-mail of it arrived.
    await eventually(async () => {
      const { rows } = await sql<{ status: string }>`
        SELECT status FROM notification_deliveries
         WHERE notification_id = ${notification!.id} AND channel = 'email'`.execute(
        app.database.db,
      );
      return rows[0]?.status === 'sent' ? true : undefined;
    });
    expect(
      smtp.messages.filter(
        (m) => m.to.includes(waiting.account.email) && m.subject.includes('An earlier'),
      ),
    ).toHaveLength(1);
  });

  it('expires the offer through the sweep job, enqueued for its expiry', async () => {
    const { waiting, offer } = await scene();
    const { rows } = await sql<{ start_after: Date }>`
      SELECT start_after FROM pgboss.job WHERE name = ${WAITLIST_SWEEP_JOB}
       ORDER BY created_on DESC LIMIT 1`.execute(app.database.db);
    expect(Math.abs(rows[0]!.start_after.getTime() - Date.parse(offer.expiresAt))).toBeLessThan(
      5_000,
    );
    const { rows: schedules } = await sql<{ cron: string }>`
      SELECT cron FROM pgboss.schedule WHERE name = ${WAITLIST_SWEEP_JOB}`.execute(app.database.db);
    expect(schedules.map((s) => s.cron)).toEqual(['* * * * *']);

    // Time is up: a run of the job (as at the expiry) expires it.
    await app.database.db
      .updateTable('waitlist_offers')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', offer.id)
      .execute();
    await app.deps.jobs.send(WAITLIST_SWEEP_JOB, {});
    await eventually(async () => {
      const row = await app.database.db
        .selectFrom('waitlist_offers')
        .select('outcome')
        .where('id', '=', offer.id)
        .executeTakeFirstOrThrow();
      return row.outcome === 'expired' ? true : undefined;
    }, 15_000);
    const entries = await api<{ items: WaitlistEntry[] }>(app, waiting, 'GET', '/waitlist');
    expect(entries.body.items[0]!.status).toBe('waiting');
  });

  it('plans the reminders and tells everyone of the booking when the offer is accepted', async () => {
    const { waiting, start, offer } = await scene();
    const accepted = await api<{ id: string }>(
      app,
      waiting,
      'POST',
      `/waitlist/offers/${offer.id}/accept`,
    );
    expect(accepted.status).toBe(201);
    const reminders = await app.database.db
      .selectFrom('appointment_reminders')
      .select(['offset_minutes', 'due_at'])
      .where('appointment_id', '=', accepted.body.id)
      .orderBy('offset_minutes', 'desc')
      .execute();
    expect(reminders.map((r) => [r.offset_minutes, r.due_at.getTime()])).toEqual([
      [1440, start.getTime() - DAY],
      [120, start.getTime() - 2 * 3_600_000],
    ]);
    const [booked] = await eventually(async () => {
      const rows = await notificationsOf(app, waiting.account.id, 'appointment.booked');
      return rows.length > 0 ? rows : undefined;
    }, 15_000);
    expect(booked!.params).toMatchObject({ appointmentId: accepted.body.id });
    await smtp.waitFor(waiting.account.email, 'Appointment booked', 20_000);
  });
});
