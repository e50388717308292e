import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Expo's push API (POST /--/api/v2/push/send) for tests: the edge of the
 * world for mobile push. It records every request (headers and the parsed JSON array of
 * messages) and answers one ticket per message: `DeviceNotRegistered` for tokens a test marks
 * unregistered, `ok` otherwise; or a whole-request HTTP status a test sets (503 to make the
 * sender retry).
 */

export interface ExpoRequest {
  headers: http.IncomingHttpHeaders;
  messages: Record<string, unknown>[];
  status: number;
}

export const EXPO_PUSH_PATH = '/--/api/v2/push/send';

export async function startExpoPushReceiver() {
  const requests: ExpoRequest[] = [];
  const unregistered = new Set<string>();
  const statuses: number[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== EXPO_PUSH_PATH) {
        res.writeHead(404).end();
        return;
      }
      let messages: Record<string, unknown>[];
      try {
        messages = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>[];
        if (!Array.isArray(messages)) throw new Error('not an array');
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'VALIDATION_ERROR' }] }));
        return;
      }
      const status = statuses.shift() ?? 200;
      requests.push({ headers: req.headers, messages, status });
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"errors":[]}');
        return;
      }
      const data = messages.map((m, i) =>
        unregistered.has(String(m.to))
          ? {
              status: 'error',
              message: `"${String(m.to)}" is not a registered push notification recipient`,
              details: { error: 'DeviceNotRegistered', expoPushToken: m.to },
            }
          : { status: 'ok', id: `ticket-${requests.length}-${i}` },
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${EXPO_PUSH_PATH}`;

  return {
    /** Pass as EXPO_PUSH_URL. */
    url,
    requests,
    /** Expo will answer DeviceNotRegistered for this token. */
    unregister(token: string) {
      unregistered.add(token);
    },
    /** The next requests get these HTTP statuses (then 200 again). */
    failNext(...s: number[]) {
      statuses.push(...s);
    },
    async waitFor(predicate: (r: ExpoRequest) => boolean, ms = 10_000): Promise<ExpoRequest> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such Expo push request within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
