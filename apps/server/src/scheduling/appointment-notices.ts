import type { AccessAction, Locale } from '@carecircle/core';
import { caregiversAllowed } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { sendMail, type MailMessage } from '../platform/mail.ts';
import { calendarRepo, type CalendarAppointment } from './calendar.repo.ts';
import { calendarFor } from './calendar.service.ts';
import { appointmentLocation } from './ics.ts';
import { escapeHtml } from '../platform/html.ts';

/**
 * E-mails about an appointment that was booked, moved or cancelled, each carrying a calendar
 * invitation (METHOD:REQUEST with the appointment's SEQUENCE, or METHOD:CANCEL) whose UID never
 * changes, so calendar apps update the one event. They go to the patient, to the caregivers the
 * patient lets see appointments, and to the provider, each in their language. The reason for
 * the visit is health data and is never written into them.
 *
 * In the app they leave through the notification's e-mail channel (appointment-events.ts makes
 * the notifications, appointment-emails.ts renders them with `appointmentNoticeEmail`), so they
 * follow preferences and are retried; `notifyAppointmentChange` sends them directly (previews,
 * tests of their content).
 */

export type AppointmentChange = 'booked' | 'rescheduled' | 'cancelled';

/** What sending the notices needs (the whole AppDeps will do). */
export type NoticeDeps = Pick<AppDeps, 'config' | 'database' | 'logger'>;

export type RecipientRole = 'patient' | 'caregiver' | 'provider';

export interface Recipient {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  /** The zone times are written in: theirs, or the clinic's when they have not set one. */
  timeZone: string;
  as: RecipientRole;
}

const APPOINTMENT_READ: AccessAction = 'appointments:read';

export const localeOf = (locale: string): Locale => (locale === 'es' ? 'es' : 'en');

function parts(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions) {
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of new Intl.DateTimeFormat(locale, options).formatToParts(date)) {
    if (part.type !== 'literal') out[part.type] = part.value;
  }
  return out;
}

/** "Tue 3 Dec, 9:30" / "mar 3 dic, 9:30", as the web app writes dates. */
export function formatWhen(date: Date, locale: Locale, timeZone: string): string {
  const d = parts(date, locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone });
  const day =
    `${d.weekday?.replace(/\.$/, '') ?? ''} ${d.day ?? ''} ${d.month?.replace(/\.$/, '') ?? ''}`.trim();
  return `${day}, ${formatClock(date, locale, timeZone)}`;
}

export function formatClock(date: Date, locale: Locale, timeZone: string): string {
  const t = parts(date, locale, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone });
  return `${Number(t.hour ?? '0')}:${t.minute ?? '00'}`;
}

export function zoneName(date: Date, locale: Locale, timeZone: string): string {
  return parts(date, locale, { timeZoneName: 'long', timeZone }).timeZoneName ?? timeZone;
}

const text = {
  en: {
    subject: {
      booked: (when: string, who: string) => `Appointment booked: ${when} with ${who}`,
      rescheduled: (when: string, who: string) => `Appointment moved to ${when} with ${who}`,
      cancelled: (when: string, who: string) => `Appointment cancelled: ${when} with ${who}`,
    },
    hello: (name: string) => `Hello ${name},`,
    headline: {
      patient: {
        booked: 'Your appointment is booked.',
        rescheduled: 'Your appointment has a new time.',
        cancelled: 'Your appointment is cancelled.',
      },
      caregiver: {
        booked: (p: string) => `An appointment for ${p} is booked.`,
        rescheduled: (p: string) => `An appointment for ${p} has a new time.`,
        cancelled: (p: string) => `An appointment for ${p} is cancelled.`,
      },
      provider: {
        booked: (p: string) => `${p} booked an appointment with you.`,
        rescheduled: (p: string) => `The appointment with ${p} has a new time.`,
        cancelled: (p: string) => `The appointment with ${p} is cancelled.`,
      },
    },
    when: 'When',
    with: 'With',
    patient: 'Patient',
    what: 'Type',
    where: 'Where',
    calendar: {
      update: 'The invitation in this e-mail adds it to your calendar, or updates it there.',
      cancel: 'The update in this e-mail takes it out of your calendar.',
    },
    link: 'See it, change it or cancel it in CareCircle:',
  },
  es: {
    subject: {
      booked: (when: string, who: string) => `Cita reservada: ${when} con ${who}`,
      rescheduled: (when: string, who: string) => `Cita cambiada al ${when} con ${who}`,
      cancelled: (when: string, who: string) => `Cita cancelada: ${when} con ${who}`,
    },
    hello: (name: string) => `Hola, ${name}:`,
    headline: {
      patient: {
        booked: 'Su cita está reservada.',
        rescheduled: 'Su cita tiene una nueva hora.',
        cancelled: 'Su cita está cancelada.',
      },
      caregiver: {
        booked: (p: string) => `Se reservó una cita para ${p}.`,
        rescheduled: (p: string) => `Una cita de ${p} tiene una nueva hora.`,
        cancelled: (p: string) => `Se canceló una cita de ${p}.`,
      },
      provider: {
        booked: (p: string) => `${p} reservó una cita con usted.`,
        rescheduled: (p: string) => `La cita con ${p} tiene una nueva hora.`,
        cancelled: (p: string) => `La cita con ${p} está cancelada.`,
      },
    },
    when: 'Cuándo',
    with: 'Con',
    patient: 'Paciente',
    what: 'Tipo',
    where: 'Dónde',
    calendar: {
      update: 'La invitación de este correo la añade a su calendario o la actualiza allí.',
      cancel: 'La actualización de este correo la quita de su calendario.',
    },
    link: 'Véala, cámbiela o cancélela en CareCircle:',
  },
} as const;

