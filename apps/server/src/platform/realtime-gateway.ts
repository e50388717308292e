import type http from 'node:http';
import type { AppDeps } from './app-deps.ts';

/**
 * The WebSocket endpoint (REALTIME_PATH): authenticates each socket with an access token and
 * delivers the realtime hub's events to the sockets of their recipients.
 * TODO(issue 6, realtime helper): implemented by the realtime work; a no-op until then.
 */
export function attachRealtimeGateway(
  _server: http.Server,
  _deps: AppDeps,
): { close(): Promise<void> } {
  return { close: () => Promise.resolve() };
}
