import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, Problem, WeeklyHours } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildProvider } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';

/**
 * Double booking is impossible by construction: many clients racing for one slot get exactly
 * one booking (the exclusion constraint), the rest a clear 409; retries with one idempotency key
 * make one appointment.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const DAY = 86_400_000;
const EVERY_DAY: WeeklyHours[] = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map(
  (weekday) => ({ weekday, start: '08:00', end: '18:00' }),
);

function at(days: number, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const t = new Date();
  return new Date(
    Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), h, m) + days * DAY,
  ).toISOString();
}

async function practice() {
  const db = app.database.db;
  const provider = await buildProvider(db, {
    profile: { location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' } },
    hours: EVERY_DAY,
  });
  const type = await db
    .insertInto('appointment_types')
    .values({
      provider_id: provider.id,
      name: 'Consultation',
      duration_minutes: 30,
      buffer_after_minutes: 5,
      modality: 'video',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { providerId: provider.id, typeId: type.id };
}

/** `n` patients straight into the table (no password hashing), with access tokens. */
async function patients(n: number): Promise<{ id: string; token: string }[]> {
  const tag = randomBytes(4).toString('hex');
  const rows = await app.database.db
    .insertInto('accounts')
    .values(
      Array.from({ length: n }, (_, i) => ({
        email: `racer-${tag}-${i}@example.org`,
        name: `Racer ${i}`,
        roles: ['patient'],
        password_hash: null,
        email_verified_at: new Date(),
      })),
    )
    .returning('id')
    .execute();
  return Promise.all(rows.map(async (r) => ({ id: r.id, token: await accessTokenFor(app, r.id) })));
}

function post(token: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/v1/appointments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as Appointment & Omit<Problem, 'status'>,
  }));
}

const countFor = async (providerId: string) =>
  (
    await app.database.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('provider_id', '=', providerId)
      .executeTakeFirstOrThrow()
  ).n;

describe('booking race', () => {
  it('gives one slot to exactly one of 200 concurrent patients; the rest get 409 slot-unavailable', async () => {
    const { providerId, typeId } = await practice();
    const racers = await patients(200);
    const body = { providerId, appointmentTypeId: typeId, start: at(2, '10:00') };
    const results = await Promise.all(racers.map((r) => post(r.token, body)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.type).toBe('https://carecircle.example/problems/slot-unavailable');
    }
    expect(await countFor(providerId)).toBe(1);
    const winner = results.find((r) => r.status === 201)!;
    const row = await app.database.db
      .selectFrom('appointments')
      .select(['patient_id', 'status'])
      .where('provider_id', '=', providerId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ patient_id: winner.body.patient.id, status: 'booked' });
  });

  it('refuses a patient a second appointment at the same time with another provider (patient-busy)', async () => {
    const one = await practice();
    const two = await practice();
    const [racer] = await patients(1);
    const start = at(3, '14:00');
    const results = await Promise.all([
      post(racer!.token, { providerId: one.providerId, appointmentTypeId: one.typeId, start }),
      post(racer!.token, { providerId: two.providerId, appointmentTypeId: two.typeId, start }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.type).toBe(
      'https://carecircle.example/problems/patient-busy',
    );
    expect((await countFor(one.providerId)) + (await countFor(two.providerId))).toBe(1);
  });

  it('makes one appointment from 20 concurrent retries with one Idempotency-Key', async () => {
    const { providerId, typeId } = await practice();
    const [racer] = await patients(1);
    const body = { providerId, appointmentTypeId: typeId, start: at(4, '09:00') };
    const headers = { 'idempotency-key': `booking-${randomBytes(6).toString('hex')}` };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(racer!.token, body, headers)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await countFor(providerId)).toBe(1);
  });
});
