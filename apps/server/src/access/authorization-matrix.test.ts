import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider, uniqueEmail } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { createAccount } from '../identity/accounts.service.ts';
import { listRoutes } from '../platform/routes-list.ts';
import { grantProxyAccess, revokeGrant } from './grants.service.ts';
import { shareWithProvider } from './care-relationships.service.ts';
import { can } from './access.ts';
import { appointmentsRepo } from '../scheduling/appointments.repo.ts';
import { waitlistRepo } from '../scheduling/waitlist.repo.ts';
import { practiceRepo } from '../scheduling/practice.repo.ts';
import { getWeeklyHours } from '../scheduling/providers.service.ts';
import { sql } from 'kysely';
import { getCalendarFeed } from '../scheduling/calendar.service.ts';
import { createResource } from '../records/record-store.ts';
import { keyringFor } from '../records/record-keys.ts';
import { uploadDocument } from '../records/documents.service.ts';
import { observation as fhirObservation } from '../records/fhir/fhir-test-client.ts';
import { createResource as createRecordResource } from '../records/record-store.ts';

/**
 * The authorization matrix: every route the app registers × every kind of actor, with the
 * status each must get. The route list is read from Express itself, so a route added without a
 * row here fails this test.
 */

const ACTORS = [
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
type ActorName = (typeof ACTORS)[number];

interface World {
  app: TestApp;
  accounts: Partial<Record<ActorName, Account>>;
  tokens: Partial<Record<ActorName, string>>;
}

interface RequestSpec {
  path: string;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** A body that is not JSON (a document upload): sent as it is with its Content-Type. */
  raw?: { contentType: string; data: string };
}

interface Row {
  /** `METHOD /express/path` exactly as registered. */
  route: string;
  request: (w: World, actor: ActorName) => RequestSpec | Promise<RequestSpec>;
  /** Expected status for every actor not listed. */
  status: number;
  except?: Partial<Record<ActorName, number>>;
}

/** Needs a signed-in person: anonymous gets 401. */
const SIGNED_IN_ONLY: Partial<Record<ActorName, number>> = { anonymous: 401 };
/** Admins only: anonymous 401, everyone else 403 (account administration is not patient data). */
const ADMIN_ONLY_STATUS = 403;
const ADMIN_ONLY = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  admin: ok,
});
const WRONG_CODE = '000000';

