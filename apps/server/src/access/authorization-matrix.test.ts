import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '@carecircle/core';
import { startTestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider, uniqueEmail } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { createAccount } from '../identity/accounts.service.ts';
import { listRoutes } from '../platform/routes-list.ts';
import { grantProxyAccess, revokeGrant } from './grants.service.ts';
import { shareWithProvider } from './care-relationships.service.ts';
import { can } from './access.ts';
import { ACTORS, type ActorName, type World, type Row } from './authorization-matrix.world.ts';
import { identityRows } from './authorization-matrix.identity-rows.ts';
import { recordsRows } from './authorization-matrix.records-rows.ts';
import { schedulingRows } from './authorization-matrix.scheduling-rows.ts';
import { notificationsRows } from './authorization-matrix.notifications-rows.ts';
import { medicationsRows } from './authorization-matrix.medications-rows.ts';

/**
 * The authorization matrix: every route the app registers × every kind of actor, with the
 * status each must get. The route list is read from Express itself, so a route added without a
 * row here fails this test.
 */

const rows: Row[] = [
  ...identityRows,
  ...schedulingRows,
  ...recordsRows,
  ...notificationsRows,
  ...medicationsRows,
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
