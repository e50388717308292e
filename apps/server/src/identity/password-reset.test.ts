import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { problemType, type Account, type Problem } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { uniqueEmail } from '../../test/factories.ts';
import { linkIn, startSmtpServer } from '../../test/smtp.ts';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    config: { SMTP_URL: smtp.url, MAIL_FROM: 'CareCircle Test <care@test.example>' },
  });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const OLD = 'a quiet morning by the river';
const NEW = 'tulips along the canal in april';

function post(path: string, body: unknown) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function signUp(email: string, locale = 'en'): Promise<Account> {
  const res = await post('/api/v1/accounts', {
    email,
    password: OLD,
    name: 'Sofia Alvarez',
    roles: ['caregiver'],
    locale,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Account;
}

async function passwordHash(id: string): Promise<string> {
  const row = await app.database.db
    .selectFrom('accounts')
    .select('password_hash')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.password_hash!;
}

async function requestReset(email: string) {
  const res = await post('/api/v1/password-resets', { email });
  expect(res.status).toBe(202);
  expect(await res.text()).toBe('');
  return res;
}

async function expectProblem(res: Response, status: number, type: string): Promise<Problem> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Problem;
  expect(body.type).toBe(problemType(type));
  return body;
}

describe('e-mail over SMTP', () => {
  it('sends the sign-up verification e-mail through SMTP_URL, from MAIL_FROM', async () => {
    const email = uniqueEmail('smtp');
    await signUp(email);
    const mail = await smtp.waitFor(email, 'Confirm your e-mail');
    expect(mail.from).toBe('care@test.example');
    expect(mail.raw).toMatch(/^From: CareCircle Test <care@test\.example>/m);
    expect(mail.subject).toBe('Confirm your e-mail address for CareCircle');
    expect(linkIn(mail, '/verify-email').url).toMatch(
      new RegExp(`^${app.url}/verify-email\\?token=`),
    );
    // No development mailbox when real mail is configured.
    const page = await fetch(`${app.url}/dev/mailbox`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('Development mailbox');
  });
});

describe('password reset', () => {
  it('works end to end: e-mailed link, new password, old one no longer verifies', async () => {
    const email = uniqueEmail('reset');
    const account = await signUp(email);
    await requestReset(email.toUpperCase());
    const mail = await smtp.waitFor(email, 'Reset your CareCircle password');
    expect(mail.decoded).toContain('The link works for 1 hour, and only once.');
    const { url, token } = linkIn(mail, '/reset-password');
    expect(url.startsWith(`${app.url}/reset-password?token=`)).toBe(true);

    // The policy applies, and a refused password leaves the link usable.
    const weak = await expectProblem(
      await post('/api/v1/password-resets/confirm', { token, password: 'password1234' }),
      400,
      'validation',
    );
    expect(weak.errors![0]).toMatchObject({ path: 'body.password', code: 'password-too-common' });

    const ok = await post('/api/v1/password-resets/confirm', { token, password: NEW });
    expect(ok.status).toBe(204);
    const hash = await passwordHash(account.id);
    expect(await argon2.verify(hash, NEW)).toBe(true);
    expect(await argon2.verify(hash, OLD)).toBe(false);

    // Single use.
    await expectProblem(
      await post('/api/v1/password-resets/confirm', {
        token,
        password: 'another long phrase here',
      }),
      400,
      'link-invalid',
    );
    // Reading the reset mail proves the address.
    const row = await app.database.db
      .selectFrom('accounts')
      .select('email_verified_at')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeInstanceOf(Date);
  });

  it('invalidates every other reset link of the person once one is used', async () => {
    const email = uniqueEmail('twice');
    const account = await signUp(email, 'es');
    await requestReset(email);
    await requestReset(email);
    const deadline = Date.now() + 10_000;
    let mails = smtp.messages.filter(
      (m) => m.to.includes(email) && m.subject.includes('contraseña'),
    );
    while (mails.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      mails = smtp.messages.filter((m) => m.to.includes(email) && m.subject.includes('contraseña'));
    }
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toBe('Cambie su contraseña de CareCircle'); // in her language
    const [first, second] = mails.map((m) => linkIn(m, '/reset-password').token);
    expect(first).not.toBe(second);
    expect(
      (await post('/api/v1/password-resets/confirm', { token: second, password: NEW })).status,
    ).toBe(204);
    await expectProblem(
      await post('/api/v1/password-resets/confirm', {
        token: first,
        password: 'yet another phrase',
      }),
      400,
      'link-invalid',
    );
    expect(await argon2.verify(await passwordHash(account.id), NEW)).toBe(true);
  });

  it('refuses an expired reset link', async () => {
    const email = uniqueEmail('expired');
    await signUp(email);
    await requestReset(email);
    const { token } = linkIn(await smtp.waitFor(email, 'Reset'), '/reset-password');
    await sql`UPDATE account_tokens SET expires_at = now() - interval '1 second'
              WHERE purpose = 'reset_password'`.execute(app.database.db);
    await expectProblem(
      await post('/api/v1/password-resets/confirm', { token, password: NEW }),
      400,
      'link-invalid',
    );
  });

  it('answers an unknown address exactly like a known one, and sends nothing', async () => {
    const known = uniqueEmail('known');
    await signUp(known);
    const unknown = uniqueEmail('nobody');
    const a = await requestReset(known);
    const b = await requestReset(unknown);
    expect(b.status).toBe(a.status);
    expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
    await smtp.waitFor(known, 'Reset');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.some((m) => m.to.includes(unknown))).toBe(false);
    // Still 400 for input that is not an address at all.
    const bad = await expectProblem(
      await post('/api/v1/password-resets', { email: 'nope' }),
      400,
      'validation',
    );
    expect(bad.errors![0]!.path).toBe('body.email');
  });
});
