import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthSession, SessionState } from './session.ts';

const SessionContext = createContext<AuthSession | null>(null);

export function SessionProvider({
  session,
  children,
}: {
  session: AuthSession;
  children: ReactNode;
}) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useAuthSession(): AuthSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useAuthSession must be used inside <SessionProvider>');
  return session;
}

/** The session's state, re-rendering when someone signs in or out. */
export function useSessionState(): SessionState {
  const session = useAuthSession();
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}
