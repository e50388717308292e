import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { AppDeps } from './app-deps.ts';
import { storeDevMail } from './dev-mailbox.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * A calendar invitation (iTIP): sent as a `text/calendar; method=…` alternative of the body
   * (what calendar apps act on) and attached as `filename` for everyone else.
   */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string; filename: string };
}

export type MailDeps = Pick<AppDeps, 'config' | 'database' | 'logger'>;

type SmtpTransporter = Transporter<SMTPTransport.SentMessageInfo>;

// One SMTP transport per configuration (not a module-level singleton: tests run several apps).
const transports = new WeakMap<object, SmtpTransporter>();

function transportFor(config: MailDeps['config'], smtpUrl: string): SmtpTransporter {
  let transport = transports.get(config);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(config, transport);
  }
  return transport;
}

/**
 * Sends an e-mail through SMTP_URL. Without SMTP_URL (never in production: start-up refuses
 * it) the message is kept in the development mailbox, shown at /dev/mailbox.
 * Logs only that a message went out and its kind, never the address or the content (links in
 * it are credentials).
 */
export async function sendMail(deps: MailDeps, message: MailMessage): Promise<void> {
  const { config } = deps;
  if (!config.smtpUrl) {
    if (config.env === 'production') {
      throw new Error('SMTP_URL is required in production');
    }
    await storeDevMail(deps.database.db, { ...message, from: config.mailFrom });
    deps.logger.info('e-mail kept in the development mailbox (/dev/mailbox)');
    return;
  }
  const info = await transportFor(config, config.smtpUrl).sendMail({
    from: config.mailFrom,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    // nodemailer adds it both as the text/calendar alternative and as an attachment.
    ...(message.calendar
      ? {
          icalEvent: {
            method: message.calendar.method,
            filename: message.calendar.filename,
            content: message.calendar.content,
          },
        }
      : {}),
  });
  deps.logger.info({ messageId: info.messageId }, 'e-mail sent');
}
