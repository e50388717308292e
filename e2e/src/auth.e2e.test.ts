import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';
import { signInAs, signOutRoundTrip } from './sign-in.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

/** Everything the page keeps in web storage, to prove no token is there. */
const storageDump = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }),
  );

describe('signing in and out', () => {
  it('signs in through the OAuth flow, survives a reload without storing tokens, and signs out', async () => {
    const { context, page, errors } = await newPage(session.browser);
    try {
      await signInAs(page, baseUrl, 'sofia@example.org', {
        beforeSubmit: async (p) => expect(await seriousViolations(p)).toEqual([]),
      });
      await page.getByText('Signed in as Sofia Alvarez').waitFor();
      expect(await storageDump(page)).not.toMatch(/eyJ|refresh|access_token/);

      // Tokens live in memory: a reload signs in again silently through the server session.
      await page.reload();
      await page.getByText('Signed in as Sofia Alvarez').waitFor();

      await signOutRoundTrip(page, baseUrl, () =>
        page.getByRole('button', { name: 'Sign out' }).click(),
      );
      // And a reload does not bring the session back.
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says so when the password is wrong, in an accessible form', async () => {
    const { context, page } = await newPage(session.browser);
    try {
      await page.goto(baseUrl);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.getByLabel('E-mail address').fill('maria@example.org');
      await page.getByLabel('Password').fill('not her password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signs out automatically after 15 minutes without activity, with a warning first', async () => {
    const { context, page } = await newPage(session.browser);
    try {
      await page.clock.install();
      await signInAs(page, baseUrl, 'priya@example.org', {
        beforeSubmit: async (p) => expect(await seriousViolations(p)).toEqual([]),
      });
      await page.getByText('Signed in as Priya Nair').waitFor();

      await page.clock.fastForward('13:30');
      const warning = page.getByRole('alert').filter({ hasText: 'signed out' });
      await warning.waitFor();
      // "Stay signed in" keeps the session.
      await page.getByRole('button', { name: 'Stay signed in' }).click();
      await warning.waitFor({ state: 'detached' });
      await page.getByText('Signed in as Priya Nair').waitFor();

      await signOutRoundTrip(page, baseUrl, () => page.clock.fastForward('15:30'));
    } finally {
      await context.close();
    }
  });
});
