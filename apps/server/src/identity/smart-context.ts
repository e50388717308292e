import { decodeJwt } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../platform/db.ts';
import { accountsRepo } from './accounts.repo.ts';

/**
 * SMART launch context of a standalone launch: who the signed-in person is in FHIR terms
 * (`fhirUser`) and, with `launch/patient`, whose record the app works on (`patient`).
 */

export const LAUNCH_PATIENT_SCOPE = 'launch/patient';
export const FHIR_USER_SCOPE = 'fhirUser';

/** `Practitioner/{id}` for providers, `Patient/{id}` for everyone else, under the FHIR base. */
export function fhirUserFor(fhirBase: string, account: { id: string; roles: string[] }): string {
  const type = account.roles.includes('provider') ? 'Practitioner' : 'Patient';
  return `${fhirBase}/${type}/${account.id}`;
}

/**
 * The patient of a standalone launch: the person themselves when they are a patient, and (for
 * now) a caregiver's own record too; the FHIR endpoint still checks every access. Providers and
 * admins have no patient of their own: no patient context (an app would need a picker).
 */
export function launchPatientFor(account: { id: string; roles: string[] }): string | undefined {
  return account.roles.includes('patient') || account.roles.includes('caregiver')
    ? account.id
    : undefined;
}

/** The `patient` claim of a FHIR access token granted `launch/patient`. */
export async function launchPatientClaim(
  db: Db,
  token: { accountId?: string; scope?: string },
): Promise<string | undefined> {
  if (!token.accountId || !token.scope?.split(' ').includes(LAUNCH_PATIENT_SCOPE)) return undefined;
  const account = await accountsRepo.findById(db, token.accountId);
  if (!account || account.status !== 'active') return undefined;
  return launchPatientFor(account);
}

interface TokenBody {
  access_token?: string;
  scope?: string;
  patient?: string;
}

/**
 * Completes token responses for the FHIR audience (SMART apps): `patient` from the access
 * token's claim (the launch context), and `scope` naming every scope granted (oidc-provider lists
 * only the access token's resource scopes when a resource indicator is used; SMART apps also
 * look for `openid`, `fhirUser`, `offline_access` there).
 */
export function smartTokenResponse(fhirBase: string) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as TokenBody | undefined;
    if (!body?.access_token || body.access_token.split('.').length !== 3) return;
    const claims = decodeJwt(body.access_token);
    if (claims.aud !== fhirBase) return;
    if (typeof claims.patient === 'string') body.patient = claims.patient;
    const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
    const granted = typeof source?.scope === 'string' ? source.scope.split(' ') : [];
    body.scope = [...new Set([...granted, ...(body.scope?.split(' ') ?? [])].filter(Boolean))].join(
      ' ',
    );
  };
}

/**
 * oidc-provider follows OpenID Connect: `offline_access` is ignored unless the request has
 * `prompt=consent`. SMART apps ask for it without that, so a third-party app's authorization
 * request that asks for offline access always shows the consent page (the person sees it each
 * time an app asks to stay connected, which is the point). First-party apps are left alone.
 */
export function consentForOfflineAccess(isFirstParty: (clientId: string) => boolean) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    if (ctx.method === 'GET' && ctx.path === '/auth') {
      const { scope, client_id: clientId, prompt } = ctx.query;
      if (
        typeof scope === 'string' &&
        scope.split(' ').includes('offline_access') &&
        typeof clientId === 'string' &&
        !isFirstParty(clientId) &&
        (prompt === undefined ||
          (typeof prompt === 'string' && !prompt.split(' ').includes('none')))
      ) {
        const prompts = new Set(typeof prompt === 'string' ? prompt.split(' ') : []);
        prompts.add('consent');
        ctx.query = { ...ctx.query, prompt: [...prompts].join(' ') };
      }
    }
    await next();
  };
}
