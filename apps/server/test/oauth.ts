import { createHash, randomBytes } from 'node:crypto';
import { generate as generateTotp } from 'otplib';
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
 * A test's authenticator app: the TOTP secrets of accounts enrolled through `authorize()` (or
 * registered with `rememberTotpSecret`), by server and e-mail, so later sign-ins can answer.
 */
const authenticator = new Map<string, string>();
const authenticatorKey = (baseUrl: string, email: string) => `${baseUrl} ${email.toLowerCase()}`;

export function rememberTotpSecret(baseUrl: string, email: string, secret: string): void {
  authenticator.set(authenticatorKey(baseUrl, email), secret.replace(/\s/g, ''));
}

/** The current code for a secret (optionally at another time, in seconds since the epoch). */
export function totpCode(secret: string, epoch?: number): Promise<string> {
  return generateTotp({ secret: secret.replace(/\s/g, ''), ...(epoch ? { epoch } : {}) });
}

export interface AuthorizeOptions {
  redirectUri?: string;
  jar?: CookieJar;
  /** The code to give at the two-step sign-in page (default: from the remembered secret). */
  totp?: string;
  /** Give this recovery code instead of a code. */
  recoveryCode?: string;
  /**
   * Answer two-step pages like a person with an authenticator app (the default): enrol when a
   * provider or admin is asked to, remembering the secret, and give a current code later.
   * false: stop at the first two-step page (it is thrown as an error with status and html).
   */
  autoMfa?: boolean;
}

const formAction = (html: string) => /<form method="post" action="([^"]+)"/.exec(html)?.[1];

/**
 * Drives the authorization code + PKCE flow like a browser without JavaScript would:
 * authorize → login form → submit → (two-step sign-in) → redirect with a code. Returns the code
 * and what is needed to redeem it, plus the two-step pages seen and any recovery codes shown.
 */
export async function authorize(
  baseUrl: string,
  credentials: { email: string; password: string },
  options: AuthorizeOptions = {},
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
  const mfaPages: string[] = [];
  let recoveryCodes: string[] | undefined;
  let enrolledSecret: string | undefined;
  const autoMfa = options.autoMfa ?? true;
  const post = async (action: string, fields: Record<string, string>) => {
    const res = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    jar.store(res);
    return res;
  };
  const fail = (status: number, html: string, what: string): never => {
    throw Object.assign(new Error(`${what} failed with ${status}`), { status, html, mfaPages });
  };

  let res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(res);
  for (let hop = 0; hop < 15; hop++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.toString().startsWith(redirectUri)) {
        expect(next.searchParams.get('state')).toBe(state);
        const code = next.searchParams.get('code');
        if (!code) throw new Error(`no code: ${next.search}`);
        return {
          code,
          verifier,
          redirectUri,
          jar,
          loginPage,
          mfaPages,
          recoveryCodes,
          enrolledSecret,
        };
      }
      url = next.toString();
      res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(res);
      continue;
    }
    const html = await res.text();
    const action = formAction(html);
    if (res.status === 200 && html.includes('name="password"') && !loginPage) {
      loginPage = html;
      res = await post(action!, credentials);
      if (res.status !== 303 && res.status !== 302 && res.status !== 200)
        fail(res.status, await res.text(), 'login');
      continue;
    }
    if (res.status === 200 && action?.endsWith('/mfa/continue')) {
      mfaPages.push(html);
      recoveryCodes = [...html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
      res = await post(action, {});
      continue;
    }
    if (res.status === 200 && action?.endsWith('/mfa/enrol')) {
      mfaPages.push(html);
      if (!autoMfa) fail(res.status, html, 'two-step enrolment');
      enrolledSecret = /<code id="manual-key">([^<]+)<\/code>/.exec(html)![1]!.replace(/\s/g, '');
      rememberTotpSecret(baseUrl, credentials.email, enrolledSecret);
      res = await post(action, { code: options.totp ?? (await totpCode(enrolledSecret)) });
      if (res.status !== 200) fail(res.status, await res.text(), 'two-step enrolment');
      continue;
    }
    if (res.status === 200 && action?.endsWith('/mfa')) {
      mfaPages.push(html);
      const secret = authenticator.get(authenticatorKey(baseUrl, credentials.email));
      if (options.recoveryCode) {
        res = await post(action, { recovery_code: options.recoveryCode });
      } else if (options.totp || (autoMfa && secret)) {
        res = await post(action, { code: options.totp ?? (await totpCode(secret!)) });
      } else {
        fail(res.status, html, 'two-step sign-in');
      }
      if (res.status !== 303 && res.status !== 302)
        fail(res.status, await res.text(), 'two-step sign-in');
      continue;
    }
    if (loginPage && res.status !== 200) fail(res.status, html, 'login');
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
  options: AuthorizeOptions = {},
): Promise<Tokens> {
  const { code, verifier, redirectUri } = await authorize(baseUrl, credentials, options);
  const { status, body } = await tokenRequest(baseUrl, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });
  if (status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(body)}`);
  return body;
}

/**
 * A person's browser (without JavaScript) through a SMART app's authorization: follows
 * `authorizeUrl`, signs in, answers the consent page with `decision`, and stops at the first
 * redirect to `returnTo` (the app's redirect URI). Returns that address and the consent page seen.
 */
export async function approveSmartLaunch(
  authorizeUrl: string,
  options: {
    email: string;
    password: string;
    decision: 'allow' | 'deny';
    returnTo: string;
  },
): Promise<{ back: URL; consentPage: string | undefined }> {
  const jar = new CookieJar();
  let url = authorizeUrl;
  let consentPage: string | undefined;
  let res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(res);
  for (let hop = 0; hop < 12; hop++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.toString().startsWith(options.returnTo)) return { back: next, consentPage };
      url = next.toString();
      res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(res);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) {
      throw Object.assign(new Error(`${url} answered ${res.status}`), { html });
    }
    const action = formAction(html);
    if (!action) throw Object.assign(new Error(`no form at ${url}`), { html });
    const signInPage = html.includes('name="password"');
    if (!signInPage) consentPage = html;
    res = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(
        signInPage
          ? { email: options.email, password: options.password }
          : { decision: options.decision },
      ).toString(),
    });
    jar.store(res);
  }
  throw new Error('too many redirects');
}
