import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MedicationSchedule } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { ManualClock } from '../platform/clock.ts';
import type { ProblemBody } from '../records/records-test-kit.ts';
import { planAllSchedules } from './dose-jobs.ts';
import { medicationsTestKit } from './medications-test-kit.ts';

/** Schedules over HTTP: validation, access, planning in the patient's zone across DST. */

const clock = new ManualClock('2026-03-07T10:00:00Z');
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ clock });
});
afterAll(async () => {
  await app.close();
});

const kit = medicationsTestKit(() => app);
const { api, patient, caregiverOf, medication, schedule, dosesOf } = kit;

describe('medication schedules', () => {
  it('needs a signed-in person (401 before 400)', async () => {
    expect((await api(undefined, 'GET', '/medications/schedules')).status).toBe(401);
    expect((await api(undefined, 'POST', '/medications/schedules', { body: {} })).status).toBe(401);
  });

  it('names the bad field: a time that is not HH:MM is 400 on body.times.0', async () => {
    clock.set('2026-03-07T10:00:00Z');
    const maria = await patient();
    const med = await medication(maria);
    const res = await api<ProblemBody>(maria, 'POST', '/medications/schedules', {
      body: {
        medication: { resourceType: med.resourceType, id: med.id },
        times: ['8am'],
        daysOfWeek: [],
        startDate: '2026-03-01',
        endDate: '2026-02-01',
        missedAfterMinutes: 60,
        notifyCaregivers: true,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.path)).toContain('body.times.0');
  });

  it("refuses another patient's medication without revealing it (400 on body.medication.id)", async () => {
    const maria = await patient();
    const other = await patient('Olga Other');
    const hers = await medication(other, 'Lisinopril 10 mg');
    const res = await api<ProblemBody>(maria, 'POST', '/medications/schedules', {
      body: {
        medication: { resourceType: hers.resourceType, id: hers.id },
        times: ['08:00'],
        daysOfWeek: [],
        startDate: '2026-03-01',
        endDate: null,
        missedAfterMinutes: 60,
        notifyCaregivers: true,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.path)).toEqual(['body.medication.id']);
    expect(JSON.stringify(res.body)).not.toContain('Lisinopril');
  });

  it('plans the next 48 h in the patient’s zone across spring-forward, with the title from the record', async () => {
    clock.set('2026-03-07T10:00:00Z'); // 05:00 EST; clocks spring forward on 8 March
    const maria = await patient();
    const med = await medication(maria);
    const created = await schedule(maria, med);
    expect(created.medication.title).toBe('Metformin 500 mg');
    expect(created.timeZone).toBe('America/New_York');
    expect(created.nextDoseAt).toBe('2026-03-07T13:00:00.000Z');
    const doses = await dosesOf(created.id);
    expect(doses.map((d) => d.scheduled_at.toISOString())).toEqual([
      '2026-03-07T13:00:00.000Z', // 08:00 EST
      '2026-03-08T01:00:00.000Z', // 20:00 EST
      '2026-03-08T12:00:00.000Z', // 08:00 EDT
      '2026-03-09T00:00:00.000Z', // 20:00 EDT
    ]);
    // The name of the medicine is nowhere in the schedule's row.
    const row = await app.database.db
      .selectFrom('medication_schedules')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('Metformin');

    const listed = await api<{ schedules: MedicationSchedule[] }>(
      maria,
      'GET',
      '/medications/schedules',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.schedules.map((s) => s.id)).toEqual([created.id]);
  });

  it('plans ahead again as time goes on, never twice (the medications.plan job)', async () => {
    clock.set('2026-03-07T10:00:00Z');
    const maria = await patient();
    const created = await schedule(maria, await medication(maria), { times: ['08:00'] });
    expect(await dosesOf(created.id)).toHaveLength(2);
    await planAllSchedules(app.deps);
    await planAllSchedules(app.deps);
    expect(await dosesOf(created.id)).toHaveLength(2);
    clock.set('2026-03-09T10:00:00Z');
    await Promise.all([planAllSchedules(app.deps), planAllSchedules(app.deps)]);
    expect((await dosesOf(created.id)).map((d) => d.scheduled_at.toISOString())).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
  });

  it('re-plans future unanswered doses when the times change, keeping answered ones', async () => {
    clock.set('2026-03-07T10:00:00Z');
    const maria = await patient();
    const created = await schedule(maria, await medication(maria), { times: ['08:00'] });
    clock.set('2026-03-07T14:00:00Z');
    const [first] = await dosesOf(created.id);
    const answered = await api(maria, 'POST', `/medications/doses/${first!.id}/answer`, {
      body: { answer: 'taken' },
    });
    expect(answered.status).toBe(200);
    const res = await api<MedicationSchedule>(
      maria,
      'PATCH',
      `/medications/schedules/${created.id}`,
      {
        body: { times: ['09:30'] },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.times).toEqual(['09:30']);
    const doses = await dosesOf(created.id);
    expect(doses.map((d) => [d.scheduled_at.toISOString(), d.status])).toEqual([
      ['2026-03-07T13:00:00.000Z', 'taken'],
      ['2026-03-07T14:30:00.000Z', 'pending'], // 09:30 EST, still to come today
      ['2026-03-08T13:30:00.000Z', 'pending'], // 09:30 EDT
      ['2026-03-09T13:30:00.000Z', 'pending'],
    ]);
    const bad = await api<ProblemBody>(maria, 'PATCH', `/medications/schedules/${created.id}`, {
      body: { endDate: '2020-01-01' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['body.endDate']);
  });

  it('lets caregivers read with medications:read, plan with medications:manage, strangers nothing', async () => {
    clock.set('2026-03-07T10:00:00Z');
    const maria = await patient();
    const med = await medication(maria);
    const reader = await caregiverOf(maria, ['medications:read'], 'Rita Reader');
    const manager = await caregiverOf(maria, ['medications:manage'], 'Manny Manager');
    const stranger = await patient('Sam Stranger');
    const body = {
      medication: { resourceType: med.resourceType, id: med.id },
      times: ['07:15'],
      daysOfWeek: [1, 3, 5],
      startDate: '2026-03-01',
      endDate: null,
      missedAfterMinutes: 30,
      notifyCaregivers: true,
    };
    const q = `?patientId=${maria.account.id}`;
    const byManager = await api<MedicationSchedule>(manager, 'POST', `/medications/schedules${q}`, {
      body,
    });
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(201);
    const viaHeader = await api<MedicationSchedule>(manager, 'POST', '/medications/schedules', {
      body,
      actingFor: maria.account.id,
    });
    expect(viaHeader.status).toBe(201);
    expect(viaHeader.body.patientId).toBe(maria.account.id);

    expect((await api(reader, 'POST', `/medications/schedules${q}`, { body })).status).toBe(403);
    const read = await api<{ schedules: MedicationSchedule[] }>(
      reader,
      'GET',
      `/medications/schedules${q}`,
    );
    expect(read.status).toBe(200);
    expect(read.body.schedules).toHaveLength(2);
    expect(
      (await api(reader, 'DELETE', `/medications/schedules/${byManager.body.id}`)).status,
    ).toBe(403);

    expect((await api(stranger, 'GET', `/medications/schedules${q}`)).status).toBe(404);
    expect(
      (
        await api(stranger, 'PATCH', `/medications/schedules/${byManager.body.id}`, {
          body: { active: false },
        })
      ).status,
    ).toBe(404);

    // Every write is audited with ids only.
    const audit = await app.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'details'])
      .where('patient_id', '=', maria.account.id)
      .where('action', '=', 'medications.schedule.create')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actor_id === manager.account.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Metformin');
  });

  it('deletes a schedule: future doses go, the answered ones stay for the log', async () => {
    clock.set('2026-03-07T10:00:00Z');
    const maria = await patient();
    const created = await schedule(maria, await medication(maria));
    clock.set('2026-03-07T13:30:00Z');
    const [first] = await dosesOf(created.id);
    await api(maria, 'POST', `/medications/doses/${first!.id}/answer`, {
      body: { answer: 'skipped' },
    });
    expect((await api(maria, 'DELETE', `/medications/schedules/${created.id}`)).status).toBe(204);
    const doses = await dosesOf(created.id);
    expect(doses.map((d) => d.status)).toEqual(['skipped']);
    const listed = await api<{ schedules: MedicationSchedule[] }>(
      maria,
      'GET',
      '/medications/schedules',
    );
    expect(listed.body.schedules).toEqual([]);
    expect((await api(maria, 'DELETE', `/medications/schedules/${created.id}`)).status).toBe(404);
  });
});
