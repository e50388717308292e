import * as oauth from 'oauth4webapi';

/**
 * The signed-in session of the web app: OAuth 2.0 authorization code + PKCE against our own
 * authorization server (a public client). Tokens live in memory only — never in localStorage or
 * sessionStorage. After a reload the app signs in again silently (prompt=none), which the
 * server's session cookie makes instant; only the PKCE verifier and state of a sign-in in
 * progress, and a "was signed in" hint, are kept in sessionStorage.
 */

export const WEB_CLIENT_ID = 'carecircle-web';
const SCOPE = 'openid offline_access email profile api';
const PENDING_KEY = 'carecircle.auth.pending';
const HINT_KEY = 'carecircle.auth.signedIn';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

export type SessionStatus = 'unknown' | 'signed-out' | 'signed-in';

export interface SessionState {
  status: SessionStatus;
  /** Why the last sign-in failed, when it did. */
  error?: string;
}

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresAt: number;
}

interface Pending {
  verifier: string;
  state: string;
  returnTo: string;
  silent: boolean;
}

export interface SessionEnvironment {
  origin: string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Full-page navigation (to the authorization server and back). */
  navigate: (url: string) => void;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface AuthSession {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  /** A valid access token, refreshed if it is about to expire; undefined when signed out. */
  getAccessToken: () => Promise<string | undefined>;
  /** Goes to the sign-in page; comes back to `returnTo`. */
  signIn: (returnTo?: string, options?: { prompt?: 'login' | 'create' }) => Promise<void>;
  /** On app start: signs in again without a page if the server still knows us. */
  resume: () => Promise<void>;
  /** Handles the redirect back to /auth/callback; returns where to go next. */
  completeSignIn: (callbackUrl: string) => Promise<string>;
  signOut: () => Promise<void>;
  /** Forgets the tokens locally (e.g. after an idle timeout) and ends the server session. */
  expire: () => Promise<void>;
}

export function createAuthSession(env: SessionEnvironment): AuthSession {
  const issuer = new URL(`${env.origin}/oidc`);
  const client: oauth.Client = { client_id: WEB_CLIENT_ID };
  const clientAuth = oauth.None();
  const redirectUri = `${env.origin}/auth/callback`;
  const now = env.now ?? (() => Date.now());
  const options = env.fetch ? { [oauth.customFetch]: env.fetch } : {};
  // Tests and local development run over http on localhost.
  const insecure = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};

  let server: Promise<oauth.AuthorizationServer> | undefined;
  let tokens: Tokens | undefined;
  let refreshing: Promise<void> | undefined;
  let state: SessionState = { status: 'unknown' };
  const listeners = new Set<() => void>();

  const setState = (next: SessionState) => {
    state = next;
    for (const l of listeners) l();
  };

  const discover = () =>
    (server ??= oauth
      .discoveryRequest(issuer, { ...options, ...insecure })
      .then((res) => oauth.processDiscoveryResponse(issuer, res))
      .catch((err: unknown) => {
        server = undefined;
        throw err;
      }));

  const keep = (result: oauth.TokenEndpointResponse) => {
    tokens = {
      accessToken: result.access_token,
      refreshToken: result.refresh_token ?? tokens?.refreshToken,
      idToken: result.id_token ?? tokens?.idToken,
      expiresAt: now() + (result.expires_in ?? 300) * 1000,
    };
    env.storage.setItem(HINT_KEY, '1');
    setState({ status: 'signed-in' });
  };

  const forget = (error?: string) => {
    tokens = undefined;
    env.storage.removeItem(HINT_KEY);
    setState(error ? { status: 'signed-out', error } : { status: 'signed-out' });
  };

  async function startAuthorization(
    returnTo: string,
    extra: Record<string, string>,
    silent: boolean,
  ) {
    const as = await discover();
    const verifier = oauth.generateRandomCodeVerifier();
    const pending: Pending = { verifier, state: oauth.generateRandomState(), returnTo, silent };
    env.storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: SCOPE,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      ...extra,
    }).toString();
    env.navigate(url.toString());
  }

  async function refresh() {
    if (!tokens?.refreshToken) throw new Error('no refresh token');
    const as = await discover();
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      tokens.refreshToken,
      { ...options, ...insecure },
    );
    keep(await oauth.processRefreshTokenResponse(as, client, response));
  }

  async function signOut() {
    const idToken = tokens?.idToken;
    const refreshToken = tokens?.refreshToken;
    forget();
    const as = await discover();
    if (refreshToken && as.revocation_endpoint) {
      await (env.fetch ?? fetch)(as.revocation_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: WEB_CLIENT_ID, token: refreshToken }).toString(),
      }).catch(() => undefined);
    }
    const url = new URL(as.end_session_endpoint!);
    url.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID,
      post_logout_redirect_uri: `${env.origin}/`,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).toString();
    env.navigate(url.toString());
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async getAccessToken() {
      if (!tokens) return undefined;
      if (tokens.expiresAt - now() < REFRESH_MARGIN_MS) {
        refreshing ??= refresh()
          .catch(() => forget())
          .finally(() => {
            refreshing = undefined;
          });
        await refreshing;
      }
      return tokens?.accessToken;
    },

    signIn(returnTo = '/', opts = {}) {
      return startAuthorization(returnTo, opts.prompt ? { prompt: opts.prompt } : {}, false);
    },

    async resume() {
      if (tokens || state.status === 'signed-in') return;
      if (env.storage.getItem(HINT_KEY) === '1' && !env.storage.getItem(PENDING_KEY)) {
        env.storage.removeItem(HINT_KEY);
        const here = new URL(globalThis.location?.href ?? env.origin);
        await startAuthorization(`${here.pathname}${here.search}`, { prompt: 'none' }, true);
        return;
      }
      setState({ status: 'signed-out' });
    },

    async completeSignIn(callbackUrl) {
      const raw = env.storage.getItem(PENDING_KEY);
      env.storage.removeItem(PENDING_KEY);
      if (!raw) {
        forget('expired');
        return '/';
      }
      const pending = JSON.parse(raw) as Pending;
      const as = await discover();
      try {
        const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), pending.state);
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          clientAuth,
          params,
          redirectUri,
          pending.verifier,
          {
            ...options,
            ...insecure,
          },
        );
        keep(
          await oauth.processAuthorizationCodeResponse(as, client, response, {
            requireIdToken: true,
          }),
        );
      } catch (err) {
        // A silent attempt that finds no server session simply means "signed out".
        const code = err instanceof oauth.AuthorizationResponseError ? err.error : 'failed';
        forget(pending.silent ? undefined : code);
      }
      return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//')
        ? pending.returnTo
        : '/';
    },

    signOut,

    expire() {
      return signOut();
    },
  };
}
