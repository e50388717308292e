import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '@carecircle/core';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { keyringFor } from '../records/record-keys.ts';
import { sealClearReasons } from './appointment-reasons.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

/** An appointment as written before reasons were sealed: reasons in the clear columns. */
async function legacyAppointment(reason: string, cancelReason: string | null) {
  const db = app.database.db;
  const patient = await buildPatient(db);
  const provider = await buildProvider(db);
  const type = await db
    .insertInto('appointment_types')
    .values({ provider_id: provider.id, name: 'Visit', duration_minutes: 30, modality: 'video' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  await sql`
    INSERT INTO appointments (id, provider_id, patient_id, appointment_type_id, booked_by, during,
      blocked, status, reason, cancel_reason, cancelled_by, cancelled_at)
    VALUES (${id}, ${provider.id}, ${patient.id}, ${type.id}, ${patient.id},
      tstzrange(now() + interval '3 days', now() + interval '3 days 30 minutes'),
      tstzrange(now() + interval '3 days', now() + interval '3 days 30 minutes'),
      ${cancelReason ? 'cancelled' : 'booked'}, ${reason}, ${cancelReason},
      ${cancelReason ? patient.id : null}, ${cancelReason ? sql`now()` : null})`.execute(db);
  return { id, patient };
}

describe('appointment reasons at rest', () => {
  it('seals reasons written in clear, empties the clear columns, and still shows them', async () => {
    const booked = await legacyAppointment('Legacy-reason-Walrus-1', null);
    const cancelled = await legacyAppointment('Legacy-reason-Walrus-2', 'Legacy-cancel-Walrus-3');
    const keys = { db: app.database.db, keyring: keyringFor(app.config) };
    expect(await sealClearReasons(keys)).toBeGreaterThanOrEqual(2);
    expect(await sealClearReasons(keys)).toBe(0);

    const { rows } = await sql<{ row: string }>`SELECT a::text AS row FROM appointments a`.execute(
      app.database.db,
    );
    const dump = rows.map((r) => r.row).join('\n');
    expect(dump).not.toContain('Walrus');

    const get = async (id: string, patientId: string) => {
      const res = await fetch(`${app.url}/api/v1/appointments/${id}`, {
        headers: { authorization: `Bearer ${await accessTokenFor(app, patientId)}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Appointment;
    };
    expect((await get(booked.id, booked.patient.id)).reason).toBe('Legacy-reason-Walrus-1');
    const c = await get(cancelled.id, cancelled.patient.id);
    expect(c.reason).toBe('Legacy-reason-Walrus-2');
    expect(c.cancellation?.reason).toBe('Legacy-cancel-Walrus-3');
  });

  it('a sealed reason moved onto another appointment does not open', async () => {
    const a = await legacyAppointment('Reason-A-Narwhal', null);
    const b = await legacyAppointment('Reason-B-Narwhal', null);
    const keys = { db: app.database.db, keyring: keyringFor(app.config) };
    await sealClearReasons(keys);
    await sql`UPDATE appointments SET reason_sealed = (SELECT reason_sealed FROM appointments WHERE id = ${a.id}) WHERE id = ${b.id}`.execute(
      app.database.db,
    );
    const res = await fetch(`${app.url}/api/v1/appointments/${b.id}`, {
      headers: { authorization: `Bearer ${await accessTokenFor(app, b.patient.id)}` },
    });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('Narwhal');
  });
});
