import type { Locale } from '@carecircle/core';
import type { MailMessage } from '../platform/mail.ts';
import { escapeHtml } from '../platform/html.ts';

const text = {
  en: {
    subject: 'A provider opened your health record in an emergency',
    intro: (provider: string, at: string) =>
      `${provider} opened your health record on CareCircle on ${at}. They do not have a care relationship with you, so they had to give a reason first.`,
    until: (at: string) =>
      `They can see your record until ${at}. After that, access stops on its own.`,
    where:
      'You can see the reason they gave, and everyone who looked at your data, under "Who looked at my data" in your profile:',
    after: 'If you think this was wrong, please tell us by replying to this e-mail.',
  },
  es: {
    subject: 'Un profesional abrió su historial de salud en una emergencia',
    intro: (provider: string, at: string) =>
      `${provider} abrió su historial de salud en CareCircle el ${at}. No tiene una relación de cuidado con usted, así que primero tuvo que dar un motivo.`,
    until: (at: string) =>
      `Puede ver su historial hasta el ${at}. Después, el acceso termina por sí solo.`,
    where:
      'Puede ver el motivo que dio, y quién ha visto sus datos, en "Quién vio mis datos" en su perfil:',
    after: 'Si cree que esto no estuvo bien, díganoslo respondiendo a este correo.',
  },
} as const;

/**
 * Tells the patient that a provider broke the glass on their record: who, when, until when,
 * and where to see the reason. The reason itself stays out of the e-mail (it may describe
 * their health).
 */
export function breakGlassEmail(input: {
  to: string;
  locale: Locale;
  providerName: string;
  openedAt: Date;
  expiresAt: Date;
  timeZone: string;
  link: string;
}): MailMessage {
  const t = text[input.locale];
  const format = (d: Date) =>
    new Intl.DateTimeFormat(input.locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: input.timeZone,
    }).format(d);
  const paragraphs = [
    t.intro(input.providerName, format(input.openedAt)),
    t.until(format(input.expiresAt)),
    t.where,
  ];
  const body = [...paragraphs, input.link, t.after, '— CareCircle'].join('\n\n') + '\n';
  const html =
    [
      ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
      `<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
      `<p>${escapeHtml(t.after)}</p>`,
      '<p>— CareCircle</p>',
    ].join('\n') + '\n';
  return { to: input.to, subject: t.subject, text: body, html };
}
