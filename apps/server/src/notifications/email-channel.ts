import type { Locale } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { escapeHtml } from '../platform/html.ts';
import { sendMail, type MailMessage } from '../platform/mail.ts';
import { PermanentDeliveryError, type DeliveryContext, type SendOutcome } from './delivery.ts';
import { emailRenderers, type EmailRecipient } from './email-renderers.ts';
import { renderFor, paramsOf } from './notifications.service.ts';
import { openSecret } from './notify.ts';

/**
 * The e-mail channel. Kinds with an entry in `emailRenderers` (appointments, with their
 * calendar invitation) render their own message; every other kind gets this module's e-mail:
 * the notification's title as subject, its body and a link, in the recipient's language,
 * plain text and HTML. Health data never goes into these e-mails: the words are rendered
 * without the sealed values ("Time for your medicine", "Open CareCircle to see it").
 */

const text = {
  en: {
    hello: (name: string) => `Hello ${name},`,
    open: 'Open CareCircle',
    why: 'You receive this e-mail because of your notification settings in CareCircle. You can change them at',
  },
  es: {
    hello: (name: string) => `Hola, ${name}:`,
    open: 'Abrir CareCircle',
    why: 'Recibe este correo por su configuración de notificaciones en CareCircle. Puede cambiarla en',
  },
} as const;

/** The notification centre's own e-mail for a notification (no health data in it). */
export function defaultNotificationEmail(input: {
  to: { email: string; name: string; locale: Locale };
  title: string;
  body: string;
  link: string;
  settingsLink: string;
}): MailMessage {
  const t = text[input.to.locale === 'es' ? 'es' : 'en'];
  const plain =
    [
      t.hello(input.to.name),
      input.body,
      `${t.open}: ${input.link}`,
      `— CareCircle\n${t.why} ${input.settingsLink}`,
    ].join('\n\n') + '\n';
  const html = [
    `<!doctype html><html lang="${input.to.locale}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(t.hello(input.to.name))}</p>`,
    `<h1 style="font-size:1.25em">${escapeHtml(input.title)}</h1>`,
    `<p>${escapeHtml(input.body)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.open)}</a></p>`,
    `<p style="color:#555;font-size:0.875em">— CareCircle<br>${escapeHtml(t.why)} <a href="${escapeHtml(input.settingsLink)}">${escapeHtml(input.settingsLink)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { to: input.to.email, subject: input.title, text: plain, html };
}

export async function sendNotificationEmail(
  deps: AppDeps,
  ctx: DeliveryContext,
): Promise<SendOutcome> {
  const { notification: n, recipient } = ctx;
  const db = deps.database.db;
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  const custom = emailRenderers[ctx.kind];
  let message: MailMessage | null;
  if (custom) {
    const to: EmailRecipient = {
      id: recipient.id,
      name: recipient.name,
      email: recipient.email,
      locale: recipient.locale,
      timeZone: recipient.timeZone,
    };
    message = await custom(
      deps,
      {
        id: n.id,
        kind: ctx.kind,
        patientId: n.patient_id,
        params: paramsOf(n),
        secret: await openSecret(deps, db, n),
        url: n.url,
      },
      to,
    );
  } else {
    const words = await renderFor(deps, db, n, recipient, { withSecret: false });
    message = defaultNotificationEmail({
      to: recipient,
      title: words.title,
      body: words.body,
      link: `${base}${n.url}`,
      settingsLink: `${base}/profile/notifications`,
    });
  }
  if (!message) return { status: 'skipped', detail: 'nothing-to-send' };
  try {
    await sendMail(deps, message);
  } catch (err) {
    // 5xx from the SMTP server (address refused, message rejected): retrying will not help.
    // Anything else (refused connection, timeout, 4xx) is retried with back-off.
    const code = (err as { responseCode?: number }).responseCode;
    if (code !== undefined && code >= 500 && code < 600)
      throw new PermanentDeliveryError(`smtp-rejected-${code}`);
    throw err;
  }
  return { status: 'sent' };
}
