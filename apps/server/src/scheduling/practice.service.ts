import type {
  AppointmentType,
  AppointmentTypeInput,
  AppointmentTypePatch,
  Availability,
  DateOverride,
  PracticePatient,
  ProviderProfileInput,
  ProviderSummary,
  TimeOffInput,
  WeeklyHours,
} from '@carecircle/core';
import type { z } from 'zod';
import {
  AppointmentTypeInput as AppointmentTypeInputSchema,
  AppointmentTypePatch as AppointmentTypePatchSchema,
  TimeOffInput as TimeOffInputSchema,
} from '@carecircle/core';
import { assertCanManagePractice } from '../access/access.ts';
import { recordAudit, type AuditDetails } from '../access/audit.service.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { practiceRepo, type AppointmentTypeRow } from './practice.repo.ts';
import { providersRepo } from './providers.repo.ts';
import {
  getWeeklyHours,
  presentProvider,
  saveProviderProfile,
  setWeeklyHours as replaceWeeklyHours,
} from './providers.service.ts';

/**
 * The signed-in provider's own practice: profile, appointment types and availability. Every
 * function asks `access` first (`practice:manage`: a verified provider) and works only on the
 * actor's own rows; changes are audited (ids and field names, never free text).
 */

function presentType(t: AppointmentTypeRow): AppointmentType {
  return {
    id: t.id,
    name: t.name,
    durationMinutes: t.duration_minutes,
    bufferBeforeMinutes: t.buffer_before_minutes,
    bufferAfterMinutes: t.buffer_after_minutes,
    modality: t.modality,
    minimumNoticeMinutes: t.minimum_notice_minutes,
    bookingHorizonDays: t.booking_horizon_days,
    active: t.active,
  };
}

function audit(
  db: Db,
  actor: Actor,
  action: string,
  subject: { type: string; id: string | null },
  details?: AuditDetails,
): Promise<void> {
  return recordAudit(db, {
    action,
    outcome: 'success',
    actorId: actor.id,
    subjectType: subject.type,
    subjectId: subject.id,
    details,
  });
}

/** Today's date in a zone, as 'YYYY-MM-DD'. */
function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const profileMissing = () =>
  notFound('You have not set up your provider profile yet: add your specialty and clinic.');

// ---------------------------------------------------------------------------------------------
// Profile

export async function getPracticeProfile(db: Db, actor: Actor): Promise<ProviderSummary> {
  await assertCanManagePractice(db, actor, { profileMayBeMissing: true });
  const row = await providersRepo.findByAccount(db, actor.id);
  if (!row) throw profileMissing();
  return presentProvider(row);
}

/** Creates or replaces the actor's profile (a verified provider may create it here). */
export async function updatePracticeProfile(
  db: Db,
  actor: Actor,
  input: ProviderProfileInput,
): Promise<ProviderSummary> {
  await assertCanManagePractice(db, actor, { profileMayBeMissing: true });
  return inTransaction(db, async (trx) => {
    await saveProviderProfile(trx, actor.id, input);
    await audit(trx, actor, 'practice.profile.update', { type: 'provider', id: actor.id });
    const row = await providersRepo.findByAccount(trx, actor.id);
    return presentProvider(row!);
  });
}

// ---------------------------------------------------------------------------------------------
// Appointment types

export async function listAppointmentTypes(db: Db, actor: Actor): Promise<AppointmentType[]> {
  await assertCanManagePractice(db, actor);
  return (await practiceRepo.appointmentTypes(db, actor.id)).map(presentType);
}

export async function createAppointmentType(
  db: Db,
  actor: Actor,
  input: AppointmentTypeInput,
): Promise<AppointmentType> {
  await assertCanManagePractice(db, actor);
  const t = AppointmentTypeInputSchema.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await practiceRepo.insertAppointmentType(trx, actor.id, {
      name: t.name,
      duration_minutes: t.durationMinutes,
      buffer_before_minutes: t.bufferBeforeMinutes,
      buffer_after_minutes: t.bufferAfterMinutes,
      modality: t.modality,
      minimum_notice_minutes: t.minimumNoticeMinutes,
      booking_horizon_days: t.bookingHorizonDays,
    });
    await audit(trx, actor, 'practice.appointment-type.create', {
      type: 'appointment_type',
      id: row.id,
    });
    return presentType(row);
  });
}

/**
 * Changes or retires (`active: false`) one of the actor's types; 404 for anyone else's. Booked
 * appointments keep their times: buffers are fixed per appointment when it is booked.
 */
export async function updateAppointmentType(
  db: Db,
  actor: Actor,
  appointmentTypeId: string,
  patch: AppointmentTypePatch,
): Promise<AppointmentType> {
  await assertCanManagePractice(db, actor);
  const p = AppointmentTypePatchSchema.parse(patch);
  const values = {
    ...(p.name !== undefined && { name: p.name }),
    ...(p.durationMinutes !== undefined && { duration_minutes: p.durationMinutes }),
    ...(p.bufferBeforeMinutes !== undefined && { buffer_before_minutes: p.bufferBeforeMinutes }),
    ...(p.bufferAfterMinutes !== undefined && { buffer_after_minutes: p.bufferAfterMinutes }),
    ...(p.modality !== undefined && { modality: p.modality }),
    ...(p.minimumNoticeMinutes !== undefined && {
      minimum_notice_minutes: p.minimumNoticeMinutes,
    }),
    ...(p.bookingHorizonDays !== undefined && { booking_horizon_days: p.bookingHorizonDays }),
    ...(p.active !== undefined && { active: p.active }),
  };
  return inTransaction(db, async (trx) => {
    const row = await practiceRepo.updateAppointmentType(trx, actor.id, appointmentTypeId, values);
    if (!row) throw notFound('You have no appointment type with this id.');
    await audit(
      trx,
      actor,
      p.active === false ? 'practice.appointment-type.retire' : 'practice.appointment-type.update',
      { type: 'appointment_type', id: row.id },
      { fields: Object.keys(p).sort().join(',') },
    );
    return presentType(row);
  });
}

