import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { RECORD_RESOURCE_TYPES } from './records.ts';
import { allSmartPermissionStrings } from './smart-scopes.ts';

/**
 * Third-party SMART on FHIR apps (SMART App Launch v2), registered by an admin. An app signs
 * people in through our authorization server (`/oidc`) and reads or writes their record at
 * `/fhir/R4` with what the person allowed on the consent page, never more than the scopes an
 * admin allowed the app here.
 */

/** The FHIR resource types a SMART app may ask about (the record store's and the others served). */
export const SMART_RESOURCE_TYPES = [
  ...RECORD_RESOURCE_TYPES,
  'Patient',
  'Practitioner',
  'Appointment',
  'Schedule',
  'Slot',
  'AuditEvent',
] as const;

/** OpenID / SMART scopes that are not about a resource type. */
export const SMART_OIDC_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'email',
  'launch/patient',
  'offline_access',
] as const;

/** Every resource scope the server grants: `patient|user` × type (or `*`) × v2 and v1 permissions. */
export function smartResourceScopes(): string[] {
  const permissions = [...allSmartPermissionStrings(), 'read', 'write'];
  const out: string[] = [];
  for (const context of ['patient', 'user']) {
    for (const type of [...SMART_RESOURCE_TYPES, '*']) {
      for (const p of permissions) out.push(`${context}/${type}.${p}`);
    }
  }
  return out;
}

let supported: Set<string> | undefined;
/** Whether a scope is one an app may be allowed (an OpenID/launch scope or a resource scope). */
export function isSupportedSmartScope(scope: string): boolean {
  supported ??= new Set<string>([...SMART_OIDC_SCOPES, ...smartResourceScopes()]);
  return supported.has(scope);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on this computer (for developing an app). No fragments. */
export function isAllowedRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

const RedirectUri = z.string().trim().max(500).refine(isAllowedRedirectUri, {
  message: 'Use an https address (or http://localhost / http://127.0.0.1 while developing).',
});

export const SmartClientType = z.enum(['public', 'confidential']).meta({ id: 'SmartClientType' });
export type SmartClientType = z.infer<typeof SmartClientType>;

export const SmartAppInput = z
  .object({
    name: z.string().trim().min(1).max(100).describe('Shown to people on the consent page.'),
    redirectUris: z.array(RedirectUri).min(1).max(10),
    clientType: SmartClientType.describe(
      'public: an app in the browser or on a phone (PKCE, no secret); confidential: a server with a secret.',
    ),
    scopes: z
      .array(
        z
          .string()
          .trim()
          .refine(isSupportedSmartScope, { message: 'This scope is not one CareCircle offers.' }),
      )
      .min(1)
      .max(200)
      .describe('The most the app may ask for; people still choose on the consent page.'),
    launchUrl: RedirectUri.nullish().describe('Where an app launch starts, if the app has one.'),
  })
  .meta({ id: 'SmartAppInput' });
export type SmartAppInput = z.input<typeof SmartAppInput>;

export const SmartAppStatus = z.enum(['active', 'disabled']).meta({ id: 'SmartAppStatus' });
export type SmartAppStatus = z.infer<typeof SmartAppStatus>;

export const SmartApp = z
  .object({
    clientId: z.string(),
    name: z.string(),
    redirectUris: z.array(z.string()),
    clientType: SmartClientType,
    scopes: z.array(z.string()),
    launchUrl: z.string().nullable(),
    status: SmartAppStatus,
    createdAt: z.iso.datetime({ offset: true }),
    disabledAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'SmartApp' });
export type SmartApp = z.infer<typeof SmartApp>;

export const SmartAppList = z.object({ items: z.array(SmartApp) }).meta({ id: 'SmartAppList' });
export type SmartAppList = z.infer<typeof SmartAppList>;

export const RegisteredSmartApp = z
  .object({
    app: SmartApp,
    clientSecret: z
      .string()
      .nullable()
      .describe('Confidential apps only: shown this once, never stored in a readable form.'),
  })
  .meta({ id: 'RegisteredSmartApp' });
export type RegisteredSmartApp = z.infer<typeof RegisteredSmartApp>;

export const SmartAppParams = z.object({
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .describe('The app’s client id.'),
});

export const listSmartAppsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/admin/smart-apps',
  operationId: 'listSmartApps',
  summary: 'List the third-party SMART apps registered with CareCircle (admins)',
  tags: ['admin'],
  status: 200,
  response: SmartAppList,
  auth: true,
});

export const registerSmartAppEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/smart-apps',
  operationId: 'registerSmartApp',
  summary: 'Register a third-party SMART app; a confidential app’s secret is shown once',
  tags: ['admin'],
  body: SmartAppInput,
  status: 201,
  response: RegisteredSmartApp,
  auth: true,
});

export const disableSmartAppEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/smart-apps/:clientId/disable',
  operationId: 'disableSmartApp',
  summary: 'Disable a SMART app: it can no longer sign anyone in, and its grants end',
  tags: ['admin'],
  params: SmartAppParams,
  status: 200,
  response: SmartApp,
  auth: true,
});

export const smartAppEndpoints = [
  listSmartAppsEndpoint,
  registerSmartAppEndpoint,
  disableSmartAppEndpoint,
] as const;
