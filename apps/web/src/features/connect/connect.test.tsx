import { configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../test/fake-api.ts';
import { mariaGrant } from '../../test/fake-scheduling.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { createActingForStore } from '../sharing/acting-for-store.ts';
import { connection, createFakeConnect, lakeside } from './connect-fake-server.ts';
import { goTo } from './go-to.ts';

// Leaving the app (window.location.assign) cannot be spied on in jsdom: stub the one place doing it.
vi.mock('./go-to.ts', () => ({ goTo: vi.fn() }));

afterEach(() => {
  vi.mocked(goTo).mockClear();
  configure({ reactStrictMode: false });
});

const COMPLETE = '/api/v1/records/connections/complete';

describe('Connect a health system', { timeout: 15_000 }, () => {
  it('explains what it does, and sends the browser to the health system to approve', async () => {
    const assign = vi.mocked(goTo);
    const server = createFakeConnect();
    const { user } = renderApp({
      path: '/records/connect',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Connect a health system' }),
    ).toBeVisible();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByText(/CareCircle only reads/)).toBeVisible();
    expect(await screen.findByText('You have not connected a health system yet.')).toBeVisible();

    await user.click(await screen.findByRole('button', { name: 'Connect Lakeside Hospital' }));

    await waitFor(() =>
      expect(assign).toHaveBeenCalledWith('https://fhir.lakeside.example/r4/authorize?state=xyz'),
    );
    expect(server.requestsTo('POST', '/api/v1/records/connections')[0]!.body).toEqual({
      healthSystemId: lakeside.id,
    });
  });

  it('shows why a system is not available, and lets the person try again', async () => {
    const assign = vi.mocked(goTo);
    const server = createFakeConnect({
      start: () =>
        new Response(
          JSON.stringify({
            type: 'https://carecircle.example/problems/health-system-unavailable',
            title: 'The health system is not available',
            status: 502,
            detail: 'The health system could not be reached.',
          }),
          { status: 502, headers: { 'content-type': 'application/problem+json' } },
        ),
    });
    const { user } = renderApp({
      path: '/records/connect',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Connect Lakeside Hospital' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not connect to Lakeside Hospital');
    expect(alert).toHaveTextContent('The health system could not be reached.');
    expect(assign).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Connect Lakeside Hospital' })).toBeEnabled();
  });

  it('hands the code and state to the server once, then shows the import until it is done', async () => {
    configure({ reactStrictMode: true });
    const importing = connection({ status: 'importing', fetched: 3 });
    const server = createFakeConnect({
      connections: [
        [importing],
        [{ ...importing, fetched: 12 }],
        [
          {
            ...importing,
            status: 'done',
            fetched: 14,
            summary: {
              added: { Condition: 2, Observation: 8 },
              duplicates: 4,
              ignored: 0,
              source: 'Lakeside Hospital',
            },
            finishedAt: '2026-11-20T10:02:00.000Z',
          },
        ],
      ],
    });
    const { router } = renderApp({
      path: '/records/connect/callback?code=the-code&state=state-1',
      session: signedInSession(),
      fetch: server.fetch,
    });

    await waitFor(() => expect(router.state.location.pathname).toBe('/records/connect'));
    expect(server.requestsTo('POST', COMPLETE).map((r) => r.body)).toEqual([
      { state: 'state-1', code: 'the-code' },
    ]);
    const item = (
      await screen.findByRole('heading', { level: 3, name: 'Lakeside Hospital' })
    ).closest('li')!;
    expect(await within(item).findByText(/Importing… \d+ records fetched/)).toBeVisible();
    expect(
      await within(item).findByText(
        'Done: 10 added, 4 already in your record',
        {},
        { timeout: 6000 },
      ),
    ).toBeVisible();
    expect(
      screen.getByText('Lakeside Hospital: done. 10 added, 4 already in your record.'),
    ).toHaveAttribute('role', 'status');
    expect(
      within(item).getByRole('button', { name: 'Connect Lakeside Hospital again' }),
    ).toBeVisible();

    // Done: no more asking.
    const calls = server.requestsTo('GET', '/api/v1/records/connections').length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(server.requestsTo('GET', '/api/v1/records/connections')).toHaveLength(calls);
    expect(server.requestsTo('POST', COMPLETE)).toHaveLength(1);
  });

  it('tells the server when the person declined at the health system', async () => {
    const failed = connection({
      status: 'failed',
      error: 'You did not approve sharing at the health system.',
      finishedAt: '2026-11-20T10:01:00.000Z',
    });
    const server = createFakeConnect({
      connections: [[failed]],
      complete: () => jsonResponse(failed),
    });
    renderApp({
      path: '/records/connect/callback?error=access_denied&state=state-2',
      session: signedInSession(),
      fetch: server.fetch,
    });

    expect(
      await screen.findByText('Failed: You did not approve sharing at the health system.'),
    ).toBeVisible();
    expect(server.requestsTo('POST', COMPLETE).map((r) => r.body)).toEqual([
      { state: 'state-2', error: 'access_denied' },
    ]);
    expect(screen.getByRole('button', { name: 'Connect Lakeside Hospital again' })).toBeVisible();
  });

  it('says so when the approval was already used, and sends nothing without an answer', async () => {
    const server = createFakeConnect({
      complete: () =>
        new Response(
          JSON.stringify({
            type: 'https://carecircle.example/problems/validation',
            title: 'Some fields need fixing',
            status: 400,
            detail: 'This approval has expired or was already used. Please connect again.',
            errors: [{ path: 'body.state', message: 'Unknown or expired' }],
          }),
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        ),
    });
    const { unmount } = renderApp({
      path: '/records/connect/callback?code=old&state=state-3',
      session: signedInSession(),
      fetch: server.fetch,
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The connection did not work');
    expect(alert).toHaveTextContent('This approval has expired or was already used.');
    expect(
      within(alert).getByRole('link', { name: 'Go to Connect a health system' }),
    ).toBeVisible();
    unmount();

    renderApp({
      path: '/records/connect/callback',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(
      await screen.findByText(/This page was opened without an answer from the health system/),
    ).toBeVisible();
    expect(server.requestsTo('POST', COMPLETE)).toHaveLength(1);
  });

  it('says when the care team has not set up any connections', async () => {
    const server = createFakeConnect({ systems: [] });
    renderApp({ path: '/records/connect', session: signedInSession(), fetch: server.fetch });
    expect(
      await screen.findByText('Your care team hasn’t set up any connections yet.'),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Connect/ })).toBeNull();
  });

  it('explains to a caregiver that only the patient can connect', async () => {
    const server = createFakeConnect({ actingFor: [mariaGrant] });
    const actingFor = createActingForStore();
    actingFor.set(mariaGrant.patient.id);
    renderApp({
      path: '/records/connect',
      session: signedInSession(),
      fetch: server.fetch,
      actingFor,
    });
    expect(await screen.findByText('Only Maria Alvarez can connect a health system')).toBeVisible();
    expect(screen.queryByRole('button', { name: /Connect/ })).toBeNull();
    expect(server.requestsTo('GET', '/api/v1/health-systems')).toHaveLength(0);
    expect(server.requestsTo('GET', '/api/v1/records/connections')).toHaveLength(0);
  });

  it('asks signed-out people to sign in', async () => {
    renderApp({ path: '/records/connect' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Connect a health system' }),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: /Connect Lakeside/ })).toBeNull();
  });
});