/** A new active grant from patient A to a new caregiver. */
async function freshGrantOfA(w: World): Promise<string> {
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
async function target(
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
async function freshShareOfA(w: World): Promise<string> {
  const patientA = w.accounts.patientA!;
  const share = await shareWithProvider(
    w.app.database.db,
    { id: patientA.id, roles: patientA.roles, clientId: 'carecircle-web', scopes: [] },
    { providerId: await target(w, 'active', ['provider']) },
  );
  return share.id;
}

const badToken = () => randomBytes(32).toString('base64url');

/** Calendar rows: one booked appointment of patient A with a provider none of the actors is. */
let calendarAppointmentOfA: Promise<string> | undefined;
function appointmentOfAForCalendar(w: World): Promise<string> {
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
const isProvider = (actor: ActorName) =>
  actor === 'providerWithRelationship' || actor === 'providerWithoutRelationship';

/** A fresh appointment type of the actor when they are a provider, else an unknown id. */
async function ownTypeOrUnknown(w: World, actor: ActorName): Promise<string> {
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
async function ownTimeOffOrUnknown(w: World, actor: ActorName): Promise<string> {
  if (!isProvider(actor)) return crypto.randomUUID();
  return practiceRepo.insertTimeOff(w.app.database.db, w.accounts[actor]!.id, {
    start: new Date('2099-01-05T09:00:00Z'),
    end: new Date('2099-01-05T12:00:00Z'),
    reason: null,
  });
}

/** One active type of a provider none of the actors is, for the public slots row. */
let publicType: Promise<{ providerId: string; typeId: string }> | undefined;
function publicAppointmentType(w: World) {
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
const PROVIDERS_ONLY = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  providerWithRelationship: ok,
  providerWithoutRelationship: ok,
});

/** Booking and waitlist rows: patient A's, with a provider none of the actors is (UTC, daily). */
let bookingPractice: Promise<{ providerId: string; typeId: string }> | undefined;
function practiceForBooking(w: World) {
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

async function newTypeOf(w: World, providerId: string): Promise<string> {
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
function nextSlot(): { start: Date; end: Date } {
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
async function appointmentOfA(w: World, status: 'booked' | 'held' = 'booked') {
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
async function waitlistEntryOfA(w: World): Promise<string> {
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
async function waitlistOfferOfA(w: World): Promise<string> {
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
async function recordEntryOfA(w: World): Promise<string> {
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
let sharedRecordEntryOfA: Promise<string> | undefined;
const recordOfA = (w: World) => `patientId=${w.accounts.patientA!.id}`;
/** Reading patient A's record: A, the caregiver with records:read, the related provider. */
const A_RECORD_READERS = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: ok,
  providerWithRelationship: ok,
});

/** Patient A and their caregiver with appointments:manage may; everyone else 404. */
const A_MANAGES = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: ok,
});

/** A registered health system: at an https address, or this test app's own FHIR endpoint. */
async function healthSystem(w: World, kind: 'https' | 'self'): Promise<string> {
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

const rows: Row[] = [
  { route: 'GET /healthz', request: () => ({ path: '/healthz' }), status: 200 },
  { route: 'GET /readyz', request: () => ({ path: '/readyz' }), status: 200 },
  { route: 'GET /api/v1/info', request: () => ({ path: '/api/v1/info' }), status: 200 },
  { route: 'GET /api/v1/providers', request: () => ({ path: '/api/v1/providers' }), status: 200 },
  { route: 'GET /api/openapi.json', request: () => ({ path: '/api/openapi.json' }), status: 200 },
  {
    route: 'GET /api/v1/me',
    request: () => ({ path: '/api/v1/me' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/accounts',
    request: () => ({
      path: '/api/v1/accounts',
      body: {
        email: uniqueEmail('signup'),
        password: 'a long and private passphrase',
        name: 'New Person',
        roles: ['patient'],
      },
    }),
    status: 201,
  },
  {
    route: 'POST /api/v1/email-verifications',
    request: () => ({ path: '/api/v1/email-verifications', body: { token: badToken() } }),
    status: 400,
  },
  {
    route: 'POST /api/v1/password-resets',
    request: () => ({ path: '/api/v1/password-resets', body: { email: uniqueEmail('reset') } }),
    status: 202,
  },
  {
    route: 'POST /api/v1/password-resets/confirm',
    request: () => ({
      path: '/api/v1/password-resets/confirm',
      body: { token: badToken(), password: 'a long and private passphrase' },
    }),
    status: 400,
  },
  // Two-step sign-in: everyone manages their own.
  {
    route: 'GET /api/v1/me/mfa',
    request: () => ({ path: '/api/v1/me/mfa' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/me/mfa/enrolment',
    request: () => ({ path: '/api/v1/me/mfa/enrolment', body: {} }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/me/mfa/enrolment/confirm',
    request: () => ({ path: '/api/v1/me/mfa/enrolment/confirm', body: { code: WRONG_CODE } }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  {
    // Nothing to disable (409); providers and admins may never turn it off (403).
    route: 'POST /api/v1/me/mfa/disable',
    request: () => ({ path: '/api/v1/me/mfa/disable', body: { code: WRONG_CODE } }),
    status: 409,
    except: {
      anonymous: 401,
      providerWithRelationship: 403,
      providerWithoutRelationship: 403,
      admin: 403,
    },
  },
  {
    route: 'POST /api/v1/me/mfa/recovery-codes',
    request: () => ({ path: '/api/v1/me/mfa/recovery-codes', body: { code: WRONG_CODE } }),
    status: 409, // two-step sign-in is not on for anyone here
    except: SIGNED_IN_ONLY,
  },
  // Sessions and my own access history.
  {
    route: 'GET /api/v1/me/sessions',
    request: () => ({ path: '/api/v1/me/sessions' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/me/sessions/:sessionId',
    request: () => ({ path: `/api/v1/me/sessions/${badToken()}` }),
    status: 404,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/me/sessions/revoke-others',
    request: () => ({ path: '/api/v1/me/sessions/revoke-others', body: {} }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/me/access-history',
    request: () => ({ path: '/api/v1/me/access-history' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  // The whole audit log: auditors only (none of these actors holds that role).
  {
    route: 'GET /api/v1/audit-events',
    request: () => ({ path: '/api/v1/audit-events' }),
    status: 403,
    except: SIGNED_IN_ONLY,
  },
  // Account administration.
  {
    route: 'GET /api/v1/admin/accounts',
    request: () => ({ path: '/api/v1/admin/accounts' }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/accounts/:accountId/verify',
    request: async (w) => ({
      path: `/api/v1/admin/accounts/${await target(w, 'pending', ['provider'])}/verify`,
      body: {},
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/accounts/:accountId/suspend',
    request: async (w) => ({
      path: `/api/v1/admin/accounts/${await target(w, 'active')}/suspend`,
      body: { reason: 'matrix test' },
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/accounts/:accountId/reinstate',
    request: async (w) => ({
      path: `/api/v1/admin/accounts/${await target(w, 'disabled')}/reinstate`,
      body: {},
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  // Third-party SMART apps: admins register, list and disable them.
  {
    route: 'GET /api/v1/admin/smart-apps',
    request: () => ({ path: '/api/v1/admin/smart-apps' }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/smart-apps',
    request: () => ({
      path: '/api/v1/admin/smart-apps',
      body: {
        name: 'Matrix App',
        redirectUris: ['https://matrix-app.example/cb'],
        clientType: 'public',
        scopes: ['openid', 'patient/Observation.rs'],
      },
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(201),
  },
  {
    route: 'POST /api/v1/admin/smart-apps/:clientId/disable',
    request: async (w) => {
      const clientId = `smart-matrix-${randomBytes(6).toString('hex')}`;
      await w.app.database.db
        .insertInto('smart_apps')
        .values({
          client_id: clientId,
          name: 'Matrix App',
          redirect_uris: ['https://matrix-app.example/cb'],
          client_type: 'public',
          secret_hash: null,
          scopes: ['openid'],
          launch_url: null,
          created_by: null,
        })
        .execute();
      return { path: `/api/v1/admin/smart-apps/${clientId}/disable`, body: {} };
    },
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  // Caregiver proxy grants: a patient manages theirs; nobody else can see or touch them (404).
  {
    route: 'GET /api/v1/grants',
    request: () => ({ path: '/api/v1/grants' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/grants',
    request: () => ({
      path: '/api/v1/grants',
      body: { email: uniqueEmail('invitee'), scopes: ['appointments:read'] },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'PATCH /api/v1/grants/:grantId',
    request: async (w) => ({
      path: `/api/v1/grants/${await freshGrantOfA(w)}`,
      body: { scopes: ['appointments:read', 'records:read'] },
    }),
    status: 404,
    except: { anonymous: 401, patientA: 200 },
  },
  {
    route: 'DELETE /api/v1/grants/:grantId',
    request: async (w) => ({ path: `/api/v1/grants/${await freshGrantOfA(w)}` }),
    status: 404,
    except: { anonymous: 401, patientA: 204 },
  },
  {
    route: 'GET /api/v1/grants/acting-for',
    request: () => ({ path: '/api/v1/grants/acting-for' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // Only the caregiver holding a grant may leave it; it belongs to a fresh caregiver here.
    route: 'DELETE /api/v1/grants/acting-for/:grantId',
    request: async (w) => ({ path: `/api/v1/grants/acting-for/${await freshGrantOfA(w)}` }),
    status: 404,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/grants/invitations/preview',
    request: () => ({ path: '/api/v1/grants/invitations/preview', body: { token: badToken() } }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/grants/invitations/accept',
    request: () => ({ path: '/api/v1/grants/invitations/accept', body: { token: badToken() } }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  // Care relationships: a patient shares with providers (their own list, like grants).
  {
    route: 'GET /api/v1/care-shares',
    request: () => ({ path: '/api/v1/care-shares' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // Everyone signed in shares their own records (a fresh provider, so no row changes another).
    route: 'POST /api/v1/care-shares',
    request: async (w) => ({
      path: '/api/v1/care-shares',
      body: { providerId: await target(w, 'active', ['provider']) },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/care-shares/:shareId',
    request: async (w) => ({ path: `/api/v1/care-shares/${await freshShareOfA(w)}` }),
    status: 404,
    except: { anonymous: 401, patientA: 204 },
  },
  {
    // Providers only; on a fresh patient, so the stranger does not gain a relationship with A.
    route: 'POST /api/v1/break-glass',
    request: async (w) => ({
      path: '/api/v1/break-glass',
      body: { patientId: await target(w, 'active'), reason: 'Matrix test: emergency access' },
    }),
    status: 403,
    except: { anonymous: 401, providerWithRelationship: 201, providerWithoutRelationship: 201 },
  },
  // Calendar: everyone has their own feed address; an appointment's .ics is readable by whoever
  // may read the appointment (404 for the others).
  {
    route: 'GET /api/v1/calendar-feed',
    request: () => ({ path: '/api/v1/calendar-feed' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/calendar-feed/rotate',
    request: () => ({ path: '/api/v1/calendar-feed/rotate', body: {} }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/appointments/:appointmentId/calendar.ics',
    request: async (w) => ({
      path: `/api/v1/appointments/${await appointmentOfAForCalendar(w)}/calendar.ics`,
    }),
    status: 404,
    except: {
      anonymous: 401,
      patientA: 200,
      caregiverOfAWithScope: 200,
      providerWithRelationship: 200,
    },
  },
  {
    // The feed itself: the token in the address is the credential; a bearer token plays no part.
    route: 'GET /calendar/:token.ics',
    request: async (w) => {
      const a = w.accounts.patientA!;
      const feed = await getCalendarFeed(w.app.database.db, w.app.config, {
        id: a.id,
        roles: a.roles,
        clientId: 'carecircle-web',
        scopes: [],
      });
      return { path: new URL(feed.httpsUrl).pathname };
    },
    status: 200,
  },
  // Provider search and slots: public.
  {
    route: 'GET /api/v1/providers/:providerId',
    request: async (w) => ({
      path: `/api/v1/providers/${(await publicAppointmentType(w)).providerId}`,
    }),
    status: 200,
  },
  {
    route: 'GET /api/v1/providers/:providerId/slots',
    request: async (w) => {
      const { providerId, typeId } = await publicAppointmentType(w);
      const from = new Date();
      const to = new Date(from.getTime() + 14 * 86_400_000);
      return {
        path: `/api/v1/providers/${providerId}/slots?appointmentTypeId=${typeId}&from=${from.toISOString()}&to=${to.toISOString()}`,
      };
    },
    status: 200,
  },
  {
    route: 'GET /api/v1/first-available',
    request: () => ({ path: '/api/v1/first-available?limit=5' }),
    status: 200,
  },
  // The signed-in provider's own practice: verified providers only.
  {
    route: 'GET /api/v1/practice/profile',
    request: () => ({ path: '/api/v1/practice/profile' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    // The same profile the factory gave them, so nothing changes for other rows.
    route: 'PUT /api/v1/practice/profile',
    request: () => ({
      path: '/api/v1/practice/profile',
      body: {
        specialty: 'Family medicine',
        languages: ['en'],
        modalities: ['in_person'],
        location: { name: 'Test Clinic', address: '1 Test Street', timeZone: 'America/New_York' },
      },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'GET /api/v1/practice/appointment-types',
    request: () => ({ path: '/api/v1/practice/appointment-types' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'POST /api/v1/practice/appointment-types',
    request: () => ({
      path: '/api/v1/practice/appointment-types',
      body: { name: 'Matrix type', durationMinutes: 20, modality: 'video' },
    }),
    status: 403,
    except: PROVIDERS_ONLY(201),
  },
  {
    route: 'PATCH /api/v1/practice/appointment-types/:appointmentTypeId',
    request: async (w, actor) => ({
      path: `/api/v1/practice/appointment-types/${await ownTypeOrUnknown(w, actor)}`,
      body: { active: false },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'GET /api/v1/practice/availability',
    request: () => ({ path: '/api/v1/practice/availability' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    // Their current hours again, so nothing changes for other rows.
    route: 'PUT /api/v1/practice/availability/weekly-hours',
    request: async (w, actor) => ({
      path: '/api/v1/practice/availability/weekly-hours',
      body: {
        weeklyHours: isProvider(actor)
          ? await getWeeklyHours(w.app.database.db, w.accounts[actor]!.id)
          : [],
      },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'PUT /api/v1/practice/availability/overrides/:date',
    request: () => ({
      path: '/api/v1/practice/availability/overrides/2099-01-06',
      body: { intervals: [] },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'DELETE /api/v1/practice/availability/overrides/:date',
    request: () => ({ path: '/api/v1/practice/availability/overrides/2099-01-06' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'POST /api/v1/practice/availability/time-off',
    request: () => ({
      path: '/api/v1/practice/availability/time-off',
      body: { start: '2099-01-07T09:00:00Z', end: '2099-01-07T17:00:00Z' },
    }),
    status: 403,
    except: PROVIDERS_ONLY(201),
  },
  {
    route: 'DELETE /api/v1/practice/availability/time-off/:timeOffId',
    request: async (w, actor) => ({
      path: `/api/v1/practice/availability/time-off/${await ownTimeOffOrUnknown(w, actor)}`,
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'GET /api/v1/practice/patients',
    request: () => ({ path: '/api/v1/practice/patients' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  // Appointments: patient A's, booked for them by themselves or a caregiver with
  // appointments:manage; readable by those and by a provider with a care relationship.
  {
    route: 'POST /api/v1/appointments',
    request: async (w) => {
      const { providerId, typeId } = await practiceForBooking(w);
      return {
        path: '/api/v1/appointments',
        body: {
          providerId,
          appointmentTypeId: typeId,
          start: nextSlot().start.toISOString(),
          patientId: w.accounts.patientA!.id,
        },
      };
    },
    status: 404,
    except: A_MANAGES(201),
  },
  {
    // Everyone lists what they may see (their own, possibly nothing).
    route: 'GET /api/v1/appointments',
    request: () => ({ path: '/api/v1/appointments' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/appointments/:appointmentId',
    request: async (w) => ({ path: `/api/v1/appointments/${(await appointmentOfA(w)).id}` }),
    status: 404,
    except: { ...A_MANAGES(200), providerWithRelationship: 200 },
  },
  {
    route: 'POST /api/v1/appointments/:appointmentId/reschedule',
    request: async (w) => ({
      path: `/api/v1/appointments/${(await appointmentOfA(w)).id}/reschedule`,
      body: { start: nextSlot().start.toISOString() },
    }),
    status: 404,
    except: A_MANAGES(200),
  },
  {
    route: 'POST /api/v1/appointments/:appointmentId/cancel',
    request: async (w) => ({
      path: `/api/v1/appointments/${(await appointmentOfA(w)).id}/cancel`,
      body: { reason: 'Matrix test' },
    }),
    status: 404,
    except: A_MANAGES(200),
  },
  {
    // Only the appointment's own provider (none of these actors) records it; those who may
    // read it get 403, the others 404.
    route: 'POST /api/v1/appointments/:appointmentId/status',
    request: async (w) => ({
      path: `/api/v1/appointments/${(await appointmentOfA(w)).id}/status`,
      body: { status: 'checked_in' },
    }),
    status: 404,
    except: { ...A_MANAGES(403), providerWithRelationship: 403 },
  },
  // Waitlist: like booking.
  {
    route: 'POST /api/v1/waitlist',
    request: async (w) => {
      const { providerId } = await practiceForBooking(w);
      return {
        path: '/api/v1/waitlist',
        body: {
          providerId,
          appointmentTypeId: await newTypeOf(w, providerId),
          earliest: new Date().toISOString().slice(0, 10),
          latest: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
          patientId: w.accounts.patientA!.id,
        },
      };
    },
    status: 404,
    except: A_MANAGES(201),
  },
  {
    route: 'GET /api/v1/waitlist',
    request: () => ({ path: '/api/v1/waitlist' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/waitlist/:entryId',
    request: async (w) => ({ path: `/api/v1/waitlist/${await waitlistEntryOfA(w)}` }),
    status: 404,
    except: A_MANAGES(204),
  },
  {
    route: 'POST /api/v1/waitlist/offers/:offerId/accept',
    request: async (w) => ({
      path: `/api/v1/waitlist/offers/${await waitlistOfferOfA(w)}/accept`,
      body: {},
    }),
    status: 404,
    except: A_MANAGES(201),
  },
  {
    route: 'POST /api/v1/waitlist/offers/:offerId/decline',
    request: async (w) => ({
      path: `/api/v1/waitlist/offers/${await waitlistOfferOfA(w)}/decline`,
      body: {},
    }),
    status: 404,
    except: A_MANAGES(204),
  },
  // Records API: patient A's record named in the query; 404 for those who may not see it.
  ...(['summary', 'timeline', 'export'] as const).map((view): Row => ({
    route: `GET /api/v1/records/${view}`,
    request: (w) => ({ path: `/api/v1/records/${view}?${recordOfA(w)}` }),
    status: 404,
    except: A_RECORD_READERS(200),
  })),
  {
    route: 'GET /api/v1/records/results/trend',
    request: async (w) => {
      sharedRecordEntryOfA ??= recordEntryOfA(w);
      await sharedRecordEntryOfA;
      return { path: `/api/v1/records/results/trend?code=8867-4&${recordOfA(w)}` };
    },
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    // The caregiver may read but never write (403); the provider's share is ongoing (201).
    route: 'POST /api/v1/records/entries',
    request: (w) => ({
      path: `/api/v1/records/entries?${recordOfA(w)}`,
      body: { kind: 'note', title: 'Matrix note', text: 'Written by the matrix test.' },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(201), caregiverOfAWithScope: 403 },
  },
  {
    route: 'GET /api/v1/records/entries/:resourceType/:id',
    request: async (w) => {
      sharedRecordEntryOfA ??= recordEntryOfA(w);
      const id = await sharedRecordEntryOfA;
      return { path: `/api/v1/records/entries/Observation/${id}?${recordOfA(w)}` };
    },
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    route: 'POST /api/v1/records/entries/:resourceType/:id/status',
    request: async (w) => ({
      path: `/api/v1/records/entries/Observation/${await recordEntryOfA(w)}/status?${recordOfA(w)}`,
      body: { status: 'entered-in-error' },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(200), caregiverOfAWithScope: 403 },
  },
  {
    // Patient A entered it: only A deletes it; the related provider may write but not this.
    route: 'DELETE /api/v1/records/entries/:resourceType/:id',
    request: async (w) => ({
      path: `/api/v1/records/entries/Observation/${await recordEntryOfA(w)}?${recordOfA(w)}`,
    }),
    status: 404,
    except: { ...A_RECORD_READERS(204), caregiverOfAWithScope: 403, providerWithRelationship: 403 },
  },
  // Documents and import: writing needs records:write (the caregiver with records:read: 403).
  {
    route: 'POST /api/v1/records/documents',
    request: (w, actor) => ({
      path: `/api/v1/records/documents?title=Matrix%20upload&${recordOfA(w)}`,
      // Other bytes for every actor (the same bytes again would return the existing entry).
      raw: {
        contentType: 'text/plain',
        data: `Uploaded by ${actor} ${randomBytes(4).toString('hex')}\n`,
      },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(201), caregiverOfAWithScope: 403 },
  },
  {
    route: 'GET /api/v1/records/documents/:documentId/content',
    request: async (w) => ({
      path: `/api/v1/records/documents/${await fhirDocumentOfA(w)}/content?${recordOfA(w)}`,
    }),
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    route: 'POST /api/v1/records/import',
    request: (w) => ({
      path: `/api/v1/records/import?${recordOfA(w)}`,
      body: { resourceType: 'Bundle', type: 'collection', entry: [] },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(200), caregiverOfAWithScope: 403 },
  },
  // Connect a health system: admins register systems; each person connects their own record.
  {
    route: 'GET /api/v1/health-systems',
    request: () => ({ path: '/api/v1/health-systems' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/admin/health-systems',
    request: () => ({ path: '/api/v1/admin/health-systems' }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/health-systems',
    request: () => ({
      path: '/api/v1/admin/health-systems',
      body: {
        name: 'Matrix Clinic',
        fhirBaseUrl: `https://fhir-${randomBytes(4).toString('hex')}.example/R4`,
        clientId: 'carecircle',
      },
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(201),
  },
  {
    route: 'POST /api/v1/admin/health-systems/:healthSystemId/disable',
    request: async (w) => ({
      path: `/api/v1/admin/health-systems/${await healthSystem(w, 'https')}/disable`,
      body: {},
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'GET /api/v1/records/connections',
    request: () => ({ path: '/api/v1/records/connections' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // The system is this test app's own FHIR endpoint, so its SMART discovery answers.
    route: 'POST /api/v1/records/connections',
    request: async (w) => ({
      path: '/api/v1/records/connections',
      body: { healthSystemId: await healthSystem(w, 'self') },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/records/connections/complete',
    request: () => ({
      path: '/api/v1/records/connections/complete',
      body: { state: 'not-a-state-we-sent', code: 'x' },
    }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  // OAuth protocol pages: the same answer for everyone (a bearer token plays no part there).
  {
    route: 'GET /.well-known/openid-configuration',
    request: () => ({ path: '/.well-known/openid-configuration' }),
    status: 200,
  },
  // SMART App Launch configuration: public metadata, the same for everyone.
  ...['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration'].map(
    (path): Row => ({ route: `GET ${path}`, request: () => ({ path }), status: 200 }),
  ),
  {
    route: 'GET /oidc/interaction/:uid',
    request: () => ({ path: `/oidc/interaction/${badToken()}` }),
    status: 400,
  },
  {
    route: 'POST /oidc/interaction/:uid/login',
    request: () => ({
      path: `/oidc/interaction/${badToken()}/login`,
      form: { email: 'x@example.org', password: 'whatever it is' },
    }),
    status: 400,
  },
  ...['mfa', 'mfa/enrol', 'mfa/continue'].map((step): Row => ({
    route: `POST /oidc/interaction/:uid/${step}`,
    request: () => ({
      path: `/oidc/interaction/${badToken()}/${step}`,
      form: { code: WRONG_CODE },
    }),
    status: 400,
  })),
  {
    route: 'POST /oidc/interaction/:uid/consent',
    request: () => ({
      path: `/oidc/interaction/${badToken()}/consent`,
      form: { decision: 'allow' },
    }),
    status: 400,
  },
];

/** Routes that exist only in some configurations are matched by prefix here. */
/** FHIR rows: a fresh Observation of patient A, stored as A. */
async function observationOfA(w: World): Promise<{ id: string; resource: unknown }> {
  const a = w.accounts.patientA!.id;
  const stored = await createResource(
    { db: w.app.database.db, keyring: keyringFor(w.app.config) },
    { actorId: a, patientId: a, viaGrantId: null },
    fhirObservation(a),
    { source: { kind: 'patient' } },
  );
  return { id: stored.id, resource: stored.resource };
}

/** Who may read patient A's records: A, the caregiver with records:read, the related provider. */
const A_RECORDS = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: ok,
  providerWithRelationship: ok,
});
/** Who may write them: A and the related provider; the caregiver sees but may not (403). */
const A_WRITES = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: 403,
  providerWithRelationship: ok,
});

/** FHIR Binary row: one stored document of patient A (its id). */
let documentOfA: Promise<string> | undefined;
function fhirDocumentOfA(w: World): Promise<string> {
  documentOfA ??= (async () => {
    const a = w.accounts.patientA!.id;
    const { entry } = await uploadDocument(
      { db: w.app.database.db, keyring: keyringFor(w.app.config) },
      { actorId: a, patientId: a, viaGrantId: null },
      {
        title: 'Matrix letter',
        contentType: 'text/plain',
        bytes: Buffer.from('A letter for the matrix.\n'),
        sourceKind: 'patient',
      },
    );
    return entry.document!.id;
  })();
  return documentOfA;
}

const fhirRows: Row[] = [
  { route: 'GET /fhir/R4/metadata', request: () => ({ path: '/fhir/R4/metadata' }), status: 200 },
  {
    route: 'GET /fhir/R4/Binary/:id',
    request: async (w) => ({ path: `/fhir/R4/Binary/${await fhirDocumentOfA(w)}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/Patient/:id/$everything',
    request: (w) => ({ path: `/fhir/R4/Patient/${w.accounts.patientA!.id}/$everything` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/Patient/:id',
    request: (w) => ({ path: `/fhir/R4/Patient/${w.accounts.patientA!.id}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    // A search never reveals someone: an empty Bundle for those who may not see A.
    route: 'GET /fhir/R4/Patient',
    request: (w) => ({ path: `/fhir/R4/Patient?_id=${w.accounts.patientA!.id}` }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Practitioner/:id',
    request: async (w) => ({
      path: `/fhir/R4/Practitioner/${(await publicAppointmentType(w)).providerId}`,
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Schedule',
    request: async (w) => ({
      path: `/fhir/R4/Schedule?actor=Practitioner/${(await publicAppointmentType(w)).providerId}`,
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Slot',
    request: async (w) => ({
      path: `/fhir/R4/Slot?schedule=Schedule/${(await publicAppointmentType(w)).typeId}`,
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Appointment/:id',
    request: async (w) => ({ path: `/fhir/R4/Appointment/${(await appointmentOfA(w)).id}` }),
    status: 404,
    except: { ...A_MANAGES(200), providerWithRelationship: 200 },
  },
  {
    // Another provider gets their own practice's appointments with A: none.
    route: 'GET /fhir/R4/Appointment',
    request: (w) => ({ path: `/fhir/R4/Appointment?patient=${w.accounts.patientA!.id}` }),
    status: 404,
    except: { ...A_MANAGES(200), providerWithRelationship: 200, providerWithoutRelationship: 200 },
  },
  {
    route: 'GET /fhir/R4/AuditEvent',
    request: (w) => ({ path: `/fhir/R4/AuditEvent?patient=${w.accounts.patientA!.id}` }),
    status: 404,
    except: { anonymous: 401, patientA: 200 },
  },
  {
    route: 'GET /fhir/R4/:type/:id/_history/:vid',
    request: async (w) => ({
      path: `/fhir/R4/Observation/${(await observationOfA(w)).id}/_history/1`,
    }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/:type/:id/_history',
    request: async (w) => ({
      path: `/fhir/R4/Observation/${(await observationOfA(w)).id}/_history`,
    }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/:type/:id',
    request: async (w) => ({ path: `/fhir/R4/Observation/${(await observationOfA(w)).id}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'PUT /fhir/R4/:type/:id',
    request: async (w) => {
      const { id, resource } = await observationOfA(w);
      return { path: `/fhir/R4/Observation/${id}`, body: resource };
    },
    status: 404,
    except: A_WRITES(200),
  },
  {
    route: 'DELETE /fhir/R4/:type/:id',
    request: async (w) => ({ path: `/fhir/R4/Observation/${(await observationOfA(w)).id}` }),
    status: 404,
    except: A_WRITES(204),
  },
  {
    route: 'GET /fhir/R4/:type',
    request: (w) => ({ path: `/fhir/R4/Observation?patient=${w.accounts.patientA!.id}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'POST /fhir/R4/:type/_search',
    request: (w) => ({
      path: '/fhir/R4/Observation/_search',
      form: { patient: `Patient/${w.accounts.patientA!.id}` },
    }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'POST /fhir/R4/:type',
    request: (w) => ({
      path: '/fhir/R4/Observation',
      body: fhirObservation(w.accounts.patientA!.id),
    }),
    status: 404,
    except: A_WRITES(201),
  },
];
rows.push(...fhirRows);

const CONDITIONAL_PREFIXES = ['GET /dev/mailbox'];

let world: World;

beforeAll(async () => {
  const app = await startTestApp();
  const db = app.database.db;
  const accounts: World['accounts'] = {
    patientA: await buildPatient(db, { name: 'Patient A' }),
    patientB: await buildPatient(db, { name: 'Patient B' }),
    caregiverOfAWithScope: await buildPatient(db, {
      name: 'Caregiver With Scope',
      roles: ['caregiver'],
    }),
    caregiverOfAWithoutScope: await buildPatient(db, {
      name: 'Caregiver Without Scope',
      roles: ['caregiver'],
    }),
    revokedCaregiverOfA: await buildPatient(db, {
      name: 'Revoked Caregiver',
      roles: ['caregiver'],
    }),
    providerWithRelationship: await buildProvider(db, { account: { name: 'Dr. Related' } }),
    providerWithoutRelationship: await buildProvider(db, { account: { name: 'Dr. Stranger' } }),
    admin: await createAccount(
      db,
      {
        email: uniqueEmail('admin'),
        password: 'a long and private passphrase',
        name: 'Admin',
        roles: ['admin'],
      },
      { verified: true },
    ),
  };
  // Caregivers of A: one with every scope, one with an unrelated scope, one whose grant was revoked.
  const a = accounts.patientA!;
  await grantProxyAccess(db, {
    patientId: a.id,
    caregiverId: accounts.caregiverOfAWithScope!.id,
    scopes: ['appointments:manage', 'records:read', 'medications:read', 'messages:providers'],
  });
  await grantProxyAccess(db, {
    patientId: a.id,
    caregiverId: accounts.caregiverOfAWithoutScope!.id,
    scopes: ['messages:providers'],
  });
  await grantProxyAccess(db, {
    patientId: a.id,
    caregiverId: accounts.revokedCaregiverOfA!.id,
    scopes: ['appointments:manage', 'records:read'],
  });
  const revoked = await db
    .selectFrom('proxy_grants')
    .select('id')
    .where('caregiver_id', '=', accounts.revokedCaregiverOfA!.id)
    .executeTakeFirstOrThrow();
  await revokeGrant(
    db,
    { id: a.id, roles: ['patient'], clientId: 'carecircle-web', scopes: [] },
    revoked.id,
  );
  // Provider with relationship: patient A shares their records with them (a booked or past
  // appointment would do too; see scheduling/appointments.test.ts).
  await shareWithProvider(
    db,
    { id: a.id, roles: a.roles, clientId: 'carecircle-web', scopes: [] },
    { providerId: accounts.providerWithRelationship!.id },
  );

  const tokens: World['tokens'] = {};
  for (const [name, account] of Object.entries(accounts) as [ActorName, Account][]) {
    tokens[name] = await accessTokenFor(app, account.id);
  }
  world = { app, accounts, tokens };
});

afterAll(async () => {
  await world.app.close();
});

describe('authorization matrix', () => {
  it('has a row for every route the app registers, and no row for a route that is gone', () => {
    const registered = listRoutes(world.app.app).map((r) => `${r.method} ${r.path}`);
    const inMatrix = new Set(rows.map((r) => r.route));
    const missing = registered.filter(
      (r) => !inMatrix.has(r) && !CONDITIONAL_PREFIXES.some((p) => r.startsWith(p)),
    );
    expect(missing, 'routes without a row in the authorization matrix').toEqual([]);
    const stale = rows.map((r) => r.route).filter((r) => !registered.includes(r));
    expect(stale, 'rows for routes that no longer exist').toEqual([]);
  });

  it('gives the provider with a relationship one with patient A, and the other none', async () => {
    const db = world.app.database.db;
    const asActor = (a: Account) => ({
      id: a.id,
      roles: a.roles,
      clientId: 'carecircle-web',
      scopes: [],
    });
    const patientId = world.accounts.patientA!.id;
    const related = asActor(world.accounts.providerWithRelationship!);
    const stranger = asActor(world.accounts.providerWithoutRelationship!);
    expect(await can(db, related, 'records:read', { patientId })).toBe(true);
    expect(await can(db, stranger, 'records:read', { patientId })).toBe(false);
  });

  for (const row of rows) {
    it(`${row.route}`, async () => {
      const [method] = row.route.split(' ');
      const failures: string[] = [];
      for (const actor of ACTORS) {
        const spec = await row.request(world, actor);
        const headers: Record<string, string> = { ...spec.headers };
        const token = world.tokens[actor];
        if (token) headers.authorization = `Bearer ${token}`;
        let body: string | undefined;
        if (spec.body !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(spec.body);
        } else if (spec.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(spec.form).toString();
        } else if (spec.raw) {
          headers['content-type'] = spec.raw.contentType;
          body = spec.raw.data;
        }
        const res = await fetch(`${world.app.url}${spec.path}`, {
          method,
          headers,
          body,
          redirect: 'manual',
        });
        await res.arrayBuffer();
        const expected = row.except?.[actor] ?? row.status;
        if (res.status !== expected)
          failures.push(`${actor}: expected ${expected}, got ${res.status}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
