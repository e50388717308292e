import { createHash, randomBytes } from 'node:crypto';
import { RECORD_RESOURCE_TYPES } from '@carecircle/core';

/**
 * CareCircle as a SMART on FHIR app of another health system (standalone launch, public client,
 * PKCE): discovery, the authorize URL, the code exchange, and reading the patient's resources
 * with paged searches. Plain HTTP calls with time limits; nothing here is stored.
 */

const TIMEOUT_MS = 20_000;
/** Most resources one import brings over (a bigger record is cut, and the person told). */
export const MAX_IMPORTED_RESOURCES = 20_000;

export class RemoteSystemError extends Error {
  override name = 'RemoteSystemError';
}

export interface SmartEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/fhir+json, application/json', ...headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    throw new RemoteSystemError('The health system could not be reached.');
  }
  if (!res.ok) throw new RemoteSystemError(`The health system answered ${res.status}.`);
  try {
    return await res.json();
  } catch {
    throw new RemoteSystemError('The health system sent something that is not JSON.');
  }
}

/** Reads `<base>/.well-known/smart-configuration`. */
export async function discoverSmart(fhirBaseUrl: string): Promise<SmartEndpoints> {
  const doc = (await getJson(`${fhirBaseUrl}/.well-known/smart-configuration`)) as Record<
    string,
    unknown
  >;
  const authorizationEndpoint = doc.authorization_endpoint;
  const tokenEndpoint = doc.token_endpoint;
  if (typeof authorizationEndpoint !== 'string' || typeof tokenEndpoint !== 'string') {
    throw new RemoteSystemError('The health system does not offer SMART on FHIR sign-in.');
  }
  return { authorizationEndpoint, tokenEndpoint };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** What CareCircle asks the other system for: read access to the patient's record. */
export const CONNECT_SCOPES = [
  'openid',
  'fhirUser',
  'launch/patient',
  ...RECORD_RESOURCE_TYPES.map((t) => `patient/${t}.rs`),
].join(' ');

export function authorizeUrl(options: {
  endpoints: SmartEndpoints;
  clientId: string;
  redirectUri: string;
  fhirBaseUrl: string;
  state: string;
  challenge: string;
}): string {
  const url = new URL(options.endpoints.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: CONNECT_SCOPES,
    state: options.state,
    aud: options.fhirBaseUrl,
    code_challenge: options.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export interface RemoteToken {
  accessToken: string;
  /** The patient's id at the other system (SMART launch context). */
  patient: string;
}

/** Redeems the authorization code (public client: PKCE verifier, no secret). */
export async function exchangeCode(options: {
  endpoints: SmartEndpoints;
  clientId: string;
  redirectUri: string;
  code: string;
  verifier: string;
}): Promise<RemoteToken> {
  let res: Response;
  try {
    res = await fetch(options.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: options.code,
        redirect_uri: options.redirectUri,
        client_id: options.clientId,
        code_verifier: options.verifier,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    throw new RemoteSystemError('The health system could not be reached.');
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof body.access_token !== 'string') {
    throw new RemoteSystemError('The health system did not accept the approval. Please try again.');
  }
  if (typeof body.patient !== 'string' || !body.patient) {
    throw new RemoteSystemError('The health system did not say whose record it shared.');
  }
  return { accessToken: body.access_token, patient: body.patient };
}

interface SearchBundle {
  resourceType?: string;
  entry?: { resource?: { resourceType?: string } & Record<string, unknown> }[];
  link?: { relation?: string; url?: string }[];
}

/**
 * Every record resource of the patient at the other system: one paged search per type (types
 * the token may not read are skipped). `onProgress` gets the running count.
 */
export async function fetchPatientResources(options: {
  fhirBaseUrl: string;
  token: RemoteToken;
  onProgress?: (fetched: number) => Promise<void>;
}): Promise<Record<string, unknown>[]> {
  const headers = { authorization: `Bearer ${options.token.accessToken}` };
  const out: Record<string, unknown>[] = [];
  const base = new URL(`${options.fhirBaseUrl}/`);
  for (const type of RECORD_RESOURCE_TYPES) {
    let next: string | undefined =
      `${options.fhirBaseUrl}/${type}?patient=${encodeURIComponent(options.token.patient)}&_count=100`;
    for (let page = 0; next && page < 1000; page++) {
      let bundle: SearchBundle;
      try {
        bundle = (await getJson(next, headers)) as SearchBundle;
      } catch (err) {
        // A type the approval does not cover (403) is skipped; other failures stop the import.
        if (err instanceof RemoteSystemError && /answered 40[34]/.test(err.message)) break;
        throw err;
      }
      if (bundle.resourceType !== 'Bundle') {
        throw new RemoteSystemError('The health system sent something that is not a FHIR Bundle.');
      }
      for (const e of bundle.entry ?? []) {
        if (e.resource?.resourceType === type) out.push(e.resource);
      }
      if (out.length > MAX_IMPORTED_RESOURCES) {
        throw new RemoteSystemError(
          `This record has more than ${MAX_IMPORTED_RESOURCES} entries; import it as a file export instead.`,
        );
      }
      await options.onProgress?.(out.length);
      const link = bundle.link?.find((l) => l.relation === 'next')?.url;
      // Follow only links on the same server.
      next =
        link && new URL(link, base).origin === base.origin
          ? new URL(link, base).toString()
          : undefined;
    }
  }
  return out;
}
