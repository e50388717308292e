import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REALTIME_AUTH_TIMEOUT_MS, REALTIME_CLOSE, RealtimeCatchUp } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { attachRealtimeGateway } from './realtime-gateway.ts';
import { TestSocket } from './realtime-test-socket.ts';

let app: TestApp;
const open: TestSocket[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await app.close();
});

async function person() {
  const account = await buildPatient(app.database.db);
  return { id: account.id, token: await accessTokenFor(app, account.id) };
}
async function connect(token: string) {
  const s = await TestSocket.connect(app.url, token);
  open.push(s);
  return s;
}
function raw(options: { bearer?: string; path?: string } = {}) {
  const s = new TestSocket(app.url, options);
  open.push(s);
  return s;
}
const publish = (accountId: string, n = 1, type = 'notification.created') =>
  app.deps.realtime.publish(
    Array.from({ length: n }, (_, i) => ({ accountId, type, data: { n: i } })),
  );

describe('realtime socket: who may connect', () => {
  it('refuses a socket that never authenticates (4401 after the timeout)', async () => {
    const s = raw();
    await s.open();
    const started = Date.now();
    const { code } = await s.closed;
    expect(code).toBe(REALTIME_CLOSE.unauthorized);
    expect(Date.now() - started).toBeGreaterThanOrEqual(REALTIME_AUTH_TIMEOUT_MS - 200);
  });

  it('refuses an invalid, expired or foreign-audience token, and a resume before auth', async () => {
    const { id } = await person();
    const tokens = [
      'not-a-token-at-all',
      await accessTokenFor(app, id, { expiresIn: '-1m' }),
      await accessTokenFor(app, id, { audience: `${app.url}/fhir/R4` }),
    ];
    for (const token of tokens) {
      const s = raw();
      await s.open();
      s.send({ type: 'auth', token });
      expect((await s.closed).code).toBe(REALTIME_CLOSE.unauthorized);
      expect(s.readies()).toEqual([]);
    }
    const s = raw();
    await s.open();
    s.send({ type: 'resume', after: '0' });
    expect((await s.closed).code).toBe(REALTIME_CLOSE.unauthorized);
  });

  it('refuses a disabled account', async () => {
    const { id, token } = await person();
    await app.database.db
      .updateTable('accounts')
      .set({ status: 'disabled' })
      .where('id', '=', id)
      .execute();
    const s = raw();
    await s.open();
    s.send({ type: 'auth', token });
    expect((await s.closed).code).toBe(REALTIME_CLOSE.unauthorized);
  });

  it('accepts a Bearer header on the upgrade (non-browser clients), refuses a bad one', async () => {
    const { id, token } = await person();
    const good = raw({ bearer: token });
    const ready = await good.ready();
    expect(ready.accountId).toBe(id);
    const bad = raw({ bearer: 'x'.repeat(40) });
    expect((await bad.closed).code).toBe(REALTIME_CLOSE.unauthorized);
  });

  it('answers `ready` with the account, its last event id and when the token expires', async () => {
    const { id, token } = await person();
    await publish(id, 2);
    const last = await app.deps.realtime.lastEventId(id);
    const s = await connect(token);
    const ready = await s.ready();
    expect(ready).toMatchObject({ type: 'ready', accountId: id, lastEventId: last });
    expect(Date.parse(ready.expiresAt)).toBeGreaterThan(Date.now() + 8 * 60_000);
    expect(s.events()).toEqual([]); // nothing old without a resume
  });

  it('serves no other upgrade path', async () => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/v1/other`);
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});

describe('realtime socket: delivery', () => {
  it('delivers an event to its recipient’s sockets only', async () => {
    const alice = await person();
    const bob = await person();
    const aliceLaptop = await connect(alice.token);
    const alicePhone = await connect(alice.token);
    const bobSocket = await connect(bob.token);
    await publish(alice.id, 1, 'appointment.created');
    const [onLaptop] = await aliceLaptop.waitForEvents(1);
    const [onPhone] = await alicePhone.waitForEvents(1);
    expect(onLaptop).toMatchObject({ type: 'appointment.created', data: { n: 0 } });
    expect(onPhone).toEqual(onLaptop);
    // Bob's socket hears his own event, and by then would have heard Alice's: it did not.
    await publish(bob.id);
    const bobEvents = await bobSocket.waitForEvents(1);
    expect(bobEvents).toHaveLength(1);
    expect(bobEvents[0]!.id).not.toBe(onLaptop!.id);
    expect(aliceLaptop.events()).toHaveLength(1);
  });

  it('resumes after a disconnect with exactly the missed events, in order, then live ones', async () => {
    const { id, token } = await person();
    const first = await connect(token);
    await publish(id);
    const [seen] = await first.waitForEvents(1);
    await first.close();
    // More than one catch-up page (200) while away.
    await publish(id, 450);
    const second = await connect(token);
    second.send({ type: 'resume', after: seen!.id });
    await second.waitForEvents(450);
    await publish(id, 1, 'appointment.cancelled');
    const events = await second.waitForEvents(451);
    expect(events).toHaveLength(451);
    const ids = events.map((e) => BigInt(e.id));
    expect(new Set(ids).size).toBe(451);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(ids[0]! > BigInt(seen!.id)).toBe(true);
    expect(events.slice(0, 450).map((e) => e.data.n)).toEqual([...Array(450).keys()]);
    expect(events[450]!.type).toBe('appointment.cancelled');
  });

  it('loses and repeats nothing when events are published during a catch-up', async () => {
    const { id, token } = await person();
    await publish(id, 600);
    const s = await connect(token);
    s.send({ type: 'resume', after: '0' });
    for (let i = 0; i < 20; i++) await publish(id, 1, 'notification.read');
    const events = await s.waitForEvents(620);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(620);
    expect(events.filter((e) => e.type === 'notification.read')).toHaveLength(20);
    const all = await app.deps.realtime.eventsAfter(id, '0', 1_000);
    expect(new Set(ids)).toEqual(new Set(all.map((e) => e.id)));
  });

  it('the HTTP catch-up returns one’s own events after an id, page by page', async () => {
    const alice = await person();
    const bob = await person();
    await publish(alice.id, 3);
    await publish(bob.id, 2);
    const get = (query: string, token?: string) =>
      fetch(`${app.url}/api/v1/realtime/events${query}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await get('?after=0')).status).toBe(401);
    const bad = await get('?after=abc', alice.token);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('after');
    const page1 = RealtimeCatchUp.parse(await (await get('?after=0&limit=2', alice.token)).json());
    expect(page1.events.map((e) => e.data.n)).toEqual([0, 1]);
    expect(page1.more).toBe(true);
    const page2 = RealtimeCatchUp.parse(
      await (await get(`?after=${page1.events[1]!.id}&limit=2`, alice.token)).json(),
    );
    expect(page2).toMatchObject({ events: [{ data: { n: 2 } }], more: false });
    const beyond = await get(`?after=${'9'.repeat(30)}`, alice.token);
    expect(await beyond.json()).toEqual({ events: [], more: false });
  });
});

