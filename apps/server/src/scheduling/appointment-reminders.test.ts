import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { ManualClock } from '../platform/clock.ts';
import { jobList } from '../platform/job-list.ts';
import { formatWhen } from './appointment-notices.ts';
import { REMINDERS_JOB, runDueReminders } from './appointment-reminders.ts';
import { appointmentRemindersRepo } from './appointment-reminders.repo.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  api,
  book,
  caregiverOf,
  eventually,
  invitationIn,
  notificationsOf,
  person,
  plainTextOf,
  practice,
  slotAfter,
} from './notices-test-kit.ts';

/**
 * Reminders before appointments, on a clock the test moves: planned with the booking, sent
 * once when due (through the notification's e-mail channel, with the invitation, in each
 * reader's zone and language), moved with the appointment, dropped with it.
 */

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: TestApp;
let twin: TestApp;
const clock = new ManualClock();

// The reminders job without its every-minute cron: the tests run the due reminders themselves,
// so a cron run at the wrong moment cannot take them first. (The last test runs the real job.)
const jobsWithoutCron = jobList.map((j) =>
  j.name === REMINDERS_JOB ? { ...j, cron: undefined } : j,
);

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ clock, jobs: jobsWithoutCron, config: { SMTP_URL: smtp.url } });
  // A second instance on the same database and clock.
  twin = await startTestApp({
    clock,
    jobs: jobsWithoutCron,
    connectionString: app.config.databaseUrl!,
    config: { SMTP_URL: smtp.url },
  });
});
afterAll(async () => {
  await twin?.close();
  await app?.close();
  await smtp.close();
});

async function world(typeName = 'Follow-up') {
  clock.set(new Date());
  const { provider, typeId } = await practice(app, typeName);
  const patient = await person(app, {
    name: 'Lucía Paciente',
    locale: 'es',
    timeZone: 'Europe/Madrid',
  });
  const caregiver = await caregiverOf(app, patient, ['appointments:read'], {
    name: 'Carl Caregiver',
    timeZone: 'America/New_York',
  });
  const outsider = await caregiverOf(app, patient, ['records:read'], { name: 'Rita Records' });
  const start = slotAfter(clock.now(), 3 * DAY);
  const appointment = await book(app, patient, {
    providerId: provider.account.id,
    typeId,
    start,
  });
  return { provider, patient, caregiver, outsider, start, appointment };
}

const remindersOf = (appointmentId: string) =>
  appointmentRemindersRepo.listFor(app.database.db, appointmentId);

