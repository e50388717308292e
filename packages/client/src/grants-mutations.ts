import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  acceptInvitationEndpoint,
  inviteCaregiverEndpoint,
  leaveGrantEndpoint,
  previewInvitationEndpoint,
  revokeGrantEndpoint,
  updateGrantEndpoint,
  type GrantInviteInput,
  type GrantUpdateInput,
} from '@carecircle/core';
import { queryKeys, useApiClient } from './queries.ts';
import { grantKeys } from './grants-queries.ts';

/** A patient invites a caregiver by e-mail. */
export function useInviteCaregiverMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GrantInviteInput) => api.call(inviteCaregiverEndpoint, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantKeys.given() }),
  });
}

export function useUpdateGrantMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { grantId: string; body: GrantUpdateInput }) =>
      api.call(updateGrantEndpoint, { params: { grantId: input.grantId }, body: input.body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantKeys.given() }),
  });
}

/** A patient stops sharing, or cancels an invitation. */
export function useRevokeGrantMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => api.call(revokeGrantEndpoint, { params: { grantId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantKeys.given() }),
  });
}

/** A caregiver stops acting for a patient. */
export function useLeaveGrantMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => api.call(leaveGrantEndpoint, { params: { grantId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantKeys.actingFor() }),
  });
}

/** What an invitation offers (a mutation: the token goes in the body, not the URL or a cache key). */
export function usePreviewInvitationMutation() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (token: string) => api.call(previewInvitationEndpoint, { body: { token } }),
  });
}

/** Accepts an invitation; the new patient shows in "acting for", and roles may have changed. */
export function useAcceptInvitationMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.call(acceptInvitationEndpoint, { body: { token } }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: grantKeys.actingFor() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
      ]);
    },
  });
}
