import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Problem, SlotList, WeeklyHours } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import type { Db } from '../platform/db.ts';
import { practiceRepo, type AppointmentTypeRow } from './practice.repo.ts';
import { earliestSlots, findSlots, getAppointmentType, isSlotOffered } from './slots.service.ts';

let app: TestApp;
let db: Db;
beforeAll(async () => {
  app = await startTestApp();
  db = app.database.db;
});
afterAll(async () => {
  await app.close();
});

const DAY = 86_400_000;
const MINUTE = 60_000;

async function addType(
  providerId: string,
  values: Partial<Parameters<typeof practiceRepo.insertAppointmentType>[2]> = {},
): Promise<AppointmentTypeRow> {
  return practiceRepo.insertAppointmentType(db, providerId, {
    name: 'Consultation',
    duration_minutes: 30,
    buffer_before_minutes: 0,
    buffer_after_minutes: 10,
    modality: 'in_person',
    minimum_notice_minutes: 60,
    booking_horizon_days: 365,
    ...values,
  });
}

/** An appointment row straight in SQL: blocked = [start - before, end + after). */
async function addAppointment(a: {
  providerId: string;
  patientId: string;
  type: AppointmentTypeRow;
  start: Date;
  status?: string;
}): Promise<string> {
  const end = new Date(a.start.getTime() + a.type.duration_minutes * MINUTE);
  const blockedStart = new Date(a.start.getTime() - a.type.buffer_before_minutes * MINUTE);
  const blockedEnd = new Date(end.getTime() + a.type.buffer_after_minutes * MINUTE);
  const { rows } = await sql<{ id: string }>`
    INSERT INTO appointments
      (provider_id, patient_id, appointment_type_id, booked_by, during, blocked, status)
    VALUES (${a.providerId}, ${a.patientId}, ${a.type.id}, ${a.patientId},
            tstzrange(${a.start}, ${end}), tstzrange(${blockedStart}, ${blockedEnd}),
            ${a.status ?? 'booked'})
    RETURNING id`.execute(db);
  return rows[0]!.id;
}