describe('realtime socket: tokens expire', () => {
  it('closes with 4001 when the token expires', async () => {
    const { id } = await person();
    const s = await connect(await accessTokenFor(app, id, { expiresIn: '2s' }));
    const started = Date.now();
    expect((await s.closed).code).toBe(REALTIME_CLOSE.tokenExpired);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a fresh token sent on the open socket keeps it open past the old expiry', async () => {
    const { id } = await person();
    const short = await accessTokenFor(app, id, { expiresIn: '2s' });
    const s = await connect(short);
    const oldExpiry = Date.parse((await s.ready()).expiresAt);
    s.send({ type: 'auth', token: await accessTokenFor(app, id) });
    const renewed = await s.ready(2);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(oldExpiry + 60_000);
    // Past the old expiry the socket still delivers.
    await new Promise((r) => setTimeout(r, oldExpiry - Date.now() + 500));
    await publish(id);
    await s.waitForEvents(1);
    expect(s.closeCode).toBeUndefined();
  });

  it('refuses a fresh token of another account on the open socket', async () => {
    const alice = await person();
    const bob = await person();
    const s = await connect(alice.token);
    s.send({ type: 'auth', token: bob.token });
    expect((await s.closed).code).toBe(REALTIME_CLOSE.unauthorized);
  });
});

