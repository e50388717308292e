import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { defineJob } from '../platform/jobs.ts';
import {
  announceNotifications,
  createNotifications,
  type CreatedNotification,
  type NewNotification,
} from '../notifications/notify.ts';
import { appointmentParams, appointmentUrl } from './appointment-events.ts';
import { recipientsOf } from './appointment-notices.ts';
import { appointmentRemindersRepo, type DueReminder } from './appointment-reminders.repo.ts';
import { calendarRepo, type CalendarAppointment } from './calendar.repo.ts';

/**
 * Appointment reminders at `config.reminderOffsetsMinutes` before the start (24 h and 2 h by
 * default), for the patient and the caregivers whose grant lets them see appointments, each in
 * their own time zone and language (the e-mail carries the calendar invitation).
 *
 * The rows in `appointment_reminders` are the plan: made in the booking's transaction (only the
 * offsets still ahead), moved when the appointment moves, dropped when it is cancelled or a
 * no-show. The job `reminders.appointments` sends what is due: it runs every minute (cron, the
 * backstop) and at each reminder's due time (a job per due minute, enqueued with the plan).
 * Sending locks the due rows (SKIP LOCKED), creates the notifications and marks the rows sent in
 * one transaction, so a reminder goes out once however many instances run the job.
 *
 * Tests and lab visits (an appointment type named like one, see `isHealthEvent`) also get an
 * `health-event.upcoming` notification the day before instead of the plain reminder, with what
 * to prepare.
 */

export const REMINDERS_JOB = 'reminders.appointments';

/** How far ahead a test or lab visit is announced as an upcoming health event. */
export const HEALTH_EVENT_OFFSET_MINUTES = 1440;

const BATCH = 50;
const MINUTE = 60_000;

/**
 * Appointment types that are a test or a lab visit, by their name (the practice names them;
 * there is no separate flag): lab, blood, test, scan, X-ray, imaging… in English and Spanish.
 */
const HEALTH_EVENT_TYPE =
  /\b(lab|labs|laboratory|blood|test|tests|testing|scan|x-?ray|imaging|mri|ct|ultrasound|mammogram|screening|biopsy|laboratorio|an[aá]lisis|anal[ií]tica|prueba|pruebas|sangre|radiograf[ií]a|ecograf[ií]a|resonancia|esc[aá]ner|mamograf[ií]a|cribado)\b/i;

export function isHealthEvent(appointmentTypeName: string): boolean {
  return HEALTH_EVENT_TYPE.test(appointmentTypeName);
}

/** The offsets an appointment of this type is reminded at. */
export function reminderOffsets(config: AppDeps['config'], appointmentTypeName: string): number[] {
  const offsets = new Set(config.reminderOffsetsMinutes);
  if (isHealthEvent(appointmentTypeName)) offsets.add(HEALTH_EVENT_OFFSET_MINUTES);
  return [...offsets].filter((o) => o > 0).sort((a, b) => b - a);
}

/**
 * When pg-boss should start the job for something due at `due` by the app's clock. The queue
 * keeps real time; with the system clock this is `due` itself, with a test's clock it is as far
 * from now as `due` is from the clock's now.
 */
function realTimeOf(deps: Pick<AppDeps, 'clock'>, due: Date): Date {
  return new Date(Date.now() + (due.getTime() - deps.clock.now().getTime()));
}

/**
 * Plans the reminders of an appointment starting at `start` (booking, accepting an offer,
 * moving it), in the caller's transaction: replaces the unsent ones, keeps only those still
 * ahead, and enqueues a run of the job at each due minute.
 */
export async function planReminders(
  deps: Pick<AppDeps, 'config' | 'clock' | 'jobs'>,
  trx: Db,
  appointment: { id: string; start: Date; appointmentTypeName: string },
): Promise<void> {
  const now = deps.clock.now().getTime();
  const rows = reminderOffsets(deps.config, appointment.appointmentTypeName)
    .map((offsetMinutes) => ({
      offsetMinutes,
      dueAt: new Date(appointment.start.getTime() - offsetMinutes * MINUTE),
    }))
    .filter((r) => r.dueAt.getTime() > now);
  await appointmentRemindersRepo.replaceUnsent(trx, appointment.id, rows);
  for (const r of rows) {
    await deps.jobs.send(
      REMINDERS_JOB,
      {},
      {
        db: trx,
        startAfter: realTimeOf(deps, r.dueAt),
        singletonKey: `due:${r.dueAt.toISOString().slice(0, 16)}`,
      },
    );
  }
}

