import { sql } from 'kysely';
import type { z } from 'zod';
import type { WaitlistEntry, WaitlistInput } from '@carecircle/core';
import {
  actingAsForAll,
  assertCan,
  assertCanActFor,
  forgetCachedRelationships,
  recordAuditAs,
} from '../access/access.ts';
import { recordAudit } from '../access/audit.service.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { conflict, notFound, validationFailed } from '../platform/errors.ts';
import type { MailDeps } from '../platform/mail.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { defineJob } from '../platform/jobs.ts';
import type { Actor } from '../platform/request-context.ts';
import { accountsRepo } from '../identity/accounts.repo.ts';
import { enqueueAppointmentChange } from './appointment-events.ts';
import { planRemindersOf } from './appointment-reminders.ts';
import { appointmentsRepo, isoInZone } from './appointments.repo.ts';
import { getAppointmentType } from './slots.service.ts';
import { waitlistRepo, type OpenOffer, type WaitlistEntryDetails } from './waitlist.repo.ts';
import { offerFreedSlot, WAITLIST_SWEEP_JOB, type FreedTime } from './waitlist-offers.ts';

/**
 * The waitlist: a patient asks for an earlier slot with a provider and appointment type within
 * a range of local dates. When a slot frees up (a cancellation, a reschedule away, a declined or
 * expired offer), the first person waiting (by the time they joined) whose range and type fit a
 * slot that is now offered gets it held for WAITLIST_OFFER_MINUTES: an appointment row in status
 * 'held' (so nobody else can book it; the exclusion constraints apply to held rows too) and a
 * waitlist_offers row. Accepting turns the held row into the booking; declining or expiry
 * deletes it and offers the slot to the next person; the same slot is never offered to the same
 * person twice.
 *
 * Expiry runs lazily whenever offers are read or answered, and in the job `waitlist.sweep`
 * (pg-boss): every minute (cron) and at each offer's expiry (a job enqueued with the offer).
 * SKIP LOCKED, so several instances never process one offer twice. An offer tells the patient
 * through a `waitlist.offer` notification (urgent: it expires) and a realtime event.
 */

const SWEEP_BATCH = 50;

type Join = z.output<typeof WaitlistInput>;

function present(row: WaitlistEntryDetails): WaitlistEntry {
  const zone = row.time_zone;
  return {
    id: row.id,
    patient: { id: row.patient_id, name: row.patient_name },
    provider: { id: row.provider_id, name: row.provider_name },
    appointmentType: {
      id: row.appointment_type_id,
      name: row.type_name,
      durationMinutes: row.duration_minutes,
      modality: row.modality,
    },
    earliest: row.earliest,
    latest: row.latest,
    status: row.status,
    offer:
      row.status === 'offered' &&
      row.offer_id &&
      row.offer_start &&
      row.offer_end &&
      row.offer_expires_at
        ? {
            id: row.offer_id,
            start: isoInZone(row.offer_start, zone),
            end: isoInZone(row.offer_end, zone),
            expiresAt: row.offer_expires_at.toISOString(),
          }
        : null,
    createdAt: row.created_at.toISOString(),
  };
}

const field = (path: string, message: string) =>
  validationFailed([{ path, message, code: 'custom' }]);

/** The patients whose waitlist the actor may see: themselves and those they act for. */
async function visiblePatients(db: Db, actor: Actor): Promise<string[]> {
  return (await actingAsForAll(db, actor, 'appointments:read')).map((a) => a.patientId);
}

/** Joins the waitlist for oneself or a patient the actor manages appointments for. */
export async function joinWaitlist(
  deps: MailDeps,
  actor: Actor,
  input: Join,
  actingFor?: string,
): Promise<WaitlistEntry> {
  const { db } = deps.database;
  const as = await assertCanActFor(db, actor, input.patientId ?? actingFor, 'appointments:manage');
  const providerId = input.providerId.toLowerCase();
  const typeId = input.appointmentTypeId.toLowerCase();
  const provider = await accountsRepo.findById(db, providerId);
  const profile = await db
    .selectFrom('providers')
    .select(sql<string>`((now() AT TIME ZONE time_zone)::date)::text`.as('today'))
    .where('account_id', '=', providerId)
    .executeTakeFirst();
  if (!provider || !profile || provider.status !== 'active' || providerId === as.patientId) {
    throw field('body.providerId', 'Pick a provider from the list');
  }
  const type = await getAppointmentType(db, providerId, typeId);
  if (!type || !type.active) {
    throw field('body.appointmentTypeId', 'This provider does not offer this appointment type');
  }
  if (input.latest < profile.today) {
    throw field('body.latest', 'This date has already passed. Pick a date from today on.');
  }
  const id = await inTransaction(db, async (trx) => {
    const entryId = await waitlistRepo
      .insert(trx, {
        patient_id: as.patientId,
        provider_id: providerId,
        appointment_type_id: typeId,
        created_by: actor.id,
        earliest: input.earliest < profile.today ? profile.today : input.earliest,
        latest: input.latest,
      })
      .catch((err: unknown) => {
        if ((err as { code?: string }).code === '23505') {
          throw conflict(
            'already-waiting',
            'You are already on the waitlist for this appointment type with this provider.',
          );
        }
        throw err;
      });
    await recordAuditAs(trx, as, {
      action: 'waitlist.join',
      outcome: 'success',
      subjectType: 'waitlist_entry',
      subjectId: entryId,
      details: { providerId, appointmentTypeId: typeId },
    });
    return entryId;
  });
  const row = await waitlistRepo.findDetails(db, { patientIds: [as.patientId] }, id);
  return present(row!);
}

