import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { ManualClock } from '../platform/clock.ts';
import { deliverNotificationJob } from './delivery.ts';
import { deliverEmailJob } from './delivery-jobs.ts';
import { deliveriesOf, settled, waitUntil } from './delivery-test-kit.ts';
import { notify, type NewNotification } from './notify.ts';

/**
 * Delivery by e-mail through a real SMTP server: language, no health data, preferences, quiet
 * hours in the person's zone (held until they end; urgent ones are not), and idempotency.
 */

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
// Saturday 13 March 2027, 17:00 UTC: daytime in New York and Madrid.
const clock = new ManualClock('2027-03-13T17:00:00Z');

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ clock, config: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const db = () => app.database.db;

async function patch(accountId: string, body: unknown) {
  const token = await accessTokenFor(app, accountId);
  const res = await fetch(`${app.url}/api/v1/notification-preferences`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const dose = (recipientId: string, extra: Partial<NewNotification> = {}): NewNotification => ({
  recipientId,
  kind: 'medication.due',
  patientId: recipientId,
  params: { doseId: crypto.randomUUID(), scheduledAt: '2027-03-13T17:00:00Z' },
  secret: { medication: 'Warfarin 5 mg' },
  url: '/medications',
  ...extra,
});

describe('e-mail delivery', () => {
  it('sends plain text and HTML in the recipient’s language, with a link and no health data', async () => {
    const ana = await buildPatient(db(), {
      name: 'Ana',
      locale: 'es',
      timeZone: 'Europe/Madrid',
    });
    const [n] = await notify(app.deps, [dose(ana.id)]);
    const mail = await smtp.waitFor(ana.email, 'Hora de su medicamento');
    expect(mail.subject).toBe('Hora de su medicamento');
    expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail.decoded).toContain('Hola, Ana:');
    // 17:00Z is 18:00 in Madrid (CET).
    expect(mail.decoded).toContain('18:00');
    expect(mail.decoded).toContain(`${app.url}/medications`);
    expect(mail.decoded).toContain('Abra CareCircle para verla.');
    expect(mail.decoded).not.toContain('Warfarin');
    const d = await settled(db(), n!.id);
    expect(d.email).toMatchObject({ status: 'sent', attempts: 1 });
    expect(d.email!.sent_at?.toISOString()).toBe(clock.now().toISOString());
    // No browser or phone registered: nothing to push.
    expect(d['web-push']).toMatchObject({ status: 'skipped', detail: 'no-device' });
    expect(d['mobile-push']).toMatchObject({ status: 'skipped', detail: 'no-device' });
  });

  it('is not sent when the person switched e-mail off for that category', async () => {
    const bo = await buildPatient(db(), { name: 'Bo' });
    await patch(bo.id, { channels: { medications: { email: false } } });
    const [n] = await notify(app.deps, [dose(bo.id)]);
    const d = await settled(db(), n!.id);
    expect(d.email).toMatchObject({ status: 'skipped', detail: 'preference' });
    // Another category still goes out.
    await notify(app.deps, [
      {
        recipientId: bo.id,
        kind: 'result.new',
        patientId: bo.id,
        url: '/records',
        secret: { title: 'HbA1c' },
      },
    ]);
    const mail = await smtp.waitFor(bo.email, 'New result in your record');
    expect(mail.decoded).toContain('Open CareCircle to see it.');
    expect(mail.decoded).not.toContain('HbA1c');
    expect(smtp.messages.filter((m) => m.to.includes(bo.email))).toHaveLength(1);
  });

  it('sends once even when the delivery jobs run again', async () => {
    const cy = await buildPatient(db(), { name: 'Cy' });
    const [n] = await notify(app.deps, [dose(cy.id)]);
    await smtp.waitFor(cy.email, 'Time for your medicine');
    await settled(db(), n!.id);
    const job = { id: 'again', retryCount: 0 };
    await deliverNotificationJob.handler(app.deps, { notificationId: n!.id }, job);
    await deliverEmailJob.handler(app.deps, { notificationId: n!.id }, job);
    await deliverEmailJob.handler(app.deps, { notificationId: n!.id }, { id: 'x', retryCount: 3 });
    expect(smtp.messages.filter((m) => m.to.includes(cy.email))).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = 'notifications.deliver.email' AND data->>'notificationId' = ${n!.id}`.execute(
      db(),
    );
    // No second e-mail job was enqueued either (one that could send later).
    expect(rows[0]!.n).toBe(1);
    expect((await deliveriesOf(db(), n!.id)).email).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('quiet hours', () => {
  it('hold a non-urgent e-mail until they end in the person’s zone; urgent ones go at once', async () => {
    const dee = await buildPatient(db(), { name: 'Dee', timeZone: 'America/New_York' });
    await patch(dee.id, { quietHours: { enabled: true, start: '22:00', end: '07:00' } });
    // 23:00 EST on Saturday 13 March; clocks go forward at 02:00, so 07:00 EDT = 11:00Z.
    clock.set('2027-03-14T04:00:00Z');

    const [held] = await notify(app.deps, [dose(dee.id)]);
    const d = await settled(db(), held!.id);
    expect(d.email).toMatchObject({ status: 'held' });
    expect(d.email!.not_before?.toISOString()).toBe('2027-03-14T11:00:00.000Z');
    const { rows: jobs } = await sql<{ start_after: Date; state: string }>`
      SELECT start_after, state FROM pgboss.job
      WHERE name = 'notifications.deliver.email' AND data->>'notificationId' = ${held!.id}`.execute(
      db(),
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe('created');
    expect(jobs[0]!.start_after.toISOString()).toBe('2027-03-14T11:00:00.000Z');

    const [urgent] = await notify(app.deps, [
      dose(dee.id, { kind: 'medication.missed', urgent: true, params: { patientName: 'Dee' } }),
    ]);
    await smtp.waitFor(dee.email, 'A dose was not confirmed');
    expect((await settled(db(), urgent!.id)).email!.status).toBe('sent');
    expect(smtp.messages.filter((m) => m.to.includes(dee.email))).toHaveLength(1);

    // 06:59 EDT: still quiet; a job that runs early holds again, sending nothing.
    clock.set('2027-03-14T10:59:00Z');
    await deliverEmailJob.handler(
      app.deps,
      { notificationId: held!.id },
      { id: 'x', retryCount: 0 },
    );
    expect(smtp.messages.filter((m) => m.to.includes(dee.email))).toHaveLength(1);
    expect((await deliveriesOf(db(), held!.id)).email!.status).toBe('held');

    // 07:00 EDT: quiet hours are over; let the held jobs run now.
    clock.set('2027-03-14T11:00:00Z');
    await sql`UPDATE pgboss.job SET start_after = now()
      WHERE name = 'notifications.deliver.email' AND state = 'created'
        AND data->>'notificationId' = ${held!.id}`.execute(db());
    await smtp.waitFor(dee.email, 'Time for your medicine');
    await waitUntil('the held e-mail to be marked sent', async () =>
      (await deliveriesOf(db(), held!.id)).email?.status === 'sent' ? true : undefined,
    );
    expect(smtp.messages.filter((m) => m.to.includes(dee.email))).toHaveLength(2);
    clock.set('2027-03-13T17:00:00Z');
  });
});
