import { createContext } from 'react';
import type { RealtimeSocketConstructor } from '@carecircle/client';

/**
 * What live updates need: the API origin and the signed-in person's access token. The app has
 * no sign-in yet, so nothing provides it and the notification centre refreshes on pull and on
 * focus only; sign-in renders `<LiveSessionContext value={{ apiUrl, getToken }}>` around the
 * app (the same token getter it gives `createApiClient`).
 */
export interface LiveSession {
  /** Origin of the API, e.g. `appConfig.apiUrl`. */
  apiUrl: string;
  /** The current access token; null when nobody is signed in. */
  getToken: () => Promise<string | null>;
  /** Tests pass a fake socket; the app uses the global WebSocket. */
  WebSocketImpl?: RealtimeSocketConstructor;
}

export const LiveSessionContext = createContext<LiveSession | null>(null);
