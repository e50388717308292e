import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import {
  REALTIME_AUTH_TIMEOUT_MS,
  REALTIME_CLOSE,
  RealtimeClientMessage,
  type RealtimeEvent,
  type RealtimeServerMessage,
} from '@carecircle/core';
import type { RealtimeHub } from './realtime-hub.ts';
import type { SocketAuth } from './realtime-auth.ts';

/** Largest message a client may send (an auth message with a long token fits): else 4400. */
export const REALTIME_MAX_MESSAGE_BYTES = 16 * 1024;
/** The `ws` library's own limit, above ours: a frame beyond it is cut off with 1009. */
export const REALTIME_MAX_PAYLOAD = 64 * 1024;
/** More client messages than this in one second closes the socket (4400). */
export const REALTIME_MAX_MESSAGES_PER_SECOND = 20;
/** Catch-up page size. */
const CATCH_UP_PAGE = 200;
/** How many sent event ids each socket remembers to avoid sending one twice. */
const SENT_IDS_LIMIT = 512;
/** A client that lets this much pile up unread is dropped (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a connection needs from its gateway. */
export interface ConnectionHost {
  hub: RealtimeHub;
  authenticate(token: string): Promise<SocketAuth>;
  /** Called once the socket is authenticated: from now on it receives its account's events. */
  register(connection: RealtimeConnection): void;
  unregister(connection: RealtimeConnection): void;
  onError(err: unknown, what: string): void;
  now(): number;
}

const idOrder = (a: RealtimeEvent, b: RealtimeEvent) =>
  a.id.length !== b.id.length ? a.id.length - b.id.length : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * One socket: authentication (first message or Bearer header), re-authentication, expiry,
 * resume (catch-up from the stored events, then live ones, without loss or duplicates), and
 * the protocol's limits. Never logs tokens or event data.
 */
export class RealtimeConnection {
  readonly ws: WebSocket;
  accountId: string | undefined;
  /** Heartbeat: set by pong, cleared by each ping round. */
  alive = true;
  private readonly host: ConnectionHost;
  private authTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** Client messages are handled one after another (auth is async). */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private windowStart = 0;
  private windowCount = 0;
  /** Until `ready` is sent (and during a catch-up) live events wait here. */
  private held: RealtimeEvent[] | undefined = [];
  private sent: Set<string> | undefined;
  private closed = false;

