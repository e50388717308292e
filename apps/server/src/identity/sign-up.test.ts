import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { problemType, type Account, type Problem } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { uniqueEmail } from '../../test/factories.ts';

let app: TestApp;
beforeAll(async () => {
  // No SMTP_URL: mail goes to the development mailbox.
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const PASSWORD = 'a quiet morning by the river';

function post(path: string, body: unknown, base = app.url) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const signUp = (overrides: Record<string, unknown> = {}, base?: string) =>
  post(
    '/api/v1/accounts',
    {
      email: uniqueEmail('new'),
      password: PASSWORD,
      name: 'Ana Ruiz',
      roles: ['patient'],
      ...overrides,
    },
    base,
  );

async function problem(res: Response, status: number, type: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Problem;
  expect(body.type).toBe(problemType(type));
  return body;
}

async function latestMailTo(email: string) {
  const row = await app.database.db
    .selectFrom('dev_mailbox')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error(`no mail to ${email}`);
  return row;
}

function tokenIn(text: string, path: string): string {
  const m = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link`);
  return m[1]!;
}

describe('POST /api/v1/accounts (sign-up)', () => {
  it('answers 400 naming each bad field before doing anything', async () => {
    const res = await post('/api/v1/accounts', {
      email: 'not an address',
      password: 'short',
      name: '',
      roles: [],
      timeZone: 'Mars/Olympus',
    });
    const body = await problem(res, 400, 'validation');
    expect(body.errors!.map((e) => e.path).sort()).toEqual([
      'body.email',
      'body.name',
      'body.password',
      'body.roles',
      'body.timeZone',
    ]);
    expect(body.errors!.find((e) => e.path === 'body.password')!.message).toBe(
      'Use at least 12 characters',
    );
  });

  it('refuses admin at sign-up, naming body.roles', async () => {
    const body = await problem(await signUp({ roles: ['patient', 'admin'] }), 400, 'validation');
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.path).toBe('body.roles.1');
    expect(body.errors![0]!.message).toMatch(/Admin accounts are made by an operator/);
  });

  it('applies the password policy with a clear message on body.password', async () => {
    const common = await problem(await signUp({ password: 'qwertyuiop123' }), 400, 'validation');
    expect(common.errors).toEqual([
      {
        path: 'body.password',
        message: 'This password is too common. Try a longer phrase.',
        code: 'password-too-common',
      },
    ]);
    const personal = await problem(
      await signUp({ name: 'Wei Chen', password: 'wei chen writes poems' }),
      400,
      'validation',
    );
    expect(personal.errors![0]!.code).toBe('password-personal');
  });

  it('creates an account (201), several roles at once, and e-mails a verification link', async () => {
    const email = uniqueEmail('Maria');
    const res = await signUp({
      email,
      name: 'Maria Alvarez',
      roles: ['patient', 'volunteer', 'patient'],
      locale: 'es',
      timeZone: 'America/New_York',
    });
    expect(res.status).toBe(201);
    const account = (await res.json()) as Account;
    expect(account.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(account).toEqual({
      id: account.id,
      email,
      name: 'Maria Alvarez',
      roles: ['patient', 'volunteer'],
      status: 'active',
      locale: 'es',
      timeZone: 'America/New_York',
    });
    expect(JSON.stringify(account)).not.toContain(PASSWORD);
    const row = await app.database.db
      .selectFrom('accounts')
      .select(['password_hash', 'email_verified_at'])
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.email_verified_at).toBeNull();

    const mail = await latestMailTo(email);
    expect(mail.subject).toBe('Confirme su correo electrónico para CareCircle'); // her language
    expect(mail.text_body).toContain(`${app.url}/verify-email?token=`);
    expect(mail.text_body).toContain('24 horas');
  });

  it('makes providers pending until an admin verifies them', async () => {
    const res = await signUp({ roles: ['provider'] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Account).status).toBe('pending');
  });

  it('answers 409 email-taken for an address already in use, whatever its case', async () => {
    const email = uniqueEmail('taken');
    expect((await signUp({ email })).status).toBe(201);
    const body = await problem(await signUp({ email: email.toUpperCase() }), 409, 'email-taken');
    expect(body.detail).toBe('An account with this e-mail address already exists.');
  });
});

describe('POST /api/v1/email-verifications', () => {
  it('confirms the address once; the same link then no longer works', async () => {
    const email = uniqueEmail('verify');
    const account = (await (await signUp({ email })).json()) as Account;
    const token = tokenIn((await latestMailTo(email)).text_body, '/verify-email');

    const ok = await post('/api/v1/email-verifications', { token });
    expect(ok.status).toBe(204);
    expect(await ok.text()).toBe('');
    const row = await app.database.db
      .selectFrom('accounts')
      .select('email_verified_at')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeInstanceOf(Date);

    const again = await problem(
      await post('/api/v1/email-verifications', { token }),
      400,
      'link-invalid',
    );
    expect(again.detail).toMatch(/expired or was already used/);
  });

  it('refuses an expired link and an unknown one', async () => {
    const email = uniqueEmail('late');
    await signUp({ email });
    const token = tokenIn((await latestMailTo(email)).text_body, '/verify-email');
    await sql`UPDATE account_tokens SET expires_at = now() - interval '1 second'
              WHERE purpose = 'verify_email'`.execute(app.database.db);
    await problem(await post('/api/v1/email-verifications', { token }), 400, 'link-invalid');
    await problem(
      await post('/api/v1/email-verifications', { token: 'made-up-token' }),
      400,
      'link-invalid',
    );
    const body = await problem(await post('/api/v1/email-verifications', {}), 400, 'validation');
    expect(body.errors![0]!.path).toBe('body.token');
  });

  it('stores only the hash of each token', async () => {
    const email = uniqueEmail('hash');
    await signUp({ email });
    const token = tokenIn((await latestMailTo(email)).text_body, '/verify-email');
    const { rows } = await sql<{
      token_hash: string;
    }>`SELECT token_hash FROM account_tokens`.execute(app.database.db);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});

describe('the development mailbox', () => {
  it('lists the e-mail and shows a message, with no inline script or style', async () => {
    const email = uniqueEmail('mailbox');
    await signUp({ email, name: 'Tom <b>Becker</b>' });
    const list = await fetch(`${app.url}/dev/mailbox`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    expect(list.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await list.text();
    expect(html).toContain(email);
    expect(html).not.toMatch(/<script|<style| style=/i);
    const id = new RegExp(
      `/dev/mailbox/([0-9a-f-]{36})">Confirm your e-mail address for CareCircle</a> — to ${email}`,
    ).exec(html)?.[1];
    expect(id).toBeDefined();
    const message = await (await fetch(`${app.url}/dev/mailbox/${id}`)).text();
    expect(message).toContain('Hello Tom &lt;b&gt;Becker&lt;/b&gt;,'); // escaped
    expect(message).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/verify-email\?token=[\w-]+">/);
    expect(message).not.toMatch(/<script|<style| style=/i);
  });
});

describe('sign-up rate limit', () => {
  it('answers 429 with Retry-After and a plain message after the limit per network', async () => {
    const limited = await startTestApp({ config: { SIGNUP_MAX_PER_IP_PER_HOUR: '2' } });
    try {
      expect((await signUp({}, limited.url)).status).toBe(201);
      expect((await signUp({}, limited.url)).status).toBe(201);
      const res = await signUp({}, limited.url);
      const body = await problem(res, 429, 'too-many-requests');
      expect(body.detail).toBe('Too many sign-ups from this network. Try again in 60 minutes.');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      const count = await limited.database.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(2);
    } finally {
      await limited.close();
    }
  });
});
