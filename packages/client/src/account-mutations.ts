import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  confirmPasswordResetEndpoint,
  requestPasswordResetEndpoint,
  signUpEndpoint,
  updateMeEndpoint,
  verifyEmailEndpoint,
  type EmailVerificationInput,
  type PasswordResetConfirmInput,
  type PasswordResetRequestInput,
  type SignUpInput,
  type UpdateMeInput,
} from '@carecircle/core';
import { useApiClient, queryKeys } from './queries.ts';
import { notificationKeys } from './notifications-queries.ts';

/**
 * My language (of e-mails and reminders) and time zone (of reminders, medicine times and quiet
 * hours). Updates "me" and refetches what depends on them.
 */
export function useUpdateMeMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeInput) => api.call(updateMeEndpoint, { body }),
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me(), me);
      await queryClient.invalidateQueries({ queryKey: notificationKeys.preferences() });
    },
  });
}

/** Sign-up. Nothing is cached about the new account until the person signs in. */
export function useSignUpMutation() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: SignUpInput) => api.call(signUpEndpoint, { body }),
  });
}

/** Confirms an e-mail address with the token from the link; refreshes "me" if it is cached. */
export function useVerifyEmailMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailVerificationInput) => api.call(verifyEmailEndpoint, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
  });
}

export function useRequestPasswordResetMutation() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: PasswordResetRequestInput) =>
      api.call(requestPasswordResetEndpoint, { body }),
  });
}

export function useConfirmPasswordResetMutation() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: PasswordResetConfirmInput) =>
      api.call(confirmPasswordResetEndpoint, { body }),
  });
}
