import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';
import { signInAs } from './sign-in.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

const MARIA_ZONE = 'Europe/Madrid';
const OKAFOR = 'Dr. Amara Okafor';
/**
 * "Appointment booked". Notifications are written in the reader's account language: Maria's
 * demo account is in Spanish ("Cita reservada"), Sofia's in English ("… for Maria Alvarez").
 */
const BOOKED = /^(Appointment booked|Cita reservada)/;
const BOOKED_TOAST = /^New notification: (Appointment booked|Cita reservada)/;

/** The header's bell: a link named "3 unread notifications" (or "Notifications, none unread"). */
const bell = (page: Page) =>
  page.getByRole('banner').getByRole('link', { name: /unread notifications?$|none unread$/ });

/** The unread count the bell says, as a number. */
async function unreadCount(page: Page): Promise<number> {
  const text = (await bell(page).locator('.cc-visually-hidden').textContent()) ?? '';
  return Number(/^(\d+) unread/.exec(text)?.[1] ?? 0);
}

/** Page errors and console errors of a page (for pages opened without newPage). */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/**
 * A new tab of a browser that is signed in: "Sign in" goes through the server's session (no
 * form to fill when the server still knows this browser) and comes back to the same page.
 */
async function signInAgain(page: Page): Promise<void> {
  const path = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.waitForURL((url) => url.origin === baseUrl && url.pathname === path);
}

/** Marks the document, so a reload (which would clear the mark) can be told apart. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { ccNoReload?: boolean }).ccNoReload = true;
  });
}
const stillSameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { ccNoReload?: boolean }).ccNoReload === true);

/** Search "Okafor", open his times, choose a visit, go to week `week`, book its first time. */
async function bookWithOkafor(page: Page, week: number): Promise<void> {
  await page.goto(`${baseUrl}/book`);
  await page.getByRole('heading', { level: 1, name: 'Book an appointment' }).waitFor();
  await page.getByRole('searchbox', { name: 'Specialty or name' }).fill('Okafor');
  await page.getByRole('heading', { level: 2, name: '1 provider found' }).waitFor();
  await page.getByRole('link', { name: `See times with ${OKAFOR}` }).click();
  await page.getByRole('heading', { level: 1, name: OKAFOR }).waitFor();
  const radio = page.getByRole('radio', { name: 'Video check-in · 20 min · Video call' });
  await radio.click();
  await expect.poll(() => radio.isChecked()).toBe(true);
  const label = page.getByText(/^Week of /);
  const shown = () => Number(new URL(page.url()).searchParams.get('week') ?? -1);
  while (shown() < week) {
    const before = await label.textContent();
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect.poll(() => label.textContent()).not.toBe(before);
  }
  const slot = page
    .getByRole('list', { name: /^Times on / })
    .first()
    .getByRole('button')
    .first();
  await slot.click();
  await page.getByRole('heading', { level: 1, name: 'Check and book' }).waitFor();
  await page.getByRole('button', { name: 'Book this time' }).click();
  await page.getByRole('heading', { level: 1, name: 'You are booked' }).waitFor();
}

describe('live notifications', () => {
  it('a booking shows up live in Maria’s other tab and on her caregiver Sofia’s page', async () => {
    const maria = await newPage(session.browser, { timezoneId: MARIA_ZONE, locale: 'en-US' });
    const sofia = await newPage(session.browser, { locale: 'en-US' });
    try {
      // Maria: tab 1 signs in; tab 2 (same browser, so the same server session) opens the
      // notification centre and signs in without a form.
      await signInAs(maria.page, baseUrl, 'maria@example.org');
      await maria.page.getByText('Signed in as Maria Alvarez').waitFor();
      const tab2 = await maria.context.newPage();
      const tab2Errors = errorsOf(tab2);
      await tab2.goto(`${baseUrl}/notifications`);
      await signInAgain(tab2);
      await tab2.getByText('Signed in as Maria Alvarez').waitFor();
      await tab2.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await bell(tab2).waitFor();

      // Sofia, who helps Maria with her appointments, on her own Home page.
      await signInAs(sofia.page, baseUrl, 'sofia@example.org');
      await sofia.page.getByText('Signed in as Sofia Alvarez').waitFor();
      await bell(sofia.page).waitFor();
      sofia.errors.splice(0);

      // Let both sockets connect before the booking (the count is fetched once they are open).
      await tab2.waitForLoadState('networkidle');
      await sofia.page.waitForLoadState('networkidle');
      const mariaBefore = await unreadCount(tab2);
      const sofiaBefore = await unreadCount(sofia.page);
      const booked = tab2
        .getByRole('list', { name: 'Notifications' })
        .getByRole('heading', { level: 2, name: /(Appointment booked|Cita reservada)/ });
      const listedBefore = await booked.count();
      await markDocument(tab2);
      await markDocument(sofia.page);

      // Maria books in tab 1. Toasts go by themselves after a while: Sofia's is watched for
      // from before the booking, while tab 2 is checked.
      const sofiaToast = sofia.page
        .getByText(/^New notification: (Appointment booked for|Cita reservada para) Maria Alvarez/)
        .first()
        .waitFor({ timeout: 60_000 })
        .catch((error: unknown) => error);
      await bookWithOkafor(maria.page, 3);

      // Tab 2: the bell counts it, the toast announces it, the list shows it — no reload.
      await expect.poll(() => unreadCount(tab2)).toBeGreaterThan(mariaBefore);
      await tab2.getByText(BOOKED_TOAST).first().waitFor();
      await expect.poll(() => booked.count()).toBeGreaterThan(listedBefore);
      const newest = tab2
        .getByRole('list', { name: 'Notifications' })
        .getByRole('listitem')
        .first();
      await newest.getByText('Unread', { exact: true }).waitFor();
      const newestTitle = (await newest.getByRole('heading', { level: 2 }).textContent()) ?? '';
      expect(newestTitle.replace(/^Unread/, '')).toMatch(BOOKED);
      expect(await stillSameDocument(tab2)).toBe(true);
      expect(await seriousViolations(tab2)).toEqual([]);

      // Sofia's page too.
      expect(await sofiaToast).toBeUndefined();
      await expect.poll(() => unreadCount(sofia.page)).toBeGreaterThan(sofiaBefore);
      expect(await stillSameDocument(sofia.page)).toBe(true);

      // Reading it in tab 2 lowers the count there and in tab 1, live.
      const tab1Before = await unreadCount(maria.page);
      await tab2.getByRole('button', { name: 'Mark all as read' }).click();
      await tab2.getByText('All notifications are marked as read.').waitFor();
      await expect.poll(() => unreadCount(tab2)).toBe(0);
      expect(tab1Before).toBeGreaterThan(0);
      await expect.poll(() => unreadCount(maria.page)).toBe(0);

      // The settings page, reached from the centre, is accessible too.
      await tab2.getByRole('link', { name: 'Notification settings' }).click();
      await tab2.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
      await tab2.getByRole('group', { name: 'Appointments' }).waitFor();
      expect(await seriousViolations(tab2)).toEqual([]);

      expect(tab2Errors).toEqual([]);
      expect(sofia.errors).toEqual([]);
    } finally {
      await maria.context.close();
      await sofia.context.close();
    }
  });
});
