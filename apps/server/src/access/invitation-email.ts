import type { GrantScope, Locale } from '@carecircle/core';
import type { MailMessage } from '../platform/mail.ts';
import { escapeHtml } from '../platform/html.ts';

const scopeWords: Record<Locale, Record<GrantScope, string>> = {
  en: {
    'appointments:read': 'see appointments',
    'appointments:manage': 'book, change and cancel appointments',
    'records:read': 'see health records and test results',
    'medications:read': 'see medicines and the medicine log',
    'medications:manage': 'plan medicine reminders and mark doses taken',
    'messages:providers': 'send messages to doctors and therapists',
  },
  es: {
    'appointments:read': 'ver las citas',
    'appointments:manage': 'pedir, cambiar y cancelar citas',
    'records:read': 'ver el historial de salud y los resultados',
    'medications:read': 'ver los medicamentos y su registro',
    'medications:manage': 'programar recordatorios de medicamentos y marcar las tomas',
    'messages:providers': 'enviar mensajes a médicos y terapeutas',
  },
};

const text = {
  en: {
    subject: (patient: string) => `${patient} invites you to help on CareCircle`,
    intro: (patient: string) =>
      `${patient} would like you to help with their care on CareCircle. You will be able to:`,
    until: (date: string) => `This lasts until ${date}, unless they stop it sooner.`,
    action:
      'To accept, open this link. Sign in with this e-mail address, or create an account with it first:',
    after: [
      'The link works for 7 days, and only once.',
      'If you do not know this person, you can ignore this e-mail.',
    ],
  },
  es: {
    subject: (patient: string) => `${patient} le invita a ayudar en CareCircle`,
    intro: (patient: string) =>
      `${patient} quiere que usted le ayude con su cuidado en CareCircle. Usted podrá:`,
    until: (date: string) => `Esto dura hasta el ${date}, salvo que lo termine antes.`,
    action:
      'Para aceptar, abra este enlace. Entre con este correo electrónico o cree primero una cuenta con él:',
    after: [
      'El enlace funciona durante 7 días y una sola vez.',
      'Si no conoce a esta persona, puede ignorar este correo.',
    ],
  },
} as const;

/** The invitation e-mail: who invites, what they share, and one single-use link. */
export function invitationEmail(input: {
  to: string;
  locale: Locale;
  patientName: string;
  scopes: readonly GrantScope[];
  endsAt: Date | null;
  link: string;
}): MailMessage {
  const t = text[input.locale];
  const scopes = input.scopes.map((s) => `• ${scopeWords[input.locale][s]}`);
  const until = input.endsAt
    ? [
        t.until(
          new Intl.DateTimeFormat(input.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
            input.endsAt,
          ),
        ),
      ]
    : [];
  const before = [t.intro(input.patientName), scopes.join('\n'), ...until, t.action];
  const body = [...before, input.link, ...t.after, '— CareCircle'].join('\n\n') + '\n';
  const html =
    [
      `<p>${escapeHtml(t.intro(input.patientName))}</p>`,
      `<ul>${input.scopes.map((s) => `<li>${escapeHtml(scopeWords[input.locale][s])}</li>`).join('')}</ul>`,
      ...until.map((l) => `<p>${escapeHtml(l)}</p>`),
      `<p>${escapeHtml(t.action)}</p>`,
      `<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
      ...t.after.map((l) => `<p>${escapeHtml(l)}</p>`),
      '<p>— CareCircle</p>',
    ].join('\n') + '\n';
  return { to: input.to, subject: t.subject(input.patientName), text: body, html };
}