  constructor(ws: WebSocket, host: ConnectionHost) {
    this.ws = ws;
    this.host = host;
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.dispose());
    ws.on('error', () => undefined); // a close follows
  }

  /** Starts the handshake: a Bearer header authenticates at once, else wait for `auth`. */
  start(req: IncomingMessage): void {
    const header = req.headers.authorization;
    const bearer = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)?.[1] : undefined;
    if (header && !bearer) return this.close(REALTIME_CLOSE.unauthorized, 'unauthorized');
    if (bearer) {
      this.enqueue(() => this.authenticate(bearer));
      return;
    }
    this.authTimer = setTimeout(() => {
      if (!this.accountId) this.close(REALTIME_CLOSE.unauthorized, 'authentication timeout');
    }, REALTIME_AUTH_TIMEOUT_MS);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.dispose();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** A live event from the hub for this socket's account. */
  deliver(event: RealtimeEvent): void {
    if (this.closed) return;
    if (this.held) this.held.push(event);
    else this.sendEvent(event);
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
    this.held = undefined;
    this.sent = undefined;
    if (this.accountId) this.host.unregister(this);
  }

  private send(message: RealtimeServerMessage): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(1013, 'too slow');
      return;
    }
    this.ws.send(JSON.stringify(message));
  }

  private sendEvent(event: RealtimeEvent): void {
    this.sent ??= new Set();
    if (this.sent.has(event.id)) return;
    this.sent.add(event.id);
    if (this.sent.size > SENT_IDS_LIMIT) this.sent.delete(this.sent.values().next().value!);
    this.send({ type: 'event', event });
  }

  /** Sends what waited (oldest first, never twice) and goes live. */
  private release(after?: string): void {
    const held = this.held ?? [];
    this.held = undefined;
    held.sort(idOrder);
    for (const e of held) {
      if (after !== undefined && idOrder(e, { id: after } as RealtimeEvent) <= 0) continue;
      this.sendEvent(e);
    }
  }

  private protocolError(reason: string): void {
    this.close(REALTIME_CLOSE.protocolError, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const now = this.host.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (++this.windowCount > REALTIME_MAX_MESSAGES_PER_SECOND)
      return this.protocolError('too many messages');
    if (isBinary) return this.protocolError('binary frames are not accepted');
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    if (bytes.length > REALTIME_MAX_MESSAGE_BYTES) return this.protocolError('message too large');
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.protocolError('not JSON');
    }
    const message = RealtimeClientMessage.safeParse(parsed);
    if (!message.success) return this.protocolError('unknown message');
    const m = message.data;
    if (m.type === 'ping') {
      this.send({ type: 'pong' });
      return;
    }
    if (m.type === 'auth') this.enqueue(() => this.authenticate(m.token));
    else this.enqueue(() => this.resume(m.after));
  }

  private enqueue(task: () => Promise<void>): void {
    if (++this.queued > 10) return this.protocolError('too many pending messages');
    this.queue = this.queue
      .then(() => (this.closed ? undefined : task()))
      .catch((err: unknown) => {
        this.host.onError(err, 'realtime message failed');
        this.close(1011, 'server error');
      })
      .finally(() => {
        this.queued--;
      });
  }

  private async authenticate(token: string): Promise<void> {
    const result = await this.host.authenticate(token);
    if (this.closed) return;
    if (!result.ok) {
      // An expired token on an open socket: refresh and reconnect; at connect: refused.
      const code =
        this.accountId && result.reason === 'expired'
          ? REALTIME_CLOSE.tokenExpired
          : REALTIME_CLOSE.unauthorized;
      return this.close(code, result.reason);
    }
    if (this.accountId && this.accountId !== result.accountId)
      return this.close(REALTIME_CLOSE.unauthorized, 'another account');
    const first = !this.accountId;
    if (first) {
      clearTimeout(this.authTimer);
      this.accountId = result.accountId;
      this.host.register(this); // live events are held until `ready` is sent
    }
    this.scheduleExpiry(result.expiresAt);
    const lastEventId = await this.host.hub.lastEventId(result.accountId);
    if (this.closed) return;
    this.send({
      type: 'ready',
      accountId: result.accountId,
      lastEventId,
      expiresAt: result.expiresAt.toISOString(),
    });
    if (first) this.release(lastEventId);
  }

  private scheduleExpiry(expiresAt: Date): void {
    clearTimeout(this.expiryTimer);
    const inMs = Math.max(0, expiresAt.getTime() - this.host.now());
    this.expiryTimer = setTimeout(
      () => {
        if (this.host.now() >= expiresAt.getTime())
          this.close(REALTIME_CLOSE.tokenExpired, 'token expired');
        else this.scheduleExpiry(expiresAt);
      },
      Math.min(inMs, MAX_TIMER_MS),
    );
  }

  /** Every stored event after `after`, then the live ones that came meanwhile. */
  private async resume(after: string): Promise<void> {
    if (!this.accountId) return this.close(REALTIME_CLOSE.unauthorized, 'authenticate first');
    this.held ??= [];
    let cursor = after;
    for (;;) {
      const page = await this.host.hub.eventsAfter(this.accountId, cursor, CATCH_UP_PAGE);
      if (this.closed) return;
      for (const e of page) this.sendEvent(e);
      if (page.length < CATCH_UP_PAGE) break;
      cursor = page[page.length - 1]!.id;
    }
    this.release(after);
  }
}