describe('appointment reminders', () => {
  it('plans one reminder per offset with the booking, and sends none before it is due', async () => {
    const { appointment, start, patient } = await world();
    const rows = await remindersOf(appointment.id);
    expect(rows.map((r) => [r.offset_minutes, r.due_at.getTime(), r.sent_at])).toEqual([
      [1440, start.getTime() - DAY, null],
      [120, start.getTime() - 2 * HOUR, null],
    ]);
    clock.set(new Date(start.getTime() - DAY - MINUTE));
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toEqual([]);
  });

  it('sends a due reminder once to the patient and caregivers who may see appointments, with the invitation in their zone', async () => {
    const { appointment, start, patient, caregiver, outsider, provider } = await world();
    clock.set(new Date(start.getTime() - DAY));
    await runDueReminders(app.deps);

    const [mine] = await notificationsOf(app, patient.account.id, 'appointment.reminder');
    expect(mine).toMatchObject({
      url: `/appointments/${appointment.id}`,
      dedupe_key: `reminder:${appointment.id}:1440:${start.toISOString()}`,
      params: {
        appointmentId: appointment.id,
        start: start.toISOString(),
        providerName: 'Dr. Ada Reminder',
        patientName: 'Lucía Paciente',
        offsetMinutes: 1440,
      },
    });
    expect(await notificationsOf(app, caregiver.account.id, 'appointment.reminder')).toHaveLength(
      1,
    );
    expect(await notificationsOf(app, outsider.account.id, 'appointment.reminder')).toEqual([]);
    expect(await notificationsOf(app, provider.account.id, 'appointment.reminder')).toEqual([]);
    const rows = await remindersOf(appointment.id);
    expect(rows.find((r) => r.offset_minutes === 1440)!.sent_at).not.toBeNull();
    expect(rows.find((r) => r.offset_minutes === 120)!.sent_at).toBeNull();

    // The e-mails, through the notification's e-mail channel (a job): Spanish in Madrid time for
    // the patient, English in New York time for the caregiver, each with a REQUEST invitation.
    const toPatient = await smtp.waitFor(patient.account.email, 'Recordatorio', 20_000);
    expect(plainTextOf(toPatient.raw)).toContain(formatWhen(start, 'es', 'Europe/Madrid'));
    const invite = invitationIn(toPatient.raw);
    expect(invite).toContain('METHOD:REQUEST');
    expect(invite).toContain(appointment.id);
    const toCaregiver = await smtp.waitFor(caregiver.account.email, 'Reminder', 20_000);
    expect(plainTextOf(toCaregiver.raw)).toContain(formatWhen(start, 'en', 'America/New_York'));
    expect(plainTextOf(toCaregiver.raw)).toContain('Lucía Paciente');
    expect(invitationIn(toCaregiver.raw)).toContain('METHOD:REQUEST');

    // Running again sends nothing more.
    expect(await runDueReminders(app.deps)).toEqual({ reminders: 0, notifications: 0 });
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toHaveLength(1);
  });

  it('sends each due reminder exactly once when two instances run at the same time', async () => {
    const worlds = await Promise.all([world(), world(), world()]);
    const at = new Date(Math.max(...worlds.map((w) => w.start.getTime())) - 2 * HOUR);
    clock.set(at);
    const db = app.database.db;
    const due = await db
      .selectFrom('appointment_reminders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sent_at', 'is', null)
      .where('due_at', '<=', at)
      .executeTakeFirstOrThrow();
    const countNotifications = async () =>
      Number(
        (
          await db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('kind', 'in', ['appointment.reminder', 'health-event.upcoming'])
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countNotifications();
    const [a, b] = await Promise.all([runDueReminders(app.deps), runDueReminders(twin.deps)]);
    // Every due reminder was taken by exactly one of the instances…
    expect(a.reminders + b.reminders).toBe(Number(due.n));
    expect(a.reminders + b.reminders).toBeGreaterThanOrEqual(6);
    // …and what they created is all there is.
    expect(await countNotifications()).toBe(before + a.notifications + b.notifications);
    for (const w of worlds) {
      for (const who of [w.patient, w.caregiver]) {
        const theirs = await notificationsOf(app, who.account.id, 'appointment.reminder');
        expect(theirs.map((n) => n.params.offsetMinutes).sort()).toEqual([120, 1440]);
      }
    }
  });

  it('never reminds of a cancelled appointment', async () => {
    const { appointment, start, patient } = await world();
    const cancelled = await api(app, patient, 'POST', `/appointments/${appointment.id}/cancel`, {
      reason: 'Feeling better',
    });
    expect(cancelled.status).toBe(200);
    expect(await remindersOf(appointment.id)).toEqual([]);
    clock.set(new Date(start.getTime() - MINUTE));
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toEqual([]);
  });

  it('drops the reminders of a no-show, and skips those of an appointment already started', async () => {
    const first = await world();
    const noShow = await api(
      app,
      first.provider,
      'POST',
      `/appointments/${first.appointment.id}/status`,
      { status: 'no_show' },
    );
    expect(noShow.status).toBe(200);
    expect(await remindersOf(first.appointment.id)).toEqual([]);

    const { appointment, start, patient } = await world();
    clock.set(new Date(start.getTime() + 5 * MINUTE));
    // The 24 h and 2 h rows are due but the appointment has started: marked, not sent.
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toEqual([]);
    expect((await remindersOf(appointment.id)).every((r) => r.sent_at !== null)).toBe(true);
  });

  it('reminds relative to the new time after a reschedule, even for an offset already sent', async () => {
    const { appointment, start, patient } = await world();
    clock.set(new Date(start.getTime() - DAY));
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toHaveLength(1);

    const later = new Date(start.getTime() + 2 * DAY);
    const moved = await api(app, patient, 'POST', `/appointments/${appointment.id}/reschedule`, {
      start: later.toISOString(),
    });
    expect(moved.status).toBe(200);
    const rows = await remindersOf(appointment.id);
    expect(rows.map((r) => [r.offset_minutes, r.due_at.getTime(), r.sent_at])).toEqual([
      [1440, later.getTime() - DAY, null],
      [120, later.getTime() - 2 * HOUR, null],
    ]);
    // Nothing at the old times…
    clock.set(new Date(start.getTime() - MINUTE));
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toHaveLength(1);
    // …and the reminders at the new ones, naming the new time.
    clock.set(new Date(later.getTime() - 2 * HOUR));
    await runDueReminders(app.deps);
    const all = await notificationsOf(app, patient.account.id, 'appointment.reminder');
    const again = all.slice(1).map((n) => [n.params.offsetMinutes, n.params.start]);
    expect(again.sort()).toEqual([
      [120, later.toISOString()],
      [1440, later.toISOString()],
    ]);
  });

  it('announces a test or lab visit the day before as an upcoming health event, with its kind sealed', async () => {
    const { appointment, start, patient, caregiver } = await world('Blood test');
    clock.set(new Date(start.getTime() - DAY));
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toEqual([]);
    const [event] = await notificationsOf(app, patient.account.id, 'health-event.upcoming');
    expect(event).toMatchObject({
      url: `/appointments/${appointment.id}`,
      patient_id: patient.account.id,
      params: { appointmentId: appointment.id, start: start.toISOString(), offsetMinutes: 1440 },
    });
    expect(event!.sealed).not.toBeNull();
    expect(JSON.stringify(event!.params)).not.toContain('Blood');
    expect(await notificationsOf(app, caregiver.account.id, 'health-event.upcoming')).toHaveLength(
      1,
    );
    const mail = await smtp.waitFor(caregiver.account.email, 'Coming up: Blood test', 20_000);
    expect(plainTextOf(mail.raw)).toContain('prepare');
    expect(invitationIn(mail.raw)).toContain('METHOD:REQUEST');
    // The 2 h reminder stays a plain reminder.
    clock.set(new Date(start.getTime() - 2 * HOUR));
    await runDueReminders(app.deps);
    expect(await notificationsOf(app, patient.account.id, 'appointment.reminder')).toHaveLength(1);
  });
});

describe('the reminders job', () => {
  let live: TestApp;
  const liveClock = new ManualClock();
  beforeAll(async () => {
    live = await startTestApp({ clock: liveClock, config: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await live?.close();
  });

  it('runs at the due time (enqueued with the booking) and e-mails the reminder', async () => {
    const { provider, typeId } = await practice(live);
    const patient = await person(live, { name: 'Jobs Patient', timeZone: 'Europe/London' });
    const start = slotAfter(new Date(), 3 * HOUR);
    // The 2 h reminder is due 3 s of real time after booking; the 24 h one has passed already.
    liveClock.set(new Date(start.getTime() - 2 * HOUR - 3_000));
    const appointment = await book(live, patient, {
      providerId: provider.account.id,
      typeId,
      start,
    });
    const rows = await appointmentRemindersRepo.listFor(live.database.db, appointment.id);
    expect(rows.map((r) => r.offset_minutes)).toEqual([120]);
    liveClock.advance(3_000);
    const mail = await smtp.waitFor(patient.account.email, 'Reminder', 30_000);
    expect(invitationIn(mail.raw)).toContain('METHOD:REQUEST');
    await eventually(
      async () =>
        (await appointmentRemindersRepo.listFor(live.database.db, appointment.id))[0]?.sent_at ??
        undefined,
      5_000,
      'the reminder marked sent',
    );
  });
});
