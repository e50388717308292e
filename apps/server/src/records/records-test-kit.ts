import type { Account, GrantScope, Problem } from '@carecircle/core';
import type { TestApp } from '../../test/helpers.ts';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { shareWithProvider } from '../access/care-relationships.service.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import type { Actor } from '../platform/request-context.ts';

/** The people of the records API tests, and calls to `/api/v1/records` as one of them. */

export interface Person {
  account: Account;
  token: string;
  actor: Actor;
}

export type ProblemBody = Problem & { errors?: { path: string; message: string }[] };

/** The kit for one test app (given lazily: tests start it in `beforeAll`). */
export function recordsTestKit(getApp: () => TestApp, names: { patient: string }) {
  const db = () => getApp().database.db;

  async function asPerson(account: Account): Promise<Person> {
    return {
      account,
      token: await accessTokenFor(getApp(), account.id),
      actor: { id: account.id, roles: account.roles, clientId: 'carecircle-web', scopes: [] },
    };
  }

  const patient = async (name = names.patient) => asPerson(await buildPatient(db(), { name }));
  const provider = async (name = 'Dr. Chart') =>
    asPerson(await buildProvider(db(), { account: { name } }));

  async function caregiverOf(p: Person, scopes: GrantScope[]): Promise<Person> {
    const caregiver = await buildPatient(db(), { name: 'Carl Caregiver', roles: ['caregiver'] });
    await grantProxyAccess(db(), { patientId: p.account.id, caregiverId: caregiver.id, scopes });
    return asPerson(caregiver);
  }

  /** A provider the patient shares their record with (an ongoing care relationship). */
  async function sharedProvider(p: Person, name?: string): Promise<Person> {
    const dr = await provider(name);
    await shareWithProvider(db(), p.actor, { providerId: dr.account.id });
    return dr;
  }

  async function api<T = unknown>(
    who: Person | undefined,
    method: string,
    path: string,
    options: { body?: unknown; actingFor?: string } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${who.token}`;
    if (options.actingFor) headers['x-acting-for'] = options.actingFor;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${getApp().url}/api/v1/records${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: res.headers,
    };
  }

  return { asPerson, patient, provider, caregiverOf, sharedProvider, api };
}
