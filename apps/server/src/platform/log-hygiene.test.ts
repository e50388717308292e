import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { authorize, tokenRequest } from '../../test/oauth.ts';

/**
 * The real server as a process, at the most verbose log level, through sign-up, sign-in,
 * token exchange, an API call and a password reset: nothing secret or personal may reach the log.
 */
const MAIN = path.resolve(import.meta.dirname, '../main.ts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('logs', () => {
  it('never contain passwords, tokens, codes or e-mail addresses', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: await createTestDatabase({ empty: true }),
        PORT: String(port),
        PUBLIC_URL: baseUrl,
        DEMO_DATA: 'false',
        LOG_LEVEL: 'trace',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    try {
      const deadline = Date.now() + 45_000;
      while (!log.includes('"CareCircle is ready"')) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`server did not start: ${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }

      const email = `Log.Hygiene-${Date.now()}@example.org`;
      const password = 'an unmistakable passphrase 7319';
      const signUp = await fetch(`${baseUrl}/api/v1/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, name: 'Log Hygiene', roles: ['patient'] }),
      });
      expect(signUp.status).toBe(201);
      await authorize(baseUrl, { email, password: 'a wrong passphrase 4242' }).catch(
        () => undefined,
      );
      const { code, verifier, redirectUri } = await authorize(baseUrl, { email, password });
      const { body: tokens } = await tokenRequest(baseUrl, {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
      });
      expect(
        (
          await fetch(`${baseUrl}/api/v1/me`, {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          })
        ).status,
      ).toBe(200);
      await tokenRequest(baseUrl, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      });
      await fetch(`${baseUrl}/api/v1/password-resets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      await new Promise((r) => setTimeout(r, 500)); // let background work log what it logs

      const secrets = {
        password,
        'wrong password': 'a wrong passphrase 4242',
        'access token': tokens.access_token,
        'refresh token': tokens.refresh_token,
        'id token': tokens.id_token,
        'authorization code': code,
        'PKCE verifier': verifier,
        'e-mail address': email.toLowerCase(),
      };
      const lower = log.toLowerCase();
      const leaks = Object.entries(secrets)
        .filter(([, value]) => lower.includes(value.toLowerCase()))
        .map(([name]) => name);
      expect(leaks).toEqual([]);
      // The log is not empty: the test would otherwise pass for the wrong reason.
      expect(log.split('\n').filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(
        5,
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
