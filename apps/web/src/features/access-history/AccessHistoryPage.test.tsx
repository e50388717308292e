import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AccessHistoryEntry } from '@carecircle/core';
import { createFakeFetch, defaultHandler, jsonResponse } from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const sofia = { id: '55555555-5555-4555-8555-555555555555', name: 'Sofia Alvarez' };
const entry = (over: Partial<AccessHistoryEntry>): AccessHistoryEntry => ({
  id: '10',
  occurredAt: new Date(2026, 11, 3, 9, 30).toISOString(),
  action: 'appointments.read',
  outcome: 'success',
  actor: sofia,
  actorIsYou: false,
  actingForYou: true,
  subjectType: null,
  reason: null,
  ...over,
});

describe('AccessHistoryPage', () => {
  it('says who looked at what, in plain words, and pages on', async () => {
    const fetch = createFakeFetch((req) => {
      if (req.url.pathname === '/api/v1/me/access-history') {
        return req.url.searchParams.get('before') === '10'
          ? jsonResponse({
              items: [
                entry({
                  id: '9',
                  action: 'records.read',
                  actor: { id: sofia.id, name: 'Dr. Wei Chen' },
                  actingForYou: false,
                  outcome: 'denied',
                }),
              ],
              nextBefore: null,
            })
          : jsonResponse({ items: [entry({})], nextBefore: '10' });
      }
      return defaultHandler(req);
    });
    const { user } = renderApp({
      path: '/profile/access-history',
      session: signedInSession(),
      fetch,
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Who looked at your information' }),
    ).toBeVisible();
    expect(
      await screen.findByText(
        'Sofia Alvarez (caring for you) viewed your appointments · Thu 3 Dec, 9:30',
      ),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Show older' }));
    expect(
      await screen.findByText(/Dr\. Wei Chen viewed your health records · .* · Refused/),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
  });

  it('says so when nobody has looked yet', async () => {
    const fetch = createFakeFetch((req) =>
      req.url.pathname === '/api/v1/me/access-history'
        ? jsonResponse({ items: [], nextBefore: null })
        : defaultHandler(req),
    );
    renderApp({ path: '/profile/access-history', session: signedInSession(), fetch });
    expect(await screen.findByText('Nobody has looked at your information yet.')).toBeVisible();
  });
});
