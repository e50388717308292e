import type { DoseAnswer, DoseStatus, MedicationDose } from '@carecircle/core';
import { recordAuditAs } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { conflictOn, notFound, validationFailed } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import type { StoreContext } from '../records/record-store.ts';
import { plannedInstants } from './dose-planning.ts';
import { safeTimeZone } from '@carecircle/core';
import { dosesRepo, type DoseRow, type DoseWithAnswerer } from './doses.repo.ts';
import {
  medicationAccess,
  medicationAccessTo,
  medicationFacts,
  UNKNOWN_MEDICATION,
  type MedicationFacts,
  type MedicationTarget,
} from './medication-access.ts';
import { publishDoseUpdates } from './dose-notices.ts';
import { schedulesRepo, type ScheduleWithZone } from './schedules.repo.ts';

/**
 * Doses: planned ahead from the schedules, listed, answered (taken / skipped / snoozed). The
 * reminder and missed-dose work is in dose-jobs.ts. Times come from `deps.clock`.
 */

/** How far ahead doses are planned. */
export const PLAN_HORIZON_MS = 48 * 3_600_000;
/** The longest range one dose list covers. */
export const MAX_DOSE_RANGE_MS = 31 * 86_400_000;
export const DEFAULT_SNOOZE_MINUTES = 10;
export const REMIND_JOB = 'medications.remind';

type Deps = Pick<AppDeps, 'config' | 'database' | 'clock' | 'jobs' | 'realtime'>;

/** Plans the schedule's doses from `now` to the horizon (idempotent). Returns how many new. */
export async function planSchedule(db: Db, schedule: ScheduleWithZone, now: Date): Promise<number> {
  if (!schedule.active || schedule.deleted_at) return 0;
  const instants = plannedInstants(
    {
      times: schedule.times,
      daysOfWeek: schedule.days_of_week,
      startDate: schedule.start_date,
      endDate: schedule.end_date,
    },
    safeTimeZone(schedule.time_zone),
    now,
    new Date(now.getTime() + PLAN_HORIZON_MS),
  );
  return dosesRepo.insertPlanned(db, {
    scheduleId: schedule.id,
    patientId: schedule.patient_id,
    instants,
  });
}

/** Of these doses, those that no longer wait for an answer (taken, skipped or missed). */
export async function settledDoseIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  return new Set(ids.length === 0 ? [] : await dosesRepo.settledIds(db, ids));
}

/**
 * After the patient's time zone changed: future unanswered doses move to the new zone's clock
 * (08:00 stays 08:00 where they are now). Answered and past doses stay as they were.
 */
export async function replanPatientDoses(
  deps: Pick<AppDeps, 'jobs'>,
  db: Db,
  patientId: string,
  now: Date,
): Promise<void> {
  for (const schedule of await schedulesRepo.listForPatient(db, { patientId })) {
    await dosesRepo.deleteFuturePending(db, schedule.id, now);
    await planSchedule(db, schedule, now);
  }
  await scheduleWakeUp(deps, db, patientId, now);
}

/**
 * Wakes the reminder job when the patient's next dose (or snooze) is due, besides the
 * every-minute cron: one job per minute at most (singleton key), created in `db`'s transaction.
 */
export async function scheduleWakeUp(
  deps: Pick<AppDeps, 'jobs'>,
  db: Db,
  patientId: string,
  now: Date,
): Promise<void> {
  const next = await dosesRepo.nextWakeUp(db, patientId, now);
  if (!next) return;
  const minute = new Date(Math.ceil(next.getTime() / 60_000) * 60_000);
  await deps.jobs.send(
    REMIND_JOB,
    {},
    {
      db,
      startAfter: minute,
      singletonKey: `at:${minute.toISOString()}`,
      singletonSeconds: 60,
    },
  );
}

/** The contract's status: a pending dose is `upcoming` before its time and `due` after. */
export function doseStatus(dose: Pick<DoseRow, 'status' | 'scheduled_at'>, now: Date): DoseStatus {
  if (dose.status !== 'pending') return dose.status;
  return dose.scheduled_at.getTime() > now.getTime() ? 'upcoming' : 'due';
}

export function presentDose(dose: DoseWithAnswerer, title: string, now: Date): MedicationDose {
  return {
    id: dose.id,
    scheduleId: dose.schedule_id,
    medicationTitle: title,
    scheduledAt: dose.scheduled_at.toISOString(),
    status: doseStatus(dose, now),
    snoozedUntil: dose.snoozed_until?.toISOString() ?? null,
    answeredAt: dose.answered_at?.toISOString() ?? null,
    answeredBy:
      dose.answered_by && dose.answered_at
        ? { id: dose.answered_by, name: dose.answered_by_name ?? 'Unknown' }
        : null,
  };
}

