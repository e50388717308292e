import type { Locale } from '@carecircle/core';
import { escapeHtml } from '../platform/html.ts';
import type { MailMessage } from '../platform/mail.ts';
import { formatClock, formatWhen, zoneName, type Recipient } from './appointment-notices.ts';
import type { CalendarAppointment } from './calendar.repo.ts';
import { appointmentLocation } from './ics.ts';

/**
 * The reminder e-mail before an appointment (and, for a test or lab visit the day before, the
 * "upcoming health event" e-mail with a word on preparing), with the calendar invitation
 * (REQUEST, same UID and SEQUENCE as the booking's) so the calendar entry is there. Times in the
 * reader's zone. Never the reason for the visit.
 */

const text = {
  en: {
    subject: (when: string, who: string) => `Reminder: appointment ${when} with ${who}`,
    subjectTest: (what: string, when: string) => `Coming up: ${what} on ${when}`,
    hello: (name: string) => `Hello ${name},`,
    headline: {
      patient: 'This is a reminder of your appointment.',
      caregiver: (p: string) => `This is a reminder of an appointment for ${p}.`,
    },
    headlineTest: {
      patient: (what: string) => `Your ${what} is coming up.`,
      caregiver: (what: string, p: string) => `${p}'s ${what} is coming up.`,
    },
    prepare:
      'If you were given instructions to prepare (for example, not eating beforehand), follow them. Bring your list of medicines and arrive a few minutes early.',
    when: 'When',
    with: 'With',
    patient: 'Patient',
    what: 'Type',
    where: 'Where',
    calendar: 'The invitation in this e-mail keeps it in your calendar.',
    link: 'See it, change it or cancel it in CareCircle:',
  },
  es: {
    subject: (when: string, who: string) => `Recordatorio: cita el ${when} con ${who}`,
    subjectTest: (what: string, when: string) => `Próximamente: ${what} el ${when}`,
    hello: (name: string) => `Hola, ${name}:`,
    headline: {
      patient: 'Le recordamos su cita.',
      caregiver: (p: string) => `Le recordamos una cita de ${p}.`,
    },
    headlineTest: {
      patient: (what: string) => `Se acerca su cita: ${what}.`,
      caregiver: (what: string, p: string) => `Se acerca una cita de ${p}: ${what}.`,
    },
    prepare:
      'Si le dieron instrucciones para prepararse (por ejemplo, no comer antes), sígalas. Traiga su lista de medicamentos y llegue unos minutos antes.',
    when: 'Cuándo',
    with: 'Con',
    patient: 'Paciente',
    what: 'Tipo',
    where: 'Dónde',
    calendar: 'La invitación de este correo la mantiene en su calendario.',
    link: 'Véala, cámbiela o cancélela en CareCircle:',
  },
} as const satisfies Record<Locale, unknown>;

export function appointmentReminderEmail(
  a: CalendarAppointment,
  to: Recipient,
  ics: string,
  publicUrl: string,
  options: { healthEvent?: boolean } = {},
): MailMessage {
  const t = text[to.locale];
  const when = formatWhen(a.start, to.locale, to.timeZone);
  const timeRange = `${when}–${formatClock(a.end, to.locale, to.timeZone)} (${zoneName(a.start, to.locale, to.timeZone)})`;
  const what = a.appointmentTypeName;
  const headline = options.healthEvent
    ? to.as === 'patient'
      ? t.headlineTest.patient(what)
      : t.headlineTest.caregiver(what, a.patient.name)
    : to.as === 'patient'
      ? t.headline.patient
      : t.headline.caregiver(a.patient.name);
  const facts: [string, string][] = [
    [t.when, timeRange],
    [t.with, `${a.provider.name}, ${a.provider.specialty}`],
    ...(to.as === 'caregiver' ? [[t.patient, a.patient.name] as [string, string]] : []),
    [t.what, what],
    [t.where, appointmentLocation(a, to.locale)],
  ];
  const link = `${publicUrl.replace(/\/+$/, '')}/appointments/${a.id}`;
  const paragraphs = [headline, ...(options.healthEvent ? [t.prepare] : [])];
  const body =
    [
      t.hello(to.name),
      ...paragraphs,
      facts.map(([k, v]) => `${k}: ${v}`).join('\n'),
      t.calendar,
      `${t.link}\n${link}`,
      '— CareCircle',
    ].join('\n\n') + '\n';
  const html =
    [
      `<p>${escapeHtml(t.hello(to.name))}</p>`,
      ...paragraphs.map((p, i) =>
        i === 0 ? `<p><strong>${escapeHtml(p)}</strong></p>` : `<p>${escapeHtml(p)}</p>`,
      ),
      `<ul>${facts.map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`).join('')}</ul>`,
      `<p>${escapeHtml(t.calendar)}</p>`,
      `<p>${escapeHtml(t.link)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
      '<p>— CareCircle</p>',
    ].join('\n') + '\n';
  return {
    to: to.email,
    subject: options.healthEvent ? t.subjectTest(what, when) : t.subject(when, a.provider.name),
    text: body,
    html,
    calendar: { method: 'REQUEST', content: ics, filename: 'invite.ics' },
  };
}
