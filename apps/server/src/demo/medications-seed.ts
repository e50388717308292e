import { findAccountByEmail } from '../identity/accounts.service.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { plannedInstants } from '../medications/dose-planning.ts';
import { addDays, localDateOf, safeTimeZone } from '@carecircle/core';
import { planSchedule } from '../medications/doses.service.ts';
import { dosesRepo } from '../medications/doses.repo.ts';
import { medicationFacts } from '../medications/medication-access.ts';
import { schedulesRepo } from '../medications/schedules.repo.ts';
import type { Keyring } from '../records/record-keys.ts';

/** Days of history behind Maria's metformin schedule, so the adherence chart has content. */
export const DEMO_MEDICATION_HISTORY_DAYS = 21;

/**
 * Maria's metformin twice a day (08:00 and 20:00, New York time) with three weeks of answers:
 * mostly taken, a few skipped, a few missed (escalated to Sofia). Needs Maria's record (the
 * MedicationRequest the records seed writes). Idempotent: nothing is added when Maria already
 * has a schedule.
 */
export async function seedDemoMedications(
  db: Db,
  logger: Logger,
  keyring: Keyring,
  now: Date = new Date(),
): Promise<void> {
  const maria = await findAccountByEmail(db, 'maria@example.org');
  const sofia = await findAccountByEmail(db, 'sofia@example.org');
  if (!maria) return;
  const existing = await db
    .selectFrom('medication_schedules')
    .select('id')
    .where('patient_id', '=', maria.id)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const requests = await db
    .selectFrom('fhir_resources')
    .select('id')
    .where('patient_id', '=', maria.id)
    .where('resource_type', '=', 'MedicationRequest')
    .where('deleted', '=', false)
    .execute();
  let metforminId: string | undefined;
  for (const { id } of requests) {
    const facts = await medicationFacts({ db, keyring }, maria.id, {
      medication_type: 'MedicationRequest',
      medication_id: id,
    });
    if (facts?.title.toLowerCase().includes('metformin')) metforminId = id;
  }
  if (!metforminId) return;
  const zone = safeTimeZone(maria.timeZone);
  const startDate = addDays(localDateOf(now, zone), -DEMO_MEDICATION_HISTORY_DAYS);
  const times = ['08:00', '20:00'];
  await inTransaction(db, async (trx) => {
    const scheduleId = await schedulesRepo.insert(trx, {
      patientId: maria.id,
      medicationType: 'MedicationRequest',
      medicationId: metforminId,
      times,
      daysOfWeek: [],
      startDate,
      endDate: null,
      missedAfterMinutes: 60,
      notifyCaregivers: true,
      createdBy: maria.id,
    });
    const past = plannedInstants(
      { times, daysOfWeek: [], startDate, endDate: null },
      zone,
      new Date(now.getTime() - (DEMO_MEDICATION_HISTORY_DAYS + 1) * 86_400_000),
      new Date(now.getTime() - 90 * 60_000),
    );
    await dosesRepo.insertPlanned(trx, { scheduleId, patientId: maria.id, instants: past });
    for (const [i, at] of past.entries()) {
      const missed = i % 13 === 5;
      const skipped = !missed && i % 9 === 7;
      const by = sofia && i % 6 === 1 ? sofia.id : maria.id;
      await trx
        .updateTable('medication_doses')
        .set(
          missed
            ? {
                status: 'missed',
                reminded_at: at,
                escalated_at: new Date(at.getTime() + 3_600_000),
              }
            : {
                status: skipped ? 'skipped' : 'taken',
                reminded_at: at,
                answered_at: new Date(at.getTime() + ((i * 7) % 25) * 60_000),
                answered_by: by,
              },
        )
        .where('schedule_id', '=', scheduleId)
        .where('scheduled_at', '=', at)
        .execute();
    }
    const schedule = (await schedulesRepo.find(trx, scheduleId))!;
    await planSchedule(trx, schedule, now);
  });
  logger.info('demo medication schedule added');
}
