import { appInfoEndpoint, healthEndpoint, readinessEndpoint } from './platform.ts';
import { listProvidersEndpoint } from './providers.ts';

/** Every endpoint of the HTTP API, for the OpenAPI document and contract tests. */
export const endpoints = [
  healthEndpoint,
  readinessEndpoint,
  appInfoEndpoint,
  listProvidersEndpoint,
] as const;
