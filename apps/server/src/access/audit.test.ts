import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { createDatabase, type DatabaseHandle } from '../platform/db.ts';
import { createLogger } from '../platform/logger.ts';
import { runWithContext } from '../platform/request-context.ts';
import {
  AuditInputError,
  listAuditEventsForPatient,
  recordAudit,
  verifyAuditChain,
  type AuditEventInput,
} from './audit.service.ts';

const logger = createLogger({ logLevel: 'silent' });

let shared: DatabaseHandle;
const opened: DatabaseHandle[] = [];

async function freshDatabase(max = 5): Promise<DatabaseHandle> {
  const handle = createDatabase(await createTestDatabase(), logger, max);
  opened.push(handle);
  return handle;
}

beforeAll(async () => {
  shared = await freshDatabase();
});
afterAll(async () => {
  for (const handle of opened) await handle.close();
});

const event = (overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
  action: 'records.read',
  outcome: 'success',
  actorId: randomUUID(),
  ...overrides,
});

async function idsOf(handle: DatabaseHandle, patientId: string): Promise<string[]> {
  return (await listAuditEventsForPatient(handle.db, patientId, { limit: 200 })).map((e) => e.id);
}

/** Changes a row behind the trigger's back, as someone with superuser access could. */
async function tamper(handle: DatabaseHandle, statement: string, params: unknown[]) {
  const client = await handle.pool.connect();
  try {
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    await client.query(statement, params);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
  } finally {
    client.release();
  }
}

