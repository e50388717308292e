import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me } from '@carecircle/core';
import { createFakeConnect, lakeside, patient } from '../connect/connect-fake-server.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const admin: Me = { ...patient, name: 'Sam Rivera', roles: ['admin'] };
const ADMIN_SYSTEMS = '/api/v1/admin/health-systems';

function badRequest(path: string, message: string): Response {
  return new Response(
    JSON.stringify({
      type: 'https://carecircle.example/problems/validation',
      title: 'Some fields need fixing',
      status: 400,
      detail: `${path}: ${message}`,
      errors: [{ path, message }],
    }),
    { status: 400, headers: { 'content-type': 'application/problem+json' } },
  );
}

describe('Health systems (admin)', { timeout: 15_000 }, () => {
  it('is linked from the admin area and lists the registered systems', async () => {
    const server = createFakeConnect({
      me: admin,
      systems: [
        lakeside,
        {
          ...lakeside,
          id: crypto.randomUUID(),
          name: 'Old Clinic',
          fhirBaseUrl: 'https://old.example/fhir',
          disabled: true,
        },
      ],
    });
    const { user } = renderApp({ path: '/admin', session: signedInSession(), fetch: server.fetch });
    await user.click(
      await screen.findByRole('link', { name: 'Health systems patients can connect to' }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Health systems' })).toBeVisible();
    const lake = (await screen.findByRole('rowheader', { name: 'Lakeside Hospital' })).closest(
      'tr',
    )!;
    expect(lake).toHaveTextContent('https://fhir.lakeside.example/r4');
    expect(lake).toHaveTextContent('carecircle');
    expect(lake).toHaveTextContent('Offered to patients');
    const old = screen.getByRole('rowheader', { name: 'Old Clinic' }).closest('tr')!;
    expect(old).toHaveTextContent('Disabled');
    expect(within(old).queryByRole('button')).toBeNull();
  });

  it('registers a system, showing the field the server refused', async () => {
    const server = createFakeConnect({
      me: admin,
      systems: [],
      create: (body) =>
        body.fhirBaseUrl.startsWith('http:')
          ? badRequest('body.fhirBaseUrl', 'Must be an https URL')
          : undefined,
    });
    const { user } = renderApp({
      path: '/admin/health-systems',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(
      await screen.findByText('No health systems are registered yet. Register one below.'),
    ).toBeVisible();

    // Nothing is sent while a field is empty.
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
      expect.stringContaining('Enter the name patients know it by.'),
    );
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus();
    expect(server.requestsTo('POST', ADMIN_SYSTEMS)).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Hill Clinic');
    await user.type(
      screen.getByRole('textbox', { name: 'FHIR base URL' }),
      'http://hill.example/r4',
    );
    await user.type(screen.getByRole('textbox', { name: 'Client id' }), 'cc-hill');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    const url = screen.getByRole('textbox', { name: 'FHIR base URL' });
    expect(await screen.findByText('Must be an https URL')).toBeVisible();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveFocus();
    expect(server.requestsTo('POST', ADMIN_SYSTEMS)[0]!.body).toEqual({
      name: 'Hill Clinic',
      fhirBaseUrl: 'http://hill.example/r4',
      clientId: 'cc-hill',
    });

    await user.clear(url);
    await user.type(url, 'https://hill.example/r4');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(
      await screen.findByText('Hill Clinic is registered. Patients can connect to it now.'),
    ).toBeVisible();
    const row = (await screen.findByRole('rowheader', { name: 'Hill Clinic' })).closest('tr')!;
    expect(row).toHaveTextContent('https://hill.example/r4');
    expect(row).toHaveTextContent('cc-hill');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('');
  });

  it('shows an already registered server on its field', async () => {
    const server = createFakeConnect({
      me: admin,
      create: () =>
        new Response(
          JSON.stringify({
            type: 'https://carecircle.example/problems/health-system-exists',
            title: 'Conflict',
            status: 409,
            detail: 'This FHIR server is already registered.',
          }),
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
    });
    const { user } = renderApp({
      path: '/admin/health-systems',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Lakeside again');
    await user.type(
      screen.getByRole('textbox', { name: 'FHIR base URL' }),
      'https://fhir.lakeside.example/r4',
    );
    await user.type(screen.getByRole('textbox', { name: 'Client id' }), 'carecircle');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText('This FHIR server is already registered.')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'FHIR base URL' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('asks before disabling a system, and can cancel', async () => {
    const server = createFakeConnect({ me: admin });
    const { user } = renderApp({
      path: '/admin/health-systems',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Disable Lakeside Hospital' }));
    expect(screen.getByText(/Disable Lakeside Hospital\? Patients can no longer/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server.requestsTo('POST', `${ADMIN_SYSTEMS}/${lakeside.id}/disable`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Disable Lakeside Hospital' }));
    await user.click(screen.getByRole('button', { name: 'Yes, disable' }));

    expect(
      await screen.findByText('Lakeside Hospital is disabled. Patients no longer see it.'),
    ).toBeVisible();
    expect(server.requestsTo('POST', `${ADMIN_SYSTEMS}/${lakeside.id}/disable`)).toHaveLength(1);
    const row = screen.getByRole('rowheader', { name: 'Lakeside Hospital' }).closest('tr')!;
    expect(await within(row).findByText('Disabled')).toBeVisible();
    expect(within(row).queryByRole('button')).toBeNull();
  });

  it('shows nothing of it to a patient', async () => {
    const server = createFakeConnect();
    renderApp({ path: '/admin/health-systems', session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByText('Only admins can manage health systems.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Register' })).toBeNull();
    expect(server.requests.some((r) => r.path.startsWith('/api/v1/admin/'))).toBe(false);
  });
});
