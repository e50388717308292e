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
  // OAuth protocol pages: the same answer for everyone (a bearer token plays no part there).
  {
    route: 'GET /.well-known/openid-configuration',
    request: () => ({ path: '/.well-known/openid-configuration' }),
    status: 200,
  },
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
  // Provider with relationship: patient A shares their records with them (booked or past
  // appointments join this with scheduling, issue 4).
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
