import { importJWK, SignJWT } from 'jose';
import type { TestApp } from './helpers.ts';

/**
 * An access token exactly like the ones the authorization server issues (same key, issuer,
 * audience, type and claims), minted directly. For tests about what a signed-in person may do;
 * how people sign in is tested through the real flow in identity/oidc.test.ts.
 */
export async function accessTokenFor(
  app: TestApp,
  accountId: string,
  options: {
    scope?: string;
    clientId?: string;
    expiresIn?: string;
    /** Another audience than the API's (e.g. the FHIR base for SMART apps). */
    audience?: string;
    /** More claims (e.g. SMART's `patient` launch context). */
    claims?: Record<string, unknown>;
  } = {},
): Promise<string> {
  const row = await app.database.db
    .selectFrom('signing_keys')
    .select('private_jwk')
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const key = await importJWK(row.private_jwk, 'ES256');
  return new SignJWT({
    ...options.claims,
    client_id: options.clientId ?? 'carecircle-web',
    scope: options.scope ?? 'openid offline_access email profile api',
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: row.private_jwk.kid! })
    .setIssuer(`${app.url}/oidc`)
    .setAudience(options.audience ?? `${app.url}/api`)
    .setSubject(accountId)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(key);
}
