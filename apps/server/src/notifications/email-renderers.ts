import type { Locale, NotificationKind } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import type { MailMessage } from '../platform/mail.ts';
import { schedulingEmailRenderers } from '../scheduling/appointment-emails.ts';

/**
 * E-mails that a feature renders itself for its kinds of notification (e.g. appointment
 * notices with their calendar invitation). Kinds without an entry get the notification
 * centre's own e-mail (title, body, link), rendered by the e-mail channel.
 */
export interface EmailRecipient {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  timeZone: string;
}

export interface NotificationForEmail {
  id: string;
  kind: NotificationKind;
  patientId: string | null;
  params: Record<string, string | number | boolean | null>;
  /** Opened sealed params (health data): use only in the e-mail body if at all. */
  secret: Record<string, string | number | boolean | null>;
  url: string;
}

/** Returns the message, or null to send nothing by e-mail for this notification. */
export type EmailRenderer = (
  deps: AppDeps,
  notification: NotificationForEmail,
  to: EmailRecipient,
) => Promise<MailMessage | null>;

export const emailRenderers: Partial<Record<NotificationKind, EmailRenderer>> = {
  ...schedulingEmailRenderers,
};