/** Titles of the medicines of these doses' schedules (from the encrypted record). */
export async function titlesOf(
  store: StoreContext,
  patientId: string,
  doses: readonly Pick<DoseRow, 'schedule_id'>[],
): Promise<Map<string, string>> {
  const schedules = await schedulesRepo.byIds(
    store.db,
    doses.map((d) => d.schedule_id),
  );
  const cache = new Map<string, MedicationFacts | undefined>();
  const out = new Map<string, string>();
  for (const s of schedules) {
    const facts = (await medicationFacts(store, patientId, s, cache)) ?? UNKNOWN_MEDICATION;
    out.set(s.id, facts.title);
  }
  return out;
}

export async function listDoses(
  deps: Deps,
  store: StoreContext,
  actor: Actor,
  target: MedicationTarget,
  range: { from: string; to: string },
): Promise<{ doses: MedicationDose[] }> {
  const from = new Date(range.from);
  const to = new Date(range.to);
  if (to <= from) {
    throw validationFailed([{ path: 'query.to', message: 'Must be after from', code: 'custom' }]);
  }
  if (to.getTime() - from.getTime() > MAX_DOSE_RANGE_MS) {
    throw validationFailed([
      { path: 'query.to', message: 'At most 31 days after from', code: 'custom' },
    ]);
  }
  const { db } = deps.database;
  const access = await medicationAccess(db, actor, target, 'read');
  const patientId = access.as.patientId;
  const rows = await dosesRepo.listForPatient(db, { patientId, from, to });
  const titles = await titlesOf(store, patientId, rows);
  await recordAuditAs(db, access.as, {
    action: 'medications.doses.read',
    outcome: 'success',
    subjectType: 'MedicationDoses',
    details: { count: rows.length },
  });
  const now = deps.clock.now();
  return {
    doses: rows.map((d) =>
      presentDose(d, titles.get(d.schedule_id) ?? UNKNOWN_MEDICATION.title, now),
    ),
  };
}

/**
 * Taken, skipped or snoozed, by the patient or a caregiver with `medications:manage`. A missed
 * dose can still be marked taken late (it keeps its escalation). 404 for doses the actor may
 * not see.
 */
export async function answerDose(
  deps: Deps,
  store: StoreContext,
  actor: Actor,
  doseId: string,
  input: { answer: DoseAnswer; snoozeMinutes?: number },
): Promise<MedicationDose> {
  const { db } = deps.database;
  const existing = await dosesRepo.find(db, doseId);
  if (!existing) throw notFound();
  const access = await medicationAccessTo(db, actor, existing.patient_id, 'manage');
  const now = deps.clock.now();
  await inTransaction(db, async (trx) => {
    const dose = await dosesRepo.find(trx, doseId, { forUpdate: true });
    if (!dose) throw notFound();
    if (input.answer === 'snoozed') {
      if (dose.status !== 'pending' && dose.status !== 'snoozed') {
        throw conflictOn(
          'dose_answered',
          'body.answer',
          'This dose was already answered or missed; it cannot be snoozed.',
        );
      }
      const minutes = input.snoozeMinutes ?? DEFAULT_SNOOZE_MINUTES;
      const base = Math.max(now.getTime(), dose.scheduled_at.getTime());
      await dosesRepo.setAnswer(trx, dose.id, {
        status: 'snoozed',
        until: new Date(base + minutes * 60_000),
      });
    } else {
      if (dose.status === 'missed' && input.answer !== 'taken') {
        throw conflictOn(
          'dose_missed',
          'body.answer',
          'A missed dose can only be marked taken (late).',
        );
      }
      await dosesRepo.setAnswer(trx, dose.id, { status: input.answer, at: now, by: actor.id });
    }
    await recordAuditAs(trx, access.as, {
      action: 'medications.dose.answer',
      outcome: 'success',
      subjectType: 'MedicationDose',
      subjectId: dose.id,
      details: { answer: input.answer, scheduleId: dose.schedule_id },
    });
    if (input.answer === 'snoozed') await scheduleWakeUp(deps, trx, dose.patient_id, now);
  });
  const updated = await dosesRepo.withAnswerer(db, doseId);
  await publishDoseUpdates(deps, updated.patient_id, [
    { doseId: updated.id, status: doseStatus(updated, now) },
  ]);
  const titles = await titlesOf(store, updated.patient_id, [updated]);
  return presentDose(updated, titles.get(updated.schedule_id) ?? UNKNOWN_MEDICATION.title, now);
}