// ---------------------------------------------------------------------------------------------
// Availability

/** Weekly hours, date overrides from today (clinic zone) and time off not yet over. */
export async function getAvailability(
  db: Db,
  actor: Actor,
  now = new Date(),
): Promise<Availability> {
  await assertCanManagePractice(db, actor);
  return readAvailability(db, actor.id, now);
}

async function readAvailability(db: Db, providerId: string, now: Date): Promise<Availability> {
  const profile = await providersRepo.findByAccount(db, providerId);
  const timeZone = profile?.time_zone ?? 'UTC';
  const [weeklyHours, overrides, timeOff] = await Promise.all([
    getWeeklyHours(db, providerId),
    practiceRepo.overrides(db, providerId, todayIn(timeZone, now)),
    practiceRepo.timeOff(db, providerId, now),
  ]);
  return {
    timeZone,
    weeklyHours,
    overrides: overrides.map((o): DateOverride => ({ date: o.date, intervals: o.intervals })),
    timeOff: timeOff.map((t) => ({
      id: t.id,
      start: t.start.toISOString(),
      end: t.end.toISOString(),
      reason: t.reason,
    })),
  };
}

/** Runs a change to the actor's availability with its audit event, then reads it back. */
async function changeAvailability(
  db: Db,
  actor: Actor,
  action: string,
  change: (trx: Db) => Promise<AuditDetails | undefined>,
  now: Date,
): Promise<Availability> {
  await assertCanManagePractice(db, actor);
  await inTransaction(db, async (trx) => {
    const details = await change(trx);
    await audit(trx, actor, action, { type: 'availability', id: actor.id }, details);
  });
  return readAvailability(db, actor.id, now);
}

export function setPracticeWeeklyHours(
  db: Db,
  actor: Actor,
  weeklyHours: WeeklyHours[],
  now = new Date(),
): Promise<Availability> {
  return changeAvailability(
    db,
    actor,
    'practice.availability.weekly-hours',
    async (trx) => {
      await replaceWeeklyHours(trx, actor.id, weeklyHours);
      return { intervals: weeklyHours.length };
    },
    now,
  );
}

export function setDateOverride(
  db: Db,
  actor: Actor,
  date: string,
  intervals: { start: string; end: string }[],
  now = new Date(),
): Promise<Availability> {
  return changeAvailability(
    db,
    actor,
    'practice.availability.override.set',
    async (trx) => {
      await practiceRepo.upsertOverride(trx, actor.id, date, intervals);
      return { date, intervals: intervals.length };
    },
    now,
  );
}

/** Goes back to the weekly hours on `date` (nothing to remove is fine: the result is the same). */
export function deleteDateOverride(
  db: Db,
  actor: Actor,
  date: string,
  now = new Date(),
): Promise<Availability> {
  return changeAvailability(
    db,
    actor,
    'practice.availability.override.delete',
    async (trx) => {
      const deleted = await practiceRepo.deleteOverride(trx, actor.id, date);
      return { date, deleted };
    },
    now,
  );
}

export function addTimeOff(
  db: Db,
  actor: Actor,
  input: TimeOffInput,
  now = new Date(),
): Promise<Availability> {
  const t: z.output<typeof TimeOffInputSchema> = TimeOffInputSchema.parse(input);
  return changeAvailability(
    db,
    actor,
    'practice.availability.time-off.add',
    async (trx) => {
      const id = await practiceRepo.insertTimeOff(trx, actor.id, {
        start: new Date(t.start),
        end: new Date(t.end),
        reason: t.reason || null,
      });
      return { timeOffId: id };
    },
    now,
  );
}

/** 404 for time off that is not the actor's. */
export function deleteTimeOff(
  db: Db,
  actor: Actor,
  timeOffId: string,
  now = new Date(),
): Promise<Availability> {
  return changeAvailability(
    db,
    actor,
    'practice.availability.time-off.delete',
    async (trx) => {
      if (!(await practiceRepo.deleteTimeOff(trx, actor.id, timeOffId))) {
        throw notFound('You have no time off with this id.');
      }
      return { timeOffId };
    },
    now,
  );
}

// ---------------------------------------------------------------------------------------------
// Patients

/**
 * The people with a booked or past (checked in, completed, no-show) appointment with the actor,
 * by name: their last visit, next appointment and number of appointments. Audited as one read.
 */
export async function listPracticePatients(
  db: Db,
  actor: Actor,
  now = new Date(),
): Promise<PracticePatient[]> {
  await assertCanManagePractice(db, actor);
  const rows = await practiceRepo.patients(db, actor.id, now);
  await audit(
    db,
    actor,
    'practice.patients.list',
    { type: 'provider', id: actor.id },
    {
      count: rows.length,
    },
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lastVisit: r.last_visit?.toISOString() ?? null,
    nextAppointment: r.next_appointment?.toISOString() ?? null,
    appointmentCount: r.appointment_count,
  }));
}