/** The actor's entries and those of patients they act for (offers past their time expired first). */
export async function listWaitlist(deps: AppDeps, actor: Actor): Promise<WaitlistEntry[]> {
  const { db } = deps.database;
  await sweepWaitlist(deps);
  const patientIds = await visiblePatients(db, actor);
  const rows = await waitlistRepo.listForPatients(db, { patientIds });
  const patients = new Set(rows.map((r) => r.patient_id));
  if (patients.size > 0) {
    const grantOf = new Map(
      (await actingAsForAll(db, actor, 'appointments:read')).map((a) => [
        a.patientId,
        a.viaGrantId,
      ]),
    );
    await inTransaction(db, async (trx) => {
      for (const patientId of patients) {
        await recordAuditAs(
          trx,
          { actorId: actor.id, patientId, viaGrantId: grantOf.get(patientId) ?? null },
          { action: 'waitlist.list', outcome: 'success', subjectType: 'waitlist_entry' },
        );
      }
    });
  }
  return rows.map(present);
}

/** Leaves the waitlist; an open offer is withdrawn and its slot goes to the next person. */
export async function leaveWaitlist(deps: AppDeps, actor: Actor, entryId: string): Promise<void> {
  const { db } = deps.database;
  const entry = await db
    .selectFrom('waitlist_entries')
    .select(['patient_id'])
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!entry) throw notFound();
  const as = await assertCan(db, actor, 'appointments:manage', { patientId: entry.patient_id });
  const freed = await inTransaction(db, async (trx) => {
    const locked = await waitlistRepo.lockEntry(trx, entryId);
    if (!locked || (locked.status !== 'waiting' && locked.status !== 'offered')) throw notFound();
    const offer = await waitlistRepo.lockOpenOfferOfEntry(trx, entryId);
    const released = offer ? await releaseOffer(trx, offer, 'withdrawn', 'cancelled') : undefined;
    await waitlistRepo.setEntryStatus(trx, entryId, 'cancelled');
    await recordAuditAs(trx, as, {
      action: 'waitlist.leave',
      outcome: 'success',
      subjectType: 'waitlist_entry',
      subjectId: entryId,
    });
    return released;
  });
  if (freed) await offerFreedSlot(deps, freed);
}

/**
 * Closes an open offer (declined, expired, withdrawn): the held row goes, the entry takes
 * `entryStatus` (back to waiting by default, or expired when its dates are over). Returns the
 * time freed, to offer to the next person after commit.
 */
async function releaseOffer(
  trx: Db,
  offer: OpenOffer,
  outcome: 'declined' | 'expired' | 'withdrawn',
  entryStatus?: 'cancelled',
): Promise<FreedTime | undefined> {
  await waitlistRepo.decideOffer(trx, offer.id, outcome);
  if (offer.appointment_id) await appointmentsRepo.deleteHeld(trx, offer.appointment_id);
  await waitlistRepo.setEntryStatus(
    trx,
    offer.entry_id,
    entryStatus ?? (offer.entry_latest_passed ? 'expired' : 'waiting'),
  );
  await recordAudit(trx, {
    action: `waitlist.offer.${outcome}`,
    outcome: 'success',
    actorId: null,
    patientId: offer.patient_id,
    subjectType: 'waitlist_offer',
    subjectId: offer.id,
  });
  return offer.blocked_start && offer.blocked_end
    ? { providerId: offer.provider_id, start: offer.blocked_start, end: offer.blocked_end }
    : undefined;
}

const offerExpired = () =>
  conflict(
    'offer-expired',
    'The time held for you has run out and the slot went to the next person waiting. You are still on the waitlist.',
  );

