import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Appointment, GrantScope, Problem, WeeklyHours } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { can } from '../access/access.ts';
import { listAuditEventsForPatient } from '../access/audit.service.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import type { Actor } from '../platform/request-context.ts';

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

const patient = async (name = 'Test Patient') =>
  asPerson(await buildPatient(app.database.db, { name }));

/** A provider in UTC open 08:00–18:00 every day, with a 30-minute type (10 min buffer after). */
async function practice(
  type: { bufferBefore?: number; bufferAfter?: number; duration?: number } = {},
) {
  const db = app.database.db;
  const account = await buildProvider(db, {
    account: { name: 'Dr. Booking Test' },
    profile: { location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' } },
    hours: EVERY_DAY,
  });
  const row = await db
    .insertInto('appointment_types')
    .values({
      provider_id: account.id,
      name: 'Follow-up',
      duration_minutes: type.duration ?? 30,
      buffer_before_minutes: type.bufferBefore ?? 0,
      buffer_after_minutes: type.bufferAfter ?? 0,
      modality: 'in_person',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { provider: await asPerson(account), typeId: row.id };
}

/** `days` from today (UTC) at hh:mm UTC, as an ISO instant with an offset. */
function at(days: number, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const today = new Date();
  const ms =
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h, m) + days * DAY;
  return new Date(ms).toISOString().replace('.000Z', '+00:00');
}

async function api<T = unknown>(
  who: Person | undefined,
  method: string,
  path: string,
  options: { body?: unknown; actingFor?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...options.headers };
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (options.actingFor) headers['x-acting-for'] = options.actingFor;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function caregiverOf(p: Person, scopes: GrantScope[]): Promise<Person> {
  const caregiver = await buildPatient(app.database.db, {
    name: 'Test Caregiver',
    roles: ['caregiver'],
  });
  await grantProxyAccess(app.database.db, {
    patientId: p.account.id,
    caregiverId: caregiver.id,
    scopes,
  });
  return asPerson(caregiver);
}

const book = (
  who: Person,
  body: Record<string, unknown>,
  options: { actingFor?: string; headers?: Record<string, string> } = {},
) => api<Appointment & Omit<Problem, 'status'>>(who, 'POST', '/appointments', { body, ...options });

async function rowOf(id: string) {
  return app.database.db
    .selectFrom('appointments')
    .select([
      'status',
      'sequence',
      'booked_by',
      'via_grant_id',
      sql<string>`lower(during)`.as('start'),
      sql<Date>`lower(blocked)`.as('blocked_start'),
      sql<Date>`upper(blocked)`.as('blocked_end'),
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('POST /api/v1/appointments', () => {
  it('books an offered slot for oneself, with the buffers blocked and the booking audited', async () => {
    const { provider, typeId } = await practice({ bufferBefore: 5, bufferAfter: 10 });
    const p = await patient('Maria Test');
    const start = at(3, '09:00');
    const res = await book(p, {
      providerId: provider.account.id,
      appointmentTypeId: typeId,
      start,
      reason: 'Knee pain',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      patient: { id: p.account.id, name: 'Maria Test' },
      provider: {
        id: provider.account.id,
        name: 'Dr. Booking Test',
        specialty: 'Family medicine',
        location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' },
      },
      appointmentType: {
        id: typeId,
        name: 'Follow-up',
        durationMinutes: 30,
        modality: 'in_person',
      },
      start,
      end: at(3, '09:30'),
      status: 'booked',
      reason: 'Knee pain',
      bookedBy: { id: p.account.id, name: 'Maria Test' },
      cancellation: null,
      sequence: 0,
    });
    const row = await rowOf(res.body.id);
    expect(row.blocked_start.toISOString()).toBe(
      new Date(Date.parse(start) - 5 * 60_000).toISOString(),
    );
    expect(row.blocked_end.toISOString()).toBe(
      new Date(Date.parse(start) + 40 * 60_000).toISOString(),
    );
    expect(row.via_grant_id).toBeNull();
    const events = await listAuditEventsForPatient(app.database.db, p.account.id, {});
    expect(events.find((e) => e.action === 'appointment.book')).toMatchObject({
      actorId: p.account.id,
      subjectId: res.body.id,
      outcome: 'success',
    });
  });

  it('answers 401 without sign-in and 400 naming each bad field', async () => {
    const { provider, typeId } = await practice();
    const other = await practice();
    const p = await patient();
    const anon = await api(undefined, 'POST', '/appointments', {
      body: { providerId: provider.account.id, appointmentTypeId: typeId, start: at(3, '09:00') },
    });
    expect(anon.status).toBe(401);

    const cases: [Record<string, unknown>, string][] = [
      [
        { providerId: provider.account.id, appointmentTypeId: typeId, start: at(-1, '09:00') },
        'body.start',
      ],
      [
        { providerId: provider.account.id, appointmentTypeId: typeId, start: 'tomorrow' },
        'body.start',
      ],
      [
        { providerId: p.account.id, appointmentTypeId: typeId, start: at(3, '09:00') },
        'body.providerId',
      ],
      [
        { providerId: provider.account.id, appointmentTypeId: other.typeId, start: at(3, '09:00') },
        'body.appointmentTypeId',
      ],
      [{ providerId: provider.account.id, start: at(3, '09:00') }, 'body.appointmentTypeId'],
    ];
    for (const [body, path] of cases) {
      const res = await book(p, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors?.map((e) => e.path)).toContain(path);
    }
    expect(
      await app.database.db
        .selectFrom('appointments')
        .select('id')
        .where('patient_id', '=', p.account.id)
        .execute(),
    ).toEqual([]);
  });

  it('answers 409 slot-unavailable for a time that is not offered or already taken', async () => {
    const { provider, typeId } = await practice({ bufferAfter: 10 });
    const [a, b] = [await patient(), await patient()];
    const base = { providerId: provider.account.id, appointmentTypeId: typeId };
    for (const start of [at(3, '07:00'), at(3, '09:10'), at(200, '09:00')]) {
      const res = await book(a, { ...base, start });
      expect(res.status, start).toBe(409);
      expect(res.body.type).toMatch(/\/slot-unavailable$/);
      expect(res.body.detail).toMatch(/pick another time/i);
    }
    expect((await book(a, { ...base, start: at(3, '10:00') })).status).toBe(201);
    const taken = await book(b, { ...base, start: at(3, '10:00') });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe('https://carecircle.example/problems/slot-unavailable');
    // The 10-minute buffer after 10:00–10:30 leaves 10:30 unbookable too.
    expect((await book(b, { ...base, start: at(3, '10:30') })).status).toBe(409);
  });

  it('answers 409 patient-busy when the patient already has an appointment then', async () => {
    const one = await practice();
    const two = await practice();
    const p = await patient();
    const start = at(4, '11:00');
    expect(
      (await book(p, { providerId: one.provider.account.id, appointmentTypeId: one.typeId, start }))
        .status,
    ).toBe(201);
    const res = await book(p, {
      providerId: two.provider.account.id,
      appointmentTypeId: two.typeId,
      start,
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/\/patient-busy$/);
    expect(res.body.detail).toMatch(/already have an appointment at that time/);
  });

  it('lets a caregiver with appointments:manage book for the patient, and nobody else', async () => {
    const { provider, typeId } = await practice();
    const p = await patient();
    const manager = await caregiverOf(p, ['appointments:manage']);
    const reader = await caregiverOf(p, ['appointments:read']);
    const stranger = await patient();
    const body = (start: string) => ({
      providerId: provider.account.id,
      appointmentTypeId: typeId,
      start,
      patientId: p.account.id,
    });

    const ok = await book(manager, body(at(5, '09:00')));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.patient.id).toBe(p.account.id);
    expect(ok.body.bookedBy.id).toBe(manager.account.id);
    expect((await rowOf(ok.body.id)).via_grant_id).not.toBeNull();
    const events = await listAuditEventsForPatient(app.database.db, p.account.id, {});
    expect(events.find((e) => e.subjectId === ok.body.id)).toMatchObject({
      action: 'appointment.book',
      actorId: manager.account.id,
      onBehalfOfId: p.account.id,
    });

    // The X-Acting-For header works the same.
    const { patientId: _unused, ...withoutPatient } = body(at(5, '10:00'));
    void _unused;
    const viaHeader = await book(manager, withoutPatient, { actingFor: p.account.id });
    expect(viaHeader.status).toBe(201);
    expect(viaHeader.body.patient.id).toBe(p.account.id);

    expect((await book(reader, body(at(5, '11:00')))).status).toBe(404);
    expect((await book(stranger, body(at(5, '11:00')))).status).toBe(404);
    expect((await book(provider, body(at(5, '11:00')))).status).toBe(404);
  });

  it('returns the same appointment for a retry with the same Idempotency-Key, 422 for another request', async () => {
    const { provider, typeId } = await practice();
    const p = await patient();
    const body = {
      providerId: provider.account.id,
      appointmentTypeId: typeId,
      start: at(6, '09:00'),
    };
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await book(p, body, { headers });
    const second = await book(p, body, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const changed = await book(p, { ...body, start: at(6, '10:00') }, { headers });
    expect(changed.status).toBe(422);
    expect(changed.body.type).toMatch(/\/idempotency-key-reused$/);
    // Another person's key with the same value is theirs alone.
    const other = await patient();
    const theirs = await book(other, { ...body, start: at(6, '11:00') }, { headers });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    const count = await app.database.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('provider_id', '=', provider.account.id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(2);
    expect((await book(p, body, { headers: { 'idempotency-key': 'has space' } })).status).toBe(400);
  });
});

async function booked(start = at(3, '09:00'), options: { bufferAfter?: number } = {}) {
  const { provider, typeId } = await practice(options);
  const p = await patient();
  const res = await book(p, { providerId: provider.account.id, appointmentTypeId: typeId, start });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { provider, typeId, p, appointment: res.body };
}

describe('reschedule and cancel', () => {
  it('moves the same appointment to a free slot and increases its sequence', async () => {
    const { p, appointment } = await booked(at(3, '09:00'));
    const res = await api<Appointment>(p, 'POST', `/appointments/${appointment.id}/reschedule`, {
      body: { start: at(3, '09:30') },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: appointment.id, start: at(3, '09:30'), sequence: 1 });
    // Overlapping its own old time is fine (the old range is ignored).
    const back = await api<Appointment>(p, 'POST', `/appointments/${appointment.id}/reschedule`, {
      body: { start: at(3, '09:00') },
    });
    expect(back.status).toBe(200);
    expect(back.body.sequence).toBe(2);
  });

  it('leaves the original intact when the new time is taken', async () => {
    const { provider, typeId, p, appointment } = await booked(at(3, '09:00'));
    const other = await patient();
    expect(
      (
        await book(other, {
          providerId: provider.account.id,
          appointmentTypeId: typeId,
          start: at(3, '12:00'),
        })
      ).status,
    ).toBe(201);
    const res = await api<Problem>(p, 'POST', `/appointments/${appointment.id}/reschedule`, {
      body: { start: at(3, '12:00') },
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/\/slot-unavailable$/);
    const row = await rowOf(appointment.id);
    expect(row.status).toBe('booked');
    expect(row.sequence).toBe(0);
    expect(new Date(row.start).toISOString()).toBe(new Date(at(3, '09:00')).toISOString());
    // Past times and strangers.
    const past = await api<Problem>(p, 'POST', `/appointments/${appointment.id}/reschedule`, {
      body: { start: at(-1, '09:00') },
    });
    expect(past.status).toBe(400);
    expect(
      (
        await api(other, 'POST', `/appointments/${appointment.id}/reschedule`, {
          body: { start: at(3, '15:00') },
        })
      ).status,
    ).toBe(404);
  });

  it('cancels with a reason (patient or provider), then refuses further changes', async () => {
    const { provider, p, appointment } = await booked();
    const stranger = await patient();
    expect(
      (
        await api(stranger, 'POST', `/appointments/${appointment.id}/cancel`, {
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    const noReason = await api<Problem>(p, 'POST', `/appointments/${appointment.id}/cancel`, {
      body: { reason: '  ' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.[0]?.path).toBe('body.reason');

    const res = await api<Appointment>(p, 'POST', `/appointments/${appointment.id}/cancel`, {
      body: { reason: 'Feeling better' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.sequence).toBe(1);
    expect(res.body.cancellation).toMatchObject({
      reason: 'Feeling better',
      by: { id: p.account.id },
    });
    for (const [path, body] of [
      ['cancel', { reason: 'again' }],
      ['reschedule', { start: at(3, '11:00') }],
    ] as const) {
      const again = await api<Problem>(p, 'POST', `/appointments/${appointment.id}/${path}`, {
        body,
      });
      expect(again.status, path).toBe(409);
    }

    const second = await booked();
    const byProvider = await api<Appointment>(
      second.provider,
      'POST',
      `/appointments/${second.appointment.id}/cancel`,
      { body: { reason: 'Clinic closed' } },
    );
    expect(byProvider.status).toBe(200);
    expect(byProvider.body.cancellation?.by.id).toBe(second.provider.account.id);
    // The freed slot can be booked again.
    const rebook = await book(await patient(), {
      providerId: second.provider.account.id,
      appointmentTypeId: second.typeId,
      start: second.appointment.start,
    });
    expect(rebook.status).toBe(201);
    void provider;
  });
});

describe('status changes by the provider', () => {
  it('checks in, completes, and refuses invalid transitions naming status', async () => {
    const { provider, p, appointment } = await booked();
    const post = (who: Person, status: string) =>
      api<Appointment & Omit<Problem, 'status'>>(
        who,
        'POST',
        `/appointments/${appointment.id}/status`,
        {
          body: { status },
        },
      );
    expect((await post(p, 'checked_in')).status).toBe(403);
    expect((await post(await patient(), 'checked_in')).status).toBe(404);
    const otherProvider = (await practice()).provider;
    expect((await post(otherProvider, 'checked_in')).status).toBe(404);

    const early = await post(provider, 'completed');
    expect(early.status).toBe(409);
    expect(early.body.errors?.[0]?.path).toBe('body.status');

    expect((await post(provider, 'checked_in')).body.status).toBe('checked_in');
    expect((await post(provider, 'completed')).body.status).toBe('completed');
    const after = await post(provider, 'no_show');
    expect(after.status).toBe(409);
    expect(after.body.type).toMatch(/\/invalid-status-change$/);
    expect(after.body.detail).toBe('The appointment is completed; it cannot become a no-show.');
  });

  it('marks a no-show from booked', async () => {
    const { provider, appointment } = await booked();
    const res = await api<Appointment>(provider, 'POST', `/appointments/${appointment.id}/status`, {
      body: { status: 'no_show' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('no_show');
  });
});

describe('reading appointments', () => {
  it('shows one appointment to the patient, their caregiver and the provider; 404 to others', async () => {
    const { provider, p, appointment } = await booked();
    const reader = await caregiverOf(p, ['appointments:read']);
    const noScope = await caregiverOf(p, ['records:read']);
    for (const who of [p, reader, provider]) {
      const res = await api<Appointment>(who, 'GET', `/appointments/${appointment.id}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(appointment.id);
    }
    for (const who of [noScope, await patient(), (await practice()).provider]) {
      expect((await api(who, 'GET', `/appointments/${appointment.id}`)).status).toBe(404);
    }
  });

  it('lists own, acted-for and practice appointments with filters, audited per patient', async () => {
    const { provider, typeId } = await practice();
    const p = await patient();
    const q = await patient();
    const reader = await caregiverOf(p, ['appointments:read']);
    const mk = async (who: Person, start: string) => {
      const res = await book(who, {
        providerId: provider.account.id,
        appointmentTypeId: typeId,
        start,
      });
      expect(res.status).toBe(201);
      return res.body;
    };
    const p1 = await mk(p, at(3, '09:00'));
    const p2 = await mk(p, at(10, '09:00'));
    const q1 = await mk(q, at(3, '10:00'));
    await api(p, 'POST', `/appointments/${p2.id}/cancel`, { body: { reason: 'Travel' } });

    const ids = (r: { body: { items: Appointment[] } }) => r.body.items.map((a) => a.id);
    const own = await api<{ items: Appointment[] }>(p, 'GET', '/appointments');
    expect(ids(own)).toEqual([p1.id, p2.id]);
    const bookedOnly = await api<{ items: Appointment[] }>(p, 'GET', '/appointments?status=booked');
    expect(ids(bookedOnly)).toEqual([p1.id]);
    const ranged = await api<{ items: Appointment[] }>(
      p,
      'GET',
      `/appointments?from=${encodeURIComponent(at(5, '00:00'))}&to=${encodeURIComponent(at(20, '00:00'))}`,
    );
    expect(ids(ranged)).toEqual([p2.id]);

    const asCaregiver = await api<{ items: Appointment[] }>(reader, 'GET', '/appointments');
    expect(ids(asCaregiver)).toEqual([p1.id, p2.id]);
    const forP = await api<{ items: Appointment[] }>(
      reader,
      'GET',
      `/appointments?patientId=${p.account.id}`,
    );
    expect(ids(forP)).toEqual([p1.id, p2.id]);
    expect((await api(reader, 'GET', `/appointments?patientId=${q.account.id}`)).status).toBe(404);

    const practiceList = await api<{ items: Appointment[] }>(
      provider,
      'GET',
      '/appointments?as=provider',
    );
    expect(ids(practiceList)).toEqual([p1.id, q1.id, p2.id]);
    const asPatient = await api<{ items: Appointment[] }>(
      provider,
      'GET',
      '/appointments?as=patient',
    );
    expect(ids(asPatient)).toEqual([]);

    const badRange = await api<Problem>(
      p,
      'GET',
      `/appointments?from=${encodeURIComponent(at(5, '00:00'))}&to=${encodeURIComponent(at(1, '00:00'))}`,
    );
    expect(badRange.status).toBe(400);
    expect(badRange.body.errors?.[0]?.path).toBe('query.to');

    const events = await listAuditEventsForPatient(app.database.db, p.account.id, {});
    expect(
      events.filter((e) => e.action === 'appointment.list' && e.actorId === reader.account.id),
    ).toHaveLength(2);
    expect(
      events.find((e) => e.action === 'appointment.list' && e.actorId === provider.account.id),
    ).toBeDefined();
  });
});

describe('care relationship through appointments', () => {
  it('lets a provider read the records of a patient with a booked or past visit, not a cancelled one', async () => {
    const { provider, p, appointment } = await booked();
    const read = () =>
      can(app.database.db, provider.actor, 'records:read', { patientId: p.account.id });
    expect(await read()).toBe(true);
    expect(
      await can(app.database.db, provider.actor, 'appointments:manage', {
        patientId: p.account.id,
      }),
    ).toBe(false);
    await api(p, 'POST', `/appointments/${appointment.id}/cancel`, {
      body: { reason: 'No longer needed' },
    });
    expect(await read()).toBe(false);

    const visit = await booked();
    await api(visit.provider, 'POST', `/appointments/${visit.appointment.id}/status`, {
      body: { status: 'checked_in' },
    });
    await api(visit.provider, 'POST', `/appointments/${visit.appointment.id}/status`, {
      body: { status: 'completed' },
    });
    expect(
      await can(app.database.db, visit.provider.actor, 'records:read', {
        patientId: visit.p.account.id,
      }),
    ).toBe(true);
    // Another provider has none.
    const other = (await practice()).provider;
    expect(
      await can(app.database.db, other.actor, 'records:read', { patientId: visit.p.account.id }),
    ).toBe(false);
  });
});