describe('recordAudit', () => {
  it('stores who, for whom, whose data, what, outcome, when and where', async () => {
    const actorId = randomUUID();
    const patientId = randomUUID();
    const before = Date.now();
    await recordAudit(shared.db, {
      action: 'records.read',
      outcome: 'success',
      actorId,
      onBehalfOfId: patientId,
      patientId,
      subjectType: 'record',
      subjectId: 'rec-42',
      ip: '2001:DB8::0:1',
      userAgent: 'Mozilla/5.0 (test)',
      requestId: 'req-1',
      details: { scope: 'records:read', count: 3, proxy: true, grant: null },
    });
    const [stored] = await listAuditEventsForPatient(shared.db, patientId, {});
    expect(stored).toMatchObject({
      action: 'records.read',
      outcome: 'success',
      actorId,
      onBehalfOfId: patientId,
      patientId,
      subjectType: 'record',
      subjectId: 'rec-42',
      reason: null,
      ip: '2001:db8::1', // PostgreSQL's canonical form, which the hash covers
      userAgent: 'Mozilla/5.0 (test)',
      requestId: 'req-1',
      details: { scope: 'records:read', count: 3, proxy: true, grant: null },
    });
    expect(stored!.id).toMatch(/^\d+$/);
    expect(stored!.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(await verifyAuditChain(shared.db)).toMatchObject({ ok: true });
  });

  it('takes the request id from the request context unless one is given', async () => {
    const patientId = randomUUID();
    await runWithContext({ requestId: 'ctx-req-7', logger }, async () => {
      await recordAudit(shared.db, event({ patientId, action: 'first' }));
      await recordAudit(shared.db, event({ patientId, action: 'second', requestId: 'given' }));
    });
    await recordAudit(shared.db, event({ patientId, action: 'third' }));
    const events = await listAuditEventsForPatient(shared.db, patientId, {});
    expect(events.map((e) => [e.action, e.requestId])).toEqual([
      ['third', null],
      ['second', 'given'],
      ['first', 'ctx-req-7'],
    ]);
  });

  it("joins the caller's transaction: rolled back with it", async () => {
    const patientId = randomUUID();
    await expect(
      shared.db.transaction().execute(async (trx) => {
        await recordAudit(trx, event({ patientId }));
        expect(await idsOf({ ...shared, db: trx }, patientId)).toHaveLength(1);
        throw new Error('the work being audited failed');
      }),
    ).rejects.toThrow('the work being audited failed');
    expect(await idsOf(shared, patientId)).toEqual([]);
    expect(await verifyAuditChain(shared.db)).toMatchObject({ ok: true });
  });

  it('accepts only flat details of ids and codes, never secrets', async () => {
    const patientId = randomUUID();
    const refused: AuditEventInput[] = [
      // @ts-expect-error details are flat: nested objects do not type-check
      event({ patientId, details: { grant: { id: 'g1' } } }),
      // @ts-expect-error nor do arrays
      event({ patientId, details: { ids: ['a', 'b'] } }),
      event({ patientId, details: { password: 'hunter2hunter2' } }),
      event({ patientId, details: { accessToken: 'eyJ...' } }),
      event({ patientId, details: { client_secret: 'x' } }),
      event({ patientId, details: { refresh_token: null } }),
      event({ patientId, outcome: 'maybe' as 'success' }),
      event({ patientId, actorId: 'not-a-uuid' }),
      event({ patientId, ip: 'localhost' }),
    ];
    for (const bad of refused) {
      await expect(recordAudit(shared.db, bad)).rejects.toBeInstanceOf(AuditInputError);
    }
    await expect(
      recordAudit(shared.db, event({ patientId, details: { passwordResetRequested: true } })),
    ).rejects.toThrow(/never hold passwords, tokens or secrets/);
    expect(await idsOf(shared, patientId)).toEqual([]);
  });
});

describe('the audit log is append-only', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const patientId = randomUUID();
    await recordAudit(shared.db, event({ patientId, outcome: 'denied' }));
    const [id] = await idsOf(shared, patientId);
    await expect(
      shared.pool.query(`UPDATE audit_events SET outcome = 'success' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only: UPDATE is not allowed/);
    await expect(shared.pool.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(
      /append-only: DELETE is not allowed/,
    );
    await expect(shared.pool.query(`TRUNCATE audit_events`)).rejects.toThrow(
      /append-only: TRUNCATE is not allowed/,
    );
    const [stored] = await listAuditEventsForPatient(shared.db, patientId, {});
    expect(stored).toMatchObject({ id, outcome: 'denied' });
  });
});

describe('verifyAuditChain', () => {
  it('reports an empty log as intact', async () => {
    const handle = await freshDatabase(1);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 0 });
  });

  it('finds the first altered event', async () => {
    const handle = await freshDatabase();
    const patientId = randomUUID();
    for (const action of ['a.one', 'a.two', 'a.three', 'a.four']) {
      await recordAudit(handle.db, event({ patientId, action, details: { code: 'x' } }));
    }
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 4 });
    // Newest first. Alter "three", then the earlier "two": the report names "two".
    const [, three, two] = await idsOf(handle, patientId);
    await tamper(handle, `UPDATE audit_events SET details = '{"code":"y"}' WHERE id = $1`, [three]);
    await tamper(handle, `UPDATE audit_events SET outcome = 'failure' WHERE id = $1`, [two]);
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      count: 1,
      firstBrokenId: two,
      reason: expect.stringMatching(/altered/) as string,
    });
  });

  it('finds a removed event at the event after it', async () => {
    const handle = await freshDatabase();
    const patientId = randomUUID();
    for (const action of ['b.one', 'b.two', 'b.three']) {
      await recordAudit(handle.db, event({ patientId, action }));
    }
    const [three, two] = await idsOf(handle, patientId);
    await tamper(handle, `DELETE FROM audit_events WHERE id = $1`, [two]);
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      count: 1,
      firstBrokenId: three,
      reason: expect.stringMatching(/does not link/) as string,
    });
  });

  it('50 concurrent writers produce one valid chain of 50', async () => {
    const handle = await freshDatabase(20);
    const patientId = randomUUID();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordAudit(handle.db, event({ patientId, details: { n: i } })),
      ),
    );
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 50 });
    const { rows } = await handle.pool.query<{ n: number; links: number }>(
      'SELECT count(*) AS n, count(DISTINCT prev_hash) AS links FROM audit_events',
    );
    expect(rows[0]).toEqual({ n: 50, links: 50 });
    const numbers = (await listAuditEventsForPatient(handle.db, patientId, { limit: 200 })).map(
      (e) => e.details.n,
    );
    expect(numbers.sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it('a writer on a stale snapshot fails instead of forking the chain', async () => {
    const handle = await freshDatabase();
    await recordAudit(handle.db, event());
    const stale = handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`SELECT count(*) FROM audit_events`.execute(trx); // takes the snapshot
        await recordAudit(handle.db, event()); // another writer commits meanwhile
        await recordAudit(trx, event());
      });
    await expect(stale).rejects.toMatchObject({ status: 409, message: 'Please try again.' });
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 2 });
  });
});

describe('listAuditEventsForPatient', () => {
  it("pages through one patient's events, newest first, and nobody else's", async () => {
    const patientId = randomUUID();
    const otherId = randomUUID();
    for (const action of ['c.one', 'c.two', 'c.three']) {
      await recordAudit(shared.db, event({ patientId, action }));
    }
    await recordAudit(shared.db, event({ patientId: otherId, action: 'c.other' }));
    const page1 = await listAuditEventsForPatient(shared.db, patientId.toUpperCase(), {
      limit: 2,
    });
    expect(page1.map((e) => e.action)).toEqual(['c.three', 'c.two']);
    const page2 = await listAuditEventsForPatient(shared.db, patientId, {
      limit: 2,
      before: page1.at(-1)!.id,
    });
    expect(page2.map((e) => e.action)).toEqual(['c.one']);
    await expect(
      listAuditEventsForPatient(shared.db, patientId, { before: 'DROP TABLE' }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
