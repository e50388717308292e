import Provider, {
  errors,
  type Configuration,
  type KoaContextWithOIDC,
  type ResourceServer,
} from 'oidc-provider';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { accountsRepo } from './accounts.repo.ts';
import type { JWK } from 'jose';
import { loadSigningKeys, serverSecret, SIGNING_ALG } from './keys.ts';
import { postgresAdapter } from './oidc-adapter.ts';
import { logoutPage, messagePage, pageLocale, pageStrings } from './pages.ts';
import { smartResourceScopes } from '@carecircle/core';
import {
  allowedSmartScopes,
  compareHashedClientSecrets,
  SMART_SCOPES_METADATA,
  withSmartClients,
} from './smart-clients.ts';
import {
  consentForOfflineAccess,
  FHIR_USER_SCOPE,
  fhirUserFor,
  LAUNCH_PATIENT_SCOPE,
  launchPatientClaim,
  smartTokenResponse,
} from './smart-context.ts';

export const OIDC_PATH = '/oidc';
export const API_SCOPE = 'api';
/** Lifetime of access tokens (HIPAA: short; the apps refresh them silently). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export const WEB_CLIENT_ID = 'carecircle-web';
export const MOBILE_CLIENT_ID = 'carecircle-mobile';
export const FIRST_PARTY_CLIENTS = new Set([WEB_CLIENT_ID, MOBILE_CLIENT_ID]);

export function issuerFor(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}${OIDC_PATH}`;
}

/** The audience of access tokens: the API. */
export function apiAudienceFor(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}/api`;
}

/** The FHIR R4 endpoint's base URL: also the audience of SMART apps' access tokens. */
export function fhirBaseFor(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}/fhir/R4`;
}

/** How clients authenticate at the token endpoint: public apps (PKCE) or a shared secret. */
export const CLIENT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;

/** The SMART resource scopes of the FHIR audience (every one the server can grant). */
const FHIR_SCOPES: readonly string[] = [...smartResourceScopes(), LAUNCH_PATIENT_SCOPE];

export interface OidcRuntime {
  provider: Provider;
  issuer: string;
  audience: string;
  /** Public signing keys, for verifying access tokens without an HTTP round trip. */
  publicJwks: { keys: Record<string, unknown>[] };
}

function webRedirectUris(config: Config): string[] {
  const uris = [`${config.publicUrl}/auth/callback`];
  // The Vite dev server (npm run dev -w @carecircle/web) proxies the API from :5173.
  if (config.env !== 'production') uris.push('http://localhost:5173/auth/callback');
  return uris;
}

