import { WAITLIST_OFFER_MINUTES } from '@carecircle/core';
import { recordAudit } from '../access/audit.service.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { HttpError } from '../platform/errors.ts';
import {
  announceNotifications,
  createNotifications,
  type CreatedNotification,
} from '../notifications/notify.ts';
import { accountsRepo } from '../identity/accounts.repo.ts';
import { appointmentsRepo } from './appointments.repo.ts';
import { findSlots, getAppointmentType } from './slots.service.ts';
import { waitlistRepo } from './waitlist.repo.ts';

/**
 * Offering freed time to the waitlist (see waitlist.service.ts for the whole story): the first
 * person waiting whose dates and type fit a slot now offered gets it held, in one transaction
 * with the offer's urgent `waitlist.offer` notification and a `waitlist.sweep` job at its expiry;
 * after commit the notification and a `waitlist.offer` realtime event reach their open apps.
 */

const MINUTE = 60_000;
export const WAITLIST_SWEEP_JOB = 'waitlist.sweep';

/** A time freed in a provider's calendar: the blocked range of what was there. */
export interface FreedTime {
  providerId: string;
  start: Date;
  end: Date;
}

interface MadeOffer {
  offerId: string;
  /** The held appointment row. */
  appointmentId: string;
  patientId: string;
  providerId: string;
  start: Date;
  expiresAt: Date;
  notifications: CreatedNotification[];
}

/**
 * Offers a freed time to the first person waiting for whom a slot overlapping it is now offered.
 * Runs after the freeing change has committed; a failure is logged and never fails that change.
 */
export async function offerFreedSlot(deps: AppDeps, freed: FreedTime): Promise<void> {
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const made = await tryOffer(deps, freed);
      if (made === 'none') return;
      if (made !== 'retry') {
        await announceOffer(deps, made);
        return;
      }
    }
  } catch (err) {
    deps.logger.error(
      {
        providerId: freed.providerId,
        err: { name: (err as Error).name, code: (err as { code?: string }).code },
      },
      'could not offer a freed slot to the waitlist',
    );
  }
}

async function tryOffer(deps: AppDeps, freed: FreedTime): Promise<MadeOffer | 'none' | 'retry'> {
  try {
    return await inTransaction(deps.database.db, async (trx) => {
      const queue = await waitlistRepo.queue(trx, freed.providerId);
      const now = new Date();
      for (const entry of queue) {
        const type = await getAppointmentType(trx, freed.providerId, entry.appointment_type_id);
        if (!type || !type.active) continue;
        const duration = type.duration_minutes * MINUTE;
        // Slots whose own time overlaps the freed time, within the entry's dates.
        const from = new Date(
          Math.max(freed.start.getTime() - duration + 1, entry.window_start.getTime()),
        );
        const to = new Date(Math.min(freed.end.getTime(), entry.window_end.getTime()));
        if (from >= to) continue;
        const { slots } = await findSlots(trx, {
          providerId: freed.providerId,
          appointmentTypeId: entry.appointment_type_id,
          from,
          to,
          now,
        }).catch((err: unknown) => {
          if (err instanceof HttpError) return { slots: [] };
          throw err;
        });
        if (slots.length === 0) continue;
        const seen = new Set(await waitlistRepo.offeredStarts(trx, entry.id));
        for (const slot of slots) {
          const start = new Date(slot.start);
          const end = new Date(slot.end);
          if (seen.has(start.getTime())) continue;
          if (await waitlistRepo.patientBusy(trx, entry.patient_id, start, end)) continue;
          const expiresAt = new Date(now.getTime() + WAITLIST_OFFER_MINUTES * MINUTE);
          const appointmentId = await appointmentsRepo.insert(trx, {
            provider_id: freed.providerId,
            patient_id: entry.patient_id,
            appointment_type_id: entry.appointment_type_id,
            booked_by: entry.created_by,
            via_grant_id: null,
            start,
            end,
            blockedStart: new Date(start.getTime() - type.buffer_before_minutes * MINUTE),
            blockedEnd: new Date(end.getTime() + type.buffer_after_minutes * MINUTE),
            status: 'held',
            hold_expires_at: expiresAt,
            reason_sealed: null,
          });
          const offerId = await waitlistRepo.insertOffer(trx, {
            entryId: entry.id,
            appointmentId,
            start,
            end,
            expiresAt,
          });
          await waitlistRepo.setEntryStatus(trx, entry.id, 'offered');
          await recordAudit(trx, {
            action: 'waitlist.offer',
            outcome: 'success',
            actorId: null,
            patientId: entry.patient_id,
            subjectType: 'waitlist_offer',
            subjectId: offerId,
            details: { providerId: freed.providerId, appointmentId },
          });
          const made = {
            offerId,
            appointmentId,
            patientId: entry.patient_id,
            providerId: freed.providerId,
            start,
            expiresAt,
          };
          // Expire it on time (the cron sweep is the backstop), and tell the patient.
          await deps.jobs.send(
            WAITLIST_SWEEP_JOB,
            {},
            { db: trx, startAfter: new Date(expiresAt.getTime() + 1_000) },
          );
          return { ...made, notifications: await offerNotifications(deps, trx, made) };
        }
      }
      return 'none' as const;
    });
  } catch (err) {
    // Someone booked that time meanwhile: look again.
    if ((err as { code?: string }).code === '23P01') return 'retry';
    throw err;
  }
}

/**
 * The offer's notification for the patient, in the offer's transaction: urgent (it expires, so
 * quiet hours do not hold it back), once per offer. Its e-mail is rendered by
 * appointment-emails.ts.
 */
async function offerNotifications(
  deps: AppDeps,
  trx: Db,
  offer: Omit<MadeOffer, 'notifications'>,
): Promise<CreatedNotification[]> {
  const provider = await accountsRepo.findById(trx, offer.providerId);
  return createNotifications(deps, trx, [
    {
      recipientId: offer.patientId,
      kind: 'waitlist.offer',
      patientId: offer.patientId,
      params: {
        offerId: offer.offerId,
        appointmentId: offer.appointmentId,
        providerId: offer.providerId,
        providerName: provider?.name ?? '',
        start: offer.start.toISOString(),
        expiresAt: offer.expiresAt.toISOString(),
        minutes: WAITLIST_OFFER_MINUTES,
      },
      url: '/appointments',
      urgent: true,
      dedupeKey: `waitlist-offer:${offer.offerId}`,
    },
  ]);
}

/** After commit: the notification and the offer itself, live on the patient's open apps. */
async function announceOffer(deps: AppDeps, offer: MadeOffer): Promise<void> {
  await announceNotifications(deps, offer.notifications);
  await deps.realtime.publish([
    {
      accountId: offer.patientId,
      type: 'waitlist.offer',
      data: {
        offerId: offer.offerId,
        start: offer.start.toISOString(),
        expiresAt: offer.expiresAt.toISOString(),
      },
    },
  ]);
}
