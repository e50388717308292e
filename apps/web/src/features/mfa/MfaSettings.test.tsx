import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { MfaStatus } from '@carecircle/core';
import { createApiClient } from '@carecircle/client';
import { AppProviders } from '../../app/AppProviders.tsx';
import { createWebI18n } from '../../app/i18n/index.ts';
import { browserStore } from '../../lib/storage.ts';
import { createFakeFetch, jsonResponse, problemResponse } from '../../test/fake-api.ts';
import type { AuthSession } from '../auth/session.ts';
import { MfaSettings } from './MfaSettings.tsx';

const state = { status: 'signed-in' } as const;
const signedIn: AuthSession = {
  getState: () => state,
  subscribe: () => () => undefined,
  getAccessToken: () => Promise.resolve('token'),
  signIn: () => Promise.resolve(),
  resume: () => Promise.resolve(),
  completeSignIn: () => Promise.resolve('/'),
  signOut: () => Promise.resolve(),
  expire: () => Promise.resolve(),
};

const CODES = Array.from({ length: 10 }, (_, i) => `abcde-fgh${i}k`);

/** A fake server keeping the two-step sign-in state; the right code is 123456. */
function fakeServer(initial: Partial<MfaStatus> = {}) {
  let status: MfaStatus = {
    enabled: false,
    required: false,
    enabledAt: null,
    recoveryCodesLeft: 0,
    ...initial,
  };
  const calls: { path: string; body?: unknown }[] = [];
  const fetch = createFakeFetch(({ url, method, body }) => {
    const path = url.pathname;
    calls.push({ path, body });
    const code = (body as { code?: string } | undefined)?.code;
    if (path === '/api/v1/me/mfa' && method === 'GET') return jsonResponse(status);
    if (path === '/api/v1/me/mfa/enrolment')
      return jsonResponse(
        {
          otpauthUri: 'otpauth://totp/CareCircle:me%40example.org?secret=ABCD',
          qrCode: 'data:image/svg+xml;base64,PHN2Zy8+',
          manualKey: 'ABCD EFGH IJKL MNOP',
        },
        201,
      );
    if (code !== '123456') return problemResponse(400, 'Some fields need fixing', 'Wrong code');
    if (path === '/api/v1/me/mfa/enrolment/confirm') {
      status = {
        ...status,
        enabled: true,
        enabledAt: '2026-12-01T10:00:00Z',
        recoveryCodesLeft: 10,
      };
      return jsonResponse({ recoveryCodes: CODES });
    }
    if (path === '/api/v1/me/mfa/disable') {
      status = { ...status, enabled: false, enabledAt: null, recoveryCodesLeft: 0 };
      return jsonResponse(status);
    }
    if (path === '/api/v1/me/mfa/recovery-codes') return jsonResponse({ recoveryCodes: CODES });
    return problemResponse(404, 'Not found');
  });
  return { fetch, calls };
}

function renderSettings(server: ReturnType<typeof fakeServer>, locale: 'en' | 'es' = 'en') {
  const deps = {
    apiClient: createApiClient({
      baseUrl: '',
      fetch: server.fetch,
      getAccessToken: () => Promise.resolve('token'),
    }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
    i18n: createWebI18n(locale),
    store: browserStore(),
    session: signedIn,
  };
  const user = userEvent.setup();
  render(
    <AppProviders deps={deps}>
      <MfaSettings />
    </AppProviders>,
  );
  return { user };
}

const section = () =>
  screen.getByRole('heading', { level: 2, name: 'Two-step sign-in' }).closest('section')!;

describe('MfaSettings', () => {
  it('turns two-step sign-in on: QR code with alt text, key, code, recovery codes shown once', async () => {
    const server = fakeServer();
    const { user } = renderSettings(server);
    expect(await screen.findByText('Two-step sign-in is off.')).toBeVisible();

    await user.click(within(section()).getByRole('button', { name: 'Turn on two-step sign-in' }));
    expect(await screen.findByRole('img', { name: /QR code to add CareCircle/ })).toHaveAttribute(
      'src',
      'data:image/svg+xml;base64,PHN2Zy8+',
    );
    expect(screen.getByText('ABCD EFGH IJKL MNOP')).toBeVisible();

    const field = screen.getByRole('textbox', {
      name: 'Then enter the 6-digit code the app shows',
    });
    expect(field).toHaveAttribute('autocomplete', 'one-time-code');
    expect(field).toHaveAttribute('inputmode', 'numeric');
    await user.type(field, '000000');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(
      await screen.findByText('That code is not right. Try the newest code from your app.'),
    ).toBeVisible();
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.clear(field);
    await user.type(field, '123456');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(
      server.calls.filter((c) => c.path === '/api/v1/me/mfa/enrolment/confirm').at(-1)?.body,
    ).toEqual({ code: '123456' });

    const done = screen.getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'I saved my recovery codes' }));
    await user.click(done);
    expect(await screen.findByText(/Two-step sign-in is on\./)).toBeVisible();
    expect(screen.getByText('10 recovery codes left.')).toBeVisible();
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull();
  });

  it('turns it off with a code, and makes new recovery codes', async () => {
    const server = fakeServer({
      enabled: true,
      enabledAt: '2026-12-01T10:00:00Z',
      recoveryCodesLeft: 4,
    });
    const { user } = renderSettings(server);
    expect(await screen.findByText('4 recovery codes left.')).toBeVisible();

    await user.type(screen.getByRole('textbox', { name: 'Code for new recovery codes' }), '123456');
    await user.click(screen.getByRole('button', { name: 'Make new recovery codes' }));
    expect(await screen.findByRole('list', { name: 'Recovery codes' })).toBeVisible();
    await user.click(screen.getByRole('checkbox', { name: 'I saved my recovery codes' }));
    await user.click(screen.getByRole('button', { name: 'Done' }));

    await user.type(
      await screen.findByRole('textbox', { name: 'Code to turn off two-step sign-in' }),
      '123456',
    );
    await user.click(screen.getByRole('button', { name: 'Turn off two-step sign-in' }));
    expect(await screen.findByText('Two-step sign-in is off.')).toBeVisible();
    expect(server.calls.map((c) => c.path)).toContain('/api/v1/me/mfa/disable');
  });

  it('does not offer turning it off to providers, and speaks Spanish', async () => {
    const server = fakeServer({ enabled: true, required: true, recoveryCodesLeft: 10 });
    renderSettings(server, 'es');
    expect(
      await screen.findByText(/es obligatorio para profesionales, administradores y auditores/),
    ).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Acceso en dos pasos' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Desactivar el acceso en dos pasos' })).toBeNull();
  });
});
