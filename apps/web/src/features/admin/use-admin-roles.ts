import { useMeQuery } from '@carecircle/client';
import { useSessionState } from '../auth/SessionProvider.tsx';

/** Whether the signed-in person is an admin and/or an auditor (the server decides anyway). */
export function useAdminRoles(): { isAdmin: boolean; isAuditor: boolean; ready: boolean } {
  const { status } = useSessionState();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  const roles: readonly string[] = me.data?.roles ?? [];
  return {
    isAdmin: roles.includes('admin'),
    isAuditor: roles.includes('auditor'),
    ready: me.isSuccess,
  };
}
