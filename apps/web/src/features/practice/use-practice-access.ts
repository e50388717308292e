import { useMeQuery } from '@carecircle/client';
import { useSessionState } from '../auth/SessionProvider.tsx';

export type PracticeAccess = 'signed-out' | 'loading' | 'not-provider' | 'provider' | 'error';

/** Whether the signed-in person is a provider (the server decides anyway: others get 404). */
export function usePracticeAccess(): PracticeAccess {
  const { status } = useSessionState();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  if (status !== 'signed-in') return status === 'signed-out' ? 'signed-out' : 'loading';
  if (me.isError) return 'error';
  if (!me.data) return 'loading';
  return me.data.roles.includes('provider') ? 'provider' : 'not-provider';
}