describe('realtime socket: junk', () => {
  const junk: [string, (s: TestSocket) => void][] = [
    ['not JSON', (s) => s.send('{nope')],
    ['an unknown message type', (s) => s.send({ type: 'subscribe', room: 'everyone' })],
    ['a binary frame', (s) => s.ws.send(Buffer.from([1, 2, 3]))],
    ['a message over 16 KB', (s) => s.send({ type: 'ping', pad: 'x'.repeat(17 * 1024) })],
    [
      'a flood of messages',
      (s) => {
        for (let i = 0; i < 100; i++) s.send({ type: 'ping' });
      },
    ],
  ];
  it.each(junk)('closes the socket that sends %s (4400), and only that one', async (_, send) => {
    const offender = await person();
    const bystander = await person();
    const bad = await connect(offender.token);
    const sameAccount = await connect(offender.token);
    const other = await connect(bystander.token);
    send(bad);
    expect((await bad.closed).code).toBe(REALTIME_CLOSE.protocolError);
    await publish(offender.id);
    await publish(bystander.id);
    await sameAccount.waitForEvents(1);
    await other.waitForEvents(1);
    other.send({ type: 'ping' });
    await other.until(() => other.messages.some((m) => m.type === 'pong'), 'pong');
  });
});

describe('realtime socket: upkeep', () => {
  /** A second gateway on the same app, with short intervals, on its own HTTP server. */
  async function quickGateway() {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const gateway = attachRealtimeGateway(server, app.deps, { heartbeatMs: 400, recheckMs: 150 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      async close() {
        await gateway.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('drops a socket that stops answering pings, keeps one that answers', async () => {
    const g = await quickGateway();
    try {
      const { token } = await person();
      const silent = await TestSocket.connect(g.url, token, { autoPong: false });
      const healthy = await TestSocket.connect(g.url, token);
      open.push(silent, healthy);
      // Terminated without a closing handshake: the client sees an abnormal closure.
      expect((await silent.closed).code).toBe(1006);
      expect(healthy.closeCode).toBeUndefined();
    } finally {
      await g.close();
    }
  });

  it('closes the open sockets of an account disabled meanwhile (4401)', async () => {
    const g = await quickGateway();
    try {
      const disabled = await person();
      const other = await person();
      const s = await TestSocket.connect(g.url, disabled.token);
      const keeps = await TestSocket.connect(g.url, other.token);
      open.push(s, keeps);
      await app.database.db
        .updateTable('accounts')
        .set({ status: 'disabled' })
        .where('id', '=', disabled.id)
        .execute();
      expect((await s.closed).code).toBe(REALTIME_CLOSE.unauthorized);
      expect(keeps.closeCode).toBeUndefined();
    } finally {
      await g.close();
    }
  });

  it('says goodbye (1001) to every socket, authenticated or not, when it closes', async () => {
    const g = await quickGateway();
    const { token } = await person();
    const a = await TestSocket.connect(g.url, token);
    const b = new TestSocket(g.url); // not yet authenticated
    await b.open();
    await g.close();
    expect((await a.closed).code).toBe(REALTIME_CLOSE.goingAway);
    expect((await b.closed).code).toBe(REALTIME_CLOSE.goingAway);
  });
});
