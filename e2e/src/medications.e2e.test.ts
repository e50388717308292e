import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';
import { signInAs, actFor } from './sign-in.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

const MARIA = 'Maria Alvarez';
const MARIA_ZONE = 'America/New_York';

/** Date ('YYYY-MM-DD') and time ('HH:MM') of an instant on the wall clock of a zone. */
function wallClock(at: Date, timeZone: string): { date: string; time: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/**
 * A browser time zone in which it is now late morning, so that "today" on the Medicines page
 * still holds a dose planned an hour from now, whatever time the test runs.
 */
function lateMorningZone(now: Date): string {
  for (let east = -12; east <= 14; east++) {
    // Etc/GMT-3 is three hours east of UTC (the sign is POSIX's).
    const zone = east === 0 ? 'Etc/UTC' : `Etc/GMT${east > 0 ? '-' : '+'}${Math.abs(east)}`;
    const hour = Number(wallClock(now, zone).time.slice(0, 2));
    if (hour >= 9 && hour <= 12) return zone;
  }
  throw new Error('no zone where it is late morning');
}

const region = (page: Page, name: string) =>
  page.getByRole('main').getByRole('region', { name, exact: true });

describe('medicines', () => {
  it('Maria plans a reminder, marks the dose taken, and sees her adherence', async () => {
    const soon = new Date(Date.now() + 60 * 60_000);
    const dose = wallClock(soon, MARIA_ZONE);
    const { context, page, errors } = await newPage(session.browser, {
      locale: 'en-US',
      timezoneId: lateMorningZone(new Date()),
    });
    try {
      await signInAs(page, baseUrl, 'maria@example.org');
      await page.getByText(`Signed in as ${MARIA}`).waitFor();

      // From the record home's Medicines section to the Medicines page.
      await page
        .getByRole('navigation', { name: 'Main menu' })
        .getByRole('link', { name: 'Health records', exact: true })
        .click();
      await region(page, 'Medicines')
        .getByRole('link', { name: 'Reminders and adherence' })
        .click();
      await page.waitForURL((url) => url.pathname === '/medications');
      await page.getByRole('heading', { level: 1, name: 'Medicines' }).waitFor();

      // The demo plan: metformin at 8:00 and 20:00 in Maria's zone, with three weeks of answers.
      const plans = region(page, 'Reminder plans');
      await plans.getByText('Metformin 500 mg tablet').waitFor();
      const adherence = region(page, 'The last 30 days');
      await adherence.getByText(/% of doses taken \(\d+ of \d+\)\./).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // Plan lisinopril an hour from now (times are in Maria's zone).
      await plans.getByRole('button', { name: 'Plan reminders for a medicine' }).click();
      const form = page.getByRole('form', { name: 'Plan reminders' });
      await form
        .getByRole('combobox', { name: 'Medicine' })
        .selectOption({ label: 'Lisinopril 10 mg tablet' });
      await form.getByLabel('Time 1').fill(dose.time);
      await form.getByLabel('From', { exact: true }).fill(dose.date);
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Reminders for Lisinopril 10 mg tablet saved.').waitFor();

      // Today's list has the new dose; marking it taken says so, live.
      const time = `${Number(dose.time.slice(0, 2))}:${dose.time.slice(3)}`;
      const today = region(page, 'Today');
      await today
        .getByRole('button', { name: `Mark Lisinopril 10 mg tablet at ${time} taken` })
        .click();
      // Announced politely, and the dose now reads "Taken by Maria" with no buttons left.
      await page.getByText(`Lisinopril 10 mg tablet at ${time}: Taken.`).waitFor();
      const item = today.getByRole('listitem').filter({ hasText: 'Lisinopril 10 mg tablet' });
      await item.getByText(`Taken by ${MARIA}`).waitFor();
      await expect(item.getByRole('button').count()).resolves.toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Sofia, acting for Maria with medications:read, sees her medicines but cannot answer', async () => {
    const { context, page, errors } = await newPage(session.browser, { locale: 'en-US' });
    try {
      await signInAs(page, baseUrl, 'sofia@example.org');
      await page.getByText('Signed in as Sofia Alvarez').waitFor();
      await actFor(page, MARIA);
      await page.goto(`${baseUrl}/medications`);
      await page.getByRole('heading', { level: 1, name: `Medicines of ${MARIA}` }).waitFor();
      await region(page, 'Reminder plans').getByText('Metformin 500 mg tablet').waitFor();
      await region(page, 'The last 30 days').getByRole('table').waitFor();
      await expect(page.getByRole('button', { name: /^Mark .* taken$/ }).count()).resolves.toBe(0);
      await expect(
        page.getByRole('button', { name: 'Plan reminders for a medicine' }).count(),
      ).resolves.toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
