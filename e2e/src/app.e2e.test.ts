import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launch, newPage, seriousViolations, type Session } from './browser.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session.close();
});

const areas = [
  { name: 'Home', path: '/' },
  { name: 'Appointments', path: '/appointments' },
  { name: 'Health records', path: '/records' },
  { name: 'Messages', path: '/messages' },
  { name: 'Community', path: '/community' },
  { name: 'Profile', path: '/profile' },
];

describe('the web app', () => {
  it('loads at / and shows the demo providers from the API', async () => {
    const { context, page, errors } = await newPage(session.browser);
    try {
      await page.goto(baseUrl);
      await expect.poll(() => page.title(), { timeout: 15_000 }).toContain('CareCircle');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('Dr. Wei Chen').waitFor();
      await page.getByText('Dr. Amara Okafor').waitFor();
      // No CSP violation, failed request or script error on the way.
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`navigates every area with no serious accessibility violation (${theme} theme)`, async () => {
      const { context, page, errors } = await newPage(session.browser, { colorScheme: theme });
      try {
        await page.goto(baseUrl);
        await page.getByLabel('Theme').selectOption(theme);
        await expect
          .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
          .toBe(theme);
        const nav = page.getByRole('navigation', { name: /main|primary/i });
        for (const area of areas) {
          await nav.getByRole('link', { name: area.name, exact: true }).click();
          await expect
            .poll(() => new URL(page.url()).pathname, { timeout: 15_000 })
            .toBe(area.path);
          await expect
            .poll(() =>
              nav.getByRole('link', { name: area.name, exact: true }).getAttribute('aria-current'),
            )
            .toBe('page');
          await page.getByRole('heading', { level: 1 }).waitFor();
          // Let data (e.g. the provider list) settle before checking.
          await page.waitForLoadState('networkidle');
          expect(await seriousViolations(page), `${area.path} (${theme})`).toEqual([]);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('fits a 360 px wide phone screen with every area reachable', async () => {
    const { context, page } = await newPage(session.browser, {
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      await page.goto(`${baseUrl}/appointments`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // Five areas in the bottom bar, Profile in the header: all visible, on screen, big enough to tap.
      const nav = page.getByRole('navigation', { name: /main|primary/i });
      const links = [
        ...areas
          .filter((a) => a.path !== '/profile')
          .map((a) => nav.getByRole('link', { name: a.name, exact: true })),
        page.getByRole('banner').getByRole('link', { name: 'Profile', exact: true }),
      ];
      for (const link of links) {
        const name = (await link.textContent())!.trim();
        expect(await link.isVisible(), name).toBe(true);
        const box = (await link.boundingBox())!;
        expect(box.x, name).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, name).toBeLessThanOrEqual(360.5);
        expect(box.height, `${name} touch target`).toBeGreaterThanOrEqual(44);
        expect(box.width, `${name} touch target`).toBeGreaterThanOrEqual(44);
      }
      await links.at(-1)!.click();
      await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/profile');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('survives a reload on a deep link and answers unknown pages with a not-found page', async () => {
    const { context, page } = await newPage(session.browser);
    try {
      await page.goto(`${baseUrl}/records`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: /record/i }).waitFor();
      await page.goto(`${baseUrl}/no/such/page`);
      await page.getByRole('heading', { level: 1, name: /not found/i }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('switches to Spanish', async () => {
    const { context, page } = await newPage(session.browser);
    try {
      await page.goto(baseUrl);
      await page.getByLabel('Language').selectOption('es');
      const nav = page.getByRole('navigation').first();
      await nav.getByRole('link', { name: 'Citas', exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      // The choice is kept across a reload.
      await page.reload();
      await nav.getByRole('link', { name: 'Citas', exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('serves a browsable API reference', async () => {
    const { context, page, errors } = await newPage(session.browser);
    try {
      await page.goto(`${baseUrl}/api/docs/`);
      await page.getByText('CareCircle API').first().waitFor();
      await page.getByText('/api/v1/providers').first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
