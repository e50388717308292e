import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider, uniqueEmail } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { createAccount } from '../identity/accounts.service.ts';
import { listRoutes } from '../platform/routes-list.ts';

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
  request: (w: World, actor: ActorName) => RequestSpec;
  /** Expected status for every actor not listed. */
  status: number;
  except?: Partial<Record<ActorName, number>>;
}

/** Needs a signed-in person: anonymous gets 401. */
const SIGNED_IN_ONLY: Partial<Record<ActorName, number>> = { anonymous: 401 };

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

  for (const row of rows) {
    it(`${row.route}`, async () => {
      const [method] = row.route.split(' ');
      const failures: string[] = [];
      for (const actor of ACTORS) {
        const spec = row.request(world, actor);
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