async function getSlots(
  providerId: string,
  query: Record<string, string>,
): Promise<{ status: number; body: SlotList & Problem }> {
  const res = await fetch(
    `${app.url}/api/v1/providers/${providerId}/slots?${new URLSearchParams(query).toString()}`,
  );
  return { status: res.status, body: (await res.json()) as SlotList & Problem };
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** The first Monday (UTC calendar) at least `minDays` from now, as a day number. */
function mondayAfter(minDays: number): number {
  let day = Math.floor(Date.now() / DAY) + minDays;
  while (new Date(day * DAY).getUTCDay() !== 1) day++;
  return day;
}

describe('GET /api/v1/providers/:providerId/slots', () => {
  // America/Phoenix has no daylight saving: every slot is at -07:00.
  const hours: WeeklyHours[] = [
    { weekday: 'mon', start: '09:00', end: '12:00' },
    { weekday: 'tue', start: '09:00', end: '11:00' },
  ];
  let provider: Account;
  let patient: Account;
  let type: AppointmentTypeRow;
  let monday: number;
  let bookedId: string;
  const at = (day: number, hhmm: string) => new Date(`${dateOf(day)}T${hhmm}:00-07:00`);
  const slot = (day: number, hhmm: string, end: string) => ({
    start: `${dateOf(day)}T${hhmm}:00-07:00`,
    end: `${dateOf(day)}T${end}:00-07:00`,
  });

  beforeAll(async () => {
    provider = await buildProvider(db, {
      profile: {
        location: { name: 'Desert Clinic', address: '1 Cactus Road', timeZone: 'America/Phoenix' },
      },
      hours,
    });
    patient = await buildPatient(db);
    type = await addType(provider.id); // 30 minutes, 10 after
    monday = mondayAfter(7);
    // Monday 10:00-10:30 booked: its blocked range is 10:00-10:40.
    bookedId = await addAppointment({
      providerId: provider.id,
      patientId: patient.id,
      type,
      start: at(monday, '10:00'),
    });
    // Cancelled appointments block nothing.
    await addAppointment({
      providerId: provider.id,
      patientId: patient.id,
      type,
      start: at(monday, '09:00'),
      status: 'cancelled',
    });
    // Tuesday 09:00-10:00 off.
    await practiceRepo.insertTimeOff(db, provider.id, {
      start: at(monday + 1, '09:00'),
      end: at(monday + 1, '10:00'),
      reason: null,
    });
    // Wednesday (no weekly hours): 14:00-15:00 by override; the next Monday closed.
    await practiceRepo.upsertOverride(db, provider.id, dateOf(monday + 2), [
      { start: '14:00', end: '15:00' },
    ]);
    await practiceRepo.upsertOverride(db, provider.id, dateOf(monday + 7), []);
  });

  it('offers the weekly hours and overrides minus appointments with buffers and time off', async () => {
    const res = await getSlots(provider.id, {
      appointmentTypeId: type.id,
      from: at(monday, '00:00').toISOString(),
      to: at(monday + 9, '00:00').toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      timeZone: 'America/Phoenix',
      slots: [
        // Monday: 09:30 would run into the appointment, 10:30 into its 10-minute buffer.
        slot(monday, '09:00', '09:30'),
        slot(monday, '11:00', '11:30'),
        slot(monday, '11:30', '12:00'),
        // Tuesday: time off until 10:00.
        slot(monday + 1, '10:00', '10:30'),
        slot(monday + 1, '10:30', '11:00'),
        // Wednesday: the override.
        slot(monday + 2, '14:00', '14:30'),
        slot(monday + 2, '14:30', '15:00'),
        // Next Monday closed by an empty override; next Tuesday as usual.
        slot(monday + 8, '09:00', '09:30'),
        slot(monday + 8, '09:30', '10:00'),
        slot(monday + 8, '10:00', '10:30'),
        slot(monday + 8, '10:30', '11:00'),
      ],
    });
  });

  it('keeps only slots that start in [from, to)', async () => {
    const res = await getSlots(provider.id, {
      appointmentTypeId: type.id,
      from: at(monday, '09:00').toISOString(),
      to: at(monday, '11:00').toISOString(),
    });
    expect(res.body.slots).toEqual([slot(monday, '09:00', '09:30')]);
  });

  it('says whether a time is offered, ignoring the appointment being moved', async () => {
    const req = { providerId: provider.id, appointmentTypeId: type.id };
    expect(await isSlotOffered(db, { ...req, start: at(monday, '09:00') })).toBe(true);
    expect(await isSlotOffered(db, { ...req, start: at(monday, '10:00') })).toBe(false);
    expect(
      await isSlotOffered(db, {
        ...req,
        start: at(monday, '10:00'),
        ignoreAppointmentId: bookedId,
      }),
    ).toBe(true);
    expect(
      await isSlotOffered(db, {
        ...req,
        start: at(monday, '09:30'),
        ignoreAppointmentId: bookedId,
      }),
    ).toBe(true);
    // Off the 30-minute grid, outside hours, in time off, or too soon.
    expect(await isSlotOffered(db, { ...req, start: at(monday, '09:15') })).toBe(false);
    expect(await isSlotOffered(db, { ...req, start: at(monday, '12:00') })).toBe(false);
    expect(await isSlotOffered(db, { ...req, start: at(monday + 1, '09:00') })).toBe(false);
    expect(
      await isSlotOffered(db, {
        ...req,
        start: at(monday, '09:00'),
        now: new Date(at(monday, '09:00').getTime() - 59 * MINUTE),
      }),
    ).toBe(false);
    // Beyond the booking horizon.
    expect(
      await isSlotOffered(db, {
        ...req,
        start: at(monday, '09:00'),
        now: new Date(at(monday, '09:00').getTime() - 366 * DAY),
      }),
    ).toBe(false);
  });

  it('finds types active or not, and refuses slots of inactive or other providers’ types', async () => {
    const retired = await addType(provider.id, { name: 'Old type', active: false });
    expect((await getAppointmentType(db, provider.id, retired.id))?.name).toBe('Old type');
    const other = await buildProvider(db);
    expect(await getAppointmentType(db, other.id, type.id)).toBeUndefined();
    const range = { from: at(monday, '00:00'), to: at(monday + 1, '00:00') };
    await expect(
      findSlots(db, { providerId: provider.id, appointmentTypeId: retired.id, ...range }),
    ).rejects.toThrow(/^appointmentTypeId: /);
    await expect(
      findSlots(db, { providerId: provider.id, appointmentTypeId: retired.id, ...range }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      findSlots(db, { providerId: other.id, appointmentTypeId: type.id, ...range }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('answers 400 naming the field for bad ranges and ids', async () => {
    const from = at(monday, '00:00');
    const cases: [string, Record<string, string>, string][] = [
      [
        provider.id,
        { appointmentTypeId: type.id, from: from.toISOString(), to: from.toISOString() },
        'query.to',
      ],
      [
        provider.id,
        {
          appointmentTypeId: type.id,
          from: from.toISOString(),
          to: new Date(from.getTime() - DAY).toISOString(),
        },
        'query.to',
      ],
      [
        provider.id,
        {
          appointmentTypeId: type.id,
          from: from.toISOString(),
          to: new Date(from.getTime() + 91 * DAY).toISOString(),
        },
        'query.to',
      ],
      [
        provider.id,
        {
          appointmentTypeId: 'nope',
          from: from.toISOString(),
          to: at(monday, '12:00').toISOString(),
        },
        'query.appointmentTypeId',
      ],
      [
        provider.id,
        { appointmentTypeId: type.id, from: '2026-12-01', to: at(monday, '12:00').toISOString() },
        'query.from',
      ],
      [
        'not-a-uuid',
        {
          appointmentTypeId: type.id,
          from: from.toISOString(),
          to: at(monday, '12:00').toISOString(),
        },
        'params.providerId',
      ],
    ];
    for (const [providerId, query, path] of cases) {
      const res = await getSlots(providerId, query);
      expect(res.status, path).toBe(400);
      expect(res.body.errors?.map((e) => e.path)).toEqual([path]);
    }
    // Exactly 90 days is allowed.
    const ninety = await getSlots(provider.id, {
      appointmentTypeId: type.id,
      from: from.toISOString(),
      to: new Date(from.getTime() + 90 * DAY).toISOString(),
    });
    expect(ninety.status).toBe(200);
  });

  it('answers 404 naming the field for an unknown provider or type', async () => {
    const query = {
      from: at(monday, '00:00').toISOString(),
      to: at(monday + 1, '00:00').toISOString(),
    };
    const unknownType = await getSlots(provider.id, {
      ...query,
      appointmentTypeId: crypto.randomUUID(),
    });
    expect(unknownType.status).toBe(404);
    expect(unknownType.body.errors?.[0]?.path).toBe('query.appointmentTypeId');

    const unknownProvider = await getSlots(crypto.randomUUID(), {
      ...query,
      appointmentTypeId: type.id,
    });
    expect(unknownProvider.status).toBe(404);
    expect(unknownProvider.body.errors?.[0]?.path).toBe('params.providerId');

    const pending = await buildProvider(db, { verified: false, hours });
    const pendingType = await addType(pending.id);
    const notVerified = await getSlots(pending.id, { ...query, appointmentTypeId: pendingType.id });
    expect(notVerified.status).toBe(404);
    expect(notVerified.body.errors?.[0]?.path).toBe('params.providerId');
  });
});

describe('slots across a daylight-saving change', () => {
  /** The second Sunday of March (US spring forward) at least two days ahead, as a day number. */
  function nextSpringForward(): number {
    const now = Date.now();
    for (let year = new Date(now).getUTCFullYear(); ; year++) {
      let day = Math.floor(Date.UTC(year, 2, 1) / DAY);
      while (new Date(day * DAY).getUTCDay() !== 0) day++;
      day += 7;
      if (day * DAY > now + 2 * DAY) return day;
    }
  }

  it('keeps 09:00 local in America/New_York: -05:00 before the change, -04:00 after', async () => {
    const provider = await buildProvider(db, {
      hours: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((weekday) => ({
        weekday,
        start: '09:00',
        end: '10:00',
      })),
    });
    const type = await addType(provider.id, { duration_minutes: 60, buffer_after_minutes: 0 });
    const sunday = nextSpringForward();
    const res = await getSlots(provider.id, {
      appointmentTypeId: type.id,
      from: `${dateOf(sunday - 2)}T00:00:00-05:00`,
      to: `${dateOf(sunday + 2)}T00:00:00-04:00`,
    });
    expect(res.status).toBe(200);
    expect(res.body.slots).toEqual([
      {
        start: `${dateOf(sunday - 2)}T09:00:00-05:00`,
        end: `${dateOf(sunday - 2)}T10:00:00-05:00`,
      },
      {
        start: `${dateOf(sunday - 1)}T09:00:00-05:00`,
        end: `${dateOf(sunday - 1)}T10:00:00-05:00`,
      },
      { start: `${dateOf(sunday)}T09:00:00-04:00`, end: `${dateOf(sunday)}T10:00:00-04:00` },
      {
        start: `${dateOf(sunday + 1)}T09:00:00-04:00`,
        end: `${dateOf(sunday + 1)}T10:00:00-04:00`,
      },
    ]);
  });
});

describe('earliest slots across providers', () => {
  it('looks further ahead only for providers without a slot yet, and stops when enough', async () => {
    const everyDay = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map(
      (weekday) => ({ weekday, start: '00:00', end: '23:30' }),
    );
    const soon = await buildProvider(db, { hours: everyDay });
    const late = await buildProvider(db, { hours: everyDay });
    const none = await buildProvider(db);
    const soonType = await addType(soon.id, { minimum_notice_minutes: 0 });
    const lateType = await addType(late.id, { minimum_notice_minutes: 10 * 24 * 60 });
    const noneType = await addType(none.id);
    const now = new Date();
    const providers = [
      { id: soon.id, types: [soonType] },
      { id: late.id, types: [lateType] },
      { id: none.id, types: [noneType] },
    ];
    const range = { from: now, to: new Date(now.getTime() + 30 * DAY), now };
    const all = await earliestSlots(db, providers, range);
    expect(Date.parse(all.get(soon.id)!.slot.start) - now.getTime()).toBeLessThan(31 * MINUTE);
    expect(Date.parse(all.get(late.id)!.slot.start) - now.getTime()).toBeGreaterThanOrEqual(
      10 * DAY,
    );
    expect(all.get(late.id)!.type.id).toBe(lateType.id);
    expect(all.get(none.id)).toBeNull();
    expect(all.size).toBe(3);

    const enough = await earliestSlots(db, providers, { ...range, enough: 1 });
    expect([...enough.keys()]).toEqual([soon.id]);
    expect(enough.get(soon.id)).toEqual(all.get(soon.id));
  });
});
