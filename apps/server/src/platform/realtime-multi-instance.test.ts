import { afterEach, describe, expect, it } from 'vitest';
import { REALTIME_CLOSE } from '@carecircle/core';
import { createTestDatabase, startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { TestSocket } from './realtime-test-socket.ts';

/**
 * Several server instances on one database: an event published on one reaches the sockets on
 * the others, through PostgreSQL LISTEN/NOTIFY by default and through Redis when REDIS_URL is
 * set (the Redis at 127.0.0.1:6379 must be running: this test fails, never skips, without it).
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let apps: TestApp[] = [];
let sockets: TestSocket[] = [];

afterEach(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await Promise.all(apps.map((a) => a.close().catch(() => undefined)));
  apps = [];
  sockets = [];
});

async function cluster(n: number, config: Record<string, string> = {}) {
  const connectionString = await createTestDatabase();
  for (let i = 0; i < n; i++) {
    const app = await startTestApp({ connectionString, config }).catch((err: unknown) => {
      throw new Error(
        `instance ${i} did not start${config.REDIS_URL ? ` (is Redis running at ${config.REDIS_URL}?)` : ''}`,
        { cause: err },
      );
    });
    apps.push(app);
  }
  return apps;
}

/** A socket on `app` for the account (tokens name their issuer: each instance's own URL here). */
async function socketOn(app: TestApp, accountId: string) {
  const s = await TestSocket.connect(app.url, await accessTokenFor(app, accountId));
  sockets.push(s);
  return s;
}

describe.each([
  ['PostgreSQL LISTEN/NOTIFY', {}, 'postgres'],
  ['Redis pub/sub', { REDIS_URL }, 'redis'],
] as const)('realtime across instances through %s', (_, config, transport) => {
  it('an event published on one instance reaches sockets on the others, only its recipient’s', async () => {
    const [a, b, c] = await cluster(3, config);
    for (const app of [a!, b!, c!]) expect(app.deps.realtime.transport).toBe(transport);
    const alice = await buildPatient(a!.database.db);
    const bob = await buildPatient(a!.database.db);
    const aliceOnB = await socketOn(b!, alice.id);
    const aliceOnC = await socketOn(c!, alice.id);
    const bobOnC = await socketOn(c!, bob.id);

    await a!.deps.realtime.publish([
      { accountId: alice.id, type: 'appointment.rescheduled', data: { appointmentId: 'x' } },
    ]);
    const [onB] = await aliceOnB.waitForEvents(1);
    const [onC] = await aliceOnC.waitForEvents(1);
    expect(onB).toMatchObject({ type: 'appointment.rescheduled', data: { appointmentId: 'x' } });
    expect(onC).toEqual(onB);

    // Bob's socket gets his own event from instance B, and never got Alice's.
    await b!.deps.realtime.publish([{ accountId: bob.id, type: 'notification.created' }]);
    const bobEvents = await bobOnC.waitForEvents(1);
    expect(bobEvents.map((e) => e.type)).toEqual(['notification.created']);
    expect(aliceOnB.events()).toHaveLength(1);
    expect(aliceOnC.events()).toHaveLength(1);
  });

  it('a stopping instance says goodbye (1001); the client resumes on another without loss', async () => {
    const [a, b, c] = await cluster(3, config);
    const alice = await buildPatient(a!.database.db);
    const onB = await socketOn(b!, alice.id);
    await a!.deps.realtime.publish([{ accountId: alice.id, type: 'notification.created' }]);
    const [seen] = await onB.waitForEvents(1);

    const stopping = b!.close();
    expect((await onB.closed).code).toBe(REALTIME_CLOSE.goingAway);
    await stopping;
    apps = apps.filter((x) => x !== b);

    // Published while the client is between instances.
    await a!.deps.realtime.publish(
      Array.from({ length: 5 }, (_, i) => ({
        accountId: alice.id,
        type: 'appointment.updated',
        data: { n: i },
      })),
    );
    const onC = await socketOn(c!, alice.id);
    onC.send({ type: 'resume', after: seen!.id });
    await onC.waitForEvents(5);
    await a!.deps.realtime.publish([{ accountId: alice.id, type: 'appointment.cancelled' }]);
    const events = await onC.waitForEvents(6);
    expect(events.map((e) => e.type)).toEqual([
      ...Array<string>(5).fill('appointment.updated'),
      'appointment.cancelled',
    ]);
    expect(events.slice(0, 5).map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
  });
});
