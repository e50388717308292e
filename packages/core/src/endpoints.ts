import { appInfoEndpoint, healthEndpoint, readinessEndpoint } from './platform.ts';
import { listProvidersEndpoint } from './providers.ts';
import {
  confirmPasswordResetEndpoint,
  requestPasswordResetEndpoint,
  signUpEndpoint,
  verifyEmailEndpoint,
} from './sign-up.ts';
import { meEndpoint } from './me.ts';

/** Every endpoint of the HTTP API, for the OpenAPI document and contract tests. */
export const endpoints = [
  healthEndpoint,
  readinessEndpoint,
  appInfoEndpoint,
  listProvidersEndpoint,
  signUpEndpoint,
  verifyEmailEndpoint,
  requestPasswordResetEndpoint,
  confirmPasswordResetEndpoint,
  meEndpoint,
] as const;
