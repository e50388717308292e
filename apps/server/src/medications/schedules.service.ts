import type {
  MedicationSchedule,
  NewMedicationSchedule,
  UpdateMedicationSchedule,
} from '@carecircle/core';
import { recordAuditAs } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction } from '../platform/db.ts';
import { notFound, validationFailed } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import type { StoreContext } from '../records/record-store.ts';
import { safeTimeZone } from '@carecircle/core';
import { dosesRepo } from './doses.repo.ts';
import { planSchedule, scheduleWakeUp } from './doses.service.ts';
import {
  medicationAccess,
  medicationAccessTo,
  medicationFacts,
  UNKNOWN_MEDICATION,
  type MedicationFacts,
  type MedicationTarget,
} from './medication-access.ts';
import { schedulesRepo, type ScheduleWithZone } from './schedules.repo.ts';

/**
 * Medication schedules: when to take one of the medications in the patient's record, in the
 * patient's time zone. Creating or changing one (re)plans its doses in the same transaction;
 * deleting stops them and keeps the adherence log. Every write is audited with ids only: the
 * medicine's name stays in the encrypted record.
 */

type Deps = Pick<AppDeps, 'config' | 'database' | 'clock' | 'jobs' | 'realtime'>;

function present(
  s: ScheduleWithZone,
  facts: MedicationFacts,
  nextDoseAt: Date | undefined,
): MedicationSchedule {
  return {
    id: s.id,
    patientId: s.patient_id,
    medication: {
      resourceType: s.medication_type,
      id: s.medication_id,
      title: facts.title,
      details: facts.details,
    },
    times: s.times,
    daysOfWeek: s.days_of_week,
    startDate: s.start_date,
    endDate: s.end_date,
    missedAfterMinutes: s.missed_after_minutes,
    notifyCaregivers: s.notify_caregivers,
    timeZone: safeTimeZone(s.time_zone),
    active: s.active,
    nextDoseAt: nextDoseAt?.toISOString() ?? null,
    createdAt: s.created_at.toISOString(),
  };
}

async function presentAll(
  deps: Deps,
  store: StoreContext,
  schedules: ScheduleWithZone[],
): Promise<MedicationSchedule[]> {
  const next = await dosesRepo.nextDoseAt(
    deps.database.db,
    schedules.map((s) => s.id),
    deps.clock.now(),
  );
  const cache = new Map<string, MedicationFacts | undefined>();
  const out: MedicationSchedule[] = [];
  for (const s of schedules) {
    const facts = (await medicationFacts(store, s.patient_id, s, cache)) ?? UNKNOWN_MEDICATION;
    out.push(present(s, facts, next.get(s.id)));
  }
  return out;
}

export async function listSchedules(
  deps: Deps,
  store: StoreContext,
  actor: Actor,
  target: MedicationTarget,
): Promise<{ schedules: MedicationSchedule[] }> {
  const { db } = deps.database;
  const access = await medicationAccess(db, actor, target, 'read');
  const rows = await schedulesRepo.listForPatient(db, { patientId: access.as.patientId });
  await recordAuditAs(db, access.as, {
    action: 'medications.schedules.read',
    outcome: 'success',
    subjectType: 'MedicationSchedules',
    details: { count: rows.length },
  });
  return { schedules: await presentAll(deps, store, rows) };
}

