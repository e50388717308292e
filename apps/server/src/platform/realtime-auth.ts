import { errors as joseErrors } from 'jose';
import { createAccessTokenVerifier } from '../identity/authenticate.ts';
import type { AppDeps } from './app-deps.ts';

/** The outcome of checking a socket's access token: who, until when, or why not. */
export type SocketAuth =
  | { ok: true; accountId: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' | 'inactive' };

/**
 * Checks an access token for the realtime socket exactly as the HTTP API does (same verifier:
 * signature, issuer, API audience, type, expiry; then an active account).
 */
export function socketAuthenticator(deps: AppDeps): (token: string) => Promise<SocketAuth> {
  const verify = createAccessTokenVerifier(deps.oidc, deps.database.db);
  return async (token) => {
    let payload;
    try {
      ({ payload } = await verify(token));
    } catch (err) {
      return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number')
      return { ok: false, reason: 'invalid' };
    const active = await activeAccounts(deps, [payload.sub]);
    if (!active.has(payload.sub)) return { ok: false, reason: 'inactive' };
    return { ok: true, accountId: payload.sub, expiresAt: new Date(payload.exp * 1000) };
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which of these accounts are still active (one query per 1,000). */
export async function activeAccounts(deps: AppDeps, ids: readonly string[]): Promise<Set<string>> {
  const active = new Set<string>();
  const valid = ids.filter((id) => UUID.test(id));
  for (let i = 0; i < valid.length; i += 1_000) {
    const rows = await deps.database.db
      .selectFrom('accounts')
      .select('id')
      .where('id', 'in', valid.slice(i, i + 1_000))
      .where('status', '=', 'active')
      .execute();
    for (const r of rows) active.add(r.id);
  }
  return active;
}
