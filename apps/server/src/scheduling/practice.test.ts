import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Account,
  AppointmentType,
  Availability,
  PracticePatient,
  Problem,
  ProviderSummary,
  SlotList,
} from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider, uniqueEmail } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { assertCan, can } from '../access/access.ts';
import { createAccount } from '../identity/accounts.service.ts';
import { HttpError } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { getAvailability } from './practice.service.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const DAY = 86_400_000;

interface Person {
  account: Account;
  token: string;
  actor: Actor;
}

async function asPerson(account: Account): Promise<Person> {
  return {
    account,
    token: await accessTokenFor(app, account.id),
    actor: { id: account.id, roles: account.roles, clientId: 'carecircle-web', scopes: [] },
  };
}

async function api<T = unknown>(
  who: Person | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}/api/v1/practice${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const provider = async () => asPerson(await buildProvider(app.database.db));

async function auditActions(actorId: string): Promise<string[]> {
  const rows = await app.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('actor_id', '=', actorId)
    .where('action', 'like', 'practice.%')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

const fieldsOf = (p: Problem) => p.errors?.map((e) => e.path);

describe('who may manage a practice', () => {
  it('answers 401 without sign-in and 403 to people who are not providers', async () => {
    expect((await api(undefined, 'GET', '/availability')).status).toBe(401);
    const patient = await asPerson(await buildPatient(app.database.db));
    const res = await api<Problem>(patient, 'GET', '/availability');
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('Only providers have a practice to manage.');
    // 401 comes before validation, 403 before anything is written.
    expect((await api(undefined, 'POST', '/appointment-types', {})).status).toBe(401);
    expect(
      (
        await api(patient, 'POST', '/appointment-types', {
          name: 'x',
          durationMinutes: 30,
          modality: 'video',
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a provider waiting for verification, with the reason', async () => {
    const pending = await asPerson(await buildProvider(app.database.db, { verified: false }));
    const refused = await getAvailability(app.database.db, pending.actor).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(403);
    expect((refused as HttpError).message).toContain('waiting for verification');
    expect(await can(app.database.db, pending.actor, 'practice:manage')).toBe(false);
    await expect(
      assertCan(app.database.db, pending.actor, 'practice:manage'),
    ).rejects.toMatchObject({ status: 403 });
    // Their token is not accepted at all while the account is pending.
    expect((await api(pending, 'GET', '/availability')).status).toBe(401);
  });

  it('lets a verified provider without a profile create it, and nothing else yet', async () => {
    const account = await createAccount(
      app.database.db,
      {
        email: uniqueEmail('newdoc'),
        password: 'correct horse battery staple',
        name: 'Dr. New Here',
        roles: ['provider'],
      },
      { verified: true },
    );
    const doc = await asPerson(account);
    expect((await api(doc, 'GET', '/profile')).status).toBe(404);
    const refused = await api<Problem>(doc, 'GET', '/availability');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('provider profile');
    const saved = await api<ProviderSummary>(doc, 'PUT', '/profile', {
      specialty: 'Geriatrics',
      languages: ['en', 'es'],
      modalities: ['in_person', 'phone'],
      location: { name: 'Oak Clinic', address: '5 Oak Street', timeZone: 'Europe/London' },
      bio: 'Care for older adults.',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      id: account.id,
      name: 'Dr. New Here',
      specialty: 'Geriatrics',
      languages: ['en', 'es'],
      modalities: ['in_person', 'phone'],
      location: { name: 'Oak Clinic', address: '5 Oak Street', timeZone: 'Europe/London' },
      bio: 'Care for older adults.',
    });
    expect((await api<ProviderSummary>(doc, 'GET', '/profile')).body).toEqual(saved.body);
    expect(await can(app.database.db, doc.actor, 'practice:manage')).toBe(true);
    expect((await api<Availability>(doc, 'GET', '/availability')).body.timeZone).toBe(
      'Europe/London',
    );
  });

  it('validates the profile', async () => {
    const doc = await provider();
    const res = await api<Problem>(doc, 'PUT', '/profile', {
      specialty: '',
      modalities: [],
      location: { name: 'X', address: 'Y', timeZone: 'Mars/Olympus' },
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(
      expect.arrayContaining(['body.specialty', 'body.modalities', 'body.location.timeZone']),
    );
  });
});

describe('appointment types', () => {
  it('creates with defaults, changes only the given fields, retires, and audits', async () => {
    const doc = await provider();
    expect((await api(doc, 'GET', '/appointment-types')).body).toEqual({ items: [] });
    const created = await api<AppointmentType>(doc, 'POST', '/appointment-types', {
      name: '  Knee follow-up ',
      durationMinutes: 30,
      bufferAfterMinutes: 10,
      modality: 'in_person',
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body).toEqual({
      id: created.body.id,
      name: 'Knee follow-up',
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      modality: 'in_person',
      minimumNoticeMinutes: 60,
      bookingHorizonDays: 90,
      active: true,
    });
    const id = created.body.id;
    const renamed = await api<AppointmentType>(doc, 'PATCH', `/appointment-types/${id}`, {
      name: 'Knee review',
    });
    expect(renamed.status).toBe(200);
    // A patch leaves the other fields (buffers, notice) as they were.
    expect(renamed.body).toEqual({ ...created.body, name: 'Knee review' });
    const retired = await api<AppointmentType>(doc, 'PATCH', `/appointment-types/${id}`, {
      active: false,
    });
    expect(retired.body.active).toBe(false);
    const video = await api<AppointmentType>(doc, 'POST', '/appointment-types', {
      name: 'Video check-in',
      durationMinutes: 20,
      modality: 'video',
    });
    // Active first, then by name; retired ones stay listed.
    expect(
      (await api<{ items: AppointmentType[] }>(doc, 'GET', '/appointment-types')).body.items.map(
        (t) => [t.name, t.active],
      ),
    ).toEqual([
      ['Video check-in', true],
      ['Knee review', false],
    ]);
    // A retired type is no longer offered.
    const slots = await fetch(
      `${app.url}/api/v1/providers/${doc.account.id}/slots?appointmentTypeId=${id}&from=${new Date().toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}`,
    );
    expect(slots.status).toBe(404);
    expect(video.status).toBe(201);
    expect(await auditActions(doc.account.id)).toEqual([
      'practice.appointment-type.create',
      'practice.appointment-type.update',
      'practice.appointment-type.retire',
      'practice.appointment-type.create',
    ]);
  });

  it('answers 404 for another provider’s type and 400 naming bad fields', async () => {
    const doc = await provider();
    const other = await provider();
    const theirs = await api<AppointmentType>(other, 'POST', '/appointment-types', {
      name: 'Theirs',
      durationMinutes: 30,
      modality: 'phone',
    });
    const res = await api(doc, 'PATCH', `/appointment-types/${theirs.body.id}`, { name: 'Mine' });
    expect(res.status).toBe(404);
    expect((await api(doc, 'PATCH', '/appointment-types/nope', { name: 'Mine' })).status).toBe(400);
    const bad = await api<Problem>(doc, 'POST', '/appointment-types', {
      name: '',
      durationMinutes: 3,
      bufferAfterMinutes: -1,
      modality: 'teleport',
      bookingHorizonDays: 0,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)?.sort()).toEqual([
      'body.bookingHorizonDays',
      'body.bufferAfterMinutes',
      'body.durationMinutes',
      'body.modality',
      'body.name',
    ]);
    const badPatch = await api<Problem>(doc, 'PATCH', `/appointment-types/${theirs.body.id}`, {
      durationMinutes: 1000,
    });
    expect(fieldsOf(badPatch.body)).toEqual(['body.durationMinutes']);
    expect(
      (await api<{ items: AppointmentType[] }>(other, 'GET', '/appointment-types')).body.items,
    ).toEqual([theirs.body]);
  });
});

describe('availability', () => {
  /** A date `days` from today in London, as YYYY-MM-DD. */
  const londonDate = (days: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(Date.now() + days * DAY),
    );

  it('replaces weekly hours, sets and clears date overrides, adds and removes time off', async () => {
    const doc = await asPerson(
      await buildProvider(app.database.db, {
        profile: {
          location: { name: 'Thames Clinic', address: '1 Bank', timeZone: 'Europe/London' },
        },
      }),
    );
    const hours = await api<Availability>(doc, 'PUT', '/availability/weekly-hours', {
      weeklyHours: [
        { weekday: 'tue', start: '13:00', end: '17:00' },
        { weekday: 'mon', start: '09:00', end: '12:30' },
      ],
    });
    expect(hours.status).toBe(200);
    expect(hours.body).toEqual({
      timeZone: 'Europe/London',
      weeklyHours: [
        { weekday: 'mon', start: '09:00', end: '12:30' },
        { weekday: 'tue', start: '13:00', end: '17:00' },
      ],
      overrides: [],
      timeOff: [],
    });

    const later = londonDate(10);
    const sooner = londonDate(3);
    await api(doc, 'PUT', `/availability/overrides/${later}`, { intervals: [] });
    const overridden = await api<Availability>(doc, 'PUT', `/availability/overrides/${sooner}`, {
      intervals: [
        { start: '10:00', end: '11:00' },
        { start: '14:00', end: '15:00' },
      ],
    });
    expect(overridden.body.overrides).toEqual([
      {
        date: sooner,
        intervals: [
          { start: '10:00', end: '11:00' },
          { start: '14:00', end: '15:00' },
        ],
      },
      { date: later, intervals: [] },
    ]);
    // Setting a date again replaces its hours.
    const replaced = await api<Availability>(doc, 'PUT', `/availability/overrides/${sooner}`, {
      intervals: [{ start: '08:00', end: '09:00' }],
    });
    expect(replaced.body.overrides[0]).toEqual({
      date: sooner,
      intervals: [{ start: '08:00', end: '09:00' }],
    });
    // Past overrides are not shown.
    await api(doc, 'PUT', `/availability/overrides/${londonDate(-2)}`, { intervals: [] });
    expect(
      (await api<Availability>(doc, 'GET', '/availability')).body.overrides.map((o) => o.date),
    ).toEqual([sooner, later]);
    const cleared = await api<Availability>(doc, 'DELETE', `/availability/overrides/${later}`);
    expect(cleared.status).toBe(200);
    expect(cleared.body.overrides.map((o) => o.date)).toEqual([sooner]);

    const start = new Date(Date.now() + 5 * DAY);
    start.setUTCHours(9, 0, 0, 0);
    const end = new Date(start.getTime() + 2 * DAY);
    const added = await api<Availability>(doc, 'POST', '/availability/time-off', {
      start: start.toISOString(),
      end: end.toISOString(),
      reason: 'Conference',
    });
    expect(added.status).toBe(201);
    expect(added.body.timeOff).toEqual([
      {
        id: added.body.timeOff[0]?.id,
        start: start.toISOString(),
        end: end.toISOString(),
        reason: 'Conference',
      },
    ]);
    const timeOffId = added.body.timeOff[0]!.id;
    const other = await provider();
    expect((await api(other, 'DELETE', `/availability/time-off/${timeOffId}`)).status).toBe(404);
    const removed = await api<Availability>(doc, 'DELETE', `/availability/time-off/${timeOffId}`);
    expect(removed.body.timeOff).toEqual([]);
    expect((await api(doc, 'DELETE', `/availability/time-off/${timeOffId}`)).status).toBe(404);

    expect(await auditActions(doc.account.id)).toEqual([
      'practice.availability.weekly-hours',
      'practice.availability.override.set',
      'practice.availability.override.set',
      'practice.availability.override.set',
      'practice.availability.override.set',
      'practice.availability.override.delete',
      'practice.availability.time-off.add',
      'practice.availability.time-off.delete',
    ]);
    // The time off's reason stays out of the audit log.
    const details = await app.database.db
      .selectFrom('audit_events')
      .select(sql<string>`details::text`.as('details'))
      .where('actor_id', '=', doc.account.id)
      .execute();
    expect(details.map((d) => d.details).join(' ')).not.toContain('Conference');
  });

  it('changes the slots patients see', async () => {
    const doc = await provider(); // America/New_York
    const type = await api<AppointmentType>(doc, 'POST', '/appointment-types', {
      name: 'Visit',
      durationMinutes: 60,
      modality: 'in_person',
    });
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
      new Date(Date.now() + 7 * DAY),
    );
    await api(doc, 'PUT', `/availability/overrides/${date}`, {
      intervals: [{ start: '10:00', end: '12:00' }],
    });
    const from = new Date(`${date}T00:00:00Z`);
    const res = await fetch(
      `${app.url}/api/v1/providers/${doc.account.id}/slots?appointmentTypeId=${type.body.id}&from=${from.toISOString()}&to=${new Date(from.getTime() + 2 * DAY).toISOString()}`,
    );
    const body = (await res.json()) as SlotList;
    expect(body.slots.map((s) => s.start.slice(0, 16))).toEqual([`${date}T10:00`, `${date}T11:00`]);
  });

  it('answers 400 naming bad fields and changes nothing', async () => {
    const doc = await provider();
    await api(doc, 'PUT', '/availability/weekly-hours', {
      weeklyHours: [{ weekday: 'mon', start: '09:00', end: '12:00' }],
    });
    const hours = await api<Problem>(doc, 'PUT', '/availability/weekly-hours', {
      weeklyHours: [
        { weekday: 'fri', start: '09:00', end: '10:00' },
        { weekday: 'fri', start: '12:00', end: '11:00' },
        { weekday: 'someday', start: '9am', end: '10:00' },
      ],
    });
    expect(hours.status).toBe(400);
    expect(fieldsOf(hours.body)).toEqual([
      'body.weeklyHours.1.end',
      'body.weeklyHours.2.weekday',
      'body.weeklyHours.2.start',
    ]);
    expect((await api<Availability>(doc, 'GET', '/availability')).body.weeklyHours).toEqual([
      { weekday: 'mon', start: '09:00', end: '12:00' },
    ]);
    const date = await api<Problem>(doc, 'PUT', '/availability/overrides/2026-02-30', {
      intervals: [],
    });
    expect(fieldsOf(date.body)).toEqual(['params.date']);
    const interval = await api<Problem>(doc, 'PUT', '/availability/overrides/2030-01-02', {
      intervals: [{ start: '11:00', end: '10:00' }],
    });
    expect(fieldsOf(interval.body)).toEqual(['body.intervals.0.end']);
    const timeOff = await api<Problem>(doc, 'POST', '/availability/time-off', {
      start: '2030-01-02T10:00:00Z',
      end: '2030-01-02T09:00:00Z',
    });
    expect(timeOff.status).toBe(400);
    expect(fieldsOf(timeOff.body)).toEqual(['body.end']);
    expect((await api<Availability>(doc, 'GET', '/availability')).body).toMatchObject({
      overrides: [],
      timeOff: [],
    });
  });
});

describe('practice patients', () => {
  it('lists people with booked or past appointments, with last visit and next appointment', async () => {
    const db = app.database.db;
    const doc = await provider();
    const type = await api<AppointmentType>(doc, 'POST', '/appointment-types', {
      name: 'Visit',
      durationMinutes: 30,
      modality: 'in_person',
    });
    const ana = await buildPatient(db, { name: 'Ana Patient' });
    const bob = await buildPatient(db, { name: 'Bob Patient' });
    const cy = await buildPatient(db, { name: 'Cy Cancelled' });
    const at = (days: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + days * DAY);
    const add = async (patientId: string, days: number, status: string) => {
      const start = at(days);
      const end = new Date(start.getTime() + 30 * 60_000);
      await sql`
        INSERT INTO appointments
          (provider_id, patient_id, appointment_type_id, booked_by, during, blocked, status,
           cancel_reason, cancelled_by, cancelled_at)
        VALUES (${doc.account.id}, ${patientId}, ${type.body.id}, ${patientId},
                tstzrange(${start}, ${end}), tstzrange(${start}, ${end}), ${status},
                ${status === 'cancelled' ? 'ill' : null},
                ${status === 'cancelled' ? patientId : null},
                ${status === 'cancelled' ? new Date() : null})`.execute(db);
    };
    await add(ana.id, -30, 'completed');
    await add(ana.id, -10, 'completed');
    await add(ana.id, -5, 'no_show');
    await add(ana.id, 3, 'booked');
    await add(ana.id, 9, 'booked');
    await add(bob.id, 2, 'booked');
    await add(cy.id, 4, 'cancelled');
    // Someone else's patient.
    const elsewhere = await provider();
    const theirType = await api<AppointmentType>(elsewhere, 'POST', '/appointment-types', {
      name: 'Visit',
      durationMinutes: 30,
      modality: 'in_person',
    });
    const dee = await buildPatient(db, { name: 'Dee Elsewhere' });
    await sql`
      INSERT INTO appointments
        (provider_id, patient_id, appointment_type_id, booked_by, during, blocked, status)
      VALUES (${elsewhere.account.id}, ${dee.id}, ${theirType.body.id}, ${dee.id},
              tstzrange(${at(1)}, ${at(1.1)}), tstzrange(${at(1)}, ${at(1.1)}), 'booked')`.execute(
      db,
    );

    const res = await api<{ items: PracticePatient[] }>(doc, 'GET', '/patients');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: ana.id,
        name: 'Ana Patient',
        lastVisit: at(-10).toISOString(),
        nextAppointment: at(3).toISOString(),
        appointmentCount: 5,
      },
      {
        id: bob.id,
        name: 'Bob Patient',
        lastVisit: null,
        nextAppointment: at(2).toISOString(),
        appointmentCount: 1,
      },
    ]);
    expect(await auditActions(doc.account.id)).toContain('practice.patients.list');
    const patient = await asPerson(ana);
    expect((await api(patient, 'GET', '/patients')).status).toBe(403);
  });
});