export async function createSchedule(
  deps: Deps,
  store: StoreContext,
  actor: Actor,
  target: MedicationTarget,
  input: NewMedicationSchedule,
): Promise<MedicationSchedule> {
  const { db } = deps.database;
  const access = await medicationAccess(db, actor, target, 'manage');
  const patientId = access.as.patientId;
  const ref = {
    medication_type: input.medication.resourceType,
    medication_id: input.medication.id,
  };
  const facts = await medicationFacts(store, patientId, ref, undefined, { includeDeleted: false });
  if (!facts) {
    // Another patient's medication, or none: the same answer (existence is not revealed).
    throw validationFailed([
      {
        path: 'body.medication.id',
        message: 'Choose one of the medications in this record',
        code: 'custom',
      },
    ]);
  }
  const now = deps.clock.now();
  const id = await inTransaction(db, async (trx) => {
    const scheduleId = await schedulesRepo.insert(trx, {
      patientId,
      medicationType: input.medication.resourceType,
      medicationId: input.medication.id,
      times: input.times,
      daysOfWeek: input.daysOfWeek,
      startDate: input.startDate,
      endDate: input.endDate,
      missedAfterMinutes: input.missedAfterMinutes,
      notifyCaregivers: input.notifyCaregivers,
      createdBy: actor.id,
    });
    const schedule = (await schedulesRepo.find(trx, scheduleId))!;
    await planSchedule(trx, schedule, now);
    await scheduleWakeUp(deps, trx, patientId, now);
    await recordAuditAs(trx, access.as, {
      action: 'medications.schedule.create',
      outcome: 'success',
      subjectType: 'MedicationSchedule',
      subjectId: scheduleId,
      details: { medicationType: input.medication.resourceType, medicationId: input.medication.id },
    });
    return scheduleId;
  });
  const schedule = (await schedulesRepo.find(db, id))!;
  return (await presentAll(deps, store, [schedule]))[0]!;
}

/** Whether a change moves when doses fall (then future unanswered doses are re-planned). */
const RESHAPES: readonly (keyof UpdateMedicationSchedule)[] = [
  'times',
  'daysOfWeek',
  'startDate',
  'endDate',
  'active',
];

export async function updateSchedule(
  deps: Deps,
  store: StoreContext,
  actor: Actor,
  scheduleId: string,
  changes: UpdateMedicationSchedule,
): Promise<MedicationSchedule> {
  const { db } = deps.database;
  const existing = await schedulesRepo.find(db, scheduleId);
  if (!existing) throw notFound();
  const access = await medicationAccessTo(db, actor, existing.patient_id, 'manage');
  const now = deps.clock.now();
  await inTransaction(db, async (trx) => {
    const current = await schedulesRepo.find(trx, scheduleId, { forUpdate: true });
    if (!current) throw notFound();
    const startDate = changes.startDate ?? current.start_date;
    const endDate = changes.endDate !== undefined ? changes.endDate : current.end_date;
    if (endDate && endDate < startDate) {
      throw validationFailed([
        { path: 'body.endDate', message: 'Must be on or after the start date', code: 'custom' },
      ]);
    }
    await schedulesRepo.update(trx, scheduleId, changes, now);
    if (RESHAPES.some((k) => changes[k] !== undefined)) {
      await dosesRepo.deleteFuturePending(trx, scheduleId, now);
      const updated = (await schedulesRepo.find(trx, scheduleId))!;
      await planSchedule(trx, updated, now);
      await scheduleWakeUp(deps, trx, current.patient_id, now);
    }
    await recordAuditAs(trx, access.as, {
      action: 'medications.schedule.update',
      outcome: 'success',
      subjectType: 'MedicationSchedule',
      subjectId: scheduleId,
      details: { fields: Object.keys(changes).sort().join(',') },
    });
  });
  const schedule = (await schedulesRepo.find(db, scheduleId))!;
  return (await presentAll(deps, store, [schedule]))[0]!;
}

export async function deleteSchedule(deps: Deps, actor: Actor, scheduleId: string): Promise<void> {
  const { db } = deps.database;
  const existing = await schedulesRepo.find(db, scheduleId);
  if (!existing) throw notFound();
  const access = await medicationAccessTo(db, actor, existing.patient_id, 'manage');
  const now = deps.clock.now();
  await inTransaction(db, async (trx) => {
    await dosesRepo.deleteFuturePending(trx, scheduleId, now);
    await schedulesRepo.softDelete(trx, scheduleId, now);
    await recordAuditAs(trx, access.as, {
      action: 'medications.schedule.delete',
      outcome: 'success',
      subjectType: 'MedicationSchedule',
      subjectId: scheduleId,
    });
  });
}
