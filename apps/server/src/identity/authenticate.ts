import type { RequestHandler } from 'express';
import { createLocalJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { unauthorized } from '../platform/errors.ts';
import { currentContext } from '../platform/request-context.ts';
import { accountsRepo } from './accounts.repo.ts';
import type { OidcRuntime } from './oidc.ts';

const challenge = (error?: string, description?: string) => ({
  'WWW-Authenticate': error
    ? `Bearer realm="carecircle", error="${error}", error_description="${description}"`
    : 'Bearer realm="carecircle"',
});

/**
 * Verifies a Bearer access token (a JWT signed by this server, for the API audience) and puts
 * the actor in the request context. No token: the request goes on anonymous and routes that need
 * a person answer 401. A bad token is always 401, never silently anonymous.
 */
export function authenticate(oidc: OidcRuntime, db: Db): RequestHandler {
  const jwks = createLocalJWKSet(oidc.publicJwks);
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
      ({ payload } = await jwtVerify(match[1]!, jwks, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        typ: 'at+jwt',
        algorithms: ['ES256'],
      }));
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
    };
    ctx.logger = ctx.logger.child({ actorId: account.id });
    next();
  };
}
