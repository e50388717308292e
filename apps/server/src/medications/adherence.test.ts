import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adherence, MedicationDose } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { ManualClock } from '../platform/clock.ts';
import { dosesRepo } from './doses.repo.ts';
import { medicationsTestKit } from './medications-test-kit.ts';

/** The adherence log per local day in the patient's zone, and who may read it. */

const clock = new ManualClock('2026-02-10T15:00:00Z'); // 10:00 in New York
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ clock });
});
afterAll(async () => {
  await app.close();
});

const kit = medicationsTestKit(() => app);
const { api, patient, caregiverOf, medication, schedule } = kit;

async function setStatus(scheduleId: string, at: string, status: 'taken' | 'skipped' | 'missed') {
  await app.database.db
    .updateTable('medication_doses')
    .set({ status })
    .where('schedule_id', '=', scheduleId)
    .where('scheduled_at', '=', new Date(at))
    .execute();
}

describe('adherence', () => {
  it('counts doses per local day and the rate over doses whose time has passed', async () => {
    clock.set('2026-02-10T15:00:00Z');
    const maria = await patient();
    const s = await schedule(maria, await medication(maria), { startDate: '2026-02-01' });
    // The log of the last two days (planning only looks ahead): 08:00 and 20:00 New York time.
    await dosesRepo.insertPlanned(app.database.db, {
      scheduleId: s.id,
      patientId: maria.account.id,
      instants: ['2026-02-09T13:00:00Z', '2026-02-10T01:00:00Z', '2026-02-10T13:00:00Z'].map(
        (t) => new Date(t),
      ),
    });
    await setStatus(s.id, '2026-02-09T13:00:00Z', 'taken');
    await setStatus(s.id, '2026-02-10T01:00:00Z', 'skipped'); // 20:00 on the 9th, local
    await setStatus(s.id, '2026-02-10T13:00:00Z', 'missed');

    const res = await api<Adherence>(maria, 'GET', '/medications/adherence?days=7');
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(7);
    expect(res.body.days[0]!.date).toBe('2026-02-04');
    expect(res.body.days.slice(-2)).toEqual([
      { date: '2026-02-09', scheduled: 2, taken: 1, skipped: 1, missed: 0 },
      // Today: the 08:00 dose missed, the 20:00 one still to come.
      { date: '2026-02-10', scheduled: 2, taken: 0, skipped: 0, missed: 1 },
    ]);
    expect(res.body.rate).toBeCloseTo(1 / 3);
    expect(res.body.perSchedule).toEqual([
      {
        scheduleId: s.id,
        medicationTitle: 'Metformin 500 mg',
        taken: 1,
        due: 3,
        rate: expect.closeTo(1 / 3) as number,
      },
    ]);

    // Default 30 days; no doses at all gives no rate.
    const empty = await api<Adherence>(await patient('Nora None'), 'GET', '/medications/adherence');
    expect(empty.body.days).toHaveLength(30);
    expect(empty.body.rate).toBeNull();
    expect((await api(maria, 'GET', '/medications/adherence?days=3')).status).toBe(400);
  });

  it('lets a caregiver with medications:read see doses and adherence, others not', async () => {
    clock.set('2026-02-10T15:00:00Z');
    const maria = await patient();
    await schedule(maria, await medication(maria));
    const reader = await caregiverOf(maria, ['medications:read']);
    const outsider = await caregiverOf(maria, ['appointments:read']);
    const q = `patientId=${maria.account.id}`;
    const range = 'from=2026-02-10T05:00:00Z&to=2026-02-12T05:00:00Z';
    const doses = await api<{ doses: MedicationDose[] }>(
      reader,
      'GET',
      `/medications/doses?${q}&${range}`,
    );
    expect(doses.status).toBe(200);
    expect(doses.body.doses.map((d) => d.status)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    expect((await api(reader, 'GET', `/medications/adherence?${q}`)).status).toBe(200);
    expect((await api(outsider, 'GET', `/medications/adherence?${q}`)).status).toBe(404);
    expect((await api(outsider, 'GET', `/medications/doses?${q}&${range}`)).status).toBe(404);
  });
});
