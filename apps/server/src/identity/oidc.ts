import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { accountsRepo } from './accounts.repo.ts';
import type { JWK } from 'jose';
import { loadSigningKeys, serverSecret, SIGNING_ALG } from './keys.ts';
import { postgresAdapter } from './oidc-adapter.ts';
import { logoutPage, messagePage, pageLocale, pageStrings } from './pages.ts';

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

  const configuration: Configuration = {
    adapter: postgresAdapter(db),
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
    },
    scopes: ['openid', 'offline_access', 'email', 'profile', API_SCOPE],
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
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== audience) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
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
    extraTokenClaims: (_ctx, token) =>
      'sessionUid' in token && typeof token.sessionUid === 'string'
        ? { sid: token.sessionUid }
        : undefined,
    // First-party apps always get a refresh token (kept in memory, never in storage).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
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
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === WEB_CLIENT_ID && webOrigins.has(origin),
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = config.trustProxy !== false;
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
