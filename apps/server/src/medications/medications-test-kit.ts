import type { GrantScope, MedicationSchedule, RecordEntry } from '@carecircle/core';
import { expect } from 'vitest';
import type { TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import type { Person } from '../records/records-test-kit.ts';

/** People, medicines and calls to `/api/v1/...` for the medications tests. */
export function medicationsTestKit(getApp: () => TestApp) {
  const db = () => getApp().database.db;

  async function asPerson(account: Person['account']): Promise<Person> {
    return {
      account,
      token: await accessTokenFor(getApp(), account.id),
      actor: { id: account.id, roles: account.roles, clientId: 'carecircle-web', scopes: [] },
    };
  }

  const patient = async (name = 'Maria Medicines', timeZone = 'America/New_York') =>
    asPerson(await buildPatient(db(), { name, timeZone }));

  async function caregiverOf(p: Person, scopes: GrantScope[], name = 'Carl Caregiver') {
    const caregiver = await buildPatient(db(), { name, roles: ['caregiver'] });
    await grantProxyAccess(db(), { patientId: p.account.id, caregiverId: caregiver.id, scopes });
    return asPerson(caregiver);
  }

  async function api<T = unknown>(
    who: Person | undefined,
    method: string,
    path: string,
    options: { body?: unknown; actingFor?: string } = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${who.token}`;
    if (options.actingFor) headers['x-acting-for'] = options.actingFor;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${getApp().url}/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A medication the patient takes, in their record. */
  async function medication(p: Person, name = 'Metformin 500 mg'): Promise<RecordEntry> {
    const res = await api<RecordEntry>(p, 'POST', '/records/entries', {
      body: { kind: 'taking', name, dosage: '500 mg twice a day with meals' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function schedule(
    p: Person,
    med: RecordEntry,
    overrides: Record<string, unknown> = {},
  ): Promise<MedicationSchedule> {
    const res = await api<MedicationSchedule>(p, 'POST', '/medications/schedules', {
      body: {
        medication: { resourceType: med.resourceType, id: med.id },
        times: ['08:00', '20:00'],
        daysOfWeek: [],
        startDate: '2026-01-01',
        endDate: null,
        missedAfterMinutes: 60,
        notifyCaregivers: true,
        ...overrides,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  /** Notifications of one person, oldest first (kinds, keys, urgency: no health data). */
  function notificationsOf(accountId: string) {
    return db()
      .selectFrom('notifications')
      .select(['id', 'kind', 'dedupe_key', 'urgent', 'params', 'sealed', 'patient_id'])
      .where('recipient_id', '=', accountId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  function dosesOf(scheduleId: string) {
    return db()
      .selectFrom('medication_doses')
      .selectAll()
      .where('schedule_id', '=', scheduleId)
      .orderBy('scheduled_at')
      .execute();
  }

  return { patient, caregiverOf, api, medication, schedule, notificationsOf, dosesOf, asPerson };
}
