import WebSocket from 'ws';
import { REALTIME_PATH, type RealtimeEvent, type RealtimeServerMessage } from '@carecircle/core';

/**
 * A realtime socket as a test or the bench sees it: a real `ws` client that records what the
 * server sends and how it closed, with waits that poll a condition up to a deadline.
 */
export class TestSocket {
  readonly ws: WebSocket;
  readonly messages: RealtimeServerMessage[] = [];
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  closeCode: number | undefined;
  private readonly opened: Promise<void>;
  /** Called for every event (the bench measures latency here). */
  onEvent: ((event: RealtimeEvent) => void) | undefined;

  constructor(
    baseUrl: string,
    options: { path?: string; bearer?: string; keep?: boolean; autoPong?: boolean } = {},
  ) {
    const url = `${baseUrl.replace(/^http/, 'ws')}${options.path ?? REALTIME_PATH}`;
    this.ws = new WebSocket(url, {
      ...(options.bearer ? { headers: { authorization: `Bearer ${options.bearer}` } } : {}),
      perMessageDeflate: false,
      autoPong: options.autoPong ?? true,
    });
    const keep = options.keep ?? true;
    this.ws.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as RealtimeServerMessage;
      if (message.type === 'event') this.onEvent?.(message.event);
      if (keep || message.type !== 'event') this.messages.push(message);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.closeCode = code;
        resolve({ code, reason: reason.toString() });
      });
    });
    this.ws.on('error', () => undefined);
  }

  /** Opens a socket, authenticates with a first `auth` message and waits for `ready`. */
  static async connect(
    baseUrl: string,
    token: string,
    options: { keep?: boolean; autoPong?: boolean } = {},
  ): Promise<TestSocket> {
    const s = new TestSocket(baseUrl, options);
    await s.open();
    s.send({ type: 'auth', token });
    await s.ready();
    return s;
  }

  open(): Promise<void> {
    return this.opened;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The `ready` message (the n-th one: a re-authentication answers with another). */
  async ready(n = 1): Promise<Extract<RealtimeServerMessage, { type: 'ready' }>> {
    await this.until(() => this.readies().length >= n, `ready #${n}`);
    return this.readies()[n - 1]!;
  }

  readies() {
    return this.messages.filter(
      (m): m is Extract<RealtimeServerMessage, { type: 'ready' }> => m.type === 'ready',
    );
  }

  events(): RealtimeEvent[] {
    return this.messages.flatMap((m) => (m.type === 'event' ? [m.event] : []));
  }

  async waitForEvents(count: number, timeoutMs = 10_000): Promise<RealtimeEvent[]> {
    await this.until(() => this.events().length >= count, `${count} events`, timeoutMs);
    return this.events();
  }

  /** Polls `condition` every 10 ms; throws naming `what` after the deadline. */
  async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.closeCode !== undefined && !condition())
        throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN)
      this.ws.close(1000);
    return this.closed;
  }
}
