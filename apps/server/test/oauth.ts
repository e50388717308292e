import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';

/** A minimal cookie jar for driving the sign-in flow over plain HTTP. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export const WEB_CLIENT = 'carecircle-web';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

/**
 * Drives the authorization code + PKCE flow like a browser without JavaScript would:
 * authorize → login form → submit → redirect with a code. Returns the code and what is needed to
 * redeem it.
 */
export async function authorize(
  baseUrl: string,
  credentials: { email: string; password: string },
  options: { redirectUri?: string; jar?: CookieJar } = {},
) {
  const jar = options.jar ?? new CookieJar();
  const { verifier, challenge } = pkcePair();
  const redirectUri = options.redirectUri ?? `${baseUrl}/auth/callback`;
  const state = randomBytes(8).toString('hex');
  const auth = new URL(`${baseUrl}/oidc/auth`);
  auth.search = new URLSearchParams({
    client_id: WEB_CLIENT,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid offline_access email profile api',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();

  let url = auth.toString();
  let loginPage: string | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.toString().startsWith(redirectUri)) {
        expect(next.searchParams.get('state')).toBe(state);
        const code = next.searchParams.get('code');
        if (!code) throw new Error(`no code: ${next.search}`);
        return { code, verifier, redirectUri, jar, loginPage };
      }
      url = next.toString();
      continue;
    }
    const html = await res.text();
    if (res.status === 200 && html.includes('name="password"')) {
      loginPage = html;
      const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
      const login = await fetch(new URL(action, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(credentials).toString(),
      });
      jar.store(login);
      if (login.status !== 303 && login.status !== 302) {
        throw Object.assign(new Error(`login failed with ${login.status}`), {
          status: login.status,
          html: await login.text(),
        });
      }
      url = new URL(login.headers.get('location')!, url).toString();
      continue;
    }
    throw new Error(`unexpected ${res.status} at ${url}: ${html.slice(0, 300)}`);
  }
  throw new Error('too many redirects');
}

export async function tokenRequest(baseUrl: string, params: Record<string, string>) {
  const res = await fetch(`${baseUrl}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: WEB_CLIENT, ...params }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Tokens & { error?: string } };
}

/** Signs in through the real flow and returns the tokens. */
export async function signIn(
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<Tokens> {
  const { code, verifier, redirectUri } = await authorize(baseUrl, credentials);
  const { status, body } = await tokenRequest(baseUrl, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });
  if (status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(body)}`);
  return body;
}
