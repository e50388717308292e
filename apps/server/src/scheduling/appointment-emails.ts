import { WAITLIST_OFFER_MINUTES, type NotificationKind } from '@carecircle/core';
import type { EmailRecipient, EmailRenderer } from '../notifications/email-renderers.ts';
import { appointmentNoticeEmail, zoneFor, type Recipient } from './appointment-notices.ts';
import { appointmentReminderEmail } from './appointment-reminder-email.ts';
import { calendarRepo, type CalendarAppointment } from './calendar.repo.ts';
import { calendarFor } from './calendar.service.ts';
import { waitlistOfferEmail } from './waitlist-email.ts';

/**
 * The e-mails of scheduling's notifications, rendered when the notification's e-mail channel
 * sends them (so they follow preferences, quiet hours and retries): appointment changes and
 * reminders with their calendar invitation, and waitlist offers. Each reads the appointment as
 * it is now; one made stale by a later change (a "booked" e-mail for an appointment already
 * moved, a reminder for one since cancelled) is not sent.
 */

/** The recipient's side of the appointment: the patient, the provider, or a caregiver. */
function asRecipient(a: CalendarAppointment, to: EmailRecipient): Recipient {
  const as =
    to.id === a.patient.id ? 'patient' : to.id === a.provider.id ? 'provider' : 'caregiver';
  return {
    ...to,
    timeZone: as === 'provider' ? a.provider.timeZone : zoneFor(to.timeZone, a.provider.timeZone),
    as,
  };
}

async function appointmentOf(
  deps: Parameters<EmailRenderer>[0],
  appointmentId: unknown,
): Promise<CalendarAppointment | undefined> {
  if (typeof appointmentId !== 'string') return undefined;
  const a = await calendarRepo.findAppointment(deps.database.db, appointmentId);
  return a && a.status !== 'held' ? a : undefined;
}

function changeRenderer(change: 'booked' | 'rescheduled' | 'cancelled'): EmailRenderer {
  return async (deps, notification, to) => {
    const a = await appointmentOf(deps, notification.params.appointmentId);
    if (!a) return null;
    const sequence = Number(notification.params.sequence ?? a.sequence);
    // Superseded by a later change, whose own e-mail carries the up-to-date invitation.
    if (change !== 'cancelled' && (a.sequence > sequence || a.status === 'cancelled')) return null;
    const recipient = asRecipient(a, to);
    const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
    const ics = calendarFor([a], method, deps.config, { id: to.id, locale: to.locale });
    return appointmentNoticeEmail(a, change, recipient, ics, deps.config.publicUrl);
  };
}

function reminderRenderer(healthEvent: boolean): EmailRenderer {
  return async (deps, notification, to) => {
    const a = await appointmentOf(deps, notification.params.appointmentId);
    if (!a || a.status !== 'booked') return null;
    // Moved since: the reminder planned for the new time says it. Started already (held back
    // by quiet hours until too late): nothing to remind of.
    if (a.start.toISOString() !== notification.params.start) return null;
    if (a.start.getTime() <= deps.clock.now().getTime()) return null;
    const recipient = asRecipient(a, to);
    const ics = calendarFor([a], 'REQUEST', deps.config, { id: to.id, locale: to.locale });
    return appointmentReminderEmail(a, recipient, ics, deps.config.publicUrl, { healthEvent });
  };
}

const waitlistOfferRenderer: EmailRenderer = async (deps, notification, to) => {
  const { offerId, start, providerName } = notification.params;
  if (typeof offerId !== 'string' || typeof start !== 'string') return null;
  const offer = await deps.database.db
    .selectFrom('waitlist_offers')
    .select(['outcome'])
    .where('id', '=', offerId)
    .executeTakeFirst();
  // Answered or expired meanwhile: nothing to act on any more.
  if (!offer || offer.outcome !== null) return null;
  return waitlistOfferEmail({
    to: to.email,
    locale: to.locale,
    timeZone: to.timeZone,
    providerName: String(providerName ?? ''),
    start: new Date(start),
    minutes: WAITLIST_OFFER_MINUTES,
    link: `${deps.config.publicUrl.replace(/\/+$/, '')}/appointments`,
  });
};

export const schedulingEmailRenderers: Partial<Record<NotificationKind, EmailRenderer>> = {
  'appointment.booked': changeRenderer('booked'),
  'appointment.rescheduled': changeRenderer('rescheduled'),
  'appointment.cancelled': changeRenderer('cancelled'),
  'appointment.reminder': reminderRenderer(false),
  'health-event.upcoming': reminderRenderer(true),
  'waitlist.offer': waitlistOfferRenderer,
};
