import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AdminAccount, Me } from '@carecircle/core';
import {
  createFakeFetch,
  defaultHandler,
  jsonResponse,
  requestedUrls,
  type Handler,
} from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const sam: Me = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'sam@example.org',
  name: 'Sam Rivera',
  roles: ['admin'],
  status: 'active',
  locale: 'en',
  timeZone: 'UTC',
  emailVerified: true,
};

const account = (over: Partial<AdminAccount>): AdminAccount => ({
  id: '22222222-2222-4222-8222-222222222222',
  email: 'person@example.org',
  name: 'Person',
  roles: ['patient'],
  status: 'active',
  emailVerified: true,
  createdAt: '2026-12-01T09:30:00.000Z',
  provider: null,
  ...over,
});

function adminServer(me: Me) {
  const accounts = new Map<string, AdminAccount>([
    [
      'p',
      account({
        id: '33333333-3333-4333-8333-333333333333',
        name: 'Dr. New Provider',
        roles: ['provider'],
        status: 'pending',
        provider: { specialty: 'Cardiology', locationName: 'Lake Clinic' },
      }),
    ],
    ['t', account({ id: '44444444-4444-4444-8444-444444444444', name: 'Tom Becker' })],
  ]);
  const calls: string[] = [];
  const handler: Handler = (req) => {
    const { pathname, searchParams } = req.url;
    if (pathname === '/api/v1/me') return jsonResponse(me);
    if (pathname === '/api/v1/admin/accounts') {
      const status = searchParams.get('status');
      const items = [...accounts.values()].filter((a) => !status || a.status === status);
      return jsonResponse({ items, total: items.length });
    }
    const action = /^\/api\/v1\/admin\/accounts\/([^/]+)\/(verify|suspend|reinstate)$/.exec(
      pathname,
    );
    if (action && req.method === 'POST') {
      calls.push(`${action[2]} ${action[1]}`);
      const [key, a] = [...accounts].find(([, v]) => v.id === action[1])!;
      const status = action[2] === 'suspend' ? 'disabled' : 'active';
      accounts.set(key, { ...a, status });
      return jsonResponse({ ...a, status });
    }
    return defaultHandler(req);
  };
  return { fetch: createFakeFetch(handler), calls };
}

describe('AdminPage', () => {
  it('shows the Admin entry only to admins, and verifies a pending provider', async () => {
    const server = adminServer(sam);
    const { user } = renderApp({ path: '/admin', session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByRole('link', { name: 'Admin' })).toBeVisible();
    const queue = (
      await screen.findByRole('heading', { name: 'Providers waiting for verification' })
    ).closest('section')!;
    expect(await within(queue).findByText(/Cardiology · Lake Clinic/)).toBeVisible();

    await user.click(within(queue).getByRole('button', { name: 'Verify Dr. New Provider' }));

    expect(
      await screen.findByText('Dr. New Provider is verified. We sent them an e-mail.'),
    ).toBeVisible();
    expect(server.calls).toEqual(['verify 33333333-3333-4333-8333-333333333333']);
  });

  it('asks before suspending, and can cancel', async () => {
    const server = adminServer(sam);
    const { user } = renderApp({ path: '/admin', session: signedInSession(), fetch: server.fetch });
    const suspend = await screen.findByRole('button', { name: 'Suspend Tom Becker' });
    await user.click(suspend);
    expect(screen.getByText(/Suspend Tom Becker\? They are signed out everywhere/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server.calls).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Suspend Tom Becker' }));
    await user.click(screen.getByRole('button', { name: 'Yes, continue' }));
    expect(
      await screen.findByText('Tom Becker is suspended and signed out everywhere.'),
    ).toBeVisible();
    expect(server.calls).toEqual(['suspend 44444444-4444-4444-8444-444444444444']);
    expect(await screen.findByRole('button', { name: 'Reinstate Tom Becker' })).toBeVisible();
  });

  it('has no Admin entry and no admin data for a patient', async () => {
    const server = adminServer({ ...sam, roles: ['patient'] });
    renderApp({ path: '/admin', session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(requestedUrls(server.fetch).some((u) => u.pathname.startsWith('/api/v1/admin/'))).toBe(
      false,
    );
  });
});
