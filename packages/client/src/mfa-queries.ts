import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  confirmMfaEnrolmentEndpoint,
  disableMfaEndpoint,
  getMfaStatusEndpoint,
  regenerateRecoveryCodesEndpoint,
  startMfaEnrolmentEndpoint,
  type MfaCodeInput,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

/** Key factory of two-step sign-in queries (under "me", so signing out clears them too). */
export const mfaQueryKeys = {
  status: () => ['me', 'mfa'] as const,
};

/** Whether two-step sign-in is on; only asked for while someone is signed in. */
export function useMfaStatusQuery(options: { enabled: boolean }) {
  const api = useApiClient();
  return useQuery({
    queryKey: mfaQueryKeys.status(),
    queryFn: ({ signal }) => api.call(getMfaStatusEndpoint, { signal }),
    enabled: options.enabled,
  });
}

export function useStartMfaEnrolmentMutation() {
  const api = useApiClient();
  return useMutation({ mutationFn: () => api.call(startMfaEnrolmentEndpoint, {}) });
}

function useMfaMutation<T>(call: (body: MfaCodeInput) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaQueryKeys.status() }),
  });
}

export function useConfirmMfaEnrolmentMutation() {
  const api = useApiClient();
  return useMfaMutation((body) => api.call(confirmMfaEnrolmentEndpoint, { body }));
}

export function useDisableMfaMutation() {
  const api = useApiClient();
  return useMfaMutation((body) => api.call(disableMfaEndpoint, { body }));
}

export function useRegenerateRecoveryCodesMutation() {
  const api = useApiClient();
  return useMfaMutation((body) => api.call(regenerateRecoveryCodesEndpoint, { body }));
}
