import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  Appointment,
  BookAppointmentInput,
  CancelInput,
  RescheduleInput,
} from '@carecircle/core';
import {
  assertCan,
  assertCanActFor,
  forgetCachedRelationships,
  recordAuditAs,
  type ActingAs,
} from '../access/access.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import {
  conflict,
  notFound,
  slotUnavailable,
  toHttpError,
  validationFailed,
} from '../platform/errors.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import type { MailDeps } from '../platform/mail.ts';
import type { Actor } from '../platform/request-context.ts';
import { accountsRepo } from '../identity/accounts.repo.ts';
import { enqueueAppointmentChange } from './appointment-events.ts';
import { dropReminders, planRemindersOf } from './appointment-reminders.ts';
import { appointmentsRepo, isoInZone, type AppointmentDetails } from './appointments.repo.ts';
import { idempotencyRepo, requestFingerprint } from './idempotency.ts';
import { getAppointmentType, isSlotOffered } from './slots.service.ts';
import { keyringFor } from '../records/record-keys.ts';
import { openReasons, sealReason, type ReasonKeys } from './appointment-reasons.ts';
import { offerFreedSlot } from './waitlist-offers.ts';

const MINUTE = 60_000;

type Book = z.output<typeof BookAppointmentInput>;
type Reschedule = z.output<typeof RescheduleInput>;
type Cancel = z.output<typeof CancelInput>;

