import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me, SmartApp, SmartAppInput } from '@carecircle/core';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import {
  createFakeFetch,
  defaultHandler,
  jsonResponse,
  problemResponse,
} from '../../test/fake-api.ts';

const admin: Me = {
  id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  email: 'sam@example.org',
  name: 'Sam Rivera',
  roles: ['admin'],
  status: 'active',
  locale: 'en',
  timeZone: 'UTC',
  emailVerified: true,
};
const APPS = '/api/v1/admin/smart-apps';

const glucose: SmartApp = {
  clientId: 'smart-glucose',
  name: 'Glucose Buddy',
  redirectUris: ['https://glucose.example/cb'],
  clientType: 'public',
  scopes: ['openid', 'patient/Observation.rs'],
  launchUrl: null,
  status: 'active',
  createdAt: '2026-11-01T09:00:00.000Z',
  disabledAt: null,
};

/** A fake CareCircle server for the SMART apps page, recording what was sent. */
function fakeServer(options: {
  apps?: SmartApp[];
  register?: (body: SmartAppInput) => Response | undefined;
}) {
  const apps = [...(options.apps ?? [glucose])];
  const requests: { method: string; path: string; body?: unknown }[] = [];
  const fetch = createFakeFetch((req) => {
    const path = req.url.pathname;
    requests.push({ method: req.method, path, body: req.body });
    if (path === '/api/v1/me') return jsonResponse(admin);
    if (path === '/api/v1/grants/acting-for') return jsonResponse({ items: [] });
    if (path === APPS && req.method === 'GET') return jsonResponse({ items: apps });
    if (path === APPS && req.method === 'POST') {
      const body = req.body as SmartAppInput;
      const answer = options.register?.(body);
      if (answer) return answer;
      const app: SmartApp = {
        clientId: 'smart-new-app',
        name: body.name,
        redirectUris: body.redirectUris,
        clientType: body.clientType,
        scopes: body.scopes,
        launchUrl: body.launchUrl ?? null,
        status: 'active',
        createdAt: '2026-11-27T09:00:00.000Z',
        disabledAt: null,
      };
      apps.unshift(app);
      return jsonResponse(
        {
          app,
          clientSecret: body.clientType === 'confidential' ? 'the-secret-shown-once' : null,
        },
        201,
      );
    }
    const disable = /^\/api\/v1\/admin\/smart-apps\/([^/]+)\/disable$/.exec(path);
    if (disable && req.method === 'POST') {
      const i = apps.findIndex((a) => a.clientId === disable[1]);
      if (i < 0) return problemResponse(404, 'Not found');
      apps[i] = { ...apps[i]!, status: 'disabled', disabledAt: '2026-11-27T10:00:00.000Z' };
      return jsonResponse(apps[i]);
    }
    return defaultHandler(req);
  });
  return {
    fetch,
    requestsTo: (method: string, p: string) =>
      requests.filter((r) => r.method === method && r.path === p),
  };
}

describe('Third-party apps (admin)', { timeout: 15_000 }, () => {
  it('is linked from the admin area, lists apps and disables one after asking', async () => {
    const server = fakeServer({});
    const { user } = renderApp({ path: '/admin', session: signedInSession(), fetch: server.fetch });
    await user.click(await screen.findByRole('link', { name: 'Third-party apps (SMART on FHIR)' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Third-party apps' }),
    ).toBeVisible();
    const row = (await screen.findByRole('rowheader', { name: 'Glucose Buddy' })).closest('tr')!;
    expect(row).toHaveTextContent('smart-glucose');
    expect(row).toHaveTextContent('Public (no secret)');
    expect(row).toHaveTextContent('patient/Observation.rs');
    expect(row).toHaveTextContent('Active');

    await user.click(within(row).getByRole('button', { name: 'Disable Glucose Buddy' }));
    expect(server.requestsTo('POST', `${APPS}/smart-glucose/disable`)).toHaveLength(0);
    await user.click(within(row).getByRole('button', { name: 'Yes, disable' }));
    expect(await screen.findByText('Glucose Buddy is disabled.')).toBeVisible();
    expect(server.requestsTo('POST', `${APPS}/smart-glucose/disable`)).toHaveLength(1);
    const after = (await screen.findByRole('rowheader', { name: 'Glucose Buddy' })).closest('tr')!;
    await within(after).findByText('Disabled');
    expect(within(after).queryByRole('button')).toBeNull();
  });

  it('registers a confidential app and shows its secret once', async () => {
    const server = fakeServer({
      apps: [],
      register: (body) =>
        body.redirectUris.some((u) => u.includes('blocked'))
          ? new Response(
              JSON.stringify({
                type: 'https://carecircle.example/problems/validation',
                title: 'Some fields need fixing',
                status: 400,
                errors: [{ path: 'body.redirectUris.0', message: 'That address is not allowed' }],
              }),
              { status: 400, headers: { 'content-type': 'application/problem+json' } },
            )
          : undefined,
    });
    const { user } = renderApp({
      path: '/admin/smart-apps',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(
      await screen.findByText('No apps are registered yet. Register one below.'),
    ).toBeVisible();

    // Nothing is sent while fields are wrong; focus goes to the first.
    const name = screen.getByRole('textbox', { name: 'Name' });
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Enter the app’s name.'));
    expect(name).toHaveFocus();
    const redirects = screen.getByRole('textbox', { name: 'Redirect addresses' });
    expect(redirects).toHaveAttribute('aria-invalid', 'true');
    expect(server.requestsTo('POST', APPS)).toHaveLength(0);

    await user.type(name, 'Sleep Diary');
    await user.type(redirects, 'http://evil.example/cb');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(redirects).toHaveFocus();
    expect(server.requestsTo('POST', APPS)).toHaveLength(0);

    // The server's refusal shows on its field.
    await user.clear(redirects);
    await user.type(redirects, 'https://blocked.example/cb');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText('That address is not allowed')).toBeVisible();
    expect(redirects).toHaveFocus();

    await user.clear(redirects);
    await user.type(redirects, 'https://sleep.example/cb http://localhost:3000/cb');
    await user.click(screen.getByRole('radio', { name: 'Confidential (with a secret)' }));
    const scopes = screen.getByRole('textbox', { name: 'Allowed scopes' });
    await user.clear(scopes);
    await user.type(scopes, 'openid launch/patient patient/Observation.rs');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(await screen.findByText('Sleep Diary is registered')).toBeVisible();
    expect(screen.getByText('smart-new-app', { selector: 'dd code' })).toBeVisible();
    expect(screen.getByText('the-secret-shown-once')).toBeVisible();
    expect(screen.getByText(/will not be shown again/)).toBeVisible();
    expect(server.requestsTo('POST', APPS).at(-1)!.body).toEqual({
      name: 'Sleep Diary',
      redirectUris: ['https://sleep.example/cb', 'http://localhost:3000/cb'],
      clientType: 'confidential',
      scopes: ['openid', 'launch/patient', 'patient/Observation.rs'],
      launchUrl: null,
    });
    const row = (await screen.findByRole('rowheader', { name: 'Sleep Diary' })).closest('tr')!;
    expect(row).toHaveTextContent('Confidential (with a secret)');
    expect(row).not.toHaveTextContent('the-secret-shown-once');
    expect(name).toHaveValue('');
  });
});
