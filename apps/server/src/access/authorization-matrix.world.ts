import { randomBytes } from 'node:crypto';
import type { Account } from '@carecircle/core';
import type { TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider, uniqueEmail } from '../../test/factories.ts';
import { createAccount } from '../identity/accounts.service.ts';
import { grantProxyAccess } from './grants.service.ts';
import { shareWithProvider } from './care-relationships.service.ts';
import { appointmentsRepo } from '../scheduling/appointments.repo.ts';
import { waitlistRepo } from '../scheduling/waitlist.repo.ts';
import { practiceRepo } from '../scheduling/practice.repo.ts';
import { sql } from 'kysely';
import { keyringFor } from '../records/record-keys.ts';
import { createResource as createRecordResource } from '../records/record-store.ts';

/**
 * The authorization matrix's world: the actors, what a row is, the expected-status shorthands,
 * and the fixtures rows ask for (a fresh grant, an appointment of patient A, …). The rows are in
 * authorization-matrix.*-rows.ts, the test in authorization-matrix.test.ts.
 */

export const ACTORS = [
  'anonymous',
  'patientA',
  'patientB',
  'caregiverOfAWithScope',
  'caregiverOfAWithoutScope',
  'revokedCaregiverOfA',
  'providerWithRelationship',
  'providerWithoutRelationship',
  'admin',
] as const;
export type ActorName = (typeof ACTORS)[number];

export interface World {
  app: TestApp;
  accounts: Partial<Record<ActorName, Account>>;
  tokens: Partial<Record<ActorName, string>>;
}

export interface RequestSpec {
  path: string;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** A body that is not JSON (a document upload): sent as it is with its Content-Type. */
  raw?: { contentType: string; data: string };
}

export interface Row {
  /** `METHOD /express/path` exactly as registered. */
  route: string;
  request: (w: World, actor: ActorName) => RequestSpec | Promise<RequestSpec>;
  /** Expected status for every actor not listed. */
  status: number;
  except?: Partial<Record<ActorName, number>>;
}

/** Needs a signed-in person: anonymous gets 401. */
export const SIGNED_IN_ONLY: Partial<Record<ActorName, number>> = { anonymous: 401 };
/** Admins only: anonymous 401, everyone else 403 (account administration is not patient data). */
export const ADMIN_ONLY_STATUS = 403;
export const ADMIN_ONLY = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  admin: ok,
});
export const WRONG_CODE = '000000';

