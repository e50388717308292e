import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { REALTIME_CLOSE, REALTIME_PATH } from '@carecircle/core';
import type { AppDeps } from './app-deps.ts';
import { activeAccounts, socketAuthenticator } from './realtime-auth.ts';
import {
  REALTIME_MAX_PAYLOAD,
  RealtimeConnection,
  type ConnectionHost,
} from './realtime-connection.ts';

export interface RealtimeGatewayOptions {
  /** ws ping to every socket; a socket that did not answer the previous one is dropped. */
  heartbeatMs?: number;
  /** How often the accounts of open sockets are checked to still be active. */
  recheckMs?: number;
}

/**
 * The WebSocket endpoint (REALTIME_PATH): authenticates each socket with an access token and
 * delivers the realtime hub's events to the sockets of their recipients, and only to them (the
 * publisher chose the recipients through access/; a client never names what it listens to).
 * Other upgrade paths are refused. `close()` says goodbye (1001) to every socket.
 */
export function attachRealtimeGateway(
  server: http.Server,
  deps: AppDeps,
  options: RealtimeGatewayOptions = {},
): { close(): Promise<void> } {
  const logger = deps.logger.child({ module: 'realtime' });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: REALTIME_MAX_PAYLOAD,
    perMessageDeflate: false,
  });
  /** Open, authenticated sockets by account. */
  const byAccount = new Map<string, Set<RealtimeConnection>>();
  const all = new Set<RealtimeConnection>();
  let closing = false;

  const host: ConnectionHost = {
    hub: deps.realtime,
    authenticate: socketAuthenticator(deps),
    register(c) {
      const id = c.accountId!;
      let set = byAccount.get(id);
      if (!set) byAccount.set(id, (set = new Set()));
      set.add(c);
    },
    unregister(c) {
      const set = byAccount.get(c.accountId!);
      if (!set) return;
      set.delete(c);
      if (set.size === 0) byAccount.delete(c.accountId!);
    },
    onError(err, what) {
      logger.warn({ err: { name: (err as Error).name } }, what);
    },
    now: () => Date.now(),
  };

  const unsubscribe = deps.realtime.subscribe(
    () => byAccount.keys(),
    (events) => {
      let delivered = 0;
      for (const { accountId, event } of events) {
        const set = byAccount.get(accountId);
        if (!set) continue;
        for (const c of set) {
          c.deliver(event);
          delivered++;
        }
      }
      if (delivered > 0) logger.debug({ events: events.length, delivered }, 'realtime fan-out');
    },
  );

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      pathname = '';
    }
    if (pathname !== REALTIME_PATH || closing) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const c = new RealtimeConnection(ws, host);
      all.add(c);
      ws.on('close', (code) => {
        all.delete(c);
        logger.debug({ accountId: c.accountId, code, sockets: all.size }, 'realtime socket closed');
      });
      c.start(req);
    });
  };
  server.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const c of all) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        c.ws.terminate();
      }
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  // Suspended accounts lose their sockets within a minute (tokens alone would last until exp).
  let rechecking = false;
  const recheck = setInterval(() => {
    if (rechecking || byAccount.size === 0) return;
    rechecking = true;
    const ids = [...byAccount.keys()];
    activeAccounts(deps, ids)
      .then((active) => {
        let dropped = 0;
        for (const id of ids) {
          if (active.has(id)) continue;
          for (const c of [...(byAccount.get(id) ?? [])]) {
            c.close(REALTIME_CLOSE.unauthorized, 'inactive');
            dropped++;
          }
        }
        if (dropped > 0) logger.info({ dropped }, 'realtime sockets of inactive accounts closed');
      })
      .catch((err: unknown) => host.onError(err, 'realtime account re-check failed'))
      .finally(() => {
        rechecking = false;
      });
  }, options.recheckMs ?? 60_000);
  recheck.unref();

  return {
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe();
      server.off('upgrade', onUpgrade);
      const sockets = [...all];
      const gone = Promise.all(
        sockets.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.ws.readyState === c.ws.CLOSED) return resolve();
              c.ws.once('close', () => resolve());
            }),
        ),
      );
      for (const c of sockets) c.close(REALTIME_CLOSE.goingAway, 'server shutting down');
      // Clients that do not answer the closing handshake are cut after a moment.
      const timer = setTimeout(() => {
        for (const c of sockets) c.ws.terminate();
      }, 2_000);
      await gone;
      clearTimeout(timer);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      logger.info({ sockets: sockets.length }, 'realtime gateway closed');
    },
  };
}