export async function createOidc(config: Config, db: Db, logger?: Logger): Promise<OidcRuntime> {
  const issuer = issuerFor(config);
  const audience = apiAudienceFor(config);
  const signingKeys = await loadSigningKeys(db);
  const cookieKeys = [await serverSecret(db, 'oidc-cookie-key')];
  const webOrigins = new Set(webRedirectUris(config).map((u) => new URL(u).origin));
  const fhirBase = fhirBaseFor(config);
  const fhirAccessToken: Omit<ResourceServer, 'scope'> = {
    audience: fhirBase,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: SIGNING_ALG } },
  };

  const configuration: Configuration = {
    // Third-party SMART apps (registered by an admin) are loaded from `smart_apps`.
    adapter: withSmartClients(postgresAdapter(db), db),
    jwks: { keys: signingKeys },
    cookies: { keys: cookieKeys },
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: 'CareCircle',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: SIGNING_ALG,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: webRedirectUris(config),
        post_logout_redirect_uris: [
          `${config.publicUrl}/`,
          ...(config.env !== 'production' ? ['http://localhost:5173/'] : []),
        ],
      },
      {
        client_id: MOBILE_CLIENT_ID,
        client_name: 'CareCircle mobile',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: SIGNING_ALG,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['carecircle://auth/callback'],
        post_logout_redirect_uris: ['carecircle://auth/signed-out'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'locale', 'zoneinfo'],
      [FHIR_USER_SCOPE]: ['fhirUser'],
    },
    scopes: [
      'openid',
      'offline_access',
      'email',
      'profile',
      API_SCOPE,
      FHIR_USER_SCOPE,
      LAUNCH_PATIENT_SCOPE,
    ],
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    extraClientMetadata: { properties: [SMART_SCOPES_METADATA] },
    extraParams: {
      // SMART: the app names the FHIR server it wants a token for. Only ours (see defaultResource).
      aud(_ctx, value) {
        if (value !== undefined && value !== fhirBase) {
          throw new errors.InvalidRequest(`aud must be this server's FHIR base URL (${fhirBase})`);
        }
      },
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          const locale = pageLocale(undefined, ctx.get('accept-language'));
          ctx.body = logoutPage(locale, form);
        },
        postLogoutSuccessSource(ctx) {
          const locale = pageLocale(undefined, ctx.get('accept-language'));
          const t = pageStrings(locale);
          ctx.body = messagePage(locale, t.signedOutTitle, t.signedOutBody, `${config.publicUrl}/`);
        },
      },
      resourceIndicators: {
        enabled: true,
        // SMART apps send `aud=<FHIR base>` instead of `resource`; third-party apps only ever
        // get FHIR tokens, first-party apps the API unless they ask for the FHIR base.
        defaultResource(ctx, client) {
          if (ctx.oidc.params?.aud === fhirBase) return fhirBase;
          return client && FIRST_PARTY_CLIENTS.has(client.clientId) ? audience : fhirBase;
        },
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator, client) {
          const firstParty = FIRST_PARTY_CLIENTS.has(client.clientId);
          if (resourceIndicator === audience && firstParty) {
            return {
              scope: API_SCOPE,
              audience,
              accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: SIGNING_ALG } },
            };
          }
          if (resourceIndicator !== fhirBase) throw new errors.InvalidTarget();
          if (firstParty) return { scope: FHIR_SCOPES.join(' '), ...fhirAccessToken };
          // A third-party app: at most the scopes an admin allowed it.
          const allowed = allowedSmartScopes(client);
          if (client.scope?.split(' ').includes(LAUNCH_PATIENT_SCOPE))
            allowed.add(LAUNCH_PATIENT_SCOPE);
          return { scope: [...allowed].join(' '), ...fhirAccessToken };
        },
      },
    },
    enabledJWA: {
      idTokenSigningAlgValues: [SIGNING_ALG],
      requestObjectSigningAlgValues: [SIGNING_ALG],
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 30 * 60,
      // Refresh tokens rotate on every use; a chain lives at most 14 days.
      RefreshToken: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
    },
    // The server session (its uid, not the cookie) an access token was issued in, so "Where
    // you're signed in" can mark the current one. Not a credential: it signs nobody in.
    // SMART: a FHIR token granted `launch/patient` names the patient of the launch.
    async extraTokenClaims(_ctx, token) {
      const claims: Record<string, string> = {};
      if ('sessionUid' in token && typeof token.sessionUid === 'string')
        claims.sid = token.sessionUid;
      if (token.kind === 'AccessToken' && token.resourceServer?.audience === fhirBase) {
        const patient = await launchPatientClaim(db, token);
        if (patient) claims.patient = patient;
      }
      return Object.keys(claims).length > 0 ? claims : undefined;
    },
    // First-party apps always get a refresh token (kept in memory, never in storage); third-party
    // apps only when the person allowed offline access.
    issueRefreshToken: (_ctx, client, source) =>
      client.grantTypeAllowed('refresh_token') &&
      (FIRST_PARTY_CLIENTS.has(client.clientId) || source.scopes.has('offline_access')),
    interactions: {
      url: (_ctx, interaction) => `${OIDC_PATH}/interaction/${interaction.uid}`,
    },
    // First-party apps need no consent screen: their grant is made on first sign-in.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const grantId =
        oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      if (FIRST_PARTY_CLIENTS.has(oidc.client!.clientId)) {
        const grant = new oidc.provider.Grant({
          clientId: oidc.client!.clientId,
          accountId: oidc.session!.accountId!,
        });
        grant.addOIDCScope('openid offline_access email profile');
        grant.addResourceScope(audience, API_SCOPE);
        await grant.save();
        return grant;
      }
      return undefined;
    },
    async findAccount(_ctx, sub) {
      const account = await accountsRepo.findById(db, sub);
      if (!account || account.status !== 'active') return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.email_verified_at !== null,
          name: account.name,
          locale: account.locale,
          zoneinfo: account.time_zone,
          fhirUser: fhirUserFor(fhirBase, account),
        }),
      };
    },
    renderError(ctx) {
      const locale = pageLocale(undefined, ctx.get('accept-language'));
      const t = pageStrings(locale);
      ctx.type = 'html';
      ctx.body = messagePage(locale, t.errorTitle, t.errorBody, `${config.publicUrl}/`);
    },
    // Browsers call the token endpoint from the web app's own origin only.
    // SMART apps in a browser call it from the origin of one of their redirect addresses.
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === WEB_CLIENT_ID
        ? webOrigins.has(origin)
        : !FIRST_PARTY_CLIENTS.has(client.clientId) &&
          client.redirectUris?.some((u) => new URL(u).origin === origin) === true,
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = config.trustProxy !== false;
  provider.use(consentForOfflineAccess((clientId) => FIRST_PARTY_CLIENTS.has(clientId)));
  provider.use(smartTokenResponse(fhirBase));
  compareHashedClientSecrets(provider);
  // Protocol errors are the client's business (they get them in the response); log the kind only.
  const refused =
    (event: string) => (_ctx: unknown, err: Error & { error_description?: string }) => {
      logger?.info(
        { oidcEvent: event, error: err.message, description: err.error_description },
        'oauth request refused',
      );
    };
  provider.on('authorization.error', refused('authorization.error'));
  provider.on('grant.error', refused('grant.error'));
  provider.on('end_session.error', refused('end_session.error'));
  provider.on('revocation.error', refused('revocation.error'));
  provider.on('server_error', (_ctx: unknown, err: Error) => {
    logger?.error(
      { err: { name: err.name, message: err.message, stack: err.stack } },
      'authorization server error',
    );
  });

  const publicJwks = publicJwksOf(signingKeys);
  return { provider, issuer, audience, publicJwks };
}

/** The public half of signing keys, as published in the JWKS. */
export function publicJwksOf(keys: readonly JWK[]): { keys: Record<string, unknown>[] } {
  return {
    keys: keys.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })),
  };
}
