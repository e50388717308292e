import { appInfoEndpoint, healthEndpoint, readinessEndpoint } from './platform.ts';
import { schedulingEndpoints } from './scheduling-endpoints.ts';
import { recordsEndpoints } from './records-endpoints.ts';
import { healthConnectionEndpoints } from './health-connections.ts';
import { smartAppEndpoints } from './smart-apps.ts';
import { notificationEndpoints } from './notifications.ts';
import { medicationEndpoints } from './medications.ts';
import {
  confirmPasswordResetEndpoint,
  requestPasswordResetEndpoint,
  signUpEndpoint,
  verifyEmailEndpoint,
} from './sign-up.ts';
import { meEndpoint, updateMeEndpoint } from './me.ts';
import { mfaEndpoints } from './mfa.ts';
import {
  acceptInvitationEndpoint,
  inviteCaregiverEndpoint,
  leaveGrantEndpoint,
  listActingForEndpoint,
  listGrantsEndpoint,
  previewInvitationEndpoint,
  revokeGrantEndpoint,
  updateGrantEndpoint,
} from './grants.ts';
import {
  listAdminAccountsEndpoint,
  reinstateAccountEndpoint,
  suspendAccountEndpoint,
  verifyProviderEndpoint,
} from './admin.ts';
import {
  listMySessionsEndpoint,
  revokeMySessionEndpoint,
  revokeOtherSessionsEndpoint,
} from './sessions.ts';
import {
  breakGlassEndpoint,
  createCareShareEndpoint,
  endCareShareEndpoint,
  listCareSharesEndpoint,
} from './care.ts';
import { myAccessHistoryEndpoint, searchAuditEventsEndpoint } from './access-history.ts';

/** Every endpoint of the HTTP API, for the OpenAPI document and contract tests. */
export const endpoints = [
  healthEndpoint,
  readinessEndpoint,
  appInfoEndpoint,
  ...schedulingEndpoints,
  ...recordsEndpoints,
  ...healthConnectionEndpoints,
  ...notificationEndpoints,
  ...medicationEndpoints,
  signUpEndpoint,
  verifyEmailEndpoint,
  requestPasswordResetEndpoint,
  confirmPasswordResetEndpoint,
  meEndpoint,
  updateMeEndpoint,
  ...mfaEndpoints,
  listGrantsEndpoint,
  inviteCaregiverEndpoint,
  updateGrantEndpoint,
  revokeGrantEndpoint,
  listActingForEndpoint,
  leaveGrantEndpoint,
  previewInvitationEndpoint,
  acceptInvitationEndpoint,
  listCareSharesEndpoint,
  createCareShareEndpoint,
  endCareShareEndpoint,
  breakGlassEndpoint,
  listAdminAccountsEndpoint,
  verifyProviderEndpoint,
  suspendAccountEndpoint,
  reinstateAccountEndpoint,
  ...smartAppEndpoints,
  listMySessionsEndpoint,
  revokeMySessionEndpoint,
  revokeOtherSessionsEndpoint,
  myAccessHistoryEndpoint,
  searchAuditEventsEndpoint,
] as const;
