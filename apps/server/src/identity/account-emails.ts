import type { Locale } from '@carecircle/core';
import type { MailMessage } from '../platform/mail.ts';
import { escapeHtml } from '../platform/html.ts';

interface Template {
  subject: string;
  lines: (name: string) => string[];
  action: string;
  after: string[];
}

const templates: Record<'verify' | 'reset', Record<Locale, Template>> = {
  verify: {
    en: {
      subject: 'Confirm your e-mail address for CareCircle',
      lines: (name) => [`Hello ${name},`, 'Thank you for joining CareCircle.'],
      action: 'Please confirm your e-mail address with this link:',
      after: [
        'The link works for 24 hours, and only once.',
        'If you did not sign up for CareCircle, you can ignore this e-mail.',
      ],
    },
    es: {
      subject: 'Confirme su correo electrónico para CareCircle',
      lines: (name) => [`Hola, ${name}:`, 'Gracias por unirse a CareCircle.'],
      action: 'Confirme su correo electrónico con este enlace:',
      after: [
        'El enlace funciona durante 24 horas y una sola vez.',
        'Si usted no se registró en CareCircle, puede ignorar este correo.',
      ],
    },
  },
  reset: {
    en: {
      subject: 'Reset your CareCircle password',
      lines: (name) => [
        `Hello ${name},`,
        'Someone asked to reset the password of your CareCircle account.',
      ],
      action: 'To choose a new password, open this link:',
      after: [
        'The link works for 1 hour, and only once.',
        'If you did not ask for this, you can ignore this e-mail. Your password stays the same.',
      ],
    },
    es: {
      subject: 'Cambie su contraseña de CareCircle',
      lines: (name) => [
        `Hola, ${name}:`,
        'Alguien pidió cambiar la contraseña de su cuenta de CareCircle.',
      ],
      action: 'Para elegir una contraseña nueva, abra este enlace:',
      after: [
        'El enlace funciona durante 1 hora y una sola vez.',
        'Si usted no lo pidió, puede ignorar este correo. Su contraseña no cambia.',
      ],
    },
  },
};

/** A plain-words e-mail with one link, as text and as simple HTML, in the person's language. */
export function accountEmail(
  kind: 'verify' | 'reset',
  to: { email: string; name: string; locale: string },
  link: string,
): MailMessage {
  const t = templates[kind][to.locale === 'es' ? 'es' : 'en'];
  const before = [...t.lines(to.name), t.action];
  const text = [...before, link, ...t.after, '— CareCircle'].join('\n\n') + '\n';
  const html =
    [
      ...before.map((l) => `<p>${escapeHtml(l)}</p>`),
      `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
      ...t.after.map((l) => `<p>${escapeHtml(l)}</p>`),
      '<p>— CareCircle</p>',
    ].join('\n') + '\n';
  return { to: to.email, subject: t.subject, text, html };
}
