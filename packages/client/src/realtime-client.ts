import {
  REALTIME_CLOSE,
  REALTIME_PATH,
  type RealtimeClientMessage,
  type RealtimeEvent,
  type RealtimeServerMessage,
} from '@carecircle/core';

/**
 * The live-updates socket (`/api/v1/realtime`) for web and mobile: authenticates with the access
 * token as its first message, resumes after the last event it saw (so a dropped connection loses
 * nothing), reconnects with exponential back-off and jitter, refreshes the token before it
 * expires and when the server closes with `tokenExpired`. Uses the global `WebSocket` (browsers,
 * React Native, Node 22+); tests inject their own.
 */

export type RealtimeStatus = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** The part of the WebSocket API this client uses (browsers, React Native and `ws` have it). */
export interface RealtimeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type RealtimeSocketConstructor = new (url: string) => RealtimeSocket;

export interface RealtimeClientOptions {
  /** `wss://host/api/v1/realtime` (see `realtimeUrlFor`). */
  url: string;
  /** The current access token (refreshed if needed); null when nobody is signed in. */
  getToken: () => Promise<string | null>;
  /** Each event once, oldest first after a resume. */
  onEvent: (event: RealtimeEvent) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** Resume after this event id (e.g. kept from a previous session). */
  lastEventId?: string;
  /** Default: the global WebSocket. */
  WebSocketImpl?: RealtimeSocketConstructor;
  /** First reconnect delay (default 500 ms); doubles up to `maxDelayMs` (default 30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A connection open this long resets the back-off (default 10 s). */
  stableAfterMs?: number;
  /** Re-authenticate this long before the token expires (default 60 s). */
  refreshAheadMs?: number;
  /** Application-level ping to notice dead connections (default 25 s; 0 = off). */
  pingIntervalMs?: number;
  /** For tests: the jitter's randomness, in [0, 1). */
  random?: () => number;
}

export interface RealtimeClient {
  /** Closes the socket for good (sign-out, unmount). */
  close(): void;
  /** The id of the newest event seen ('0' if none yet). */
  lastEventId(): string;
  /** After `unauthorized` (or `close`): try again now, e.g. after signing in again. */
  reconnect(): void;
  status(): RealtimeStatus;
}

const OPEN = 1;
/** How many recent event ids are remembered to drop duplicates. */
const SEEN_LIMIT = 1_000;

/** `https://host` or `http://host` → `wss://host/api/v1/realtime` (`ws:` for http). */
export function realtimeUrlFor(origin: string): string {
  const u = new URL(REALTIME_PATH, origin);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

const isNewer = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b); // both are decimal strings

