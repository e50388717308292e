import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Me } from '@carecircle/core';
import { createApiClient } from '@carecircle/client';
import { AppProviders } from '../../app/AppProviders.tsx';
import { createWebI18n } from '../../app/i18n/index.ts';
import { browserStore } from '../../lib/storage.ts';
import { createFakeFetch, jsonResponse } from '../../test/fake-api.ts';
import { signedInSession } from '../../test/signed-in-session.ts';
import { AccountSettings } from './AccountSettings.tsx';

const ME: Me = {
  id: '4b0c5c1e-1111-4222-8333-944444444444',
  email: 'maria@example.org',
  name: 'Maria Alvarez',
  roles: ['patient'],
  locale: 'es',
  timeZone: 'America/New_York',
  status: 'active',
  emailVerified: true,
};

/** A fake server with my account; refuses a zone it does not know, naming the field. */
function fakeServer() {
  let me = { ...ME };
  const patches: unknown[] = [];
  const fetch = createFakeFetch(({ url, method, body }) => {
    if (url.pathname !== '/api/v1/me') return jsonResponse({}, 404);
    if (method === 'GET') return jsonResponse(me);
    patches.push(body);
    const change = body as { timeZone?: string; locale?: 'en' | 'es' };
    if (change.timeZone === 'Etc/Unknown') {
      return new Response(
        JSON.stringify({
          type: 'https://carecircle.example/problems/validation',
          title: 'Some fields need fixing',
          status: 400,
          errors: [
            {
              path: 'body.timeZone',
              message: 'Must be an IANA time zone such as America/New_York',
              code: 'custom',
            },
          ],
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    me = { ...me, ...change };
    return jsonResponse(me);
  });
  return { fetch, patches };
}

function renderSettings(server: ReturnType<typeof fakeServer>) {
  const deps = {
    apiClient: createApiClient({ baseUrl: '', fetch: server.fetch }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
    i18n: createWebI18n('en'),
    store: browserStore(),
    session: signedInSession(),
  };
  render(
    <AppProviders deps={deps}>
      <AccountSettings />
    </AppProviders>,
  );
  return { user: userEvent.setup() };
}

const card = () =>
  screen
    .getByRole('heading', { level: 2, name: 'Time zone and e-mail language' })
    .closest('section')!;

describe('AccountSettings', () => {
  it('shows my account’s zone and language and saves a change', async () => {
    const server = fakeServer();
    const { user } = renderSettings(server);
    const zone = await screen.findByRole('combobox', { name: 'Time zone' });
    expect(zone).toHaveValue('America/New_York');
    const language = within(card()).getByRole('group', {
      name: 'Language of e-mails and reminders',
    });
    expect(within(language).getByRole('radio', { name: 'Español' })).toBeChecked();

    await user.selectOptions(zone, 'Europe/Madrid');
    await user.click(within(language).getByRole('radio', { name: 'English' }));
    await user.click(within(card()).getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText('Saved. Reminders and e-mails use these from now on.'),
    ).toBeVisible();
    expect(server.patches).toEqual([{ timeZone: 'Europe/Madrid', locale: 'en' }]);
  });

  it('shows the server’s refusal next to the time zone', async () => {
    const server = fakeServer();
    const { user } = renderSettings(server);
    const zone = await screen.findByRole('combobox', { name: 'Time zone' });
    // A zone the server does not know (offered here to reach the refusal).
    const option = document.createElement('option');
    option.value = 'Etc/Unknown';
    option.textContent = 'Etc/Unknown';
    zone.appendChild(option);
    await user.selectOptions(zone, 'Etc/Unknown');
    await user.click(within(card()).getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Must be an IANA time zone such as America/New_York'),
    ).toBeVisible();
    expect(zone).toHaveAccessibleDescription(
      expect.stringContaining('Must be an IANA time zone') as unknown,
    );
  });
});
