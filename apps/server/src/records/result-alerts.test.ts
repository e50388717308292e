import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEntry } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { openSecret } from '../notifications/notify.ts';
import { recordsTestKit, type Person } from './records-test-kit.ts';

/**
 * A new laboratory result added to a patient's record by a provider or an import alerts the
 * patient and the caregivers who may read records (not whoever added it), with the result's
 * title sealed.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const kit = recordsTestKit(() => app, { patient: 'Rosa Results' });

const CHOLESTEROL = {
  kind: 'result',
  code: { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma' },
  value: 190,
  unit: 'mg/dL',
  effective: '2026-01-05T07:00:00+02:00',
};

async function addEntry(who: Person, body: unknown, patientId?: string): Promise<RecordEntry> {
  const res = await kit.api<RecordEntry>(
    who,
    'POST',
    `/entries${patientId ? `?patientId=${patientId}` : ''}`,
    { body },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function resultAlertsOf(recipientId: string) {
  const rows = await app.database.db
    .selectFrom('notifications')
    .selectAll()
    .where('recipient_id', '=', recipientId)
    .where('kind', '=', 'result.new')
    .execute();
  return rows.map((r) => ({
    ...r,
    params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<
      string,
      unknown
    >,
  }));
}

async function waitForAlerts(recipientId: string, count = 1) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await resultAlertsOf(recipientId);
    if (rows.length >= count) return rows;
    if (Date.now() > deadline) throw new Error(`no result.new for ${recipientId}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the job queue has nothing left for the alerts (so "none" is a real answer). */
async function settled() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pgboss.job
       WHERE name = 'records.result-new' AND state < 'completed'`.execute(app.database.db);
    if (Number(rows[0]!.n) === 0) return;
    if (Date.now() > deadline) throw new Error('alert jobs still pending');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('new result alerts', () => {
  it('alerts the patient and caregivers who read records when a provider adds a lab result', async () => {
    const patient = await kit.patient();
    const reader = await kit.caregiverOf(patient, ['records:read']);
    const scheduler = await kit.caregiverOf(patient, ['appointments:read']);
    const dr = await kit.sharedProvider(patient, 'Dr. Lab');
    const entry = await addEntry(dr, CHOLESTEROL, patient.account.id);

    const [mine] = await waitForAlerts(patient.account.id);
    expect(mine).toMatchObject({
      patient_id: patient.account.id,
      url: `/records/entries/Observation/${entry.id}`,
      dedupe_key: `result:Observation:${entry.id}`,
      params: { resourceType: 'Observation', resourceId: entry.id },
    });
    // The title is health data: sealed, never in params.
    expect(JSON.stringify(mine!.params)).not.toContain('Cholesterol');
    expect(mine!.sealed).not.toBeNull();
    expect(await openSecret(app.deps, app.database.db, mine!)).toEqual({
      title: 'Cholesterol [Mass/volume] in Serum or Plasma',
    });
    await waitForAlerts(reader.account.id);
    await settled();
    expect(await resultAlertsOf(scheduler.account.id)).toEqual([]);
    expect(await resultAlertsOf(dr.account.id)).toEqual([]);
  });

  it('does not alert for what the patient enters, nor for vital signs', async () => {
    const patient = await kit.patient();
    const reader = await kit.caregiverOf(patient, ['records:read']);
    const dr = await kit.sharedProvider(patient, 'Dr. Vitals');
    await addEntry(patient, CHOLESTEROL);
    await addEntry(
      dr,
      { kind: 'result', measurement: 'heart-rate', value: 64, effective: '2026-01-05T07:00:00Z' },
      patient.account.id,
    );
    await settled();
    expect(await resultAlertsOf(patient.account.id)).toEqual([]);
    expect(await resultAlertsOf(reader.account.id)).toEqual([]);
  });

  it('alerts for lab results arriving in an import (not the person who imported them)', async () => {
    const patient = await kit.patient();
    const reader = await kit.caregiverOf(patient, ['records:read']);
    const res = await fetch(`${app.url}/api/v1/records/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${patient.token}`,
        'content-type': 'application/fhir+json',
      },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            resource: {
              resourceType: 'DiagnosticReport',
              status: 'final',
              code: { text: 'Lipid panel' },
              subject: { reference: 'Patient/src-1' },
              effectiveDateTime: '2026-01-05T07:00:00Z',
            },
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const [theirs] = await waitForAlerts(reader.account.id);
    expect(theirs!.params).toMatchObject({ resourceType: 'DiagnosticReport' });
    expect(await openSecret(app.deps, app.database.db, theirs!)).toEqual({ title: 'Lipid panel' });
    await settled();
    expect(await resultAlertsOf(patient.account.id)).toEqual([]);
  });
});
