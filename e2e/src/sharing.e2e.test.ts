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

/** The invitation link in the newest e-mail to `to`, read from the development mailbox. */
async function invitationLink(page: Page, to: string): Promise<string> {
  const list = await (await page.request.get(`${baseUrl}/dev/mailbox`)).text();
  const item = [
    ...list.matchAll(/<li><a href="(\/dev\/mailbox\/[0-9a-f-]+)">([^<]*)<\/a> — to ([^,]+),/g),
  ].find((m) => m[3] === to && m[2]!.includes('invites you'));
  if (!item) throw new Error(`no invitation e-mail to ${to}`);
  const mail = await (await page.request.get(`${baseUrl}${item[1]}`)).text();
  const link = /href="(http[^"]*\/invitations\/accept\?token=[^"]+)"/.exec(mail)?.[1];
  if (!link) throw new Error('no invitation link in the e-mail');
  return link.replace(/&amp;/g, '&');
}

describe('sharing with a caregiver', () => {
  it('Maria invites Sofia from Profile; Sofia accepts from the e-mail and acts for Maria', async () => {
    const maria = await newPage(session.browser);
    const sofia = await newPage(session.browser);
    try {
      // Maria invites Sofia, choosing what she may do.
      await signInAs(maria.page, baseUrl, 'maria@example.org', { path: '/profile' });
      await maria.page.goto(`${baseUrl}/profile`);
      const sharing = maria.page.locator('section', {
        has: maria.page.getByRole('heading', { name: 'Sharing', level: 2 }),
      });
      await sharing.getByText('Shared with: Sofia Alvarez').waitFor();
      await sharing.getByLabel('Their e-mail address').fill('sofia@example.org');
      await sharing.getByRole('checkbox', { name: 'See my appointments' }).check();
      await sharing.getByRole('checkbox', { name: 'See my medicines' }).check();
      await sharing.getByRole('button', { name: 'Send invitation' }).click();
      await sharing.getByText('We sent a link to sofia@example.org').waitFor();
      expect(await seriousViolations(maria.page)).toEqual([]);

      // Sofia opens the link from the e-mail, signs in and accepts.
      const link = await invitationLink(maria.page, 'sofia@example.org');
      await signInAs(sofia.page, baseUrl, 'sofia@example.org');
      await sofia.page.goto(link);
      await sofia.page.getByText('Maria Alvarez would like your help').waitFor();
      expect(await seriousViolations(sofia.page)).toEqual([]);
      await sofia.page.getByRole('button', { name: 'Accept and help Maria Alvarez' }).click();
      await sofia.page.getByRole('button', { name: 'Start acting for Maria Alvarez' }).click();

      // Always visible while acting.
      await sofia.page
        .getByRole('region', { name: 'Whom you are acting for' })
        .getByText('Acting for Maria Alvarez')
        .waitFor();
      expect(await sofia.page.getByRole('combobox', { name: 'Acting for' }).inputValue()).not.toBe(
        '',
      );
      await sofia.page.getByRole('link', { name: 'Appointments' }).first().click();
      await sofia.page
        .getByRole('region', { name: 'Whom you are acting for' })
        .getByText('Acting for Maria Alvarez')
        .waitFor();
      expect(await seriousViolations(sofia.page)).toEqual([]);

      // The invitation shows on Maria's side as accepted, with what she chose.
      await maria.page.reload();
      await sharing
        .getByText('Shared with: Sofia Alvarez — See my appointments, See my medicines')
        .waitFor();
    } finally {
      await maria.context.close();
      await sofia.context.close();
    }
  });
});