/** A new active grant from patient A to a new caregiver. */
export async function freshGrantOfA(w: World): Promise<string> {
  const db = w.app.database.db;
  const caregiver = await buildPatient(db, { name: 'Fresh Caregiver', roles: ['caregiver'] });
  await grantProxyAccess(db, {
    patientId: w.accounts.patientA!.id,
    caregiverId: caregiver.id,
    scopes: ['appointments:read'],
  });
  const row = await db
    .selectFrom('proxy_grants')
    .select('id')
    .where('caregiver_id', '=', caregiver.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A fresh account to act on, so that one actor's request never changes another's. */
export async function target(
  w: World,
  status: 'active' | 'pending' | 'disabled',
  roles: ('patient' | 'provider')[] = ['patient'],
) {
  const account = await createAccount(
    w.app.database.db,
    {
      email: uniqueEmail('target'),
      password: 'a long and private passphrase',
      name: 'Target Person',
      roles,
    },
    { verified: roles.includes('provider') && status !== 'pending' },
  );
  if (status === 'disabled') {
    await w.app.database.db
      .updateTable('accounts')
      .set({ status: 'disabled' })
      .where('id', '=', account.id)
      .execute();
  }
  return account.id;
}

/** A new active share of patient A's records with a new provider. */
export async function freshShareOfA(w: World): Promise<string> {
  const patientA = w.accounts.patientA!;
  const share = await shareWithProvider(
    w.app.database.db,
    { id: patientA.id, roles: patientA.roles, clientId: 'carecircle-web', scopes: [] },
    { providerId: await target(w, 'active', ['provider']) },
  );
  return share.id;
}

export const badToken = () => randomBytes(32).toString('base64url');

/** Calendar rows: one booked appointment of patient A with a provider none of the actors is. */
let calendarAppointmentOfA: Promise<string> | undefined;
export function appointmentOfAForCalendar(w: World): Promise<string> {
  calendarAppointmentOfA ??= (async () => {
    const db = w.app.database.db;
    const provider = await buildProvider(db, { account: { name: 'Dr. Calendar' } });
    const start = new Date(Date.now() + 40 * 86_400_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    const { rows } = await sql<{ id: string }>`
      WITH t AS (
        INSERT INTO appointment_types (provider_id, name, duration_minutes, modality)
        VALUES (${provider.id}, 'Check-up', 30, 'in_person') RETURNING id)
      INSERT INTO appointments (provider_id, patient_id, appointment_type_id, booked_by, during,
                                blocked, status)
      SELECT ${provider.id}, ${w.accounts.patientA!.id}, t.id, ${w.accounts.patientA!.id},
             tstzrange(${start}, ${end}), tstzrange(${start}, ${end}), 'booked' FROM t
      RETURNING id`.execute(db);
    return rows[0]!.id;
  })();
  return calendarAppointmentOfA;
}

/** Practice rows: providers manage only their own practice; what they change is theirs. */
export const isProvider = (actor: ActorName) =>
  actor === 'providerWithRelationship' || actor === 'providerWithoutRelationship';

/** A fresh appointment type of the actor when they are a provider, else an unknown id. */
export async function ownTypeOrUnknown(w: World, actor: ActorName): Promise<string> {
  if (!isProvider(actor)) return crypto.randomUUID();
  const t = await practiceRepo.insertAppointmentType(w.app.database.db, w.accounts[actor]!.id, {
    name: 'Matrix type',
    duration_minutes: 30,
    buffer_before_minutes: 0,
    buffer_after_minutes: 0,
    modality: 'video',
    minimum_notice_minutes: 60,
    booking_horizon_days: 90,
  });
  return t.id;
}

/** Fresh time off of the actor (far ahead) when they are a provider, else an unknown id. */
export async function ownTimeOffOrUnknown(w: World, actor: ActorName): Promise<string> {
  if (!isProvider(actor)) return crypto.randomUUID();
  return practiceRepo.insertTimeOff(w.app.database.db, w.accounts[actor]!.id, {
    start: new Date('2099-01-05T09:00:00Z'),
    end: new Date('2099-01-05T12:00:00Z'),
    reason: null,
  });
}

/** One active type of a provider none of the actors is, for the public slots row. */
let publicType: Promise<{ providerId: string; typeId: string }> | undefined;
export function publicAppointmentType(w: World) {
  publicType ??= (async () => {
    const provider = await buildProvider(w.app.database.db, { account: { name: 'Dr. Public' } });
    const t = await practiceRepo.insertAppointmentType(w.app.database.db, provider.id, {
      name: 'Public type',
      duration_minutes: 30,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      modality: 'in_person',
      minimum_notice_minutes: 60,
      booking_horizon_days: 90,
    });
    return { providerId: provider.id, typeId: t.id };
  })();
  return publicType;
}

/** Practice routes: the two (verified) providers may, others 403, anonymous 401. */
export const PROVIDERS_ONLY = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  providerWithRelationship: ok,
  providerWithoutRelationship: ok,
});

/** Booking and waitlist rows: patient A's, with a provider none of the actors is (UTC, daily). */
let bookingPractice: Promise<{ providerId: string; typeId: string }> | undefined;
export function practiceForBooking(w: World) {
  bookingPractice ??= (async () => {
    const provider = await buildProvider(w.app.database.db, {
      account: { name: 'Dr. Booking' },
      profile: { location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' } },
      hours: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((weekday) => ({
        weekday,
        start: '08:00',
        end: '18:00',
      })),
    });
    return { providerId: provider.id, typeId: await newTypeOf(w, provider.id) };
  })();
  return bookingPractice;
}

export async function newTypeOf(w: World, providerId: string): Promise<string> {
  const row = await w.app.database.db
    .insertInto('appointment_types')
    .values({
      provider_id: providerId,
      name: 'Matrix visit',
      duration_minutes: 30,
      modality: 'video',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A distinct free 30-minute slot of the booking practice for every call (from 5 days ahead). */
let slotCounter = 0;
export function nextSlot(): { start: Date; end: Date } {
  const c = slotCounter++;
  const t = new Date();
  const day = Date.UTC(
    t.getUTCFullYear(),
    t.getUTCMonth(),
    t.getUTCDate() + 5 + Math.floor(c / 20),
  );
  const start = new Date(day + 8 * 3_600_000 + (c % 20) * 30 * 60_000);
  return { start, end: new Date(start.getTime() + 30 * 60_000) };
}

/** A fresh appointment of patient A (booked, or held by a waitlist offer). */
export async function appointmentOfA(w: World, status: 'booked' | 'held' = 'booked') {
  const { providerId, typeId } = await practiceForBooking(w);
  const a = w.accounts.patientA!.id;
  const { start, end } = nextSlot();
  const id = await appointmentsRepo.insert(w.app.database.db, {
    provider_id: providerId,
    patient_id: a,
    appointment_type_id: typeId,
    booked_by: a,
    via_grant_id: null,
    start,
    end,
    blockedStart: start,
    blockedEnd: end,
    status,
    hold_expires_at: status === 'held' ? new Date(Date.now() + 15 * 60_000) : null,
    reason_sealed: null,
  });
  return { id, start, end };
}

/** A fresh waitlist entry of patient A (a new type each time: one open entry per type). */
export async function waitlistEntryOfA(w: World): Promise<string> {
  const { providerId } = await practiceForBooking(w);
  const a = w.accounts.patientA!.id;
  return waitlistRepo.insert(w.app.database.db, {
    patient_id: a,
    provider_id: providerId,
    appointment_type_id: await newTypeOf(w, providerId),
    created_by: a,
    earliest: new Date().toISOString().slice(0, 10),
    latest: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  });
}

/** A fresh open waitlist offer to patient A (a held slot). */
export async function waitlistOfferOfA(w: World): Promise<string> {
  const entryId = await waitlistEntryOfA(w);
  const held = await appointmentOfA(w, 'held');
  await waitlistRepo.setEntryStatus(w.app.database.db, entryId, 'offered');
  return waitlistRepo.insertOffer(w.app.database.db, {
    entryId,
    appointmentId: held.id,
    start: held.start,
    end: held.end,
    expiresAt: new Date(Date.now() + 15 * 60_000),
  });
}

/** Records API rows: a fresh Observation entered by patient A (a reading, LOINC 8867-4). */
export async function recordEntryOfA(w: World): Promise<string> {
  const a = w.accounts.patientA!.id;
  const stored = await createRecordResource(
    { db: w.app.database.db, keyring: keyringFor(w.app.config) },
    { actorId: a, patientId: a, viaGrantId: null },
    {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/${a}` },
      effectiveDateTime: '2026-01-01T08:00:00Z',
      valueQuantity: { value: 60, unit: '/min' },
    },
    { source: { kind: 'patient' } },
  );
  return stored.id;
}
export const recordOfA = (w: World) => `patientId=${w.accounts.patientA!.id}`;
/** Reading patient A's record: A, the caregiver with records:read, the related provider. */
export const A_RECORD_READERS = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: ok,
  providerWithRelationship: ok,
});

/** Patient A and their caregiver with appointments:manage may; everyone else 404. */
export const A_MANAGES = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: ok,
});

/** A registered health system: at an https address, or this test app's own FHIR endpoint. */
export async function healthSystem(w: World, kind: 'https' | 'self'): Promise<string> {
  const db = w.app.database.db;
  const url =
    kind === 'self'
      ? `${w.app.url}/fhir/R4`
      : `https://fhir-${randomBytes(4).toString('hex')}.example/R4`;
  await db
    .insertInto('health_systems')
    .values({ name: 'Matrix Clinic', fhir_base_url: url, client_id: 'carecircle' })
    .onConflict((oc) => oc.column('fhir_base_url').doNothing())
    .execute();
  const row = await db
    .selectFrom('health_systems')
    .select('id')
    .where('fhir_base_url', '=', url)
    .executeTakeFirstOrThrow();
  return row.id;
}
