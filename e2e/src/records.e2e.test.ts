import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';
import { DEMO_TOTP_SECRET, signInAs, actFor } from './sign-in.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

const MARIA = 'Maria Alvarez';
const OKAFOR = 'Dr. Amara Okafor';

/** A section of a record home or chart summary ("Conditions", "Medicines"…), by its h2. */
const section = (page: Page, name: string) =>
  page.getByRole('main').getByRole('region', { name, exact: true });

/** One entry of a record list: the list item whose link is named `title`. */
const entry = (page: Page, sectionName: string, title: string) =>
  section(page, sectionName)
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) });

/** A link in the record home's "What you can do" navigation. */
const recordAction = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'What you can do' })
    .getByRole('link', { name, exact: true });

/** Opens the record home from the main menu. */
async function openRecords(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Health records', exact: true })
    .click();
  await page.waitForURL((url) => url.pathname === '/records');
}

describe('health records', () => {
  it('Maria sees her record, her HbA1c trend, adds a weight reading and uploads a document', async () => {
    const { context, page, errors } = await newPage(session.browser, { locale: 'en-US' });
    try {
      await signInAs(page, baseUrl, 'maria@example.org');
      await page.getByText(`Signed in as ${MARIA}`).waitFor();

      // The record home, from the main menu: what the demo seed put in her record.
      await openRecords(page);
      await page.getByRole('heading', { level: 1, name: 'Health records' }).waitFor();
      await entry(page, 'Conditions', 'Type 2 diabetes mellitus').getByText('Active').waitFor();
      await entry(page, 'Medicines', 'Metformin 500 mg tablet').getByText('Active').waitFor();
      await entry(page, 'Allergies', 'Penicillin').waitFor();
      const a1c = entry(page, 'Latest results', 'Hemoglobin A1c');
      await a1c.getByText('6.9 %', { exact: true }).waitFor();
      await a1c.getByText('Normal range: 4 to 5.6 %', { exact: true }).waitFor();
      // Above the range: said in words, after an arrow that is only decoration.
      await a1c.getByText('↑ High', { exact: true }).waitFor();
      await a1c.getByText('9 results', { exact: true }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // Lab results → the HbA1c trend: a chart summarised for screen readers, and a table.
      await recordAction(page, 'Lab results').click();
      await page.getByRole('heading', { level: 1, name: 'Results and readings' }).waitFor();
      const a1cRow = page
        .getByRole('table', { name: 'Latest result of each test' })
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: 'Hemoglobin A1c', exact: true }) });
      await a1cRow.getByRole('cell', { name: '6.9 %', exact: true }).waitFor();
      await a1cRow.getByRole('cell', { name: '4 – 5.6', exact: true }).waitFor();
      await a1cRow.getByText('Above range', { exact: true }).waitFor();
      await a1cRow.getByRole('link', { name: 'See trend of Hemoglobin A1c (9 results)' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/records/results/'));
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(
        '/records/results/http://loinc.org|4548-4',
      );
      await page.getByRole('heading', { level: 1, name: 'Hemoglobin A1c' }).waitFor();
      const chart = page.getByRole('img', { name: /^Hemoglobin A1c, 9 results from / });
      await chart.waitFor();
      expect(await chart.getAttribute('aria-label')).toMatch(
        /^Hemoglobin A1c, 9 results from [A-Z][a-z]{2} \d{4} to [A-Z][a-z]{2} \d{4}, latest 6\.9 %, above range\. Reference range 4 – 5\.6\.$/,
      );
      const trendTable = page.getByRole('table', {
        name: 'Every result of Hemoglobin A1c, oldest first',
      });
      const rows = trendTable.locator('tbody').getByRole('row');
      await expect.poll(() => rows.count()).toBe(9);
      // Oldest first: 8.4 % two years ago down to 6.9 % now, every one above the range.
      await rows.first().getByRole('cell', { name: '8.4 %', exact: true }).waitFor();
      await rows.last().getByRole('cell', { name: '6.9 %', exact: true }).waitFor();
      expect(await trendTable.getByText('Above range', { exact: true }).count()).toBe(9);
      expect(await seriousViolations(page)).toEqual([]);

      // Add a home weight reading: confirmed on the record home, listed in the timeline.
      await openRecords(page);
      await recordAction(page, 'Add to my record').click();
      await page.getByRole('heading', { level: 1, name: 'Add to the record' }).waitFor();
      const kind = page.getByRole('radio', { name: 'A result or reading' });
      expect(await kind.isChecked()).toBe(true);
      await page.getByRole('combobox', { name: 'Measurement' }).selectOption({ label: 'Weight' });
      expect(await page.getByRole('textbox', { name: 'Unit (optional)' }).inputValue()).toBe('kg');
      await page.getByRole('textbox', { name: 'Value', exact: true }).fill('77.2');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL((url) => url.pathname === '/records');
      await page
        .getByRole('status')
        .filter({ hasText: '“Body weight” was added to the record.' })
        .waitFor();
      await entry(page, 'Latest results', 'Body weight')
        .getByText('77.2 kg', { exact: true })
        .waitFor();
      await recordAction(page, 'Timeline').click();
      await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
      // Newest first: the reading just taken leads the timeline, with who added it.
      const newest = page.getByRole('main').getByRole('listitem').first();
      await newest.getByRole('link', { name: 'Body weight', exact: true }).waitFor();
      await newest.getByText('77.2 kg', { exact: true }).waitFor();
      await newest.getByText(`Added by ${MARIA}`, { exact: true }).waitFor();

      // Upload a small text document, see it listed, and preview it.
      await page.getByRole('link', { name: 'Back to the health record' }).click();
      await recordAction(page, 'Documents').click();
      await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
      const text = 'Knee exercises: 3 x 10 straight-leg raises, twice a day.\n';
      await page.getByLabel('File', { exact: true }).setInputFiles({
        name: 'knee-exercises.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(text, 'utf8'),
      });
      const title = page.getByRole('textbox', { name: 'Title', exact: true });
      // The file's name is offered as the title.
      expect(await title.inputValue()).toBe('knee-exercises');
      await title.fill('Physio exercise sheet');
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: '“Physio exercise sheet” was uploaded.' })
        .waitFor();
      const listed = page
        .getByRole('region', { name: 'Your documents' })
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: 'Physio exercise sheet', exact: true }) });
      await listed.getByText('Type: Text').waitFor();
      // The demo letter is still there too.
      await page
        .getByRole('region', { name: 'Your documents' })
        .getByRole('link', { name: 'Letter after the knee follow-up', exact: true })
        .waitFor();
      const show = listed.getByRole('button', { name: 'Show: Physio exercise sheet' });
      expect(await show.getAttribute('aria-expanded')).toBe('false');
      await show.click();
      const preview = page.getByLabel('Preview of Physio exercise sheet');
      await preview.waitFor();
      expect(await preview.textContent()).toBe(text);
      const hide = listed.getByRole('button', { name: 'Hide: Physio exercise sheet' });
      expect(await hide.getAttribute('aria-expanded')).toBe('true');
      await listed.getByRole('link', { name: 'Download Physio exercise sheet' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Sofia, acting for Maria, sees Maria’s record but cannot add to it', async () => {
    const { context, page, errors } = await newPage(session.browser, { locale: 'en-US' });
    try {
      await signInAs(page, baseUrl, 'sofia@example.org');
      await page.getByText('Signed in as Sofia Alvarez').waitFor();
      await actFor(page, MARIA);

      await openRecords(page);
      await page.getByRole('heading', { level: 1, name: `Health records of ${MARIA}` }).waitFor();
      await entry(page, 'Medicines', 'Metformin 500 mg tablet').waitFor();
      await page.getByText('You can look at this record but not change it.').waitFor();
      // The demo grant includes records:read. (sharing.e2e.test.ts replaces it with a
      // medicines-only one; when it ran first, the record says so instead of its conditions.)
      const medicinesOnly = page.getByText(`${MARIA} shares only their medicines with you.`);
      if ((await medicinesOnly.count()) === 0) {
        await entry(page, 'Conditions', 'Type 2 diabetes mellitus').waitFor();
        await entry(page, 'Allergies', 'Penicillin').waitFor();
      }
      const actions = page.getByRole('navigation', { name: 'What you can do' });
      await actions.getByRole('link', { name: 'Timeline', exact: true }).waitFor();
      expect(await page.getByRole('link', { name: /^Add to (my|the) record$/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Add/ }).count()).toBe(0);
      expect(await actions.getByRole('link', { name: 'Import', exact: true }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Dr. Okafor opens Maria’s chart from his patients and adds a prescription', async () => {
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
        .getByRole('navigation', { name: 'Practice sections' })
        .getByRole('link', { name: 'Patients', exact: true })
        .click();
      await page.getByRole('link', { name: `Open chart of ${MARIA}` }).click();

      // The chart's summary.
      await page.getByRole('heading', { level: 1, name: MARIA }).waitFor();
      await entry(page, 'Conditions', 'Type 2 diabetes mellitus').waitFor();
      await entry(page, 'Medicines', 'Metformin 500 mg tablet').waitFor();
      await entry(page, 'Allergies', 'Penicillin').waitFor();
      await entry(page, 'Latest results', 'Hemoglobin A1c')
        .getByText('6.9 %', { exact: true })
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // Add to chart → a prescription; then it is among her medicines.
      const tabs = page.getByRole('navigation', { name: 'Chart sections' });
      await tabs.getByRole('link', { name: 'Add to chart', exact: true }).click();
      await page.getByRole('radio', { name: 'A prescription' }).check();
      const medicine = 'Vitamin D3 1000 IU capsule';
      await page.getByRole('textbox', { name: 'Medicine name' }).fill(medicine);
      await page
        .getByRole('textbox', { name: 'How much and when' })
        .fill('1 capsule daily with breakfast');
      await page.getByRole('textbox', { name: 'Refills (optional)' }).fill('2');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Added to the chart.' })
        .filter({ hasText: medicine })
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await tabs.getByRole('link', { name: 'Summary', exact: true }).click();
      const added = entry(page, 'Medicines', medicine);
      await added.getByText('1 capsule daily with breakfast').waitFor();
      await added.getByText(`From ${OKAFOR}`).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
