import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@carecircle/client';
import type { ActingForGrant, Grant, Me } from '@carecircle/core';
import { AppProviders } from '../../app/AppProviders.tsx';
import { createWebI18n } from '../../app/i18n/index.ts';
import { routes } from '../../app/routes.tsx';
import { browserStore } from '../../lib/storage.ts';
import { defaultHandler, jsonResponse, problemResponse } from '../../test/fake-api.ts';
import type { AuthSession } from '../auth/session.ts';
import { createActingForStore } from './acting-for-store.ts';

const MARIA = '0b7a6f8e-3c2d-4e1f-9a8b-7c6d5e4f3a2b';
const SOFIA = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const me = (id: string, name: string, roles: Me['roles']): Me => ({
  id,
  email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
  name,
  roles,
  status: 'active',
  locale: 'en',
  timeZone: 'America/New_York',
  emailVerified: true,
});

const sofiaGrant: Grant = {
  id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
  status: 'active',
  scopes: ['appointments:read', 'medications:read'],
  endsAt: null,
  inviteeEmail: 'sofia@example.org',
  caregiver: { id: SOFIA, name: 'Sofia Alvarez' },
  createdAt: '2026-11-01T10:00:00.000Z',
  acceptedAt: '2026-11-01T11:00:00.000Z',
  invitationExpiresAt: null,
};

const actingForMaria: ActingForGrant = {
  grantId: sofiaGrant.id,
  patient: { id: MARIA, name: 'Maria Alvarez' },
  scopes: ['appointments:read', 'medications:read'],
  endsAt: null,
};

interface Seen {
  method: string;
  path: string;
  body?: unknown;
  actingFor?: string;
}

/** A fake CareCircle server holding the sharing state of one signed-in person. */
function fakeServer(options: { who: Me; grants?: Grant[]; actingFor?: ActingForGrant[] }) {
  const state = { grants: [...(options.grants ?? [])], actingFor: options.actingFor ?? [] };
  const seen: Seen[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const headers = (init.headers ?? {}) as Record<string, string>;
    seen.push({ method, path: url.pathname, body, actingFor: headers['x-acting-for'] });
    const path = url.pathname;
    if (path === '/api/v1/me') return jsonResponse(options.who);
    if (path === '/api/v1/grants' && method === 'GET') return jsonResponse({ items: state.grants });
    if (path === '/api/v1/grants' && method === 'POST') {
      const input = body as { email: string; scopes: Grant['scopes']; endsAt?: string };
      const grant: Grant = {
        ...sofiaGrant,
        id: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
        status: 'pending',
        scopes: input.scopes,
        inviteeEmail: input.email,
        caregiver: null,
        acceptedAt: null,
        endsAt: input.endsAt ?? null,
        invitationExpiresAt: '2026-12-01T10:00:00.000Z',
      };
      state.grants = [grant, ...state.grants];
      return jsonResponse(grant, 201);
    }
    const revoke = /^\/api\/v1\/grants\/([0-9a-f-]{36})$/.exec(path);
    if (revoke && method === 'DELETE') {
      state.grants = state.grants.filter((g) => g.id !== revoke[1]);
      return new Response(null, { status: 204 });
    }
    if (path === '/api/v1/grants/acting-for') return jsonResponse({ items: state.actingFor });
    if (path === '/api/v1/grants/invitations/preview') {
      return (body as { token: string }).token === 'good-token-from-the-email-link'
        ? jsonResponse({
            patient: { name: 'Maria Alvarez' },
            scopes: ['appointments:read', 'records:read'],
            endsAt: null,
            expiresAt: '2026-12-01T10:00:00.000Z',
            forThisAccount: true,
          })
        : problemResponse(400, 'This link no longer works', 'This invitation has expired.');
    }
    if (path === '/api/v1/grants/invitations/accept') {
      state.actingFor = [actingForMaria];
      return jsonResponse(actingForMaria);
    }
    return defaultHandler({ url, method, body });
  });
  return { fetch, seen, state };
}

