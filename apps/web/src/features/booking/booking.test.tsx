import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch } from '../../test/fake-api.ts';
import { createFakeScheduling, mariaGrant } from '../../test/fake-scheduling.ts';
import { chen, okafor } from '../../test/fixtures.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import type { AuthSession } from '../auth/session.ts';
import { createActingForStore } from '../sharing/acting-for-store.ts';

// Tuesday 1 December 2026, 9:00 in Madrid. The fake offers slots daily at 15:00 and 15:30 UTC
// (16:00 and 16:30 in Madrid, 10:00 and 10:30 at the clinic in New York).
const NOW = new Date('2026-12-01T08:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const firstVisit = okafor.appointmentTypes[0]!;
let savedTz: string | undefined;

beforeEach(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'Europe/Madrid';
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

function signedOutSession(signIn = vi.fn(() => Promise.resolve())): AuthSession {
  const state = { status: 'signed-out' } as const;
  return {
    ...signedInSession(),
    getState: () => state,
    getAccessToken: () => Promise.resolve(undefined),
    signIn,
  };
}

function confirmUrl(start: string) {
  return `/book/${okafor.id}/confirm?type=${firstVisit.id}&start=${encodeURIComponent(start)}`;
}

describe('booking', { timeout: 15_000 }, () => {
  it('goes from Home to a booked appointment: search, slots in my zone, confirm, add to calendar', async () => {
    const server = createFakeScheduling();
    const fetch = createFakeFetch(server.handler);
    const createObjectURL = vi.fn(() => 'blob:ics');
    const revokeObjectURL = vi.fn();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL }));
    const { user } = renderApp({ session: signedInSession(), fetch });

    await user.click((await screen.findAllByRole('link', { name: 'Book an appointment' }))[0]!);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Book an appointment' }),
    ).toHaveFocus();
    await user.type(screen.getByRole('searchbox', { name: 'Specialty or name' }), 'ortho');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type of visit' }), 'video');
    // The search is debounced; the filters go along with it.
    await waitFor(() =>
      expect(server.requestsTo('GET', '/api/v1/providers').at(-1)!.path).toBe(
        '/api/v1/providers?q=ortho&modality=video',
      ),
    );
    await waitFor(() => expect(screen.getByText('1 provider found')).toBeVisible());
    const card = screen.getByRole('heading', { level: 3, name: okafor.name }).closest('li')!;
    expect(card).toHaveTextContent('Next free time: Tue 1 Dec, 15:30');
    expect(card).toHaveTextContent('First visit · 30 min · In person');

    await user.click(within(card).getByRole('link', { name: `See times with ${okafor.name}` }));
    expect(await screen.findByRole('heading', { level: 1, name: okafor.name })).toBeVisible();
    expect(screen.getByRole('radio', { name: 'First visit · 30 min · In person' })).toBeChecked();
    expect(
      screen.getByText(
        'Times shown in your time zone (Europe/Madrid); the clinic is in America/New_York.',
      ),
    ).toBeVisible();
    const tuesday = await screen.findByRole('list', { name: 'Times on Tuesday 1 December' });
    expect(
      within(tuesday)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['16:00', '16:30']);
    const slotsCall = server.requestsTo('GET', `/api/v1/providers/${okafor.id}/slots`)[0]!;
    const query = new URL(slotsCall.path, 'http://x').searchParams;
    expect(query.get('appointmentTypeId')).toBe(firstVisit.id);
    expect(query.get('from')).toBe(NOW.toISOString());
    // Up to local midnight a week later (Madrid is UTC+1 in December).
    expect(query.get('to')).toBe('2026-12-07T23:00:00.000Z');

    await user.click(screen.getByRole('button', { name: 'Next week' }));
    expect(await screen.findByText(/Week of/)).toHaveTextContent('Week of 8–14 Dec');
    expect(await screen.findByRole('button', { name: 'Tuesday 8 December, 16:00' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Previous week' }));
    await user.click(await screen.findByRole('button', { name: 'Tuesday 1 December, 16:00' }));

    const heading = await screen.findByRole('heading', { level: 1, name: 'Check and book' });
    expect(heading).toHaveFocus();
    expect(screen.getByText('Tue 1 Dec, 16:00')).toBeVisible();
    expect(screen.getByText('Tue 1 Dec, 10:00 at the clinic (America/New_York)')).toBeVisible();
    expect(screen.getByText('Riverside Clinic')).toBeVisible();
    expect(screen.queryByText(/Booking for/)).toBeNull();
    await user.type(
      screen.getByRole('textbox', { name: 'Reason for the visit (optional)' }),
      'Knee pain',
    );
    await user.click(screen.getByRole('button', { name: 'Book this time' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'You are booked' })).toHaveFocus();
    expect(
      screen.getByText(`Your appointment with ${okafor.name} is booked for Tue 1 Dec, 16:00.`),
    ).toBeVisible();
    const [post] = server.requestsTo('POST', '/api/v1/appointments');
    expect(post!.body).toEqual({
      providerId: okafor.id,
      appointmentTypeId: firstVisit.id,
      start: '2026-12-01T15:00:00.000Z',
      reason: 'Knee pain',
    });
    expect(post!.headers['idempotency-key']).toMatch(UUID);
    expect(post!.headers.authorization).toBe('Bearer test-access-token');

    await user.click(screen.getByRole('button', { name: 'Add to calendar' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    const [ics] = server.requests.filter((r) => r.path.endsWith('/calendar.ics'));
    expect(ics!.headers.authorization).toBe('Bearer test-access-token');
    vi.unstubAllGlobals();
  });

  it('says plainly when the slot was just taken and offers the next free ones right there', async () => {
    const server = createFakeScheduling({ taken: ['2026-12-01T15:00:00Z'] });
    const fetch = createFakeFetch(server.handler);
    const { user } = renderApp({
      path: confirmUrl('2026-12-01T15:00:00.000Z'),
      session: signedInSession(),
      fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Book this time' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Sorry, someone booked this time a moment ago.',
    );
    expect(screen.getByRole('heading', { level: 2, name: 'The next free times' })).toBeVisible();
    const next = await screen.findByRole('button', { name: 'Tuesday 1 December, 16:30' });
    expect(screen.queryByRole('button', { name: 'Tuesday 1 December, 16:00' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Book this time' })).toBeNull();
    const firstKey = server.requestsTo('POST', '/api/v1/appointments')[0]!.headers[
      'idempotency-key'
    ];

    await user.click(next);
    expect(await screen.findByText('Tue 1 Dec, 16:30')).toBeVisible();
    expect(screen.getByRole('heading', { level: 1, name: 'Check and book' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Book this time' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'You are booked' })).toBeVisible();
    const posts = server.requestsTo('POST', '/api/v1/appointments');
    expect(posts).toHaveLength(2);
    expect((posts[1]!.body as { start: string }).start).toBe('2026-12-01T15:30:00.000Z');
    // Another slot is another booking: a new Idempotency-Key.
    expect(posts[1]!.headers['idempotency-key']).toMatch(UUID);
    expect(posts[1]!.headers['idempotency-key']).not.toBe(firstKey);
  });

  it('retries with the same Idempotency-Key after a failure on the same screen', async () => {
    const server = createFakeScheduling();
    let failures = 1;
    const fetch = createFakeFetch((req) => {
      if (req.method === 'POST' && req.url.pathname === '/api/v1/appointments' && failures-- > 0) {
        server.requests.push({
          method: 'POST',
          path: req.url.pathname,
          headers: req.headers ?? {},
        });
        return Promise.reject(new TypeError('network down'));
      }
      return server.handler(req);
    });
    const { user } = renderApp({
      path: confirmUrl('2026-12-01T15:00:00.000Z'),
      session: signedInSession(),
      fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Book this time' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not book this time.');
    await user.click(screen.getByRole('button', { name: 'Book this time' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'You are booked' })).toBeVisible();
    const keys = server
      .requestsTo('POST', '/api/v1/appointments')
      .map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('books for the patient a caregiver acts for, and says so', async () => {
    const server = createFakeScheduling({ actingFor: [mariaGrant] });
    const fetch = createFakeFetch(server.handler);
    const actingFor = createActingForStore();
    actingFor.set(mariaGrant.patient.id);
    const { user } = renderApp({
      path: confirmUrl('2026-12-01T15:00:00.000Z'),
      session: signedInSession(),
      fetch,
      actingFor,
    });
    expect(await screen.findByText('Booking for Maria Alvarez')).toBeVisible();
    expect(screen.getByText('This appointment will be in Maria Alvarez’s name.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Book this time' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'You are booked' })).toBeVisible();
    const [post] = server.requestsTo('POST', '/api/v1/appointments');
    expect(post!.body).toMatchObject({ patientId: mariaGrant.patient.id });
    expect(post!.headers['x-acting-for']).toBe(mariaGrant.patient.id);
    expect(screen.getByText('Patient').nextElementSibling).toHaveTextContent('Maria Alvarez');
  });

  it('lets signed-out people see times, and brings them back to the same slot after signing in', async () => {
    const signIn = vi.fn(() => Promise.resolve());
    const server = createFakeScheduling();
    const { user } = renderApp({
      path: `/book/${okafor.id}`,
      session: signedOutSession(signIn),
      fetch: createFakeFetch(server.handler),
    });
    await user.click(await screen.findByRole('button', { name: 'Tuesday 1 December, 16:30' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Check and book' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Book this time' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in to book' }));
    expect(signIn).toHaveBeenCalledWith(confirmUrl('2026-12-01T15:30:00.000Z'));
    expect(server.requestsTo('POST', '/api/v1/appointments')).toHaveLength(0);
  });

  it('offers the waitlist when nothing is free, and joins it with the dates chosen', async () => {
    const server = createFakeScheduling({ fullyBooked: [chen.id] });
    const { user } = renderApp({
      path: `/book/${chen.id}`,
      session: signedInSession(),
      fetch: createFakeFetch(server.handler),
    });
    expect(
      await screen.findByRole('heading', { level: 3, name: 'No free times this week' }),
    ).toBeVisible();
    // A single visit type is shown as text, not as a one-option choice.
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByText('Diabetes review · 30 min · Phone call')).toBeVisible();
    const from = screen.getByLabelText('From');
    const until = screen.getByLabelText('Until');
    expect(from).toHaveValue('2026-12-01');
    await user.clear(until);
    await user.type(until, '2026-12-20');
    await user.click(screen.getByRole('button', { name: 'Join the waitlist' }));
    expect(
      await screen.findByText(
        'You are on the waitlist. We will let you know when a time frees up.',
      ),
    ).toBeVisible();
    expect(server.requestsTo('POST', '/api/v1/waitlist')[0]!.body).toEqual({
      providerId: chen.id,
      appointmentTypeId: chen.appointmentTypes[0]!.id,
      earliest: '2026-12-01',
      latest: '2026-12-20',
    });
  });

  it('opens on the week of the first free time', async () => {
    const later = { ...okafor, nextAvailable: '2026-12-16T10:00:00-05:00' };
    const server = createFakeScheduling({ providers: [later] });
    renderApp({ path: `/book/${okafor.id}`, fetch: createFakeFetch(server.handler) });
    expect(
      await screen.findByRole('button', { name: 'Wednesday 16 December, 16:00' }),
    ).toBeVisible();
    expect(screen.getByText('Week of 15–21 Dec')).toBeVisible();
    const query = new URL(
      server.requestsTo('GET', `/api/v1/providers/${okafor.id}/slots`)[0]!.path,
      'http://x',
    ).searchParams;
    expect(query.get('from')).toBe('2026-12-14T23:00:00.000Z');
  });

  it('speaks Spanish, with days the way people say them', async () => {
    const server = createFakeScheduling();
    renderApp({
      path: `/book/${okafor.id}`,
      locale: 'es',
      fetch: createFakeFetch(server.handler),
    });
    expect(
      await screen.findByRole('button', { name: 'Martes 1 de diciembre, 16:00' }),
    ).toBeVisible();
    expect(
      screen.getByText(
        'Horas en su zona horaria (Europe/Madrid); la clínica está en America/New_York.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Semana siguiente' })).toBeEnabled();
  });
});
