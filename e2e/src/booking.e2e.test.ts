import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';
import { DEMO_TOTP_SECRET, signInAs } from './sign-in.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

// Maria's browser is in Madrid; Dr. Okafor's clinic is in New York (demo seed).
const MARIA_ZONE = 'Europe/Madrid';
const CLINIC_ZONE = 'America/New_York';
const OKAFOR = 'Dr. Amara Okafor';
const DAY_MS = 86_400_000;

/** "9:30", "16:05": the app's 24-hour clock (no leading zero), in `timeZone`. */
function clock(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('hour'))}:${part('minute')}`;
}

/** An instant as an iCalendar UTC DATE-TIME: 20261215T140000Z. */
const icsUtc = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

/** The `start` of the confirm page's URL (the slot being booked). */
const startInUrl = (page: Page) => new Date(new URL(page.url()).searchParams.get('start') ?? '');

/** "Tuesday 15 December, 9:30": how a slot button is named. */
const SLOT_NAME =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+, \d{1,2}:\d{2}$/;

/** Search "Okafor" on the booking page, open his times and choose a kind of visit. */
async function openOkaforTimes(page: Page, visit: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Book an appointment' }).waitFor();
  await page.getByRole('searchbox', { name: 'Specialty or name' }).fill('Okafor');
  await page.getByRole('heading', { level: 2, name: '1 provider found' }).waitFor();
  await page.getByRole('link', { name: `See times with ${OKAFOR}` }).click();
  await page.getByRole('heading', { level: 1, name: OKAFOR }).waitFor();
  // The choice lives in the URL, so the radio turns checked once the route has updated.
  const radio = page.getByRole('radio', { name: visit });
  await radio.click();
  await expect.poll(() => radio.isChecked()).toBe(true);
}

/** Presses "Next week" until the pager shows week `week` (0 = this week) or later. */
async function goToWeek(page: Page, week: number): Promise<void> {
  const label = page.getByText(/^Week of /);
  const shown = () => Number(new URL(page.url()).searchParams.get('week') ?? -1);
  while (shown() < week) {
    const before = await label.textContent();
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect.poll(() => label.textContent()).not.toBe(before);
  }
}

/** The first free time of the week shown (once the times have loaded). */
function firstSlot(page: Page): Locator {
  return page
    .getByRole('list', { name: /^Times on / })
    .first()
    .getByRole('button')
    .first();
}

describe('booking an appointment', () => {
  it('Maria books from Home in her time zone; a time taken meanwhile offers the next ones; .ics; listed', async () => {
    const started = Date.now();
    const maria = await newPage(session.browser, { timezoneId: MARIA_ZONE, locale: 'en-US' });
    const priya = await newPage(session.browser, { locale: 'en-US' });
    try {
      const { page } = maria;
      await signInAs(page, baseUrl, 'maria@example.org');
      await page.getByText('Signed in as Maria Alvarez').waitFor();

      // Home → Book an appointment → "Okafor" → a kind of visit.
      await page
        .getByRole('main')
        .getByRole('link', { name: 'Book an appointment' })
        .first()
        .click();
      await openOkaforTimes(page, 'Video check-in · 20 min · Video call');
      await page
        .getByText(
          `Times shown in your time zone (${MARIA_ZONE}); the clinic is in ${CLINIC_ZONE}.`,
        )
        .waitFor();

      // A time about two weeks ahead, away from the demo appointment and other tests' bookings.
      await goToWeek(page, 2);
      const slot = firstSlot(page);
      await slot.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      const slotName = (await slot.getAttribute('aria-label')) ?? '';
      const slotText = (await slot.textContent()) ?? '';
      expect(slotName).toMatch(SLOT_NAME);
      await slot.click();

      await page.getByRole('heading', { level: 1, name: 'Check and book' }).waitFor();
      const wanted = startInUrl(page);
      expect(wanted.getTime()).toBeGreaterThan(Date.now() + 12 * DAY_MS);
      // The button showed Madrid's clock; the clinic's own time is given alongside.
      expect(slotText).toBe(clock(wanted, MARIA_ZONE));
      expect(clock(wanted, MARIA_ZONE)).not.toBe(clock(wanted, CLINIC_ZONE));
      await page
        .getByText(new RegExp(`, ${clock(wanted, CLINIC_ZONE)} at the clinic \\(${CLINIC_ZONE}\\)`))
        .waitFor();

      // Meanwhile Priya books that very time with the same link.
      const confirmLink = new URL(page.url());
      await signInAs(priya.page, baseUrl, 'priya@example.org');
      await priya.page.goto(`${baseUrl}${confirmLink.pathname}${confirmLink.search}`);
      await priya.page.getByRole('heading', { level: 1, name: 'Check and book' }).waitFor();
      await priya.page.getByRole('button', { name: 'Book this time' }).click();
      await priya.page.getByRole('heading', { level: 1, name: 'You are booked' }).waitFor();

      // Maria confirms: told plainly it was just taken, and offered the next free times.
      await page.getByRole('button', { name: 'Book this time' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'Sorry, someone booked this time a moment ago.' })
        .waitFor();
      await page.getByRole('heading', { level: 2, name: 'The next free times' }).waitFor();
      const offered = page.getByRole('button', { name: SLOT_NAME });
      await offered.first().waitFor();
      expect(await offered.allTextContents()).not.toContain(slotName);
      expect(await page.getByRole('button', { name: 'Book this time' }).count()).toBe(0);

      await offered.first().click();
      await expect.poll(() => startInUrl(page).getTime()).not.toBe(wanted.getTime());
      const booked = startInUrl(page);
      await page.getByRole('button', { name: 'Book this time' }).click();

      // The confirmation.
      await page.getByRole('heading', { level: 1, name: 'You are booked' }).waitFor();
      const bookedBody = page
        .getByRole('status')
        .filter({ hasText: `Your appointment with ${OKAFOR} is booked for ` });
      const message = (await bookedBody.textContent()) ?? '';
      const when = /is booked for (.+)\.$/.exec(message)?.[1] ?? '';
      expect(when).toMatch(new RegExp(`, ${clock(booked, MARIA_ZONE)}$`));
      expect(await seriousViolations(page)).toEqual([]);
      const appointmentId = /\/appointments\/([0-9a-f-]+)$/.exec(page.url())?.[1] ?? '';
      expect(appointmentId).not.toBe('');

      // "Add to calendar" downloads an .ics of this appointment.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Add to calendar' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.ics$/);
      const ics = (await readFile(await download.path(), 'utf8')).replace(/\r?\n[ \t]/g, '');
      expect(ics).toMatch(/^BEGIN:VCALENDAR\r?\n/);
      expect(ics).toContain(`UID:${appointmentId}@${new URL(baseUrl).hostname}`);
      expect(ics).toMatch(new RegExp(`^DTSTART(;[^:]*)?:${icsUtc(booked)}\\r?$`, 'm'));

      // It shows under "Upcoming" on the appointments page.
      await page
        .getByRole('navigation', { name: 'Main menu' })
        .getByRole('link', { name: 'Appointments', exact: true })
        .click();
      await page
        .getByRole('region', { name: 'Upcoming' })
        .getByRole('link', { name: `Details of ${when} with ${OKAFOR}` })
        .waitFor();
      // The browser logs the 409 of the taken time; nothing else may go wrong.
      expect(maria.errors.filter((e) => !e.includes('409'))).toEqual([]);
      expect(Date.now() - started).toBeLessThan(90_000);
    } finally {
      await maria.context.close();
      await priya.context.close();
    }
  });

  it('Maria changes the time from the appointment page, then cancels it with a reason', async () => {
    const { context, page, errors } = await newPage(session.browser, {
      timezoneId: MARIA_ZONE,
      locale: 'en-US',
    });
    try {
      await signInAs(page, baseUrl, 'maria@example.org');
      await page.getByText('Signed in as Maria Alvarez').waitFor();
      await page.goto(`${baseUrl}/book`);
      await openOkaforTimes(page, 'New patient consultation · 45 min · In person');
      // About four weeks ahead: a week no other test books in.
      await goToWeek(page, 4);
      await firstSlot(page).click();
      await page.getByRole('heading', { level: 1, name: 'Check and book' }).waitFor();
      const original = startInUrl(page);
      await page
        .getByRole('textbox', { name: 'Reason for the visit (optional)' })
        .fill('New pain in the other knee');
      await page.getByRole('button', { name: 'Book this time' }).click();
      await page.getByRole('heading', { level: 1, name: 'You are booked' }).waitFor();
      const confirmation = await page
        .getByRole('status')
        .filter({ hasText: `Your appointment with ${OKAFOR} is booked for ` })
        .textContent();
      const bookedWhen = /is booked for (.+)\.$/.exec(confirmation ?? '')?.[1] ?? '';
      await page.getByRole('main').getByText(bookedWhen, { exact: true }).waitFor();

      // Change the time: pick another free time, confirm, and the page shows the new one.
      // The picker may first show the week's times cached from before booking, then refetch:
      // wait for the fresh ones, so the test picks what Maria would see a moment later.
      const slotsLoaded = page.waitForResponse(
        (r) => new URL(r.url()).pathname.endsWith('/slots') && r.ok(),
      );
      await page.getByRole('button', { name: 'Change the time' }).click();
      await page.getByRole('heading', { level: 2, name: 'Pick a new time' }).waitFor();
      const { slots } = (await (await slotsLoaded).json()) as { slots: { start: string }[] };
      const free = slots
        .map((x) => new Date(x.start))
        .filter((d) => d.getTime() !== original.getTime())
        .sort((a, b) => a.getTime() - b.getTime());
      const other = firstSlot(page);
      await expect.poll(() => other.textContent()).toBe(clock(free[0]!, MARIA_ZONE));
      const otherName = (await other.getAttribute('aria-label')) ?? '';
      expect(otherName).toMatch(SLOT_NAME);
      await other.click();
      const move = page.getByRole('button', { name: /^Move to / });
      const newWhen = ((await move.textContent()) ?? '').replace(/^Move to /, '');
      expect(newWhen).toMatch(new RegExp(`, ${otherName.split(', ')[1]}$`));
      await move.click();
      await page
        .getByRole('status')
        .filter({ hasText: `Your appointment is now on ${newWhen}.` })
        .waitFor();
      const facts = page.getByRole('main');
      await facts.getByText(newWhen, { exact: true }).waitFor();
      expect(newWhen).not.toBe(bookedWhen);
      expect(await facts.getByText(bookedWhen, { exact: true }).count()).toBe(0);

      // Cancel with a reason: asked why, then it is cancelled.
      await page.getByRole('button', { name: 'Cancel appointment' }).click();
      await page.getByRole('heading', { level: 2, name: 'Cancel this appointment?' }).waitFor();
      await page.getByRole('button', { name: 'Yes, cancel it' }).click();
      await page.getByRole('alert').filter({ hasText: 'Say why you are cancelling.' }).waitFor();
      await page.getByRole('textbox', { name: 'Why are you cancelling?' }).fill('Feeling better');
      await page.getByRole('button', { name: 'Yes, cancel it' }).click();
      await page.getByRole('status').filter({ hasText: 'The appointment is cancelled.' }).waitFor();
      await facts.getByText(/^Cancelled by Maria Alvarez on .+: “Feeling better”$/).waitFor();
      // No longer "You are booked": the page names the (cancelled) appointment instead.
      await page.getByRole('heading', { level: 1, name: `Appointment with ${OKAFOR}` }).waitFor();
      expect(await page.getByText('You are booked').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Change the time' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);

      // It moved from "Upcoming" to "Past and cancelled".
      await page.getByRole('link', { name: 'All appointments' }).click();
      const details = `Details of ${newWhen} with ${OKAFOR}`;
      await page
        .getByRole('region', { name: 'Past and cancelled' })
        .getByRole('link', { name: details })
        .waitFor();
      expect(
        await page
          .getByRole('region', { name: 'Upcoming' })
          .getByRole('link', { name: details })
          .count(),
      ).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Dr. Okafor sees Maria’s knee follow-up on his schedule and his weekly hours', async () => {
    const { context, page, errors } = await newPage(session.browser, { locale: 'en-US' });
    try {
      await signInAs(page, baseUrl, 'dr.okafor@example.org', { totpSecret: DEMO_TOTP_SECRET });
      // A code another test has just used is refused once (a 401 page) and the next one given:
      // console errors count from here on, in the app itself.
      errors.splice(0);
      await page.getByText(`Signed in as ${OKAFOR}`).waitFor();
      await page.getByRole('link', { name: 'My practice' }).click();
      await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
      await page
        .getByText(/^Times are in your clinic’s time zone: .*America\/New York\)?\.$/)
        .waitFor();

      // The demo knee follow-up is about five days ahead: look through the next weeks for it.
      const range = page.getByRole('heading', { level: 2 }).filter({ hasText: ' – ' });
      const knee = page
        .getByRole('listitem')
        .filter({ hasText: 'Maria Alvarez' })
        .filter({ hasText: 'Knee follow-up · In person' })
        .filter({ hasText: 'Booked' })
        // The appointment itself, not the day (whose heading it is listed under).
        .filter({ hasNot: page.getByRole('heading') });
      for (let week = 0; ; week++) {
        await page.getByRole('button', { name: 'Week', exact: true, pressed: true }).waitFor();
        // The days show once the week's appointments have loaded.
        await page.getByRole('heading', { level: 3 }).first().waitFor();
        if ((await knee.count()) > 0 || week >= 5) break;
        const before = await range.textContent();
        await page.getByRole('button', { name: 'Next week' }).click();
        await expect.poll(() => range.textContent()).not.toBe(before);
      }
      await knee.first().waitFor();
      const item = knee.first();
      // Listed under its day, one of his clinic days (Tuesday to Thursday).
      await page
        .getByRole('region', { name: /^(Tue|Wed|Thu) \d{1,2} [A-Z][a-z]{2}/ })
        .filter({ has: item })
        .waitFor();
      // Before it starts: check-in and cancel are offered, a no-show is not yet.
      await item.getByRole('button', { name: /^Check in Maria Alvarez, \d{1,2}:\d{2}$/ }).waitFor();
      await item
        .getByRole('button', { name: /^Cancel the appointment of Maria Alvarez, / })
        .waitFor();
      expect(await item.getByRole('button', { name: /^No-show/ }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);

      // Availability: the weekly hours of the demo (Tue–Thu mornings, Wednesday afternoon).
      await page
        .getByRole('navigation', { name: 'Practice sections' })
        .getByRole('link', { name: 'Availability' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Availability' }).waitFor();
      const day = (name: string) => page.getByRole('group', { name, exact: true });
      await day('Tuesday').getByLabel('From', { exact: true }).waitFor();
      expect(await day('Tuesday').getByLabel('From', { exact: true }).inputValue()).toBe('09:00');
      expect(await day('Tuesday').getByLabel('To', { exact: true }).inputValue()).toBe('12:00');
      const wednesday = day('Wednesday').getByLabel('From', { exact: true });
      expect(
        await wednesday.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
      ).toEqual(['09:00', '13:00']);
      await day('Monday').getByText('Not available').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
