import type { Page } from 'playwright-core';
import { generate as generateTotp } from 'otplib';

/** Every demo account's password (README, "Demo accounts"). */
export const DEMO_PASSWORD = 'CareCircle-demo-2026';

/** The demo providers' and admin's published TOTP secret (apps/server/src/demo/seed.ts). */
export const DEMO_TOTP_SECRET = 'CARECIRCLEDEMOTOTPSECRETONLYDEMO';

/** Opens the app at `path`, presses "Sign in" and signs in on the server's form. */
export async function signInAs(
  page: Page,
  baseUrl: string,
  email: string,
  options: {
    path?: string;
    password?: string;
    beforeSubmit?: (page: Page) => Promise<void>;
    /** Answer the two-step sign-in page with a current code from this TOTP secret. */
    totpSecret?: string;
  } = {},
): Promise<void> {
  await page.goto(`${baseUrl}${options.path ?? '/'}`);
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await options.beforeSubmit?.(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.totpSecret) {
    const secret = options.totpSecret.replace(/\s/g, '');
    // The server takes each code once: when another test has just signed the same person in
    // with this 30-second step's code, wait for the next step and give its code.
    for (let attempt = 0; ; attempt++) {
      await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
      await page.getByLabel('6-digit code').fill(await generateTotp({ secret }));
      await page.getByRole('button', { name: 'Continue' }).click();
      // Either the app is reached, or the code page says the code was not taken.
      const refused = page.getByText('That code is not right.');
      const accepted = await Promise.race([
        page
          .waitForURL((url) => !url.pathname.startsWith('/oidc/interaction/'))
          .then(
            () => true,
            () => false,
          ),
        refused.waitFor().then(
          () => false,
          () => false,
        ),
      ]);
      if (accepted || attempt === 1) break;
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 1_000);
    }
  }
  await page.waitForURL(
    (url) =>
      url.origin === baseUrl &&
      !url.pathname.startsWith('/oidc') &&
      url.pathname !== '/auth/callback',
  );
}

/**
 * Runs `action` (a click on "Sign out", an idle timeout…) and waits for the whole sign-out round
 * trip: the app forgets its tokens at once (so "Sign in" shows before the browser has left),
 * then goes through the server's end-session endpoint and comes back signed out at `/`.
 */
export async function signOutRoundTrip(
  page: Page,
  baseUrl: string,
  action: () => Promise<void>,
): Promise<void> {
  const ended = page.waitForURL((url) => url.pathname.startsWith('/oidc/session/end'), {
    waitUntil: 'commit',
  });
  await action();
  await ended;
  await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** A signed-in caregiver picks whom to act for in the header, and waits until it shows. */
export async function actFor(page: Page, patientName: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Acting for' }).selectOption({ label: patientName });
  await page
    .getByRole('region', { name: 'Whom you are acting for' })
    .getByText(`Acting for ${patientName}`)
    .waitFor();
}
