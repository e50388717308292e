import type { NotificationKind, RealtimeEventType } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { defineJob } from '../platform/jobs.ts';
import {
  announceNotifications,
  createNotifications,
  type NewNotification,
} from '../notifications/notify.ts';
import { recipientsOf, type Recipient } from './appointment-notices.ts';
import { calendarRepo, type CalendarAppointment } from './calendar.repo.ts';

/**
 * Telling people about a change to an appointment, through the job queue: the change enqueues
 * `appointments.changed` in its own transaction (so the job exists if and only if the change
 * committed), and the job creates the notifications (in-app, and e-mail with the calendar
 * invitation through the notification's e-mail channel, see appointment-emails.ts) and the
 * realtime events for the patient, the caregivers whose grant lets them see appointments, and
 * the provider. Running it twice creates nothing twice (dedupe keys per change and sequence).
 */

export const APPOINTMENT_CHANGED_JOB = 'appointments.changed';

export type AppointmentChangeKind =
  'booked' | 'rescheduled' | 'cancelled' | 'checked-in' | 'completed' | 'no-show';

export interface AppointmentChangedJob {
  appointmentId: string;
  change: AppointmentChangeKind;
  /** The appointment's SEQUENCE after the change (keeps a later change of the same kind apart). */
  sequence: number;
}

const NOTIFICATION_OF: Partial<Record<AppointmentChangeKind, NotificationKind>> = {
  booked: 'appointment.booked',
  rescheduled: 'appointment.rescheduled',
  cancelled: 'appointment.cancelled',
  'checked-in': 'appointment.checked-in',
};

const EVENT_OF: Record<AppointmentChangeKind, RealtimeEventType> = {
  booked: 'appointment.created',
  rescheduled: 'appointment.rescheduled',
  cancelled: 'appointment.cancelled',
  'checked-in': 'appointment.checked-in',
  completed: 'appointment.updated',
  'no-show': 'appointment.updated',
};

/** Enqueues the change's notifications in the change's transaction `trx`. */
export async function enqueueAppointmentChange(
  deps: Pick<AppDeps, 'jobs'>,
  trx: Db,
  appointmentId: string,
  change: AppointmentChangeKind,
): Promise<void> {
  const row = await trx
    .selectFrom('appointments')
    .select('sequence')
    .where('id', '=', appointmentId)
    .executeTakeFirstOrThrow();
  const data: AppointmentChangedJob = { appointmentId, change, sequence: row.sequence };
  await deps.jobs.send(APPOINTMENT_CHANGED_JOB, data, { db: trx });
}

/** Where a notification about an appointment leads each recipient in the web app. */
export function appointmentUrl(a: Pick<CalendarAppointment, 'id'>, to: Recipient): string {
  return to.as === 'provider' ? '/practice' : `/appointments/${a.id}`;
}

/** The rendering inputs of an appointment notification: no health data (no reason, no type). */
export function appointmentParams(a: CalendarAppointment) {
  return {
    appointmentId: a.id,
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    providerName: a.provider.name,
    patientName: a.patient.name,
    patientId: a.patient.id,
  };
}

/** The status as the API presents it. */
const statusOf = (status: string) => (status === 'held' ? 'booked' : status);

/** The job: notifications and realtime events for one change. Idempotent. */
export async function deliverAppointmentChange(
  deps: AppDeps,
  data: AppointmentChangedJob,
  retryCount = 0,
): Promise<void> {
  const { db } = deps.database;
  const a = await calendarRepo.findAppointment(db, data.appointmentId);
  if (!a || a.status === 'held') return;
  const everyone = await recipientsOf(deps, a);
  const kind = NOTIFICATION_OF[data.change];
  // The provider recorded the check-in themselves: the patient's side hears of it.
  const notified = everyone.filter((r) => !(data.change === 'checked-in' && r.as === 'provider'));
  const items: NewNotification[] = kind
    ? notified.map((to) => ({
        recipientId: to.id,
        kind,
        patientId: a.patient.id,
        params: { ...appointmentParams(a), sequence: data.sequence },
        url: appointmentUrl(a, to),
        dedupeKey: `appointment:${a.id}:${data.change}:${data.sequence}`,
      }))
    : [];
  const created =
    items.length > 0 ? await inTransaction(db, (trx) => createNotifications(deps, trx, items)) : [];
  // A retry after the notifications committed finds them created: publish again anyway, since
  // the first attempt may have failed before its events went out (events are hints; twice is fine).
  if (created.length === 0 && items.length > 0 && retryCount === 0) return;
  await announceNotifications(deps, created);
  await deps.realtime.publish(
    everyone.map((to) => ({
      accountId: to.id,
      type: EVENT_OF[data.change],
      data: { appointmentId: a.id, start: a.start.toISOString(), status: statusOf(a.status) },
    })),
  );
}

export const appointmentChangedJob = defineJob<AppointmentChangedJob>({
  name: APPOINTMENT_CHANGED_JOB,
  concurrency: 4,
  handler: (deps, data, job) => deliverAppointmentChange(deps, data, job.retryCount),
});
