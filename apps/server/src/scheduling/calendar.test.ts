import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, CalendarFeed, GrantScope } from '@carecircle/core';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { listAuditEventsForPatient } from '../access/audit.service.ts';
import { grantProxyAccess, revokeGrant } from '../access/grants.service.ts';
import {
  appointmentLocation,
  appointmentSummary,
  appointmentUid,
  buildAppointmentsCalendar,
  type IcsAppointment,
} from './ics.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const REASON = 'Private: recurring chest pain';
const CANCEL_REASON = 'Private: admitted to hospital';
const DAY = 86_400_000;

// ------------------------------------------------------------------------------------------
// World

interface Person {
  account: Account;
  token: string;
}

async function person(account: Account): Promise<Person> {
  return { account, token: await accessTokenFor(app, account.id) };
}

async function insertType(providerId: string, modality = 'in_person', name = 'Check-up') {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO appointment_types (provider_id, name, duration_minutes, modality)
    VALUES (${providerId}, ${name}, 45, ${modality}) RETURNING id`.execute(app.database.db);
  return rows[0]!.id;
}

/** Appointment start times never collide: each one gets its own hour. */
let slot = 0;
const at = (daysFromNow: number) => {
  const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 + daysFromNow * DAY;
  return new Date(base + (slot++ % 20) * 3_600_000);
};

async function insertAppointment(a: {
  providerId: string;
  patientId: string;
  typeId: string;
  start: Date;
  status?: 'booked' | 'cancelled' | 'held' | 'completed';
}): Promise<{ id: string; start: Date; end: Date }> {
  const end = new Date(a.start.getTime() + 45 * 60_000);
  const status = a.status ?? 'booked';
  const { rows } = await sql<{ id: string }>`
    INSERT INTO appointments (provider_id, patient_id, appointment_type_id, booked_by, during,
                              blocked, status, hold_expires_at, reason, cancel_reason)
    VALUES (${a.providerId}, ${a.patientId}, ${a.typeId}, ${a.patientId},
            tstzrange(${a.start}, ${end}, '[)'), tstzrange(${a.start}, ${end}, '[)'),
            ${status}, ${status === 'held' ? new Date(Date.now() + 15 * 60_000) : null},
            ${REASON}, ${status === 'cancelled' ? CANCEL_REASON : null})
    RETURNING id`.execute(app.database.db);
  return { id: rows[0]!.id, start: a.start, end };
}

async function grant(patient: Account, caregiver: Account, scopes: GrantScope[]) {
  await grantProxyAccess(app.database.db, {
    patientId: patient.id,
    caregiverId: caregiver.id,
    scopes,
  });
  const row = await app.database.db
    .selectFrom('proxy_grants')
    .select('id')
    .where('caregiver_id', '=', caregiver.id)
    .where('patient_id', '=', patient.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function world() {
  const db = app.database.db;
  const patient = await person(await buildPatient(db, { name: 'Maria Alvarez' }));
  const otherPatient = await person(await buildPatient(db, { name: 'Someone Else' }));
  const caregiver = await person(
    await buildPatient(db, { name: 'Sofia Alvarez', roles: ['caregiver'] }),
  );
  const messenger = await person(
    await buildPatient(db, { name: 'Messages Only', roles: ['caregiver'] }),
  );
  const provider = await person(
    await buildProvider(db, {
      account: { name: 'Dr. Wei Chen' },
      profile: {
        specialty: 'Endocrinology',
        location: { name: 'North Clinic', address: '5 Elm Road', timeZone: 'Europe/London' },
      },
    }),
  );
  const otherProvider = await person(await buildProvider(db, { account: { name: 'Dr. Other' } }));
  const caregiverGrant = await grant(patient.account, caregiver.account, ['appointments:read']);
  await grant(patient.account, messenger.account, ['messages:providers']);
  const typeId = await insertType(provider.account.id);
  const otherTypeId = await insertType(otherProvider.account.id, 'phone', 'Phone advice');
  const mk = (patientId: string, start: Date, status?: 'booked' | 'cancelled' | 'held') =>
    insertAppointment({ providerId: provider.account.id, patientId, typeId, start, status });
  const appointments = {
    longAgo: await mk(patient.account.id, at(-100)),
    recent: await mk(patient.account.id, at(-30)),
    upcoming: await mk(patient.account.id, at(10)),
    cancelled: await mk(patient.account.id, at(12), 'cancelled'),
    held: await mk(patient.account.id, at(14), 'held'),
    byPhone: await insertAppointment({
      providerId: otherProvider.account.id,
      patientId: patient.account.id,
      typeId: otherTypeId,
      start: at(20),
    }),
    otherPatients: await mk(otherPatient.account.id, at(11)),
  };
  return {
    patient,
    otherPatient,
    caregiver,
    caregiverGrant,
    messenger,
    provider,
    otherProvider,
    appointments,
  };
}

async function call(
  who: Person | undefined,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...headers, ...(who ? { authorization: `Bearer ${who.token}` } : {}) },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function feedOf(who: Person): Promise<CalendarFeed> {
  const res = await call(who, 'GET', '/api/v1/calendar-feed');
  expect(res.status, res.text).toBe(200);
  return JSON.parse(res.text) as CalendarFeed;
}

/** Fetches a feed address as a calendar app would (no sign-in) and parses it with ical.js. */
async function readFeed(feed: CalendarFeed, headers: Record<string, string> = {}) {
  const path = new URL(feed.httpsUrl).pathname;
  const res = await call(undefined, 'GET', path, headers);
  return { ...res, calendar: res.status === 200 ? parse(res.text) : undefined };
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      status: vevent.getFirstPropertyValue('status'),
      summary: event.summary,
      location: event.location,
      attendees: vevent.getAllProperties('attendee').length,
    };
  });
  return {
    method: calendar.getFirstPropertyValue('method'),
    name: calendar.getFirstPropertyValue('x-wr-calname'),
    events,
    byUid: new Map(events.map((e) => [e.uid, e])),
  };
}

const uid = (id: string) => `${id}@127.0.0.1`;

// ------------------------------------------------------------------------------------------

describe('calendar feed address', () => {
  it('is created on first use, stays the same, and keeps only a hash and a ciphertext', async () => {
    const w = await world();
    const first = await feedOf(w.patient);
    const again = await feedOf(w.patient);
    expect(again).toEqual(first);
    const match = /^webcal:\/\/127\.0\.0\.1:\d+\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(
      first.webcalUrl,
    );
    expect(match, first.webcalUrl).not.toBeNull();
    const token = match![1]!;
    expect(first.httpsUrl).toBe(`${app.url}/calendar/${token}.ics`);

    const row = await app.database.db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('account_id', '=', w.patient.account.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    expect(row.token_encrypted).not.toContain(token);
    // Another person gets another address.
    expect((await feedOf(w.caregiver)).webcalUrl).not.toBe(first.webcalUrl);
  });

  it('gives a new address when the stored one can no longer be decrypted', async () => {
    const w = await world();
    const old = await feedOf(w.patient);
    await app.database.db
      .updateTable('calendar_feeds')
      .set({ token_encrypted: 'v1.AAAA.AAAA.AAAA' })
      .where('account_id', '=', w.patient.account.id)
      .execute();
    const fresh = await feedOf(w.patient);
    expect(fresh.webcalUrl).not.toBe(old.webcalUrl);
    expect((await readFeed(old)).status).toBe(404);
    expect((await readFeed(fresh)).status).toBe(200);
  });

  it('needs sign-in', async () => {
    expect((await call(undefined, 'GET', '/api/v1/calendar-feed')).status).toBe(401);
    expect((await call(undefined, 'POST', '/api/v1/calendar-feed/rotate')).status).toBe(401);
  });

  it('rotates: the old address stops working at once, the new one works', async () => {
    const w = await world();
    const old = await feedOf(w.patient);
    expect((await readFeed(old)).status).toBe(200);
    const res = await call(w.patient, 'POST', '/api/v1/calendar-feed/rotate');
    expect(res.status, res.text).toBe(200);
    const rotated = JSON.parse(res.text) as CalendarFeed;
    expect(rotated.webcalUrl).not.toBe(old.webcalUrl);
    expect(await feedOf(w.patient)).toEqual(rotated);
    const gone = await readFeed(old);
    expect(gone.status).toBe(404);
    expect(gone.text).not.toContain('BEGIN:VCALENDAR');
    expect((await readFeed(rotated)).status).toBe(200);
  });
});

describe('calendar feed', () => {
  it("lists the patient's appointments from 90 days ago on, cancelled ones marked", async () => {
    const w = await world();
    const res = await readFeed(await feedOf(w.patient));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    const cal = res.calendar!;
    expect(cal.name).toBe('CareCircle');
    expect(cal.method).toBe('PUBLISH');
    const a = w.appointments;
    expect([...cal.byUid.keys()].sort()).toEqual(
      [a.recent, a.upcoming, a.cancelled, a.byPhone].map((x) => uid(x.id)).sort(),
    );
    for (const x of [a.recent, a.upcoming, a.cancelled, a.byPhone]) {
      const event = cal.byUid.get(uid(x.id))!;
      expect(event.start).toBe(x.start.toISOString());
      expect(event.end).toBe(x.end.toISOString());
      expect(event.attendees).toBe(0);
    }
    expect(cal.byUid.get(uid(a.upcoming.id))!.status).toBe('CONFIRMED');
    expect(cal.byUid.get(uid(a.upcoming.id))!.summary).toBe('Check-up with Dr. Wei Chen');
    expect(cal.byUid.get(uid(a.upcoming.id))!.location).toBe('North Clinic, 5 Elm Road');
    expect(cal.byUid.get(uid(a.byPhone.id))!.location).toBe('Phone call');
    expect(cal.byUid.get(uid(a.cancelled.id))!.status).toBe('CANCELLED');
    expect(res.text).not.toContain(REASON);
    expect(res.text).not.toContain(CANCEL_REASON);
    expect(res.text).not.toContain('Someone Else');
  });

  it('keeps the UID and raises the SEQUENCE when an appointment changes', async () => {
    const w = await world();
    const feed = await feedOf(w.patient);
    const id = w.appointments.upcoming.id;
    const before = (await readFeed(feed)).calendar!.byUid.get(uid(id))!;
    const moved = new Date(w.appointments.upcoming.start.getTime() + DAY);
    const movedEnd = new Date(moved.getTime() + 45 * 60_000);
    await sql`UPDATE appointments
                 SET during = tstzrange(${moved}, ${movedEnd}, '[)'),
                     blocked = tstzrange(${moved}, ${movedEnd}, '[)'),
                     sequence = sequence + 1, updated_at = now()
               WHERE id = ${id}`.execute(app.database.db);
    const after = (await readFeed(feed)).calendar!.byUid.get(uid(id))!;
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.start).toBe(moved.toISOString());
    expect(after.end).toBe(movedEnd.toISOString());
  });

  it('shows a caregiver the appointments of patients who let them, until the grant ends', async () => {
    const w = await world();
    const cal = (await readFeed(await feedOf(w.caregiver))).calendar!;
    const a = w.appointments;
    expect([...cal.byUid.keys()].sort()).toEqual(
      [a.recent, a.upcoming, a.cancelled, a.byPhone].map((x) => uid(x.id)).sort(),
    );
    expect(cal.byUid.get(uid(a.upcoming.id))!.summary).toBe(
      'Maria Alvarez: Check-up with Dr. Wei Chen',
    );

    // The patient sees it in their access history, attributed to the caregiver.
    const history = await listAuditEventsForPatient(app.database.db, w.patient.account.id, {});
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'appointments.read',
          actorId: w.caregiver.account.id,
          onBehalfOfId: w.patient.account.id,
          subjectType: 'calendar_feed',
        }),
      ]),
    );

    // A caregiver without the appointments scope sees nothing of the patient.
    const messenger = (await readFeed(await feedOf(w.messenger))).calendar!;
    expect(messenger.events).toEqual([]);

    await revokeGrant(
      app.database.db,
      {
        id: w.patient.account.id,
        roles: w.patient.account.roles,
        clientId: 'carecircle-web',
        scopes: [],
      },
      w.caregiverGrant,
    );
    const afterRevoke = await readFeed(await feedOf(w.caregiver));
    expect(afterRevoke.status).toBe(200);
    expect(afterRevoke.calendar!.events).toEqual([]);
    expect(afterRevoke.text).not.toContain('Maria Alvarez');
  });

  it("shows a provider their own appointments with every patient, and nobody else's", async () => {
    const w = await world();
    const cal = (await readFeed(await feedOf(w.provider))).calendar!;
    const a = w.appointments;
    expect([...cal.byUid.keys()].sort()).toEqual(
      [a.recent, a.upcoming, a.cancelled, a.otherPatients].map((x) => uid(x.id)).sort(),
    );
    expect(cal.byUid.get(uid(a.upcoming.id))!.summary).toBe('Check-up: Maria Alvarez');
    expect(cal.byUid.get(uid(a.otherPatients.id))!.summary).toBe('Check-up: Someone Else');
    const other = (await readFeed(await feedOf(w.otherProvider))).calendar!;
    expect([...other.byUid.keys()]).toEqual([uid(a.byPhone.id)]);
  });

  it('records every read in the audit log, without health data', async () => {
    const w = await world();
    await readFeed(await feedOf(w.patient));
    const events = await app.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('actor_id', '=', w.patient.account.id)
      .where('action', '=', 'calendar.feed.read')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0])).not.toContain(REASON);
    expect(events[0]!.details).toEqual({ events: 4, patientsCaredFor: 0 });
  });

  it('answers 404 to unknown, malformed and suspended addresses, even to a browser', async () => {
    const w = await world();
    const feed = await feedOf(w.patient);
    const unknown = `/calendar/${'A'.repeat(43)}.ics`;
    for (const path of [unknown, '/calendar/short.ics', '/calendar/%2e%2e.ics']) {
      const res = await call(undefined, 'GET', path, { accept: 'text/html' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    await app.database.db
      .updateTable('accounts')
      .set({ status: 'disabled' })
      .where('id', '=', w.patient.account.id)
      .execute();
    expect((await readFeed(feed)).status).toBe(404);
  });
});

describe('one appointment as an .ics file', () => {
  const path = (id: string) => `/api/v1/appointments/${id}/calendar.ics`;

  it('downloads one event for whoever may read the appointment', async () => {
    const w = await world();
    const a = w.appointments.upcoming;
    for (const who of [w.patient, w.caregiver, w.provider]) {
      const res = await call(who, 'GET', path(a.id));
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="appointment.ics"');
      const cal = parse(res.text);
      expect(cal.method).toBe('PUBLISH');
      expect(cal.events).toHaveLength(1);
      expect(cal.events[0]).toMatchObject({
        uid: uid(a.id),
        start: a.start.toISOString(),
        end: a.end.toISOString(),
        status: 'CONFIRMED',
      });
      expect(res.text).not.toContain(REASON);
    }
  });

  it('is 404 for everyone else, 401 without sign-in and 400 for a malformed id', async () => {
    const w = await world();
    const a = w.appointments.upcoming;
    // A provider who has never seen the patient (one who has may read, see access.ts).
    const stranger = await person(await buildProvider(app.database.db));
    for (const who of [w.otherPatient, w.messenger, stranger]) {
      expect((await call(who, 'GET', path(a.id))).status).toBe(404);
    }
    expect((await call(w.patient, 'GET', path(w.appointments.held.id))).status).toBe(404);
    expect(
      (await call(w.patient, 'GET', path('00000000-0000-4000-8000-000000000000'))).status,
    ).toBe(404);
    expect((await call(undefined, 'GET', path(a.id))).status).toBe(401);
    const bad = await call(w.patient, 'GET', path('not-an-id'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      errors: [expect.objectContaining({ path: 'params.appointmentId' })],
    });
  });
});

describe('ics.ts', () => {
  const appointment: IcsAppointment = {
    id: 'ABCDEF01-2345-4678-89AB-CDEF01234567',
    start: new Date('2027-03-28T00:30:00Z'), // the night London springs forward
    end: new Date('2027-03-28T01:30:00Z'),
    status: 'booked',
    sequence: 3,
    modality: 'in_person',
    appointmentTypeName: 'Check-up; long, with "quotes"',
    createdAt: new Date('2027-01-01T00:00:00Z'),
    updatedAt: new Date('2027-01-02T00:00:00Z'),
    patient: { id: 'p', name: 'Maria Alvarez', email: 'maria@example.org' },
    provider: {
      id: 'd',
      name: 'Dr. Wei Chen',
      specialty: 'Endocrinology',
      locationName: 'North Clinic',
      locationAddress: '5 Elm Road',
    },
  };
  const options = {
    publicUrl: 'https://care.example.org',
    organizerEmail: 'no-reply@care.example.org',
  };

  it('writes one UID per appointment and instants in UTC, across a DST change', () => {
    expect(appointmentUid(appointment.id, options.publicUrl)).toBe(
      'abcdef01-2345-4678-89ab-cdef01234567@care.example.org',
    );
    const text = buildAppointmentsCalendar([appointment], {
      ...options,
      method: 'REQUEST',
      viewer: { id: 'p', locale: 'en' },
    });
    const cal = parse(text);
    expect(cal.method).toBe('REQUEST');
    expect(cal.events).toEqual([
      {
        uid: 'abcdef01-2345-4678-89ab-cdef01234567@care.example.org',
        sequence: 3,
        start: '2027-03-28T00:30:00.000Z',
        end: '2027-03-28T01:30:00.000Z',
        status: 'CONFIRMED',
        summary: 'Check-up; long, with "quotes" with Dr. Wei Chen',
        location: 'North Clinic, 5 Elm Road',
        attendees: 1,
      },
    ]);
    expect(text).toContain('DTSTART:20270328T003000Z');
    expect(text).not.toContain('TZID');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const cal = parse(
      buildAppointmentsCalendar([{ ...appointment, status: 'cancelled', sequence: 4 }], {
        ...options,
        method: 'CANCEL',
        viewer: { id: 'p', locale: 'es' },
      }),
    );
    expect(cal.method).toBe('CANCEL');
    expect(cal.events[0]).toMatchObject({ status: 'CANCELLED', sequence: 4 });
    expect(cal.events[0]!.summary).toBe(
      'Cancelada: Check-up; long, with "quotes" con Dr. Wei Chen',
    );
  });

  it('words titles and places for each viewer and language', () => {
    expect(appointmentSummary(appointment, { id: 'd', locale: 'en' })).toBe(
      'Check-up; long, with "quotes": Maria Alvarez',
    );
    expect(appointmentSummary(appointment, { id: 'someone', locale: 'es' })).toBe(
      'Maria Alvarez: Check-up; long, with "quotes" con Dr. Wei Chen',
    );
    expect(appointmentLocation({ ...appointment, modality: 'video' }, 'es')).toBe('Videollamada');
    expect(appointmentLocation({ ...appointment, modality: 'phone' }, 'en')).toBe('Phone call');
  });
});
