import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RealtimeEvent, RealtimeServerMessage } from '@carecircle/core';
import {
  createRealtimeClient,
  realtimeUrlFor,
  type RealtimeClientOptions,
  type RealtimeSocket,
  type RealtimeStatus,
} from './realtime-client.ts';

/** The server side of the world: a fake WebSocket the test drives. */
class FakeSocket implements RealtimeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  // What the server does:
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(m: RealtimeServerMessage) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  ready(lastEventId = '0', expiresInMs = 600_000) {
    this.message({
      type: 'ready',
      accountId: 'acc',
      lastEventId,
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    });
  }
  event(id: string, type = 'notification.created') {
    this.message({ type: 'event', event: ev(id, type) });
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const ev = (id: string, type = 'notification.created'): RealtimeEvent => ({
  id,
  type,
  at: new Date(0).toISOString(),
  data: {},
});

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

let events: RealtimeEvent[];
let statuses: RealtimeStatus[];
let tokens: (string | null)[];
let getToken: ReturnType<typeof vi.fn<() => Promise<string | null>>>;

function start(options: Partial<RealtimeClientOptions> = {}) {
  return createRealtimeClient({
    url: 'wss://carecircle.example/api/v1/realtime',
    getToken,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    WebSocketImpl: FakeSocket,
    random: () => 0.5,
    pingIntervalMs: 0,
    ...options,
  });
}

/** Lets the client's awaited getToken() settle, then creates the socket. */
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  events = [];
  statuses = [];
  tokens = ['token-1', 'token-2', 'token-3', 'token-4', 'token-5'];
  getToken = vi.fn(() => Promise.resolve(tokens.length > 1 ? tokens.shift()! : tokens[0]!));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('realtime client', () => {
  it('builds the socket URL from the API origin', () => {
    expect(realtimeUrlFor('https://carecircle.example')).toBe(
      'wss://carecircle.example/api/v1/realtime',
    );
    expect(realtimeUrlFor('http://localhost:3000/')).toBe('ws://localhost:3000/api/v1/realtime');
  });

  it('authenticates with its first message, then delivers events and reports status', async () => {
    const client = start();
    await flush();
    const s = last();
    expect(s.url).toBe('wss://carecircle.example/api/v1/realtime');
    s.accept();
    expect(s.sent).toEqual([{ type: 'auth', token: 'token-1' }]);
    s.ready('41');
    // No resume on a first connection without a known id: it starts from the server's last.
    expect(s.sent).toHaveLength(1);
    expect(client.lastEventId()).toBe('41');
    s.event('42');
    s.event('42'); // a duplicate is dropped
    s.event('43', 'appointment.created');
    expect(events.map((e) => e.id)).toEqual(['42', '43']);
    expect(client.lastEventId()).toBe('43');
    expect(statuses).toEqual(['connecting', 'open']);
    client.close();
    expect(s.closedWith).toBe(1000);
    expect(statuses.at(-1)).toBe('closed');
  });

  it('resumes from a given last event id', async () => {
    start({ lastEventId: '7' });
    await flush();
    last().accept();
    last().ready('12');
    expect(last().sent).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'resume', after: '7' },
    ]);
  });

  it('reconnects with exponential back-off and resumes after the last event it saw', async () => {
    start();
    await flush();
    last().accept();
    last().ready('5');
    last().event('6');
    last().drop(1006);
    expect(statuses.at(-1)).toBe('connecting');
    // random() = 0.5: delays are 3/4 of 500, 1000, 2000… ms.
    const delays: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = FakeSocket.all.length;
      let waited = 0;
      while (FakeSocket.all.length === before) {
        await vi.advanceTimersByTimeAsync(25);
        waited += 25;
        if (waited > 60_000) throw new Error('no reconnect');
      }
      delays.push(waited);
      last().drop(1006); // the server is still down
    }
    expect(delays.slice(0, 4)).toEqual([375, 750, 1500, 3000]);
    expect(delays.slice(-2)).toEqual([22_500, 22_500]); // capped at 30 s (± jitter)
    await vi.advanceTimersByTimeAsync(30_000);
    const s = last();
    s.accept();
    s.ready('9');
    expect(s.sent.at(-1)).toEqual({ type: 'resume', after: '6' });
    s.event('7');
    s.event('6'); // already seen before the drop
    expect(events.map((e) => e.id)).toEqual(['6', '7']);
  });

  it('resets the back-off after a stable connection', async () => {
    start({ stableAfterMs: 10_000 });
    await flush();
    for (let i = 0; i < 3; i++) {
      last().drop(1006);
      await vi.advanceTimersByTimeAsync(30_000);
    }
    last().accept();
    last().ready();
    await vi.advanceTimersByTimeAsync(10_000);
    const before = FakeSocket.all.length;
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(374);
    expect(FakeSocket.all.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all.length).toBe(before + 1);
  });

  it('on 4001 gets a fresh token and reconnects at once', async () => {
    start();
    await flush();
    last().accept();
    last().ready('3');
    last().drop(4001);
    await flush();
    expect(FakeSocket.all).toHaveLength(2);
    last().accept();
    expect(last().sent[0]).toEqual({ type: 'auth', token: 'token-2' });
    last().ready('3');
    expect(last().sent[1]).toEqual({ type: 'resume', after: '3' });
  });

  it('sends a fresh token on the open socket before the old one expires', async () => {
    start({ refreshAheadMs: 60_000 });
    await flush();
    last().accept();
    last().ready('0', 5 * 60_000);
    await vi.advanceTimersByTimeAsync(4 * 60_000 - 10);
    expect(last().sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(last().sent.at(-1)).toEqual({ type: 'auth', token: 'token-2' });
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('on 4401 reports unauthorized and stops until reconnect() is called', async () => {
    const client = start();
    await flush();
    last().accept();
    last().drop(4401);
    expect(statuses.at(-1)).toBe('unauthorized');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.all).toHaveLength(1);
    client.reconnect();
    await flush();
    expect(FakeSocket.all).toHaveLength(2);
    expect(statuses.at(-1)).toBe('connecting');
  });

  it('reports unauthorized when there is no token, without opening a socket', async () => {
    tokens = [null];
    start();
    await flush();
    expect(FakeSocket.all).toHaveLength(0);
    expect(statuses).toEqual(['connecting', 'unauthorized']);
  });

  it('goes away on 1001 and comes back (to another instance) with a resume', async () => {
    start();
    await flush();
    last().accept();
    last().ready('10');
    last().event('11');
    last().drop(1001);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.all).toHaveLength(2);
    last().accept();
    last().ready('15');
    expect(last().sent.at(-1)).toEqual({ type: 'resume', after: '11' });
  });

  it('notices a dead connection with its ping and reconnects', async () => {
    start({ pingIntervalMs: 25_000 });
    await flush();
    const s = last();
    s.accept();
    s.ready();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(s.sent.at(-1)).toEqual({ type: 'ping' });
    s.message({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(25_000);
    expect(FakeSocket.all).toHaveLength(1);
    // No pong this time.
    await vi.advanceTimersByTimeAsync(25_000);
    expect(s.closedWith).toBe(4000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('ignores what an old socket says after close()', async () => {
    const client = start();
    await flush();
    const s = last();
    s.accept();
    s.ready();
    client.close();
    s.event('99');
    s.drop(1006);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toEqual([]);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
