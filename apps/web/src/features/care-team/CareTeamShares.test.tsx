import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CareShare, Me } from '@carecircle/core';
import { createFakeFetch, defaultHandler, jsonResponse } from '../../test/fake-api.ts';
import { chen } from '../../test/fixtures.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const maria: Me = {
  id: '0b7a6f8e-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
  email: 'maria@example.org',
  name: 'Maria Alvarez',
  roles: ['patient'],
  status: 'active',
  locale: 'en',
  timeZone: 'America/New_York',
  emailVerified: true,
};

const share: CareShare = {
  id: '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c',
  provider: { id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', name: 'Dr. Amara Okafor' },
  createdAt: '2026-11-20T15:00:00.000Z',
};

describe('CareTeamShares on the profile', () => {
  it('lists the providers I share with and stops sharing with one', async () => {
    let items = [share];
    const ended: string[] = [];
    const fetch = createFakeFetch((req) => {
      if (req.url.pathname === '/api/v1/me') return jsonResponse(maria);
      if (req.url.pathname === '/api/v1/care-shares') return jsonResponse({ items });
      if (req.url.pathname.startsWith('/api/v1/care-shares/') && req.method === 'DELETE') {
        ended.push(req.url.pathname.split('/').at(-1)!);
        items = [];
        return new Response(null, { status: 204 });
      }
      return defaultHandler(req);
    });
    const { user } = renderApp({ path: '/profile', session: signedInSession(), fetch });
    const card = (
      await screen.findByRole('heading', { name: 'Shared with your care team' })
    ).closest('section')!;
    expect(await within(card).findByText('Dr. Amara Okafor')).toBeVisible();

    await user.click(
      within(card).getByRole('button', { name: 'Stop sharing with Dr. Amara Okafor' }),
    );

    expect(
      await within(card).findByText('Dr. Amara Okafor can no longer see your records.'),
    ).toBeVisible();
    expect(ended).toEqual([share.id]);
    expect(
      await within(card).findByText(
        'You are not sharing your records with any doctor or therapist.',
      ),
    ).toBeVisible();
  });

  it('shares my records with a provider I choose, who then leaves the choice list', async () => {
    let items: CareShare[] = [];
    const posted: unknown[] = [];
    const fetch = createFakeFetch((req) => {
      if (req.url.pathname === '/api/v1/me') return jsonResponse(maria);
      if (req.url.pathname === '/api/v1/care-shares' && req.method === 'POST') {
        posted.push(req.body);
        items = [
          { id: share.id, provider: { id: chen.id, name: chen.name }, createdAt: share.createdAt },
        ];
        return jsonResponse(items[0], 201);
      }
      if (req.url.pathname === '/api/v1/care-shares') return jsonResponse({ items });
      return defaultHandler(req);
    });
    const { user } = renderApp({ path: '/profile', session: signedInSession(), fetch });
    const card = (
      await screen.findByRole('heading', { name: 'Shared with your care team' })
    ).closest('section')!;
    const select = await within(card).findByLabelText('Share my records with');
    await within(card).findByRole('option', { name: `${chen.name} — ${chen.specialty}` });
    await user.selectOptions(select, chen.id);
    await user.click(within(card).getByRole('button', { name: 'Share my records' }));

    expect(await within(card).findByText(`${chen.name} can now see your records.`)).toBeVisible();
    expect(posted).toEqual([{ providerId: chen.id }]);
    expect(
      await within(card).findByRole('button', { name: `Stop sharing with ${chen.name}` }),
    ).toBeVisible();
    expect(
      within(card).queryByRole('option', { name: `${chen.name} — ${chen.specialty}` }),
    ).toBeNull();
  });

  it('is not shown when signed out', async () => {
    renderApp({ path: '/profile' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Shared with your care team' })).toBeNull();
  });
});