/** Plans the reminders of an appointment by id (reads its start and type in `trx`). */
export async function planRemindersOf(
  deps: Pick<AppDeps, 'config' | 'clock' | 'jobs'>,
  trx: Db,
  appointmentId: string,
): Promise<void> {
  const row = await trx
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.appointment_type_id')
    .select(['a.id', 't.name'])
    .select((eb) => eb.fn<Date>('lower', [eb.ref('a.during')]).as('start'))
    .where('a.id', '=', appointmentId)
    .executeTakeFirstOrThrow();
  await planReminders(deps, trx, {
    id: row.id,
    start: new Date(row.start),
    appointmentTypeName: row.name,
  });
}

/** Drops the reminders not sent yet (cancelled, no-show), in the caller's transaction. */
export async function dropReminders(trx: Db, appointmentId: string): Promise<void> {
  await appointmentRemindersRepo.deleteUnsent(trx, appointmentId);
}

/** The notifications one due reminder makes (none when the appointment is no longer booked). */
async function remindersFor(
  deps: AppDeps,
  trx: Db,
  a: CalendarAppointment,
  r: DueReminder,
): Promise<NewNotification[]> {
  const healthEvent =
    r.offset_minutes === HEALTH_EVENT_OFFSET_MINUTES && isHealthEvent(a.appointmentTypeName);
  const recipients = (await recipientsOf({ database: { ...deps.database, db: trx } }, a)).filter(
    (to) => to.as !== 'provider',
  );
  const start = a.start.toISOString();
  return recipients.map((to) => ({
    recipientId: to.id,
    kind: healthEvent ? 'health-event.upcoming' : 'appointment.reminder',
    patientId: a.patient.id,
    params: { ...appointmentParams(a), offsetMinutes: r.offset_minutes },
    // What kind of test it is says something about the patient's health: sealed.
    ...(healthEvent ? { secret: { title: a.appointmentTypeName } } : {}),
    url: appointmentUrl(a, to),
    dedupeKey: `${healthEvent ? 'health-event' : 'reminder'}:${a.id}:${r.offset_minutes}:${start}`,
  }));
}

/**
 * Sends every reminder due by the app's clock, in batches: each batch locks its rows, creates
 * the notifications and marks the rows sent in one transaction (SKIP LOCKED: another instance
 * takes other rows). Reminders of appointments no longer booked are marked and not sent.
 * Returns how many reminders were processed and how many notifications were created.
 */
export async function runDueReminders(
  deps: AppDeps,
  options: { batch?: number } = {},
): Promise<{ reminders: number; notifications: number }> {
  const { db } = deps.database;
  const batch = options.batch ?? BATCH;
  let reminders = 0;
  let notifications = 0;
  for (;;) {
    const now = deps.clock.now();
    const { count, created } = await inTransaction(db, async (trx) => {
      const due = await appointmentRemindersRepo.lockDue(trx, now, batch);
      const made: CreatedNotification[] = [];
      for (const r of due) {
        const a = await calendarRepo.findAppointment(trx, r.appointment_id);
        if (a && a.status === 'booked' && a.start.getTime() > now.getTime()) {
          made.push(...(await createNotifications(deps, trx, await remindersFor(deps, trx, a, r))));
        }
        await appointmentRemindersRepo.markSent(trx, r, now);
      }
      return { count: due.length, created: made };
    });
    reminders += count;
    notifications += created.length;
    await announceNotifications(deps, created);
    if (count < batch) break;
  }
  return { reminders, notifications };
}

export const appointmentRemindersJob = defineJob({
  name: REMINDERS_JOB,
  // One waiting run per due minute (the singleton key); the cron's runs have no key.
  queue: { policy: 'short' },
  cron: '* * * * *',
  concurrency: 1,
  handler: async (deps) => {
    await runDueReminders(deps);
  },
});