/** Loads an offer the actor may answer for the patient (404 otherwise). */
async function answerableOffer(db: Db, actor: Actor, offerId: string) {
  const offer = await db
    .selectFrom('waitlist_offers as o')
    .innerJoin('waitlist_entries as e', 'e.id', 'o.entry_id')
    .select(['e.patient_id'])
    .where('o.id', '=', offerId)
    .executeTakeFirst();
  if (!offer) throw notFound();
  return assertCan(db, actor, 'appointments:manage', { patientId: offer.patient_id });
}

/**
 * Books the held slot: the same appointment row becomes 'booked'. 409 offer-expired once its
 * time is up (the slot then goes to the next person); 409 when it was already answered.
 */
export async function acceptWaitlistOffer(
  deps: AppDeps,
  actor: Actor,
  offerId: string,
): Promise<string> {
  const { db } = deps.database;
  const as = await answerableOffer(db, actor, offerId);
  const result = await inTransaction(db, async (trx) => {
    const offer = await waitlistRepo.lockOffer(trx, offerId);
    if (!offer) throw notFound();
    if (offer.outcome === 'expired') return { expired: undefined };
    if (offer.outcome === 'accepted' && offer.appointment_id) {
      throw conflict('offer-answered', 'You already accepted this offer.');
    }
    if (offer.outcome !== null) {
      throw conflict('offer-answered', 'This offer was already answered.');
    }
    if (offer.expired || !offer.appointment_id) {
      return { expired: await releaseOffer(trx, offer, 'expired') };
    }
    if (
      !(await appointmentsRepo.confirmHeld(trx, offer.appointment_id, {
        bookedBy: actor.id,
        viaGrantId: as.viaGrantId,
      }))
    ) {
      return { expired: await releaseOffer(trx, offer, 'expired') };
    }
    await waitlistRepo.decideOffer(trx, offer.id, 'accepted');
    await waitlistRepo.setEntryStatus(trx, offer.entry_id, 'booked');
    await planRemindersOf(deps, trx, offer.appointment_id);
    await enqueueAppointmentChange(deps, trx, offer.appointment_id, 'booked');
    await recordAuditAs(trx, as, {
      action: 'appointment.book',
      outcome: 'success',
      subjectType: 'appointment',
      subjectId: offer.appointment_id,
      details: { providerId: offer.provider_id, waitlistOfferId: offer.id },
    });
    return { booked: offer.appointment_id };
  });
  if ('booked' in result && result.booked) {
    forgetCachedRelationships();
    return result.booked;
  }
  if ('expired' in result && result.expired) await offerFreedSlot(deps, result.expired);
  throw offerExpired();
}

/** Passes on the held slot: the person stays on the waitlist; the slot goes to the next one. */
export async function declineWaitlistOffer(
  deps: AppDeps,
  actor: Actor,
  offerId: string,
): Promise<void> {
  const { db } = deps.database;
  const as = await answerableOffer(db, actor, offerId);
  const freed = await inTransaction(db, async (trx) => {
    const offer = await waitlistRepo.lockOffer(trx, offerId);
    if (!offer) throw notFound();
    if (offer.outcome !== null) {
      throw conflict('offer-answered', 'This offer was already answered.');
    }
    const released = await releaseOffer(trx, offer, offer.expired ? 'expired' : 'declined');
    await recordAuditAs(trx, as, {
      action: 'waitlist.decline',
      outcome: 'success',
      subjectType: 'waitlist_offer',
      subjectId: offer.id,
    });
    return released;
  });
  if (freed) await offerFreedSlot(deps, freed);
}

/**
 * Expires the offers whose time is up (and entries whose dates are over), then offers each freed
 * slot to the next person. Safe to run from several places at once.
 */
export async function sweepWaitlist(deps: AppDeps): Promise<{ expired: number }> {
  const { db } = deps.database;
  let expired = 0;
  for (;;) {
    const freed = await inTransaction(db, async (trx) => {
      const due = await waitlistRepo.lockDueOffers(trx, SWEEP_BATCH);
      const times: FreedTime[] = [];
      for (const offer of due) {
        const time = await releaseOffer(trx, offer, 'expired');
        if (time) times.push(time);
      }
      expired += due.length;
      return { count: due.length, times };
    });
    for (const time of freed.times) await offerFreedSlot(deps, time);
    if (freed.count < SWEEP_BATCH) break;
  }
  await waitlistRepo.expirePastEntries(db);
  return { expired };
}

/** The sweep as a job: every minute, and at each offer's expiry. */
export const waitlistSweepJob = defineJob({
  name: WAITLIST_SWEEP_JOB,
  cron: '* * * * *',
  concurrency: 1,
  handler: async (deps) => {
    await sweepWaitlist(deps);
  },
});
