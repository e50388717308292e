import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SignedInSession } from '@carecircle/core';
import { createFakeFetch, defaultHandler, jsonResponse } from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const here: SignedInSession = {
  id: 'grant-here',
  clientId: 'carecircle-web',
  clientName: 'CareCircle (web)',
  signedInAt: '2026-12-03T09:30:00.000Z',
  lastUsedAt: null,
  current: true,
};
const phone: SignedInSession = {
  ...here,
  id: 'grant-phone',
  clientId: 'carecircle-mobile',
  clientName: 'CareCircle mobile',
  current: false,
};

describe('ActiveSessions on the profile', () => {
  it('lists where I am signed in and signs out another device', async () => {
    let items = [here, phone];
    const deleted: string[] = [];
    const fetch = createFakeFetch((req) => {
      if (req.url.pathname === '/api/v1/me/sessions') return jsonResponse({ items });
      if (req.url.pathname.startsWith('/api/v1/me/sessions/') && req.method === 'DELETE') {
        deleted.push(req.url.pathname.split('/').at(-1)!);
        items = [here];
        return new Response(null, { status: 204 });
      }
      return defaultHandler(req);
    });
    const { user } = renderApp({ path: '/profile', session: signedInSession(), fetch });
    const card = (await screen.findByRole('heading', { name: 'Where you’re signed in' })).closest(
      'section',
    )!;
    expect(await within(card).findByText('CareCircle (web) · This device')).toBeVisible();
    expect(within(card).queryByRole('button', { name: 'Sign out CareCircle (web)' })).toBeNull();

    await user.click(within(card).getByRole('button', { name: 'Sign out CareCircle mobile' }));

    expect(await within(card).findByText('Signed out.')).toBeVisible();
    expect(deleted).toEqual(['grant-phone']);
    expect(within(card).queryByText('CareCircle mobile')).toBeNull();
    expect(
      within(card).getByRole('link', { name: 'See who has looked at your information' }),
    ).toHaveAttribute('href', '/profile/access-history');
  });

  it('is not shown when signed out', async () => {
    renderApp({ path: '/profile' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Where you’re signed in' })).toBeNull();
  });
});
