import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

export interface Session {
  browser: Browser;
  close(): Promise<void>;
}

/** Debian's Chromium; Playwright gives every launch a fresh, temporary profile of its own. */
export async function launch(): Promise<Session> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}

/** A new page in its own context (axe-core needs pages made by browser.newContext()). */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  // Fail a step well inside the test's own timeout, so the report names the step that hung.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  if (process.env.E2E_TRACE_URLS) {
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) console.log(`[nav] ${new URL(f.url()).pathname}`);
    });
    page.on('requestfailed', (r) => console.log(`[failed] ${r.url()} ${r.failure()?.errorText}`));
  }
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}

/** Serious and critical axe-core violations on the page, as readable strings. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}