function signedInSession(): AuthSession {
  const state = { status: 'signed-in' } as const;
  return {
    getState: () => state,
    subscribe: () => () => {},
    getAccessToken: () => Promise.resolve('test-token'),
    signIn: vi.fn(() => Promise.resolve()),
    resume: () => Promise.resolve(),
    completeSignIn: () => Promise.resolve('/'),
    signOut: vi.fn(() => Promise.resolve()),
    expire: () => Promise.resolve(),
  };
}

function renderSignedIn(
  path: string,
  server: ReturnType<typeof fakeServer>,
  locale: 'en' | 'es' = 'en',
) {
  const actingFor = createActingForStore(window.sessionStorage);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity } },
  });
  const deps = {
    apiClient: createApiClient({
      baseUrl: '',
      fetch: server.fetch,
      getAccessToken: () => 'test-token',
      getActingFor: () => actingFor.get(),
    }),
    queryClient,
    i18n: createWebI18n(locale),
    store: browserStore(),
    session: signedInSession(),
    actingFor,
  };
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  render(
    <AppProviders deps={deps}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { user, router, actingFor };
}

async function sharingCard() {
  const heading = await screen.findByRole('heading', { level: 2, name: 'Sharing' });
  return heading.closest('section')!;
}

describe('Profile → Sharing (patient)', () => {
  it('says whom Maria shares with, in plain words', async () => {
    const server = fakeServer({
      who: me(MARIA, 'Maria Alvarez', ['patient']),
      grants: [sofiaGrant],
    });
    renderSignedIn('/profile', server);
    const card = await sharingCard();
    expect(
      await within(card).findByText(
        'Shared with: Sofia Alvarez — See my appointments, See my medicines',
      ),
    ).toBeVisible();
  });

  it('invites someone with the chosen scopes, checking the form first', async () => {
    const server = fakeServer({ who: me(MARIA, 'Maria Alvarez', ['patient']) });
    const { user } = renderSignedIn('/profile', server);
    const card = await sharingCard();
    expect(await within(card).findByText(/You do not share your information/)).toBeVisible();

    await user.click(within(card).getByRole('button', { name: 'Send invitation' }));
    const email = within(card).getByRole('textbox', { name: 'Their e-mail address' });
    expect(email).toHaveAccessibleDescription(/Enter an e-mail address/);
    expect(email).toHaveFocus();
    expect(
      within(card).getByRole('group', { name: 'What can they do for you?' }),
    ).toHaveAccessibleDescription(/Pick at least one thing they can do/);
    expect(server.seen.some((r) => r.method === 'POST')).toBe(false);

    await user.type(email, 'sofia@example.org');
    await user.click(
      within(card).getByRole('checkbox', { name: 'See my health records and test results' }),
    );
    await user.click(within(card).getByRole('checkbox', { name: 'See my medicines' }));
    await user.click(within(card).getByRole('button', { name: 'Send invitation' }));

    expect(
      await within(card).findByText('We sent a link to sofia@example.org. It works for 7 days.'),
    ).toBeVisible();
    expect(server.seen.find((r) => r.method === 'POST')?.body).toEqual({
      email: 'sofia@example.org',
      scopes: ['records:read', 'medications:read'],
    });
    expect(
      await within(card).findByText(
        'Invited: sofia@example.org — See my health records and test results, See my medicines (waiting for an answer)',
      ),
    ).toBeVisible();
  });

  it('stops sharing only after a confirmation', async () => {
    const server = fakeServer({
      who: me(MARIA, 'Maria Alvarez', ['patient']),
      grants: [sofiaGrant],
    });
    const { user } = renderSignedIn('/profile', server);
    const card = await sharingCard();
    await user.click(
      await within(card).findByRole('button', { name: 'Stop sharing with Sofia Alvarez' }),
    );
    expect(
      within(card).getByText('Stop sharing with Sofia Alvarez? They lose access right away.'),
    ).toBeVisible();
    await user.click(within(card).getByRole('button', { name: 'No, keep it' }));
    expect(server.seen.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(within(card).getByRole('button', { name: 'Stop sharing with Sofia Alvarez' }));
    await user.click(within(card).getByRole('button', { name: 'Yes, stop sharing' }));
    expect(await within(card).findByText(/You do not share your information/)).toBeVisible();
    expect(server.seen.find((r) => r.method === 'DELETE')?.path).toBe(
      `/api/v1/grants/${sofiaGrant.id}`,
    );
  });
});

describe('Acting for (caregiver)', () => {
  it('switches to Maria with a banner always in view, and sends X-Acting-For', async () => {
    const server = fakeServer({
      who: me(SOFIA, 'Sofia Alvarez', ['caregiver']),
      actingFor: [actingForMaria],
    });
    const { user } = renderSignedIn('/', server);
    const switcher = await screen.findByRole('combobox', { name: 'Acting for' });
    expect(screen.queryByRole('region', { name: 'Whom you are acting for' })).toBeNull();

    await user.selectOptions(switcher, 'Maria Alvarez');
    const banner = await screen.findByRole('region', { name: 'Whom you are acting for' });
    expect(within(banner).getByText('Acting for Maria Alvarez')).toBeVisible();

    // Requests made while acting carry the patient's id.
    server.seen.length = 0;
    await user.click(screen.getAllByRole('link', { name: /Profile/ })[0]!);
    await screen.findByRole('heading', { level: 1, name: 'Profile' });
    await vi.waitFor(() => expect(server.seen.length).toBeGreaterThan(0));
    expect(server.seen.every((r) => r.actingFor === MARIA)).toBe(true);

    await user.click(within(banner).getByRole('button', { name: 'Back to myself' }));
    expect(screen.queryByRole('region', { name: 'Whom you are acting for' })).toBeNull();
    expect(switcher).toHaveValue('');
  });

  it('stops acting for someone who is no longer on the list (revoked)', async () => {
    const server = fakeServer({ who: me(SOFIA, 'Sofia Alvarez', ['caregiver']), actingFor: [] });
    window.sessionStorage.setItem('carecircle.actingFor', MARIA);
    const { actingFor } = renderSignedIn('/', server);
    await vi.waitFor(() => expect(actingFor.get()).toBeUndefined());
    expect(window.sessionStorage.getItem('carecircle.actingFor')).toBeNull();
  });

  it('shows the banner in Spanish', async () => {
    const server = fakeServer({
      who: me(SOFIA, 'Sofia Alvarez', ['caregiver']),
      actingFor: [actingForMaria],
    });
    window.sessionStorage.setItem('carecircle.actingFor', MARIA);
    renderSignedIn('/', server, 'es');
    expect(await screen.findByText('Actuando por Maria Alvarez')).toBeVisible();
  });
});

describe('Accepting an invitation', () => {
  it('shows what is offered, accepts, and starts acting for the patient', async () => {
    const server = fakeServer({ who: me(SOFIA, 'Sofia Alvarez', ['patient']) });
    const { user, router } = renderSignedIn(
      '/invitations/accept?token=good-token-from-the-email-link',
      server,
    );
    expect(
      await screen.findByText('Maria Alvarez would like your help. You will be able to:'),
    ).toBeVisible();
    expect(screen.getByText('See my health records and test results')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Accept and help Maria Alvarez' }));
    expect(await screen.findByText('You can now help Maria Alvarez')).toBeVisible();
    expect(server.seen.find((r) => r.path === '/api/v1/grants/invitations/accept')?.body).toEqual({
      token: 'good-token-from-the-email-link',
    });

    await user.click(screen.getByRole('button', { name: 'Start acting for Maria Alvarez' }));
    expect(await screen.findByText('Acting for Maria Alvarez')).toBeVisible();
    expect(router.state.location.pathname).toBe('/');
  });

  it('says so when the link no longer works', async () => {
    const server = fakeServer({ who: me(SOFIA, 'Sofia Alvarez', ['patient']) });
    renderSignedIn('/invitations/accept?token=an-old-token-that-was-used', server);
    expect(await screen.findByText('This invitation does not work')).toBeVisible();
    expect(screen.getByText('This invitation has expired.')).toBeVisible();
  });
});
