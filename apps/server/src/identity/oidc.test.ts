import { SignJWT, importJWK, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { authorize, signIn, tokenRequest } from '../../test/oauth.ts';
import type { Account, Me } from '@carecircle/core';

const PASSWORD = 'a long and private passphrase';
let app: TestApp;
let maria: Account;

beforeAll(async () => {
  app = await startTestApp();
  maria = await buildPatient(app.database.db, { name: 'Maria Test', password: PASSWORD });
});
afterAll(async () => {
  await app.close();
});

const me = (token?: string) =>
  fetch(`${app.url}/api/v1/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('discovery', () => {
  it('publishes OpenID configuration at the root and under the issuer, and a JWKS', async () => {
    for (const path of [
      '/.well-known/openid-configuration',
      '/oidc/.well-known/openid-configuration',
    ]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc.issuer).toBe(`${app.url}/oidc`);
      expect(doc.code_challenge_methods_supported).toEqual(['S256']);
      expect(doc.revocation_endpoint).toBe(`${app.url}/oidc/token/revocation`);
      expect(doc.end_session_endpoint).toBe(`${app.url}/oidc/session/end`);
    }
    const jwks = (await (await fetch(`${app.url}/oidc/jwks`)).json()) as { keys: JWK[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys)
      expect(key.d, 'private part must never be published').toBeUndefined();
  });
});

describe('authorization code + PKCE', () => {
  it('signs in through the server-rendered form and calls /api/v1/me', async () => {
    const { code, verifier, redirectUri, loginPage } = await authorize(app.url, {
      email: maria.email,
      password: PASSWORD,
    });
    expect(loginPage).toMatch(/<input id="email" name="email"/);
    expect(loginPage).not.toMatch(/<script/);
    const { status, body } = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    });
    expect(status).toBe(200);
    expect(body.refresh_token).toEqual(expect.any(String));

    // The access token is a short-lived, asymmetrically signed JWT for the API.
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({
      sub: maria.id,
      aud: `${app.url}/api`,
      iss: `${app.url}/oidc`,
      client_id: 'carecircle-web',
    });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);

    const res = await me(body.access_token);
    expect(res.status).toBe(200);
    expect((await res.json()) as Me).toMatchObject({
      id: maria.id,
      email: maria.email,
      name: 'Maria Test',
      roles: ['patient'],
    });
  });

  it('rejects a wrong password on the form without saying which part was wrong', async () => {
    const err = (await authorize(app.url, {
      email: maria.email,
      password: 'not the password at all',
    }).catch((e: unknown) => e)) as {
      status: number;
      html: string;
    };
    expect(err.status).toBe(401);
    expect(err.html).toContain('do not match');
    expect(err.html).toContain(`value="${maria.email}"`);
    const unknown = (await authorize(app.url, {
      email: 'nobody@example.org',
      password: 'whatever it is',
    }).catch((e: unknown) => e)) as {
      status: number;
      html: string;
    };
    expect(unknown.status).toBe(401);
  });

  it('rejects a reused code, a wrong code_verifier and a wrong redirect_uri', async () => {
    const a = await authorize(app.url, { email: maria.email, password: PASSWORD });
    const ok = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code: a.code,
      code_verifier: a.verifier,
      redirect_uri: a.redirectUri,
    });
    expect(ok.status).toBe(200);
    const reused = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code: a.code,
      code_verifier: a.verifier,
      redirect_uri: a.redirectUri,
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');

    const b = await authorize(app.url, { email: maria.email, password: PASSWORD });
    const wrongVerifier = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code: b.code,
      code_verifier: 'x'.repeat(43),
      redirect_uri: b.redirectUri,
    });
    expect(wrongVerifier.body.error).toBe('invalid_grant');

    const c = await authorize(app.url, { email: maria.email, password: PASSWORD });
    const wrongRedirect = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: `${app.url}/somewhere-else`,
    });
    expect(wrongRedirect.body.error).toBe('invalid_grant');
  });

  it('refuses an authorization request without PKCE or with a foreign redirect_uri', async () => {
    const noPkce = await fetch(
      `${app.url}/oidc/auth?client_id=carecircle-web&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${app.url}/auth/callback`)}`,
      { redirect: 'manual' },
    );
    expect(noPkce.status).toBe(303);
    expect(noPkce.headers.get('location')).toContain('error=invalid_request');
    const foreign = await fetch(
      `${app.url}/oidc/auth?client_id=carecircle-web&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&code_challenge=abc&code_challenge_method=S256`,
      { redirect: 'manual' },
    );
    expect(foreign.status).toBe(400); // never redirects to an unregistered address
  });

  it('rotates refresh tokens and revokes the whole grant when an old one is reused', async () => {
    const tokens = await signIn(app.url, { email: maria.email, password: PASSWORD });
    const first = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);

    // Someone replays the old refresh token: refused, and the new one dies with it.
    const replay = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(replay.body.error).toBe('invalid_grant');
    const afterReplay = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(afterReplay.body.error).toBe('invalid_grant');
  });

  it('revokes a refresh token on request', async () => {
    const tokens = await signIn(app.url, { email: maria.email, password: PASSWORD });
    const res = await fetch(`${app.url}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'carecircle-web',
        token: tokens.refresh_token,
      }).toString(),
    });
    expect(res.status).toBe(200);
    const refreshed = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.body.error).toBe('invalid_grant');
  });
});

describe('API authentication', () => {
  async function signingKey() {
    const row = await app.database.db
      .selectFrom('signing_keys')
      .select('private_jwk')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return { key: await importJWK(row.private_jwk, 'ES256'), kid: row.private_jwk.kid! };
  }

  async function forge(
    claims: Record<string, unknown>,
    opts: { expiresIn?: string | number; audience?: string } = {},
  ) {
    const { key, kid } = await signingKey();
    return new SignJWT({ client_id: 'carecircle-web', scope: 'openid api', ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
      .setIssuer(`${app.url}/oidc`)
      .setAudience(opts.audience ?? `${app.url}/api`)
      .setSubject(maria.id)
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '5m')
      .sign(key);
  }

  function expect401(res: Response, error?: string) {
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer realm="carecircle"/);
    if (error) expect(challenge).toContain(`error="${error}"`);
  }

  it('answers a missing token with 401 and a Bearer challenge', async () => {
    expect401(await me());
  });

  it('accepts a token it signed itself (sanity check of the forging helper)', async () => {
    expect((await me(await forge({}))).status).toBe(200);
  });

  it('rejects expired, wrong-audience, tampered and foreign-signed tokens', async () => {
    expect401(
      await me(await forge({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })),
      'invalid_token',
    );
    expect401(
      await me(await forge({}, { audience: 'https://other.example/api' })),
      'invalid_token',
    );

    const good = await forge({});
    const [h, p, s] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${s}`;
    expect401(await me(tampered), 'invalid_token');

    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: (await signingKey()).kid })
      .setIssuer(`${app.url}/oidc`)
      .setAudience(`${app.url}/api`)
      .setSubject(maria.id)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect401(await me(foreign), 'invalid_token');
    expect401(await me('not-a-jwt'), 'invalid_token');
  });

  it('does not accept an ID token as an access token', async () => {
    const tokens = await signIn(app.url, { email: maria.email, password: PASSWORD });
    expect401(await me(tokens.id_token), 'invalid_token');
  });

  it('accepts tokens signed with a key rotated in by another instance, without a restart', async () => {
    const { rotateSigningKeys } = await import('./keys.ts');
    const { accessTokenFor } = await import('../../test/tokens.ts');
    const newKid = await rotateSigningKeys(app.database.db);
    const token = await accessTokenFor(app, maria.id);
    expect(decodeProtectedHeader(token).kid).toBe(newKid);
    expect((await me(token)).status).toBe(200);
  });
});