export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const Impl =
    options.WebSocketImpl ??
    (globalThis as { WebSocket?: RealtimeSocketConstructor }).WebSocket ??
    undefined;
  if (!Impl) throw new Error('No WebSocket implementation available');
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const stableAfter = options.stableAfterMs ?? 10_000;
  const refreshAhead = options.refreshAheadMs ?? 60_000;
  const pingInterval = options.pingIntervalMs ?? 25_000;
  const random = options.random ?? Math.random;

  let lastId = options.lastEventId && /^\d+$/.test(options.lastEventId) ? options.lastEventId : '';
  const seen = new Set<string>();
  let status: RealtimeStatus = 'closed';
  let socket: RealtimeSocket | undefined;
  /** Bumped on every connect/close: callbacks of an older socket do nothing. */
  let generation = 0;
  let attempts = 0;
  let stopped = false;
  let currentToken: string | null = null;
  let awaitingPong = false;
  const timers = {
    retry: undefined as ReturnType<typeof setTimeout> | undefined,
    stable: undefined as ReturnType<typeof setTimeout> | undefined,
    refresh: undefined as ReturnType<typeof setTimeout> | undefined,
    ping: undefined as ReturnType<typeof setInterval> | undefined,
  };

  const setStatus = (next: RealtimeStatus) => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };
  const clearTimers = () => {
    clearTimeout(timers.retry);
    clearTimeout(timers.stable);
    clearTimeout(timers.refresh);
    clearInterval(timers.ping);
  };
  const send = (s: RealtimeSocket, message: RealtimeClientMessage) => {
    if (s.readyState === OPEN) s.send(JSON.stringify(message));
  };
  const dropSocket = (code = 1000) => {
    const s = socket;
    socket = undefined;
    generation++;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    try {
      s.close(code);
    } catch {
      /* already closed */
    }
  };

  /** Exponential back-off with "equal jitter": half fixed, half random. */
  const nextDelay = () => {
    const base = Math.min(maxDelay, initialDelay * 2 ** attempts);
    attempts++;
    return Math.round(base / 2 + random() * (base / 2));
  };
  const scheduleReconnect = (delay = nextDelay()) => {
    clearTimeout(timers.retry);
    timers.retry = setTimeout(() => void connect(), delay);
  };

  const deliver = (event: RealtimeEvent) => {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
    if (!lastId || isNewer(event.id, lastId)) lastId = event.id;
    options.onEvent(event);
  };

  const scheduleRefresh = (s: RealtimeSocket, gen: number, expiresAt: string) => {
    clearTimeout(timers.refresh);
    const inMs = Date.parse(expiresAt) - Date.now() - refreshAhead;
    // Node's timers overflow past 2^31 ms; such tokens are refreshed when they close with 4001.
    if (!(inMs > 0) || inMs > 2 ** 31 - 1) return;
    timers.refresh = setTimeout(() => {
      void options
        .getToken()
        .then((token) => {
          if (gen !== generation || !token || token === currentToken) return;
          currentToken = token;
          send(s, { type: 'auth', token });
        })
        .catch(() => undefined); // the server closes with 4001 and we reconnect
    }, inMs);
  };

  const onMessage = (s: RealtimeSocket, gen: number, raw: unknown) => {
    if (typeof raw !== 'string') return;
    let message: RealtimeServerMessage;
    try {
      message = JSON.parse(raw) as RealtimeServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'ready': {
        const first = status !== 'open';
        setStatus('open');
        scheduleRefresh(s, gen, message.expiresAt);
        if (!first) return; // a re-authentication on the open socket
        if (lastId) send(s, { type: 'resume', after: lastId });
        else lastId = message.lastEventId;
        clearTimeout(timers.stable);
        timers.stable = setTimeout(() => {
          attempts = 0;
        }, stableAfter);
        if (pingInterval > 0) {
          clearInterval(timers.ping);
          awaitingPong = false;
          timers.ping = setInterval(() => {
            if (gen !== generation) return;
            if (awaitingPong) {
              // No answer to the last ping: the connection is dead.
              dropSocket(4000);
              setStatus('connecting');
              scheduleReconnect();
              return;
            }
            awaitingPong = true;
            send(s, { type: 'ping' });
          }, pingInterval);
        }
        return;
      }
      case 'event':
        deliver(message.event);
        return;
      case 'pong':
        awaitingPong = false;
        return;
      default:
        return;
    }
  };

  const onClose = (code: number) => {
    socket = undefined;
    generation++;
    clearTimers();
    if (stopped) return;
    if (code === REALTIME_CLOSE.unauthorized) {
      attempts = 0;
      setStatus('unauthorized');
      return;
    }
    setStatus('connecting');
    // An expired token: get a fresh one and come back at once (once; then back off).
    if (code === REALTIME_CLOSE.tokenExpired && attempts === 0) {
      attempts++;
      scheduleReconnect(0);
      return;
    }
    scheduleReconnect();
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    dropSocket();
    const gen = generation;
    setStatus('connecting');
    let token: string | null;
    try {
      token = await options.getToken();
    } catch {
      if (gen === generation && !stopped) scheduleReconnect();
      return;
    }
    if (gen !== generation || stopped) return;
    if (!token) {
      setStatus('unauthorized');
      return;
    }
    currentToken = token;
    let s: RealtimeSocket;
    try {
      s = new Impl!(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (gen === generation) send(s, { type: 'auth', token });
    };
    s.onmessage = (ev) => {
      if (gen === generation) onMessage(s, gen, ev.data);
    };
    s.onclose = (ev) => {
      if (gen === generation) onClose(ev.code);
    };
    s.onerror = () => undefined; // a close follows
  }

  void connect();

  return {
    close() {
      stopped = true;
      clearTimers();
      dropSocket(1000);
      setStatus('closed');
    },
    lastEventId: () => lastId || '0',
    reconnect() {
      stopped = false;
      attempts = 0;
      clearTimers();
      void connect();
    },
    status: () => status,
  };
}
