import express, { type RequestHandler, type Router } from 'express';
import { SMART_OIDC_SCOPES, SMART_RESOURCE_TYPES } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { smartAppRoutes } from '../admin/smart-apps.routes.ts';
import { CLIENT_AUTH_METHODS } from './oidc.ts';

/** Where SMART apps discover the authorization server: at the root and under the FHIR base. */
export const SMART_CONFIGURATION_PATHS = [
  '/.well-known/smart-configuration',
  '/fhir/R4/.well-known/smart-configuration',
];

/**
 * The SMART App Launch v2 configuration
 * (https://hl7.org/fhir/smart-app-launch/conformance.html). Endpoint URLs come from the
 * authorization server itself, so they follow its configuration.
 */
export function smartConfiguration(deps: Pick<AppDeps, 'oidc' | 'config'>) {
  const { provider, issuer } = deps.oidc;
  return {
    issuer,
    jwks_uri: provider.urlFor('jwks'),
    authorization_endpoint: provider.urlFor('authorization'),
    token_endpoint: provider.urlFor('token'),
    revocation_endpoint: provider.urlFor('revocation'),
    userinfo_endpoint: provider.urlFor('userinfo'),
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [
      ...SMART_OIDC_SCOPES,
      ...['patient', 'user'].flatMap((context) =>
        [...SMART_RESOURCE_TYPES, '*'].flatMap((type) => [
          `${context}/${type}.cruds`,
          `${context}/${type}.rs`,
        ]),
      ),
    ],
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'context-standalone-patient',
      'permission-patient',
      'permission-user',
      'permission-v2',
      'permission-v1',
      'permission-offline',
      'sso-openid-connect',
    ],
  };
}

/** SMART App Launch v2: `/.well-known/smart-configuration` (and the FHIR base's copy). */
export function smartRoutes(deps: AppDeps): Router {
  const router = express.Router();
  // Built once: the endpoints do not change while the server runs.
  let document: ReturnType<typeof smartConfiguration> | undefined;
  const configuration: RequestHandler = (_req, res) => {
    document ??= smartConfiguration(deps);
    // Public metadata that apps fetch from the browser, from any origin.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(document);
  };
  for (const path of SMART_CONFIGURATION_PATHS) router.get(path, configuration);
  // The admin API for registering apps (JSON body and the signed-in admin come from the API).
  smartAppRoutes(router, deps);
  return router;
}
