import { z } from 'zod';
import { Account, AccountCreateInput, Email, Password } from './accounts.ts';
import { defineEndpoint } from './endpoint.ts';

/** Roles a person may pick at sign-up. Admins are made by an operator (`npm run manage`). */
export const SignUpRole = z.enum(['patient', 'caregiver', 'volunteer', 'provider'], {
  message:
    'Choose patient, caregiver, volunteer or provider. Admin accounts are made by an operator.',
});
export type SignUpRole = z.infer<typeof SignUpRole>;

export const SignUpInput = AccountCreateInput.extend({
  roles: z.array(SignUpRole).min(1, 'Pick at least one role').max(4),
}).meta({ id: 'SignUpInput' });
export type SignUpInput = z.input<typeof SignUpInput>;

/** A single-use token from an e-mailed link. */
const LinkToken = z
  .string()
  .trim()
  .min(1, 'The link is missing its code. Open the link from the e-mail again.')
  .max(200);

export const EmailVerificationInput = z
  .object({ token: LinkToken })
  .meta({ id: 'EmailVerificationInput' });
export type EmailVerificationInput = z.input<typeof EmailVerificationInput>;

export const PasswordResetRequestInput = z
  .object({ email: Email })
  .meta({ id: 'PasswordResetRequestInput' });
export type PasswordResetRequestInput = z.input<typeof PasswordResetRequestInput>;

export const PasswordResetConfirmInput = z
  .object({ token: LinkToken, password: Password })
  .meta({ id: 'PasswordResetConfirmInput' });
export type PasswordResetConfirmInput = z.input<typeof PasswordResetConfirmInput>;

/** No body (204 and 202 responses). */
export const NoContent = z.undefined();

export const signUpEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/accounts',
  operationId: 'signUp',
  summary:
    'Create an account (patient, caregiver, volunteer; providers start pending until verified) and e-mail a verification link. 409 `email-taken`, 429 when too many sign-ups come from one network.',
  tags: ['identity'],
  body: SignUpInput,
  status: 201,
  response: Account,
  auth: false,
});

export const verifyEmailEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/email-verifications',
  operationId: 'verifyEmail',
  summary: 'Confirm an e-mail address with the single-use token from the e-mailed link (24 h)',
  tags: ['identity'],
  body: EmailVerificationInput,
  status: 204,
  response: NoContent,
  auth: false,
});

export const requestPasswordResetEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/password-resets',
  operationId: 'requestPasswordReset',
  summary:
    'E-mail a password reset link (valid 1 h) if an account has this address. Always 202, so it never tells whether an account exists.',
  tags: ['identity'],
  body: PasswordResetRequestInput,
  status: 202,
  response: NoContent,
  auth: false,
});

export const confirmPasswordResetEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/password-resets/confirm',
  operationId: 'confirmPasswordReset',
  summary:
    'Set a new password with the single-use token from the reset link; the password policy applies and every other reset link stops working',
  tags: ['identity'],
  body: PasswordResetConfirmInput,
  status: 204,
  response: NoContent,
  auth: false,
});
