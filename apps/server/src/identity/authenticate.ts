import type { RequestHandler } from 'express';
import { createLocalJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyResult } from 'jose';
import type { Role } from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { unauthorized } from '../platform/errors.ts';
import { currentContext } from '../platform/request-context.ts';
import { accountsRepo } from './accounts.repo.ts';
import { publicJwksOf, type OidcRuntime } from './oidc.ts';
import { loadSigningKeys } from './keys.ts';

const challenge = (error?: string, description?: string) => ({
  'WWW-Authenticate': error
    ? `Bearer realm="carecircle", error="${error}", error_description="${description}"`
    : 'Bearer realm="carecircle"',
});

export interface AuthenticateOptions {
  /** Audiences accepted (default: the API's). The FHIR endpoint also takes SMART apps' tokens. */
  audiences?: string[];
}

/**
 * Verifies an access token's signature, issuer, audience, type and expiry (jose errors:
 * `JWTExpired` when it expired). Shared by the HTTP API and the realtime socket.
 */
export function createAccessTokenVerifier(
  oidc: OidcRuntime,
  db: Db,
  settings: AuthenticateOptions = {},
): (token: string) => Promise<JWTVerifyResult> {
  let jwks = createLocalJWKSet(oidc.publicJwks);
  let reloadedAt = 0;
  /**
   * After a key rotation another instance may sign with a key this one has not loaded yet:
   * re-read the keys from the database (at most every 30 s) rather than refuse its tokens.
   */
  return async (token: string) => {
    const options = {
      issuer: oidc.issuer,
      audience: settings.audiences ?? oidc.audience,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    };
    try {
      return await jwtVerify(token, jwks, options);
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - reloadedAt < 30_000)
        throw err;
      reloadedAt = Date.now();
      jwks = createLocalJWKSet(publicJwksOf(await loadSigningKeys(db)));
      return jwtVerify(token, jwks, options);
    }
  };
}

/**
 * Verifies a Bearer access token (a JWT signed by this server, for the API audience) and puts
 * the actor in the request context. No token: the request goes on anonymous and routes that need
 * a person answer 401. A bad token is always 401, never silently anonymous.
 */
export function authenticate(
  oidc: OidcRuntime,
  db: Db,
  settings: AuthenticateOptions = {},
): RequestHandler {
  const verify = createAccessTokenVerifier(oidc, db, settings);
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) {
      next();
      return;
    }
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match)
      throw unauthorized(
        'The Authorization header must be "Bearer <token>".',
        challenge('invalid_request', 'Malformed Authorization header'),
      );
    let payload;
    try {
      ({ payload } = await verify(match[1]!));
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired;
      throw unauthorized(
        expired
          ? 'Your session has expired. Please sign in again.'
          : 'Your sign-in is not valid. Please sign in again.',
        challenge(
          'invalid_token',
          expired ? 'The access token expired' : 'The access token is invalid',
        ),
      );
    }
    const account =
      typeof payload.sub === 'string' ? await accountsRepo.findById(db, payload.sub) : undefined;
    if (!account || account.status !== 'active') {
      throw unauthorized(
        'This account cannot use CareCircle right now.',
        challenge('invalid_token', 'The account is not active'),
      );
    }
    const ctx = currentContext()!;
    ctx.actor = {
      id: account.id,
      roles: account.roles as Role[],
      clientId: typeof payload.client_id === 'string' ? payload.client_id : '',
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ') : [],
      ...(typeof payload.patient === 'string' ? { smartPatient: payload.patient } : {}),
    };
    ctx.logger = ctx.logger.child({ actorId: account.id });
    next();
  };
}
