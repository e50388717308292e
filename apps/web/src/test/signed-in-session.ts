import type { AuthSession } from '../features/auth/session.ts';

/** A session that is signed in with a fixed access token, for pages behind sign-in. */
export function signedInSession(accessToken = 'test-access-token'): AuthSession {
  const noop = () => Promise.resolve();
  // One object: useSyncExternalStore compares snapshots by identity.
  const state = { status: 'signed-in' } as const;
  return {
    getState: () => state,
    subscribe: () => () => undefined,
    getAccessToken: () => Promise.resolve(accessToken),
    signIn: noop,
    resume: noop,
    completeSignIn: () => Promise.resolve('/'),
    signOut: noop,
    expire: noop,
  };
}
