import Constants from 'expo-constants';

export const DEFAULT_API_URL = 'http://localhost:3000';

export interface AppConfig {
  /** Origin of the CareCircle API, without a trailing slash. */
  readonly apiUrl: string;
}

/**
 * The API origin: `EXPO_PUBLIC_API_URL` (inlined at build time) wins over `expo.extra.apiUrl`
 * from app.json; otherwise the local development server.
 */
export function resolveApiUrl(sources: { env?: string | undefined; extra?: unknown }): string {
  const fromEnv = sources.env?.trim();
  if (fromEnv) return withoutTrailingSlash(fromEnv);
  const extra = sources.extra;
  if (typeof extra === 'object' && extra !== null && 'apiUrl' in extra) {
    const { apiUrl } = extra;
    if (typeof apiUrl === 'string' && apiUrl.trim()) return withoutTrailingSlash(apiUrl.trim());
  }
  return DEFAULT_API_URL;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Read once at start-up. */
export const appConfig: AppConfig = Object.freeze({
  apiUrl: resolveApiUrl({
    env: process.env.EXPO_PUBLIC_API_URL,
    extra: Constants.expoConfig?.extra,
  }),
});
