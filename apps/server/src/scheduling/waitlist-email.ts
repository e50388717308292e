import type { Locale } from '@carecircle/core';
import { escapeHtml } from '../platform/html.ts';
import type { MailMessage } from '../platform/mail.ts';

const offerText = {
  en: {
    subject: 'An earlier appointment is held for you',
    held: (provider: string, when: string, minutes: number) =>
      `An earlier appointment with ${provider} on ${when} is held for you for ${minutes} minutes.`,
    action: 'To book it, open CareCircle and choose Accept:',
    after: 'If you do nothing, it goes to the next person waiting and you stay on the waitlist.',
  },
  es: {
    subject: 'Le reservamos una cita más temprana',
    held: (provider: string, when: string, minutes: number) =>
      `Hay una cita más temprana con ${provider} el ${when}, reservada para usted durante ${minutes} minutos.`,
    action: 'Para pedirla, abra CareCircle y elija Aceptar:',
    after:
      'Si no hace nada, pasará a la siguiente persona de la lista de espera y usted seguirá en ella.',
  },
} as const;

/**
 * The offer e-mail: who, when (in the patient's own zone, as people say it) and for how long.
 * Nothing about why the person sees this provider.
 */
export function waitlistOfferEmail(input: {
  to: string;
  locale: Locale;
  timeZone: string;
  providerName: string;
  start: Date;
  minutes: number;
  link: string;
}): MailMessage {
  const t = offerText[input.locale];
  const when = new Intl.DateTimeFormat(input.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: input.timeZone,
    timeZoneName: 'short',
  }).format(input.start);
  const lines = [t.held(input.providerName, when, input.minutes), t.action];
  const text = [...lines, input.link, t.after, '— CareCircle'].join('\n\n') + '\n';
  const html =
    [
      ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
      `<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
      `<p>${escapeHtml(t.after)}</p>`,
      '<p>— CareCircle</p>',
    ].join('\n') + '\n';
  return { to: input.to, subject: t.subject, text, html };
}
