import type { NotificationKind } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { defineJob } from '../platform/jobs.ts';
import {
  announceNotifications,
  createNotifications,
  type CreatedNotification,
  type NewNotification,
} from '../notifications/notify.ts';
import { keyringFor } from '../records/record-keys.ts';
import type { StoreContext } from '../records/record-store.ts';
import { caregiversAllowed, publishDoseUpdates } from './dose-notices.ts';
import { dosesRepo, type WorkDose } from './doses.repo.ts';
import { planSchedule, REMIND_JOB, scheduleWakeUp } from './doses.service.ts';
import { medicationFacts, UNKNOWN_MEDICATION, type MedicationFacts } from './medication-access.ts';
import { schedulesRepo } from './schedules.repo.ts';

/**
 * The medication reminder work, run by `medications.remind` (every minute, and woken at the
 * next due time) on whichever instance takes the job; each step locks its doses (`FOR UPDATE
 * SKIP LOCKED`) and changes them in the same transaction as the notifications it creates, so
 * a dose is reminded once and escalated once even when several runs overlap. Every time comes
 * from `deps.clock`.
 */

type Deps = Pick<AppDeps, 'config' | 'database' | 'clock' | 'jobs' | 'realtime'>;

export const PLAN_JOB = 'medications.plan';
const BATCH = 100;

export interface DueDosesReport {
  reminded: number;
  snoozeReminded: number;
  missed: number;
}

function notice(
  kind: NotificationKind,
  recipientId: string,
  dose: WorkDose,
  title: string,
  dedupeKey: string,
  urgent: boolean,
): NewNotification {
  return {
    recipientId,
    kind,
    patientId: dose.patient_id,
    params: {
      doseId: dose.id,
      scheduledAt: dose.scheduled_at.toISOString(),
      patientName: dose.patient_name,
    },
    secret: { medication: title },
    url: '/medications',
    urgent,
    dedupeKey,
  };
}

/** Locks a batch, changes it and creates its notifications in one transaction; then announces. */
async function step(
  deps: Deps,
  lock: (trx: Db) => Promise<WorkDose[]>,
  handle: (
    trx: Db,
    doses: WorkDose[],
    title: (d: WorkDose) => Promise<string>,
  ) => Promise<{ items: NewNotification[]; changed: WorkDose[] }>,
  status: string,
): Promise<number> {
  let total = 0;
  for (let round = 0; round < 50; round++) {
    const { created, changed, size } = await inTransaction(deps.database.db, async (trx) => {
      const doses = await lock(trx);
      const store: StoreContext = { db: trx, keyring: keyringFor(deps.config) };
      const cache = new Map<string, MedicationFacts | undefined>();
      const title = async (d: WorkDose) =>
        ((await medicationFacts(store, d.patient_id, d, cache)) ?? UNKNOWN_MEDICATION).title;
      const { items, changed } = await handle(trx, doses, title);
      const created: CreatedNotification[] = await createNotifications(deps, trx, items);
      return { created, changed, size: doses.length };
    });
    await announceNotifications(deps, created);
    const byPatient = new Map<string, string[]>();
    for (const d of changed) {
      byPatient.set(d.patient_id, [...(byPatient.get(d.patient_id) ?? []), d.id]);
    }
    for (const [patientId, ids] of byPatient) {
      await publishDoseUpdates(
        deps,
        patientId,
        ids.map((doseId) => ({ doseId, status })),
      );
    }
    total += changed.length;
    if (size < BATCH) break;
  }
  return total;
}

/**
 * Reminds due doses, reminds again after snoozes, and marks unanswered doses missed (telling
 * the patient and, when the schedule says so, caregivers allowed `medications:read`).
 */
export async function runDueDoses(deps: Deps): Promise<DueDosesReport> {
  const now = deps.clock.now();
  const reminded = await step(
    deps,
    (trx) => dosesRepo.lockDueForReminder(trx, now, BATCH),
    async (trx, doses, title) => {
      await dosesRepo.markReminded(
        trx,
        doses.map((d) => d.id),
        now,
      );
      const items: NewNotification[] = [];
      for (const d of doses) {
        items.push(
          notice('medication.due', d.patient_id, d, await title(d), `dose:${d.id}:due`, false),
        );
      }
      return { items, changed: doses };
    },
    'due',
  );
  const snoozeReminded = await step(
    deps,
    (trx) => dosesRepo.lockSnoozeEnded(trx, now, BATCH),
    async (trx, doses, title) => {
      await dosesRepo.endSnooze(
        trx,
        doses.map((d) => d.id),
        now,
      );
      const items: NewNotification[] = [];
      for (const d of doses) {
        const key = `dose:${d.id}:snooze:${d.snooze_count}`;
        items.push(notice('medication.due', d.patient_id, d, await title(d), key, false));
      }
      return { items, changed: doses };
    },
    'due',
  );
  const missed = await step(
    deps,
    (trx) => dosesRepo.lockMissed(trx, now, BATCH),
    async (trx, doses, title) => {
      const ids = new Set(
        await dosesRepo.markMissed(
          trx,
          doses.map((d) => d.id),
          now,
        ),
      );
      const changed = doses.filter((d) => ids.has(d.id));
      const caregivers = new Map<string, string[]>();
      const items: NewNotification[] = [];
      for (const d of changed) {
        const name = await title(d);
        const key = `dose:${d.id}:missed`;
        items.push(notice('medication.missed', d.patient_id, d, name, key, true));
        if (!d.notify_caregivers) continue;
        if (!caregivers.has(d.patient_id)) {
          caregivers.set(
            d.patient_id,
            await caregiversAllowed(trx, d.patient_id, 'medications:read'),
          );
        }
        for (const c of caregivers.get(d.patient_id)!) {
          items.push(notice('medication.missed', c, d, name, key, true));
        }
      }
      return { items, changed };
    },
    'missed',
  );
  return { reminded, snoozeReminded, missed };
}

/** Plans every active schedule's doses to the horizon and wakes the reminders for them. */
export async function planAllSchedules(deps: Deps): Promise<number> {
  const { db } = deps.database;
  const now = deps.clock.now();
  let planned = 0;
  const patients = new Set<string>();
  for (const schedule of await schedulesRepo.listActive(db)) {
    planned += await planSchedule(db, schedule, now);
    patients.add(schedule.patient_id);
  }
  for (const patientId of patients) await scheduleWakeUp(deps, db, patientId, now);
  return planned;
}

export const remindMedicationsJob = defineJob<object>({
  name: REMIND_JOB,
  cron: '* * * * *',
  queue: { retryLimit: 3 },
  concurrency: 1,
  async handler(deps) {
    await runDueDoses(deps);
  },
});

export const planMedicationsJob = defineJob<object>({
  name: PLAN_JOB,
  cron: '*/15 * * * *',
  queue: { policy: 'singleton', retryLimit: 3 },
  concurrency: 1,
  async handler(deps) {
    await planAllSchedules(deps);
  },
});

/** The medication jobs, for job-list.ts. */
export const medicationJobs = [remindMedicationsJob, planMedicationsJob];
