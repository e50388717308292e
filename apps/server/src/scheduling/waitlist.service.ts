import { sql } from 'kysely';
import type { z } from 'zod';
import { WAITLIST_OFFER_MINUTES, type WaitlistEntry, type WaitlistInput } from '@carecircle/core';
import {
  actingAsForAll,
  assertCan,
  assertCanActFor,
  forgetCachedRelationships,
  recordAuditAs,
} from '../access/access.ts';
import { recordAudit } from '../access/audit.service.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { conflict, HttpError, notFound, validationFailed } from '../platform/errors.ts';
import { sendMail, type MailDeps } from '../platform/mail.ts';
import type { Actor } from '../platform/request-context.ts';
import { accountsRepo } from '../identity/accounts.repo.ts';
import { notifyAppointmentChange } from './appointment-notices.ts';
import { appointmentsRepo, isoInZone } from './appointments.repo.ts';
import { findSlots, getAppointmentType } from './slots.service.ts';
import { waitlistRepo, type OpenOffer, type WaitlistEntryDetails } from './waitlist.repo.ts';
import { waitlistOfferEmail } from './waitlist-email.ts';

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
 * Expiry runs lazily whenever offers are read or answered, and in a sweep every 30 s inside the
 * server process (SKIP LOCKED, so several instances never process one offer twice).
 * TODO(issue 6): the sweep moves onto the pg-boss job queue (a scheduled job per offer's expiry)
 * when background jobs land; the lazy expiry stays.
 */

const MINUTE = 60_000;
const SWEEP_INTERVAL_MS = 30_000;
const SWEEP_BATCH = 50;

type Join = z.output<typeof WaitlistInput>;

/** A time freed in a provider's calendar: the blocked range of what was there. */
export interface FreedTime {
  providerId: string;
  start: Date;
  end: Date;
}

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
export async function listWaitlist(deps: MailDeps, actor: Actor): Promise<WaitlistEntry[]> {
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
export async function leaveWaitlist(deps: MailDeps, actor: Actor, entryId: string): Promise<void> {
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
  deps: MailDeps,
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
    try {
      await notifyAppointmentChange(deps, result.booked, 'booked');
    } catch (err) {
      deps.logger.error(
        { appointmentId: result.booked, err: { name: (err as Error).name } },
        'could not send the appointment e-mails',
      );
    }
    return result.booked;
  }
  if ('expired' in result && result.expired) await offerFreedSlot(deps, result.expired);
  throw offerExpired();
}

/** Passes on the held slot: the person stays on the waitlist; the slot goes to the next one. */
export async function declineWaitlistOffer(
  deps: MailDeps,
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
export async function sweepWaitlist(deps: MailDeps): Promise<{ expired: number }> {
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

/**
 * Runs the sweep every 30 s in this process until the database pool closes (the app stopping).
 * Returns a function that stops it.
 */
export function startWaitlistSweeper(deps: MailDeps): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (deps.database.pool.ending) {
      clearInterval(timer);
      return;
    }
    if (running) return;
    running = true;
    sweepWaitlist(deps)
      .catch((err: unknown) => {
        if (deps.database.pool.ending) return;
        deps.logger.error(
          { err: { name: (err as Error).name, code: (err as { code?: string }).code } },
          'waitlist sweep failed',
        );
      })
      .finally(() => {
        running = false;
      });
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

interface MadeOffer {
  offerId: string;
  patientId: string;
  providerId: string;
  start: Date;
  expiresAt: Date;
}

/**
 * Offers a freed time to the first person waiting for whom a slot overlapping it is now offered.
 * Runs after the freeing change has committed; a failure is logged and never fails that change.
 */
export async function offerFreedSlot(deps: MailDeps, freed: FreedTime): Promise<void> {
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const made = await tryOffer(deps.database.db, freed);
      if (made === 'none') return;
      if (made !== 'retry') {
        await sendOfferEmail(deps, made);
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

async function tryOffer(db: Db, freed: FreedTime): Promise<MadeOffer | 'none' | 'retry'> {
  try {
    return await inTransaction(db, async (trx) => {
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
          return {
            offerId,
            patientId: entry.patient_id,
            providerId: freed.providerId,
            start,
            expiresAt,
          };
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

async function sendOfferEmail(deps: MailDeps, offer: MadeOffer): Promise<void> {
  const { db } = deps.database;
  const [patient, provider] = await Promise.all([
    accountsRepo.findById(db, offer.patientId),
    accountsRepo.findById(db, offer.providerId),
  ]);
  if (!patient || !provider) return;
  try {
    await sendMail(
      deps,
      waitlistOfferEmail({
        to: patient.email,
        locale: patient.locale === 'es' ? 'es' : 'en',
        timeZone: patient.time_zone,
        providerName: provider.name,
        start: offer.start,
        minutes: WAITLIST_OFFER_MINUTES,
        link: `${deps.config.publicUrl}/appointments`,
      }),
    );
  } catch (err) {
    deps.logger.error(
      {
        offerId: offer.offerId,
        err: { name: (err as Error).name, code: (err as { code?: string }).code },
      },
      'could not send the waitlist offer e-mail',
    );
  }
}
