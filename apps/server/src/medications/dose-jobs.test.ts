import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MedicationDose, NotificationList } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { openSecret } from '../notifications/notify.ts';
import { ManualClock } from '../platform/clock.ts';
import { runDueDoses } from './dose-jobs.ts';
import { medicationsTestKit } from './medications-test-kit.ts';

/** Reminders, snoozes, answers and missed-dose escalation, on the app's controllable clock. */

const clock = new ManualClock('2026-01-15T12:00:00Z');
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ clock });
});
afterAll(async () => {
  await app.close();
});

const kit = medicationsTestKit(() => app);
const { api, patient, caregiverOf, medication, schedule, dosesOf, notificationsOf } = kit;
const run = () => runDueDoses(app.deps);

const doseEvents = (accountId: string) =>
  app.database.db
    .selectFrom('realtime_events')
    .select(['type', 'data'])
    .where('account_id', '=', accountId)
    .where('type', '=', 'medication.dose-updated')
    .orderBy('id')
    .execute();

describe('medication reminders', () => {
  it('reminds the patient at the dose’s time, not before, once; the name is sealed', async () => {
    clock.set('2026-01-15T12:00:00Z'); // 07:00 in New York
    const maria = await patient();
    const s = await schedule(maria, await medication(maria));
    const [first] = await dosesOf(s.id);
    expect(first!.scheduled_at.toISOString()).toBe('2026-01-15T13:00:00.000Z');

    clock.set('2026-01-15T12:59:00Z');
    await run();
    expect(await notificationsOf(maria.account.id)).toEqual([]);

    clock.set('2026-01-15T13:00:00Z');
    await run();
    await run();
    const sent = await notificationsOf(maria.account.id);
    expect(sent.map((n) => [n.kind, n.dedupe_key, n.urgent])).toEqual([
      ['medication.due', `dose:${first!.id}:due`, false],
    ]);
    expect(sent[0]!.params).toMatchObject({
      doseId: first!.id,
      scheduledAt: '2026-01-15T13:00:00.000Z',
    });
    expect(JSON.stringify(sent[0]!.params)).not.toContain('Metformin');
    expect(
      await openSecret(app.deps, app.database.db, {
        id: sent[0]!.id,
        patient_id: sent[0]!.patient_id,
        sealed: sent[0]!.sealed,
      }),
    ).toEqual({ medication: 'Metformin 500 mg' });

    const list = await api<{ doses: MedicationDose[] }>(
      maria,
      'GET',
      '/medications/doses?from=2026-01-15T05:00:00Z&to=2026-01-16T05:00:00Z',
    );
    expect(list.status).toBe(200);
    expect(list.body.doses.map((d) => [d.medicationTitle, d.status])).toEqual([
      ['Metformin 500 mg', 'due'],
      ['Metformin 500 mg', 'upcoming'],
    ]);

    const actionsInCentre = async () =>
      (await api<NotificationList>(maria, 'GET', '/notifications')).body.items[0]!.actions.map(
        (a) => a.id,
      );
    expect(await actionsInCentre()).toEqual(['dose:taken', 'dose:skipped', 'dose:snoozed', 'open']);
    const taken = await api<MedicationDose>(
      maria,
      'POST',
      `/medications/doses/${first!.id}/answer`,
      {
        body: { answer: 'taken' },
      },
    );
    // Answered: the reminder in the centre offers no answers any more (on any device).
    expect(await actionsInCentre()).toEqual(['open']);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({
      status: 'taken',
      answeredAt: '2026-01-15T13:00:00.000Z',
      answeredBy: { id: maria.account.id, name: 'Maria Medicines' },
    });
    expect(await doseEvents(maria.account.id)).toContainEqual({
      type: 'medication.dose-updated',
      data: { doseId: first!.id, status: 'taken' },
    });
    // Answered: never missed.
    clock.set('2026-01-15T15:00:00Z');
    await run();
    expect((await notificationsOf(maria.account.id)).map((n) => n.kind)).toEqual([
      'medication.due',
    ]);
  });

  it('moves the planned doses when the patient moves to another time zone', async () => {
    clock.set('2026-01-15T12:00:00Z'); // 07:00 in New York
    const maria = await patient();
    const s = await schedule(maria, await medication(maria), { times: ['08:00'] });
    expect((await dosesOf(s.id)).map((d) => d.scheduled_at.toISOString())).toEqual([
      '2026-01-15T13:00:00.000Z', // 08:00 New York
      '2026-01-16T13:00:00.000Z',
    ]);
    const moved = await api(maria, 'PATCH', '/me', { body: { timeZone: 'Europe/Madrid' } });
    expect(moved.status).toBe(200);
    // 08:00 in Madrid is 07:00Z; today's has passed there, so tomorrow's and the day after's.
    expect((await dosesOf(s.id)).map((d) => d.scheduled_at.toISOString())).toEqual([
      '2026-01-16T07:00:00.000Z',
      '2026-01-17T07:00:00.000Z',
    ]);
  });

  it('reminds again when a snooze ends, then counts the dose missed an hour later', async () => {
    clock.set('2026-01-15T12:00:00Z');
    const maria = await patient();
    const s = await schedule(maria, await medication(maria), { times: ['08:00'] });
    const [dose] = await dosesOf(s.id);
    clock.set('2026-01-15T13:00:00Z');
    await run();
    const snoozed = await api<MedicationDose>(
      maria,
      'POST',
      `/medications/doses/${dose!.id}/answer`,
      {
        body: { answer: 'snoozed', snoozeMinutes: 15 },
      },
    );
    expect(snoozed.body).toMatchObject({
      status: 'snoozed',
      snoozedUntil: '2026-01-15T13:15:00.000Z',
    });
    clock.set('2026-01-15T13:14:00Z');
    await run();
    expect(await notificationsOf(maria.account.id)).toHaveLength(1);
    clock.set('2026-01-15T13:15:00Z');
    await run();
    await run();
    expect((await notificationsOf(maria.account.id)).map((n) => n.dedupe_key)).toEqual([
      `dose:${dose!.id}:due`,
      `dose:${dose!.id}:snooze:1`,
    ]);
    clock.set('2026-01-15T14:14:00Z');
    await run();
    expect((await dosesOf(s.id))[0]!.status).toBe('pending');
    clock.set('2026-01-15T14:15:00Z');
    await run();
    expect((await dosesOf(s.id))[0]!.status).toBe('missed');
  });

  it('escalates a missed dose once, to the patient and caregivers allowed medications:read', async () => {
    clock.set('2026-01-15T12:00:00Z');
    const maria = await patient();
    const reader = await caregiverOf(maria, ['medications:read'], 'Rita Reader');
    const manager = await caregiverOf(maria, ['medications:manage'], 'Manny Manager');
    const outsider = await caregiverOf(maria, ['appointments:read'], 'Otto Appointments');
    const s = await schedule(maria, await medication(maria), { times: ['08:00'] });
    const [dose] = await dosesOf(s.id);

    clock.set('2026-01-15T13:59:00Z');
    await run();
    expect((await dosesOf(s.id))[0]!.status).toBe('pending');

    clock.set('2026-01-15T14:00:00Z');
    const reports = await Promise.all([run(), run(), run()]);
    await run();
    // The app's own worker may have taken it first: together, at most one run escalated it.
    expect(reports.reduce((n, r) => n + r.missed, 0)).toBeLessThanOrEqual(1);
    const after = (await dosesOf(s.id))[0]!;
    expect(after.status).toBe('missed');
    expect(after.escalated_at?.toISOString()).toBe('2026-01-15T14:00:00.000Z');

    const missedOf = async (id: string) =>
      (await notificationsOf(id)).filter((n) => n.kind === 'medication.missed');
    const toPatient = await missedOf(maria.account.id);
    expect(toPatient.map((n) => [n.dedupe_key, n.urgent])).toEqual([
      [`dose:${dose!.id}:missed`, true],
    ]);
    expect(await missedOf(reader.account.id)).toHaveLength(1);
    expect(await missedOf(manager.account.id)).toHaveLength(1);
    expect(await missedOf(outsider.account.id)).toHaveLength(0);
    expect((await missedOf(reader.account.id))[0]!.params).toMatchObject({
      doseId: dose!.id,
      patientName: 'Maria Medicines',
    });
    expect(await doseEvents(reader.account.id)).toContainEqual({
      type: 'medication.dose-updated',
      data: { doseId: dose!.id, status: 'missed' },
    });
    expect(await doseEvents(outsider.account.id)).toEqual([]);

    // A reader may see the dose but not answer it; a stranger does not see it at all.
    const stranger = await patient('Sam Stranger');
    const url = `/medications/doses/${dose!.id}/answer`;
    expect((await api(reader, 'POST', url, { body: { answer: 'taken' } })).status).toBe(403);
    expect((await api(stranger, 'POST', url, { body: { answer: 'taken' } })).status).toBe(404);
    // Missed can still be marked taken late, by a caregiver allowed to manage; it stays escalated.
    expect((await api(manager, 'POST', url, { body: { answer: 'skipped' } })).status).toBe(409);
    const late = await api<MedicationDose>(manager, 'POST', url, { body: { answer: 'taken' } });
    expect(late.status).toBe(200);
    expect(late.body.answeredBy?.name).toBe('Manny Manager');
    const final = (await dosesOf(s.id))[0]!;
    expect(final.status).toBe('taken');
    expect(final.escalated_at).not.toBeNull();
  });

  it('does not tell caregivers when the schedule says not to', async () => {
    clock.set('2026-01-15T12:00:00Z');
    const maria = await patient();
    const reader = await caregiverOf(maria, ['medications:read']);
    await schedule(maria, await medication(maria), { times: ['08:00'], notifyCaregivers: false });
    clock.set('2026-01-15T14:00:00Z');
    await run();
    expect((await notificationsOf(maria.account.id)).map((n) => n.kind)).toContain(
      'medication.missed',
    );
    expect(await notificationsOf(reader.account.id)).toEqual([]);
  });

  it('is run by the medications.remind job of the queue', async () => {
    clock.set('2026-01-15T12:00:00Z');
    const maria = await patient();
    const s = await schedule(maria, await medication(maria), { times: ['08:00'] });
    clock.set('2026-01-15T13:01:00Z');
    await app.deps.jobs.send('medications.remind', {});
    const deadline = Date.now() + 10_000;
    while ((await notificationsOf(maria.account.id)).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [first] = await dosesOf(s.id);
    expect((await notificationsOf(maria.account.id)).map((n) => n.dedupe_key)).toEqual([
      `dose:${first!.id}:due`,
    ]);
  });

  it('reminds and escalates nothing for a paused schedule', async () => {
    clock.set('2026-01-15T12:00:00Z');
    const maria = await patient();
    const s = await schedule(maria, await medication(maria), { times: ['08:00'] });
    clock.set('2026-01-15T12:30:00Z');
    const paused = await api(maria, 'PATCH', `/medications/schedules/${s.id}`, {
      body: { active: false },
    });
    expect(paused.status).toBe(200);
    expect(await dosesOf(s.id)).toEqual([]);
    clock.set('2026-01-15T14:00:00Z');
    await run();
    expect(await notificationsOf(maria.account.id)).toEqual([]);
  });

  it('refuses a dose range over 31 days, naming query.to', async () => {
    const maria = await patient();
    const res = await api<{ errors: { path: string }[] }>(
      maria,
      'GET',
      '/medications/doses?from=2026-01-01T00:00:00Z&to=2026-02-05T00:00:00Z',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.path)).toEqual(['query.to']);
  });
});
