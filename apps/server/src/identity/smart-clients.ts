import { createHash, timingSafeEqual } from 'node:crypto';
import type { Adapter, ClientMetadata } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { SMART_OIDC_SCOPES } from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { SIGNING_ALG } from './keys.ts';
import { smartAppsRepo, type SmartAppRow } from './smart-apps.repo.ts';

/**
 * Third-party SMART apps as oidc-provider clients. They live in `smart_apps` (registered by an
 * admin) and the provider loads them through its `Client` model on every request, so disabling
 * an app takes effect at once. OpenID/launch scopes go in the standard `scope` metadata (the
 * provider refuses others); the FHIR resource scopes an admin allowed go in `smart_scopes`.
 */

/** Client metadata of ours that oidc-provider keeps for us. */
export const SMART_SCOPES_METADATA = 'smart_scopes';

const OIDC_SCOPES: ReadonlySet<string> = new Set(SMART_OIDC_SCOPES);

/** The stored form of a client secret: SHA-256 (the secret is 32 random bytes). */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function smartClientMetadata(row: SmartAppRow): ClientMetadata {
  const confidential = row.client_type === 'confidential';
  return {
    client_id: row.client_id,
    client_name: row.name,
    application_type: 'web',
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    ...(confidential ? { client_secret: row.secret_hash! } : {}),
    id_token_signed_response_alg: SIGNING_ALG,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: row.redirect_uris,
    // Never empty: an empty list would let the app ask for any OpenID scope (`openid` alone
    // only tells the app who signed in, and the person still sees it on the consent page).
    scope: [...new Set(['openid', ...row.scopes.filter((s) => OIDC_SCOPES.has(s))])].join(' '),
    [SMART_SCOPES_METADATA]: row.scopes.filter((s) => !OIDC_SCOPES.has(s)).join(' '),
  };
}

/** The FHIR resource scopes an admin allowed this client (empty for first-party clients). */
export function allowedSmartScopes(client: { metadata(): ClientMetadata }): Set<string> {
  const value = client.metadata()[SMART_SCOPES_METADATA];
  return new Set(typeof value === 'string' ? value.split(' ').filter(Boolean) : []);
}

/**
 * Wraps the provider's storage so that its `Client` model reads active SMART apps; every other
 * model (and writes, which the provider never makes for clients without dynamic registration)
 * goes to the usual storage.
 */
export function withSmartClients(
  base: new (model: string) => Adapter,
  db: Db,
): new (model: string) => Adapter {
  return class SmartClientsAdapter extends base {
    readonly isClient: boolean;
    constructor(model: string) {
      super(model);
      this.isClient = model === 'Client';
    }
    override async find(id: string) {
      if (!this.isClient) return super.find(id);
      const row = await smartAppsRepo.findActive(db, id);
      return row ? smartClientMetadata(row) : undefined;
    }
  };
}

/**
 * Only the hash of a SMART app's secret is kept, so the provider compares the hash of what the
 * app presents (first-party clients are public and never present one).
 */
export function compareHashedClientSecrets(provider: Provider): void {
  const proto = provider.Client.prototype as unknown as {
    clientSecret?: string;
    compareClientSecret(actual: string): Promise<boolean> | boolean;
  };
  proto.compareClientSecret = function compare(this: { clientSecret?: string }, actual: string) {
    if (!this.clientSecret || typeof actual !== 'string') return false;
    const a = Buffer.from(this.clientSecret);
    const b = Buffer.from(hashClientSecret(actual));
    return a.length === b.length && timingSafeEqual(a, b);
  };
}