export function presentAppointment(row: AppointmentDetails): Appointment {
  const zone = row.time_zone;
  return {
    id: row.id,
    patient: { id: row.patient_id, name: row.patient_name },
    provider: {
      id: row.provider_id,
      name: row.provider_name,
      specialty: row.specialty,
      location: { name: row.location_name, address: row.location_address, timeZone: zone },
    },
    appointmentType: {
      id: row.appointment_type_id,
      name: row.type_name,
      durationMinutes: row.duration_minutes,
      modality: row.modality,
    },
    start: isoInZone(row.start, zone),
    end: isoInZone(row.end, zone),
    // A held row is never presented as such: accepting an offer turns it into a booking first.
    status: row.status === 'held' ? 'booked' : row.status,
    reason: row.reason,
    bookedBy: { id: row.booked_by, name: row.booked_by_name },
    cancellation:
      row.cancel_reason !== null && row.cancelled_by !== null && row.cancelled_at !== null
        ? {
            reason: row.cancel_reason,
            by: { id: row.cancelled_by, name: row.cancelled_by_name ?? 'A former member' },
            at: row.cancelled_at.toISOString(),
          }
        : null,
    sequence: row.sequence,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What reading and writing appointments' (sealed) reasons needs, from the app's deps. */
export function reasonKeysOf(deps: MailDeps): ReasonKeys {
  return { db: deps.database.db, keyring: keyringFor(deps.config) };
}

/** Presents rows with their reasons opened. */
export async function presentAll(
  keys: ReasonKeys,
  rows: AppointmentDetails[],
): Promise<Appointment[]> {
  return (await openReasons(keys, rows)).map(presentAppointment);
}

/** The appointment as stored now, for presenting after a command (no access check). */
export async function loadAppointment(keys: ReasonKeys, id: string): Promise<Appointment> {
  const row = await appointmentsRepo.findDetails(keys.db, id);
  if (!row) throw notFound();
  return (await presentAll(keys, [row]))[0]!;
}

/** Turns an exclusion-constraint violation into its 409; anything else is rethrown. */
function rethrowConflict(err: unknown): never {
  if ((err as { code?: unknown }).code === '23P01') throw toHttpError(err) ?? err;
  throw err;
}

const field = (path: string, message: string) =>
  validationFailed([{ path, message, code: 'custom' }]);

/** The provider's account, active and with a profile, or 400 naming providerId. */
async function bookableProvider(db: Db, providerId: string) {
  const account = await accountsRepo.findById(db, providerId);
  const profile = account
    ? await db
        .selectFrom('providers')
        .select('time_zone')
        .where('account_id', '=', providerId)
        .executeTakeFirst()
    : undefined;
  if (!account || !profile || account.status !== 'active' || !account.roles.includes('provider')) {
    throw field('body.providerId', 'Pick a provider from the list');
  }
  return { account, timeZone: profile.time_zone };
}

/** The provider's active appointment type, or 400 naming appointmentTypeId. */
async function bookableType(db: Db, providerId: string, typeId: string) {
  const type = await getAppointmentType(db, providerId, typeId);
  if (!type || !type.active) {
    throw field('body.appointmentTypeId', 'This provider does not offer this appointment type');
  }
  return type;
}

function assertFuture(start: Date, now: Date): void {
  if (start.getTime() <= now.getTime()) {
    throw field('body.start', 'This time has already passed. Pick a time in the future.');
  }
}

/**
 * Books a free slot for the patient the actor acts for (themselves, or a patient whose grant
 * gives them appointments:manage). Double booking is prevented by the database's exclusion
 * constraints (409 slot-unavailable / patient-busy); the slot check before it gives the clear
 * answer for a time that is not offered at all. With an idempotency key, the same request again
 * returns the same appointment.
 */
export async function bookAppointment(
  deps: AppDeps,
  actor: Actor,
  input: Book,
  options: { actingFor?: string; idempotencyKey?: string } = {},
): Promise<Appointment> {
  const { db } = deps.database;
  const as = await assertCanActFor(
    db,
    actor,
    input.patientId ?? options.actingFor,
    'appointments:manage',
  );
  const providerId = input.providerId.toLowerCase();
  const typeId = input.appointmentTypeId.toLowerCase();
  const start = new Date(input.start);
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  const key = options.idempotencyKey;
  const requestHash = requestFingerprint({
    patientId: as.patientId,
    providerId,
    appointmentTypeId: typeId,
    start: start.getTime(),
    reason,
  });

  let replayed = false;
  const id = await inTransaction(db, async (trx) => {
    if (key) {
      const claim = await idempotencyRepo.claim(trx, { actorId: actor.id, key, requestHash });
      if (!claim.claimed && claim.appointmentId) {
        replayed = true;
        return claim.appointmentId;
      }
    }
    const now = deps.clock.now();
    await bookableProvider(trx, providerId);
    if (providerId === as.patientId) throw field('body.providerId', 'You cannot book yourself');
    const type = await bookableType(trx, providerId, typeId);
    assertFuture(start, now);
    if (!(await isSlotOffered(trx, { providerId, appointmentTypeId: typeId, start, now }))) {
      throw slotUnavailable(
        'That time is not offered for this appointment type, or it was just taken. Please pick another time.',
      );
    }
    const end = new Date(start.getTime() + type.duration_minutes * MINUTE);
    const newId = randomUUID();
    const keys = { db: trx, keyring: keyringFor(deps.config) };
    const appointmentId = await appointmentsRepo
      .insert(trx, {
        id: newId,
        provider_id: providerId,
        patient_id: as.patientId,
        appointment_type_id: typeId,
        booked_by: actor.id,
        via_grant_id: as.viaGrantId,
        start,
        end,
        blockedStart: new Date(start.getTime() - type.buffer_before_minutes * MINUTE),
        blockedEnd: new Date(end.getTime() + type.buffer_after_minutes * MINUTE),
        status: 'booked',
        hold_expires_at: null,
        reason_sealed: await sealReason(keys, as.patientId, newId, 'reason', reason),
      })
      .catch(rethrowConflict);
    if (key) await idempotencyRepo.complete(trx, { actorId: actor.id, key, appointmentId });
    await planRemindersOf(deps, trx, appointmentId);
    await enqueueAppointmentChange(deps, trx, appointmentId, 'booked');
    await recordAuditAs(trx, as, {
      action: 'appointment.book',
      outcome: 'success',
      subjectType: 'appointment',
      subjectId: appointmentId,
      details: { providerId, appointmentTypeId: typeId },
    });
    return appointmentId;
  });
  if (!replayed) forgetCachedRelationships();
  return loadAppointment(reasonKeysOf(deps), id);
}

/** Loads an appointment the actor may see; 404 otherwise (and for held slots). */
async function visibleAppointment(
  db: Db,
  actor: Actor,
  id: string,
  action: 'appointments:read' | 'appointments:manage',
): Promise<{ row: AppointmentDetails; as: ActingAs }> {
  const row = await appointmentsRepo.findDetails(db, id);
  if (!row || row.status === 'held') throw notFound();
  if (action === 'appointments:read' && row.provider_id === actor.id) {
    return { row, as: { actorId: actor.id, patientId: row.patient_id, viaGrantId: null } };
  }
  const as = await assertCan(db, actor, action, { patientId: row.patient_id });
  return { row, as };
}

export async function getAppointment(
  keys: ReasonKeys,
  actor: Actor,
  id: string,
): Promise<Appointment> {
  const { db } = keys;
  const { row, as } = await visibleAppointment(db, actor, id, 'appointments:read');
  await recordAuditAs(db, as, {
    action: 'appointment.read',
    outcome: 'success',
    subjectType: 'appointment',
    subjectId: row.id,
  });
  return (await presentAll(keys, [row]))[0]!;
}

/**
 * Moves a booked appointment to another offered slot (and type, if given) with one UPDATE of the
 * same row: the exclusion constraints check the new range against every other appointment in
 * that statement, so a conflict leaves the original as it was. The freed time goes to the
 * waitlist.
 */
export async function rescheduleAppointment(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: Reschedule,
): Promise<Appointment> {
  const { db } = deps.database;
  const { row, as } = await visibleAppointment(db, actor, id, 'appointments:manage');
  if (row.status !== 'booked') {
    throw conflict('not-booked', 'Only a booked appointment can be moved.');
  }
  const typeId = input.appointmentTypeId?.toLowerCase() ?? row.appointment_type_id;
  const type = await bookableType(db, row.provider_id, typeId);
  const start = new Date(input.start);
  const now = deps.clock.now();
  assertFuture(start, now);
  const offered = await isSlotOffered(db, {
    providerId: row.provider_id,
    appointmentTypeId: typeId,
    start,
    now,
    ignoreAppointmentId: row.id,
  });
  if (!offered) {
    throw slotUnavailable('That time is not free. Your appointment stays as it was.');
  }
  const end = new Date(start.getTime() + type.duration_minutes * MINUTE);
  await inTransaction(db, async (trx) => {
    const moved = await appointmentsRepo
      .move(trx, row.id, {
        appointment_type_id: typeId,
        start,
        end,
        blockedStart: new Date(start.getTime() - type.buffer_before_minutes * MINUTE),
        blockedEnd: new Date(end.getTime() + type.buffer_after_minutes * MINUTE),
      })
      .catch(rethrowConflict);
    if (!moved) throw conflict('not-booked', 'Only a booked appointment can be moved.');
    await planRemindersOf(deps, trx, row.id);
    await enqueueAppointmentChange(deps, trx, row.id, 'rescheduled');
    await recordAuditAs(trx, as, {
      action: 'appointment.reschedule',
      outcome: 'success',
      subjectType: 'appointment',
      subjectId: row.id,
      details: { appointmentTypeId: typeId },
    });
  });
  await offerFreedSlot(deps, {
    providerId: row.provider_id,
    start: row.blocked_start,
    end: row.blocked_end,
  });
  return loadAppointment(reasonKeysOf(deps), row.id);
}

/**
 * Cancels a booked appointment with a reason: the patient, a caregiver with appointments:manage,
 * or the appointment's provider. The freed time goes to the waitlist.
 */
export async function cancelAppointment(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: Cancel,
): Promise<Appointment> {
  const { db } = deps.database;
  const found = await appointmentsRepo.findDetails(db, id);
  if (!found || found.status === 'held') throw notFound();
  const { row, as } =
    found.provider_id === actor.id
      ? {
          row: found,
          as: { actorId: actor.id, patientId: found.patient_id, viaGrantId: null },
        }
      : await visibleAppointment(db, actor, id, 'appointments:manage');
  if (row.status !== 'booked') {
    throw conflict('not-booked', 'Only a booked appointment can be cancelled.');
  }
  await inTransaction(db, async (trx) => {
    const reasonSealed = await sealReason(
      { db: trx, keyring: keyringFor(deps.config) },
      row.patient_id,
      row.id,
      'cancel-reason',
      input.reason,
    );
    const cancelled = await appointmentsRepo.cancel(trx, row.id, {
      actorId: actor.id,
      reasonSealed: reasonSealed!,
    });
    if (!cancelled) throw conflict('not-booked', 'Only a booked appointment can be cancelled.');
    await dropReminders(trx, row.id);
    await enqueueAppointmentChange(deps, trx, row.id, 'cancelled');
    await recordAuditAs(trx, as, {
      action: 'appointment.cancel',
      outcome: 'success',
      subjectType: 'appointment',
      subjectId: row.id,
      details: { byProvider: row.provider_id === actor.id },
    });
  });
  forgetCachedRelationships();
  await offerFreedSlot(deps, {
    providerId: row.provider_id,
    start: row.blocked_start,
    end: row.blocked_end,
  });
  return loadAppointment(reasonKeysOf(deps), row.id);
}
