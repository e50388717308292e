import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Account,
  Appointment,
  GrantScope,
  Problem,
  SlotList,
  WaitlistEntry,
  WeeklyHours,
} from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import { sweepWaitlist } from './waitlist.service.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ config: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const DAY = 86_400_000;
const EVERY_DAY: WeeklyHours[] = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map(
  (weekday) => ({ weekday, start: '08:00', end: '18:00' }),
);

interface Person {
  account: Account;
  token: string;
}

const asPerson = async (account: Account): Promise<Person> => ({
  account,
  token: await accessTokenFor(app, account.id),
});
const patient = async (name: string) => asPerson(await buildPatient(app.database.db, { name }));

function at(days: number, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const t = new Date();
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), h, m) + days * DAY)
    .toISOString()
    .replace('.000Z', '+00:00');
}
const dateOf = (days: number) => at(days, '00:00').slice(0, 10);

async function practice() {
  const db = app.database.db;
  const provider = await buildProvider(db, {
    account: { name: 'Dr. Waitlist' },
    profile: { location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' } },
    hours: EVERY_DAY,
  });
  const type = await db
    .insertInto('appointment_types')
    .values({ provider_id: provider.id, name: 'Check-up', duration_minutes: 30, modality: 'phone' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { provider: await asPerson(provider), typeId: type.id };
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
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A provider with one booked slot on day 3 at 09:00, and people waiting for that day. */
async function scene(waiters: string[]) {
  const { provider, typeId } = await practice();
  const holder = await patient('Slot Holder');
  const start = at(3, '09:00');
  const booked = await api<Appointment>(holder, 'POST', '/appointments', {
    providerId: provider.account.id,
    appointmentTypeId: typeId,
    start,
  });
  expect(booked.status).toBe(201);
  const waiting: Person[] = [];
  for (const name of waiters) {
    const w = await patient(name);
    const joined = await api<WaitlistEntry>(w, 'POST', '/waitlist', {
      providerId: provider.account.id,
      appointmentTypeId: typeId,
      earliest: dateOf(2),
      latest: dateOf(4),
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    waiting.push(w);
  }
  const cancel = () =>
    api(holder, 'POST', `/appointments/${booked.body.id}/cancel`, { reason: 'Cannot come' });
  return { provider, typeId, holder, start, appointment: booked.body, waiting, cancel };
}

const entries = async (who: Person) =>
  (await api<{ items: WaitlistEntry[] }>(who, 'GET', '/waitlist')).body.items;

const slotsOfDay3 = async (providerId: string, typeId: string) =>
  (
    await api<SlotList>(
      undefined,
      'GET',
      `/providers/${providerId}/slots?appointmentTypeId=${typeId}&from=${encodeURIComponent(at(3, '00:00'))}&to=${encodeURIComponent(at(4, '00:00'))}`,
    )
  ).body.slots.map((s) => Date.parse(s.start));

async function expireOffersOf(entryPatientId: string) {
  await app.database.db
    .updateTable('waitlist_offers')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('outcome', 'is', null)
    .where('entry_id', 'in', (eb) =>
      eb.selectFrom('waitlist_entries').select('id').where('patient_id', '=', entryPatientId),
    )
    .execute();
}

describe('joining the waitlist', () => {
  it('joins once per provider and type, lists with names, and refuses bad input', async () => {
    const { provider, typeId } = await practice();
    const w = await patient('Wendy Waiting');
    const body = {
      providerId: provider.account.id,
      appointmentTypeId: typeId,
      earliest: dateOf(1),
      latest: dateOf(10),
    };
    const joined = await api<WaitlistEntry>(w, 'POST', '/waitlist', body);
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      patient: { id: w.account.id, name: 'Wendy Waiting' },
      provider: { id: provider.account.id, name: 'Dr. Waitlist' },
      appointmentType: { id: typeId, name: 'Check-up', durationMinutes: 30, modality: 'phone' },
      earliest: dateOf(1),
      latest: dateOf(10),
      status: 'waiting',
      offer: null,
    });
    const again = await api<Problem>(w, 'POST', '/waitlist', body);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/\/already-waiting$/);

    const bad = await api<Problem>(w, 'POST', '/waitlist', {
      ...body,
      earliest: dateOf(5),
      latest: dateOf(4),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe('body.latest');
    const past = await api<Problem>(w, 'POST', '/waitlist', {
      ...body,
      earliest: dateOf(-5),
      latest: dateOf(-4),
    });
    expect(past.status).toBe(400);
    expect(past.body.errors?.[0]?.path).toBe('body.latest');
    const otherType = await api<Problem>(w, 'POST', '/waitlist', {
      ...body,
      appointmentTypeId: (await practice()).typeId,
    });
    expect(otherType.status).toBe(400);
    expect(otherType.body.errors?.[0]?.path).toBe('body.appointmentTypeId');

    expect((await entries(w)).map((e) => e.id)).toEqual([joined.body.id]);
    expect(await entries(await patient('Someone Else'))).toEqual([]);

    // A caregiver: with appointments:manage they join for the patient; with read they only see.
    const manager = await asPerson(
      await buildPatient(app.database.db, { name: 'Carla Caregiver', roles: ['caregiver'] }),
    );
    const reader = await asPerson(
      await buildPatient(app.database.db, { name: 'Rita Reader', roles: ['caregiver'] }),
    );
    const grant = (caregiverId: string, scopes: GrantScope[]) =>
      grantProxyAccess(app.database.db, { patientId: w.account.id, caregiverId, scopes });
    await grant(manager.account.id, ['appointments:manage']);
    await grant(reader.account.id, ['appointments:read']);
    const second = await practice();
    const forW = {
      ...body,
      providerId: second.provider.account.id,
      appointmentTypeId: second.typeId,
      patientId: w.account.id,
    };
    expect((await api(reader, 'POST', '/waitlist', forW)).status).toBe(404);
    const byManager = await api<WaitlistEntry>(manager, 'POST', '/waitlist', forW);
    expect(byManager.status).toBe(201);
    expect(byManager.body.patient.id).toBe(w.account.id);
    expect((await entries(reader)).map((e) => e.id).sort()).toEqual(
      [joined.body.id, byManager.body.id].sort(),
    );

    // Leaving: the patient's own entry only.
    expect((await api(reader, 'DELETE', `/waitlist/${joined.body.id}`)).status).toBe(404);
    expect((await api(w, 'DELETE', `/waitlist/${joined.body.id}`)).status).toBe(204);
    expect((await api(w, 'DELETE', `/waitlist/${joined.body.id}`)).status).toBe(404);
    expect((await entries(w)).map((e) => e.id)).toEqual([byManager.body.id]);
    // Rejoining after leaving is fine.
    expect((await api(w, 'POST', '/waitlist', body)).status).toBe(201);
  });
});

describe('offers when a slot frees up', () => {
  it('holds the freed slot for the first person waiting, e-mails them, and books it on accept', async () => {
    const s = await scene(['First Waiting', 'Second Waiting']);
    const [first, second] = s.waiting as [Person, Person];
    expect((await s.cancel()).status).toBe(200);

    const [entry] = await entries(first);
    expect(entry!.status).toBe('offered');
    expect(entry!.offer).toMatchObject({ start: s.start });
    const expiresIn = Date.parse(entry!.offer!.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
    expect((await entries(second))[0]!.status).toBe('waiting');

    // Nobody else can take the held slot, and the slot list leaves it out.
    expect(await slotsOfDay3(s.provider.account.id, s.typeId)).not.toContain(Date.parse(s.start));
    const sneaky = await api<Problem>(await patient('Sneaky'), 'POST', '/appointments', {
      providerId: s.provider.account.id,
      appointmentTypeId: s.typeId,
      start: s.start,
    });
    expect(sneaky.status).toBe(409);
    expect(sneaky.body.type).toMatch(/\/slot-unavailable$/);

    const mail = await smtp.waitFor(first.account.email, 'An earlier appointment');
    expect(mail?.subject).toBe('An earlier appointment is held for you');
    expect(mail?.decoded).toContain('An earlier appointment with Dr. Waitlist on');
    expect(mail?.decoded).toContain('is held for you for 15 minutes');
    expect(mail?.decoded).not.toContain('Cannot come');

    // Someone else cannot answer it.
    expect((await api(second, 'POST', `/waitlist/offers/${entry!.offer!.id}/accept`)).status).toBe(
      404,
    );
    const accepted = await api<Appointment>(
      first,
      'POST',
      `/waitlist/offers/${entry!.offer!.id}/accept`,
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body).toMatchObject({
      patient: { id: first.account.id },
      start: s.start,
      status: 'booked',
      bookedBy: { id: first.account.id },
    });
    expect((await entries(first))[0]!.status).toBe('booked');
    const again = await api<Problem>(first, 'POST', `/waitlist/offers/${entry!.offer!.id}/accept`);
    expect(again.status).toBe(409);
    const mine = await api<{ items: Appointment[] }>(first, 'GET', '/appointments');
    expect(mine.body.items.map((a) => a.id)).toEqual([accepted.body.id]);
  });

  it('passes a declined slot to the next person; the decliner keeps waiting', async () => {
    const s = await scene(['Decliner', 'Next In Line']);
    const [first, second] = s.waiting as [Person, Person];
    await s.cancel();
    const offer = (await entries(first))[0]!.offer!;
    expect((await api(first, 'POST', `/waitlist/offers/${offer.id}/decline`)).status).toBe(204);
    const [mine] = await entries(first);
    expect(mine!.status).toBe('waiting');
    expect(mine!.offer).toBeNull();
    const [theirs] = await entries(second);
    expect(theirs!.status).toBe('offered');
    expect(theirs!.offer!.start).toBe(s.start);
    // The declined offer cannot be accepted any more.
    expect((await api(first, 'POST', `/waitlist/offers/${offer.id}/accept`)).status).toBe(409);
  });

  it('expires an offer after its time (accept answers 409 offer-expired) and moves on', async () => {
    const s = await scene(['Too Late', 'Lucky']);
    const [first, second] = s.waiting as [Person, Person];
    await s.cancel();
    const offer = (await entries(first))[0]!.offer!;
    await expireOffersOf(first.account.id);
    const late = await api<Problem>(first, 'POST', `/waitlist/offers/${offer.id}/accept`);
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/\/offer-expired$/);
    expect((await entries(first))[0]!.status).toBe('waiting');
    const [theirs] = await entries(second);
    expect(theirs!.status).toBe('offered');
    expect(theirs!.offer!.start).toBe(s.start);

    // The sweep expires the second one too; nobody else is waiting, so the slot is free again.
    await expireOffersOf(second.account.id);
    // (The sweep also runs as a job in the app: whichever gets there first, the result is one.)
    await sweepWaitlist(app.deps);
    const outcomes = await app.database.db
      .selectFrom('waitlist_offers as o')
      .innerJoin('waitlist_entries as e', 'e.id', 'o.entry_id')
      .select(['e.patient_id', 'o.outcome', 'o.appointment_id'])
      .where('e.provider_id', '=', s.provider.account.id)
      .orderBy('o.created_at')
      .execute();
    expect(outcomes).toEqual([
      { patient_id: first.account.id, outcome: 'expired', appointment_id: null },
      { patient_id: second.account.id, outcome: 'expired', appointment_id: null },
    ]);
    expect((await entries(second))[0]!.status).toBe('waiting');
    expect(await slotsOfDay3(s.provider.account.id, s.typeId)).toContain(Date.parse(s.start));
    const rows = await app.database.db
      .selectFrom('appointments')
      .select('status')
      .where('provider_id', '=', s.provider.account.id)
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['cancelled']);
  });

  it('withdraws the offer when the person leaves, and offers it to the next', async () => {
    const s = await scene(['Leaver', 'Stayer']);
    const [first, second] = s.waiting as [Person, Person];
    await s.cancel();
    const [entry] = await entries(first);
    expect((await api(first, 'DELETE', `/waitlist/${entry!.id}`)).status).toBe(204);
    expect(await entries(first)).toEqual([]);
    expect((await entries(second))[0]!.offer!.start).toBe(s.start);
  });

  it('offers the time freed by a reschedule, and only to people whose dates cover it', async () => {
    const { provider, typeId } = await practice();
    const holder = await patient('Mover');
    const start = at(3, '11:00');
    const booked = await api<Appointment>(holder, 'POST', '/appointments', {
      providerId: provider.account.id,
      appointmentTypeId: typeId,
      start,
    });
    const later = await patient('Wants Day 5');
    const fits = await patient('Wants Day 3');
    for (const [who, day] of [
      [later, 5],
      [fits, 3],
    ] as const) {
      expect(
        (
          await api(who, 'POST', '/waitlist', {
            providerId: provider.account.id,
            appointmentTypeId: typeId,
            earliest: dateOf(day),
            latest: dateOf(day),
          })
        ).status,
      ).toBe(201);
    }
    const moved = await api(holder, 'POST', `/appointments/${booked.body.id}/reschedule`, {
      start: at(6, '11:00'),
    });
    expect(moved.status).toBe(200);
    expect((await entries(later))[0]!.status).toBe('waiting');
    expect((await entries(fits))[0]!.offer!.start).toBe(start);
  });
});
