import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import type { Role } from './roles.ts';

/** People in these roles must use two-step sign-in (TOTP); others may choose it. */
// Auditors read the whole audit log (who, when, from where), so they need it too.
export const MFA_REQUIRED_ROLES: readonly Role[] = ['provider', 'admin', 'auditor'];

export function isMfaRequired(roles: readonly string[]): boolean {
  return roles.some((r) => (MFA_REQUIRED_ROLES as readonly string[]).includes(r));
}

/** How many single-use recovery codes a person gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

export const MfaStatus = z
  .object({
    enabled: z.boolean(),
    /** Whether the person's role makes two-step sign-in mandatory (then it cannot be turned off). */
    required: z.boolean(),
    enabledAt: z.iso.datetime().nullable(),
    recoveryCodesLeft: z.number().int().min(0),
  })
  .meta({ id: 'MfaStatus', description: 'Two-step sign-in (TOTP) of the signed-in person.' });
export type MfaStatus = z.infer<typeof MfaStatus>;

export const MfaEnrolment = z
  .object({
    /** otpauth:// URI for authenticator apps. */
    otpauthUri: z.string(),
    /** The same as a QR code image (an SVG `data:` URL). */
    qrCode: z.string(),
    /** The secret in groups of four, for typing into an app by hand. */
    manualKey: z.string(),
  })
  .meta({ id: 'MfaEnrolment', description: 'A pending enrolment; confirm it with a code.' });
export type MfaEnrolment = z.infer<typeof MfaEnrolment>;

/** A six-digit code from the authenticator app, or (where accepted) a recovery code. */
export const MfaCodeInput = z
  .object({
    code: z
      .string()
      .trim()
      .min(6, 'Enter the 6-digit code from your authenticator app')
      .max(32, 'That code is too long'),
  })
  .meta({ id: 'MfaCodeInput' });
export type MfaCodeInput = z.input<typeof MfaCodeInput>;

export const MfaRecoveryCodes = z
  .object({
    /** Shown once; each works once. Only their salted hashes are kept. */
    recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT),
  })
  .meta({ id: 'MfaRecoveryCodes' });
export type MfaRecoveryCodes = z.infer<typeof MfaRecoveryCodes>;

export const getMfaStatusEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/me/mfa',
  operationId: 'getMfaStatus',
  summary: 'Whether two-step sign-in is on for the signed-in person',
  tags: ['identity'],
  status: 200,
  response: MfaStatus,
  auth: true,
});

export const startMfaEnrolmentEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/me/mfa/enrolment',
  operationId: 'startMfaEnrolment',
  summary: 'Start turning on two-step sign-in: a new secret to add to an authenticator app',
  tags: ['identity'],
  status: 201,
  response: MfaEnrolment,
  auth: true,
});

export const confirmMfaEnrolmentEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/me/mfa/enrolment/confirm',
  operationId: 'confirmMfaEnrolment',
  summary: 'Turn on two-step sign-in with a current code; returns recovery codes (shown once)',
  tags: ['identity'],
  body: MfaCodeInput,
  status: 200,
  response: MfaRecoveryCodes,
  auth: true,
});

export const disableMfaEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/me/mfa/disable',
  operationId: 'disableMfa',
  summary: 'Turn off two-step sign-in with a current code or a recovery code',
  tags: ['identity'],
  body: MfaCodeInput,
  status: 200,
  response: MfaStatus,
  auth: true,
});

export const regenerateRecoveryCodesEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/me/mfa/recovery-codes',
  operationId: 'regenerateRecoveryCodes',
  summary: 'Replace all recovery codes (needs a current code); the old ones stop working',
  tags: ['identity'],
  body: MfaCodeInput,
  status: 200,
  response: MfaRecoveryCodes,
  auth: true,
});

export const mfaEndpoints = [
  getMfaStatusEndpoint,
  startMfaEnrolmentEndpoint,
  confirmMfaEnrolmentEndpoint,
  disableMfaEndpoint,
  regenerateRecoveryCodesEndpoint,
] as const;
