import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

/** The first link to `path` in the newest e-mail to `to`, read from the development mailbox. */
async function linkFromMail(page: Page, to: string, path: string): Promise<string> {
  const list = await (await page.request.get(`${baseUrl}/dev/mailbox`)).text();
  const item = [
    ...list.matchAll(/<li><a href="(\/dev\/mailbox\/[0-9a-f-]+)">([^<]*)<\/a> — to ([^,]+),/g),
  ].find((m) => m[3] === to);
  if (!item) throw new Error(`no e-mail to ${to}`);
  const mail = await (await page.request.get(`${baseUrl}${item[1]}`)).text();
  const link = new RegExp(`href="(http[^"]*${path}\\?token=[^"]+)"`).exec(mail)?.[1];
  if (!link) throw new Error(`no ${path} link in the e-mail`);
  return link.replace(/&amp;/g, '&');
}

describe('signing up', () => {
  it('creates an account, confirms the e-mail from the link, and signs in', async () => {
    const { context, page } = await newPage(session.browser);
    const email = `new.person.${Date.now()}@example.org`;
    const password = 'my own long passphrase 2026';
    try {
      await page.goto(`${baseUrl}/sign-up`);
      await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // A too-common password is refused next to the field, and nothing is created.
      await page.getByLabel('Your name').fill('New Person');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill('password1234');
      await page.getByRole('checkbox', { name: 'I am a patient' }).check();
      await page.getByRole('button', { name: 'Create my account' }).click();
      await expect
        .poll(() => page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'))
        .toBe('true');

      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Create my account' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();

      await page.goto(await linkFromMail(page, email, '/verify-email'));
      await page.getByText('Your e-mail address is confirmed').first().waitFor();

      await page.goto(baseUrl);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as New Person').waitFor();
    } finally {
      await context.close();
    }
  });
});