/** The e-mail for one recipient, with its invitation. Exported for tests and previews. */
export function appointmentNoticeEmail(
  a: CalendarAppointment,
  change: AppointmentChange,
  to: Recipient,
  ics: string,
  publicUrl: string,
): MailMessage {
  const t = text[to.locale];
  const when = formatWhen(a.start, to.locale, to.timeZone);
  const timeRange = `${when}–${formatClock(a.end, to.locale, to.timeZone)} (${zoneName(a.start, to.locale, to.timeZone)})`;
  const counterpart = to.as === 'provider' ? a.patient.name : a.provider.name;
  const headline =
    to.as === 'patient' ? t.headline.patient[change] : t.headline[to.as][change](a.patient.name);
  const facts: [string, string][] = [
    [t.when, timeRange],
    ...(to.as === 'provider'
      ? [[t.patient, a.patient.name] as [string, string]]
      : [[t.with, `${a.provider.name}, ${a.provider.specialty}`] as [string, string]]),
    ...(to.as === 'caregiver' ? [[t.patient, a.patient.name] as [string, string]] : []),
    [t.what, a.appointmentTypeName],
    [t.where, appointmentLocation(a, to.locale)],
  ];
  const calendarLine = change === 'cancelled' ? t.calendar.cancel : t.calendar.update;
  const link = `${publicUrl.replace(/\/+$/, '')}/appointments`;
  const body =
    [
      t.hello(to.name),
      headline,
      facts.map(([k, v]) => `${k}: ${v}`).join('\n'),
      calendarLine,
      `${t.link}\n${link}`,
      '— CareCircle',
    ].join('\n\n') + '\n';
  const html =
    [
      `<p>${escapeHtml(t.hello(to.name))}</p>`,
      `<p><strong>${escapeHtml(headline)}</strong></p>`,
      `<ul>${facts.map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`).join('')}</ul>`,
      `<p>${escapeHtml(calendarLine)}</p>`,
      `<p>${escapeHtml(t.link)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
      '<p>— CareCircle</p>',
    ].join('\n') + '\n';
  const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
  return {
    to: to.email,
    subject: t.subject[change](when, counterpart),
    text: body,
    html,
    calendar: {
      method,
      content: ics,
      filename: change === 'cancelled' ? 'cancel.ics' : 'invite.ics',
    },
  };
}

/** The zone times are written in for someone: theirs, or the clinic's when they have not set one. */
export const zoneFor = (own: string, clinic: string): string =>
  own && own !== 'UTC' ? own : clinic;

/** Who hears about a change: the patient, caregivers who may see appointments, the provider. */
export async function recipientsOf(
  deps: Pick<NoticeDeps, 'database'>,
  a: CalendarAppointment,
): Promise<Recipient[]> {
  const { db } = deps.database;
  const zone = (own: string) => zoneFor(own, a.provider.timeZone);
  const out: Recipient[] = [];
  if (a.patient.status === 'active') {
    out.push({
      id: a.patient.id,
      name: a.patient.name,
      email: a.patient.email,
      locale: localeOf(a.patient.locale),
      timeZone: zone(a.patient.timeZone),
      as: 'patient',
    });
  }
  for (const c of await caregiversAllowed(db, a.patient.id, APPOINTMENT_READ)) {
    out.push({
      id: c.id,
      name: c.name,
      email: c.email,
      locale: localeOf(c.locale),
      timeZone: zone(c.timeZone),
      as: 'caregiver',
    });
  }
  if (a.provider.status === 'active') {
    out.push({
      id: a.provider.id,
      name: a.provider.name,
      email: a.provider.email,
      locale: localeOf(a.provider.locale),
      timeZone: a.provider.timeZone,
      as: 'provider',
    });
  }
  const seen = new Set<string>();
  return out.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/**
 * Tells the people concerned that an appointment was booked, moved or cancelled, with a
 * calendar invitation. Sends to everyone it can, then throws if any e-mail failed (callers
 * catch it: a notice never undoes a booking). An unknown appointment is a no-op.
 */
export async function notifyAppointmentChange(
  deps: NoticeDeps,
  appointmentId: string,
  change: AppointmentChange,
): Promise<void> {
  const appointment = await calendarRepo.findAppointment(deps.database.db, appointmentId);
  if (!appointment || appointment.status === 'held') return;
  const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const failures: unknown[] = [];
  for (const to of await recipientsOf(deps, appointment)) {
    const ics = calendarFor([appointment], method, deps.config, { id: to.id, locale: to.locale });
    try {
      await sendMail(
        deps,
        appointmentNoticeEmail(appointment, change, to, ics, deps.config.publicUrl),
      );
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(
      failures,
      `${failures.length} appointment e-mail(s) could not be sent (appointment ${appointmentId}, ${change})`,
    );
  }
}
