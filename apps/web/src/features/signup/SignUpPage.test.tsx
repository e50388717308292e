import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  createFakeFetch,
  defaultHandler,
  jsonResponse,
  type Handler,
} from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';

function problem(status: number, type: string, detail: string, errors?: unknown[]): Response {
  return new Response(
    JSON.stringify({
      type: `https://carecircle.example/problems/${type}`,
      title: 'Problem',
      status,
      detail,
      ...(errors ? { errors } : {}),
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/** A server whose POST /api/v1/accounts answers with `respond`, recording the bodies it got. */
function signUpServer(respond: (body: Record<string, unknown>) => Response) {
  const bodies: Record<string, unknown>[] = [];
  const handler: Handler = (request) => {
    if (request.url.pathname === '/api/v1/accounts' && request.method === 'POST') {
      const body = request.body as Record<string, unknown>;
      bodies.push(body);
      return respond(body);
    }
    return defaultHandler(request);
  };
  return { fetch: createFakeFetch(handler), bodies };
}

async function fillForm(user: ReturnType<typeof renderApp>['user']) {
  await user.type(screen.getByLabelText('Your name'), 'Maria Alvarez');
  await user.type(screen.getByLabelText('E-mail address'), 'maria@example.org');
  await user.type(screen.getByLabelText('Password'), 'password1234');
  await user.click(screen.getByRole('checkbox', { name: 'I am a patient' }));
  await user.click(screen.getByRole('checkbox', { name: 'I care for someone' }));
}

describe('Sign-up page', () => {
  it('is linked from Home and shows the password rules up front', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('link', { name: 'Create an account' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Create your account' }),
    ).toBeVisible();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      /At least 12 characters\. A short sentence/,
    );
    const roles = screen.getByRole('group', { name: 'How will you use CareCircle?' });
    expect(
      within(roles)
        .getAllByRole('checkbox')
        .map((c) => c.closest('label')!.textContent),
    ).toEqual([
      'I am a patient',
      'I care for someone',
      'I want to volunteer',
      'I am a healthcare provider (needs verification)',
    ]);
  });

  it('puts each API field error next to its field and moves focus to the first one', async () => {
    const server = signUpServer(() =>
      problem(400, 'validation', 'fields', [
        {
          path: 'body.password',
          message: 'This password is too common. Try a longer phrase.',
          code: 'password-too-common',
        },
        { path: 'body.email', message: 'Must be an e-mail address', code: 'invalid_format' },
      ]),
    );
    const { user } = renderApp({ path: '/sign-up', fetch: server.fetch });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create my account' }));

    const email = screen.getByLabelText('E-mail address');
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(email).toHaveFocus()); // first field with an error, in form order
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(
      expect.stringContaining('Enter an e-mail address such as name@example.org.'),
    );
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription(
      expect.stringContaining('This password is too common. Try a longer phrase.'),
    );
    expect(screen.getByLabelText('Your name')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Please fix the fields marked below.');

    expect(server.bodies).toHaveLength(1);
    expect(server.bodies[0]).toMatchObject({
      name: 'Maria Alvarez',
      email: 'maria@example.org',
      password: 'password1234',
      roles: ['patient', 'caregiver'],
      locale: 'en',
    });
  });

  it('shows a roles error on the group and focuses its first checkbox', async () => {
    const server = signUpServer(() =>
      problem(400, 'validation', 'roles', [
        { path: 'body.roles', message: 'Pick at least one role', code: 'too_small' },
      ]),
    );
    const { user } = renderApp({ path: '/sign-up', fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Create my account' }));
    const first = screen.getByRole('checkbox', { name: 'I am a patient' });
    await waitFor(() => expect(first).toHaveFocus());
    expect(
      screen.getByRole('group', { name: 'How will you use CareCircle?' }),
    ).toHaveAccessibleDescription(expect.stringContaining('Pick at least one.'));
  });

  it('says on the e-mail field when the address is taken, with a way to reset', async () => {
    const server = signUpServer(() =>
      problem(409, 'email-taken', 'An account with this e-mail address already exists.'),
    );
    const { user } = renderApp({ path: '/sign-up', fetch: server.fetch });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    const email = screen.getByLabelText('E-mail address');
    await waitFor(() => expect(email).toHaveFocus());
    expect(email).toHaveAccessibleDescription(expect.stringContaining('already exists'));
    expect(screen.getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute(
      'href',
      '/forgot-password',
    );
  });

  it('shows the server’s plain message when sign-ups are throttled', async () => {
    const server = signUpServer(() =>
      problem(
        429,
        'too-many-requests',
        'Too many sign-ups from this network. Try again in 12 minutes.',
      ),
    );
    const { user } = renderApp({ path: '/sign-up', fetch: server.fetch });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many sign-ups from this network. Try again in 12 minutes.',
    );
  });

  it('says “Check your e-mail” after signing up, and that providers wait for verification', async () => {
    const server = signUpServer((body) =>
      jsonResponse(
        {
          id: '7d1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c',
          email: body.email,
          name: body.name,
          roles: body.roles,
          status: 'pending',
          locale: 'en',
          timeZone: 'UTC',
        },
        201,
      ),
    );
    const { user } = renderApp({ path: '/sign-up', fetch: server.fetch });
    await user.type(await screen.findByLabelText('Your name'), 'Dr. Amara Okafor');
    await user.type(screen.getByLabelText('E-mail address'), 'amara@example.org');
    await user.type(screen.getByLabelText('Password'), 'knees and hips all day');
    await user.click(
      screen.getByRole('checkbox', { name: 'I am a healthcare provider (needs verification)' }),
    );
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Check your e-mail' }),
    ).toBeVisible();
    expect(screen.getByText(/We sent a link to amara@example\.org\./)).toBeVisible();
    expect(screen.getByText(/will check your details as a healthcare provider/)).toBeVisible();
    expect(server.bodies[0]!.roles).toEqual(['provider']);
  });

  it('is in Spanish when the language is Spanish', async () => {
    renderApp({ path: '/sign-up', locale: 'es' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Cree su cuenta' })).toBeVisible();
    expect(screen.getByRole('checkbox', { name: 'Cuido a alguien' })).toBeVisible();
  });
});

describe('e-mail links', () => {
  it('verifies the address once from the link and says so', async () => {
    const seen: unknown[] = [];
    const fetch = createFakeFetch((request) => {
      if (request.url.pathname === '/api/v1/email-verifications') {
        seen.push(request.body);
        return new Response(null, { status: 204 });
      }
      return defaultHandler(request);
    });
    renderApp({ path: '/verify-email?token=abc_123', fetch });
    expect(await screen.findByText('Your e-mail address is confirmed')).toBeVisible();
    expect(seen).toEqual([{ token: 'abc_123' }]);
  });

  it('says when a verification link no longer works', async () => {
    const fetch = createFakeFetch((request) =>
      request.url.pathname === '/api/v1/email-verifications'
        ? problem(400, 'link-invalid', 'This link has expired or was already used.')
        : defaultHandler(request),
    );
    renderApp({ path: '/verify-email?token=old', fetch });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This link does not work');
    expect(alert).toHaveTextContent('This link has expired or was already used.');
  });

  it('asks for a reset link and answers the same whatever the address', async () => {
    const fetch = createFakeFetch((request) =>
      request.url.pathname === '/api/v1/password-resets'
        ? new Response(null, { status: 202 })
        : defaultHandler(request),
    );
    const { user } = renderApp({ path: '/forgot-password', fetch });
    await user.type(await screen.findByLabelText('E-mail address'), 'sofia@example.org');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect(
      await screen.findByText(/If an account uses sofia@example\.org, we sent it a link/),
    ).toBeVisible();
  });

  it('sets a new password, showing a policy error on the field first', async () => {
    let calls = 0;
    const fetch = createFakeFetch((request) => {
      if (request.url.pathname !== '/api/v1/password-resets/confirm')
        return defaultHandler(request);
      calls += 1;
      return calls === 1
        ? problem(400, 'validation', 'weak', [
            {
              path: 'body.password',
              message: 'Do not use your name or e-mail address in your password.',
              code: 'password-personal',
            },
          ])
        : new Response(null, { status: 204 });
    });
    const { user } = renderApp({ path: '/reset-password?token=t1', fetch });
    const field = await screen.findByLabelText('New password');
    await user.type(field, 'sofia alvarez 2026');
    await user.click(screen.getByRole('button', { name: 'Save my new password' }));
    await waitFor(() => expect(field).toHaveFocus());
    expect(field).toHaveAccessibleDescription(
      expect.stringContaining('Do not use your name or e-mail address in your password.'),
    );
    await user.clear(field);
    await user.type(field, 'tulips along the canal');
    await user.click(screen.getByRole('button', { name: 'Save my new password' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your password is changed' }),
    ).toBeVisible();
  });
});
