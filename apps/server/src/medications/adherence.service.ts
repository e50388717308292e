import type { Adherence } from '@carecircle/core';
import { recordAuditAs } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import type { Actor } from '../platform/request-context.ts';
import type { StoreContext } from '../records/record-store.ts';
import { accountZone } from './account-zone.ts';
import { addDays, localDateOf, localToInstant } from '@carecircle/core';
import { dosesRepo } from './doses.repo.ts';
import { titlesOf } from './doses.service.ts';
import {
  medicationAccess,
  UNKNOWN_MEDICATION,
  type MedicationTarget,
} from './medication-access.ts';

/**
 * The adherence log: doses per local day (the patient's zone) for the last `days` days, today
 * last, and the rate = taken ÷ doses whose time has passed (upcoming doses do not count).
 */
export async function getAdherence(
  deps: Pick<AppDeps, 'database' | 'clock'>,
  store: StoreContext,
  actor: Actor,
  target: MedicationTarget,
  days: number,
): Promise<Adherence> {
  const { db } = deps.database;
  const access = await medicationAccess(db, actor, target, 'read');
  const patientId = access.as.patientId;
  const zone = await accountZone(db, patientId);
  const now = deps.clock.now();
  const today = localDateOf(now, zone);
  const first = addDays(today, -(days - 1));
  const rows = await dosesRepo.listForPatient(db, {
    patientId,
    from: localToInstant(first, '00:00', zone),
    to: localToInstant(addDays(today, 1), '00:00', zone),
  });
  const byDay = new Map<string, Adherence['days'][number]>();
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    byDay.set(date, { date, scheduled: 0, taken: 0, skipped: 0, missed: 0 });
  }
  const perSchedule = new Map<string, { taken: number; due: number }>();
  let taken = 0;
  let due = 0;
  for (const d of rows) {
    const day = byDay.get(localDateOf(d.scheduled_at, zone));
    if (!day) continue;
    day.scheduled += 1;
    if (d.status === 'taken') day.taken += 1;
    if (d.status === 'skipped') day.skipped += 1;
    if (d.status === 'missed') day.missed += 1;
    const s = perSchedule.get(d.schedule_id) ?? { taken: 0, due: 0 };
    if (d.scheduled_at <= now) {
      due += 1;
      s.due += 1;
    }
    if (d.status === 'taken') {
      taken += 1;
      s.taken += 1;
    }
    perSchedule.set(d.schedule_id, s);
  }
  const titles = await titlesOf(store, patientId, rows);
  await recordAuditAs(db, access.as, {
    action: 'medications.adherence.read',
    outcome: 'success',
    subjectType: 'MedicationAdherence',
    details: { days },
  });
  const rate = (t: number, n: number) => (n === 0 ? null : Math.min(1, t / n));
  return {
    days: [...byDay.values()],
    rate: rate(taken, due),
    perSchedule: [...perSchedule].map(([scheduleId, s]) => ({
      scheduleId,
      medicationTitle: titles.get(scheduleId) ?? UNKNOWN_MEDICATION.title,
      taken: s.taken,
      due: s.due,
      rate: rate(s.taken, s.due),
    })),
  };
}
