import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment, WaitlistEntry } from '@carecircle/core';
import { createFakeFetch } from '../../test/fake-api.ts';
import { createFakeScheduling, patientMe } from '../../test/fake-scheduling.ts';
import { chen, okafor } from '../../test/fixtures.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

// Tuesday 1 December 2026, 9:00 in Madrid; the fake offers slots daily at 15:00/15:30 UTC.
const NOW = new Date('2026-12-01T08:00:00Z');
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

function appointment(overrides: Partial<Appointment> & { start: string }): Appointment {
  const type = okafor.appointmentTypes[0]!;
  const start = Date.parse(overrides.start);
  return {
    id: crypto.randomUUID(),
    patient: { id: patientMe.id, name: patientMe.name },
    provider: {
      id: okafor.id,
      name: okafor.name,
      specialty: okafor.specialty,
      location: okafor.location,
    },
    appointmentType: type,
    end: new Date(start + type.durationMinutes * 60_000).toISOString(),
    status: 'booked',
    reason: null,
    bookedBy: { id: patientMe.id, name: patientMe.name },
    cancellation: null,
    sequence: 0,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

const upcoming = appointment({ start: '2026-12-03T15:00:00.000Z', reason: 'Knee pain' });
const past = appointment({ start: '2026-11-10T15:00:00.000Z', status: 'completed' });

describe('appointments', { timeout: 15_000 }, () => {
  it('asks signed-out people to sign in', async () => {
    renderApp({ path: '/appointments' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Appointments' })).toBeVisible();
    expect(screen.getByText('Sign in to see your appointments.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  it('lists upcoming and past appointments, with a way to book', async () => {
    const server = createFakeScheduling({ appointments: [past, upcoming] });
    renderApp({
      path: '/appointments',
      session: signedInSession(),
      fetch: createFakeFetch(server.handler),
    });
    const upcomingSection = (
      await screen.findByRole('heading', { level: 2, name: 'Upcoming' })
    ).closest('section')!;
    const card = within(upcomingSection).getByRole('heading', { level: 3 }).closest('li')!;
    expect(card).toHaveTextContent('Thu 3 Dec, 16:00');
    expect(card).toHaveTextContent('Dr. Amara Okafor · Orthopaedic surgery');
    expect(card).toHaveTextContent('First visit · In person · Riverside Clinic');
    expect(
      within(card).getByRole('link', { name: 'Details of Thu 3 Dec, 16:00 with Dr. Amara Okafor' }),
    ).toHaveAttribute('href', `/appointments/${upcoming.id}`);
    const pastSection = screen
      .getByRole('heading', { level: 2, name: 'Past and cancelled' })
      .closest('section')!;
    expect(pastSection).toHaveTextContent('Tue 10 Nov, 16:00');
    expect(pastSection).toHaveTextContent('Done');
    expect(screen.getByRole('link', { name: 'Book an appointment' })).toHaveAttribute(
      'href',
      '/book',
    );
    const list = server.requestsTo('GET', '/api/v1/appointments')[0]!;
    const query = new URL(list.path, 'http://x').searchParams;
    expect(query.get('as')).toBe('patient');
    expect(Date.parse(query.get('to')!) - Date.parse(query.get('from')!)).toBeLessThanOrEqual(
      366 * 86_400_000,
    );
  });

  it('reschedules to a free slot, and keeps the time when the new one was just taken', async () => {
    const server = createFakeScheduling({
      appointments: [upcoming],
      taken: ['2026-12-02T15:00:00Z'],
    });
    // The taken slot is still offered (the list is a moment old), so the 409 path is reachable.
    const fetch = createFakeFetch((req) => {
      if (req.url.pathname.endsWith('/slots')) {
        return Promise.resolve(server.handler(req)).then(async (res) => {
          const body = (await res.json()) as { timeZone: string; slots: unknown[] };
          return Response.json({
            ...body,
            slots: [
              { start: '2026-12-02T15:00:00.000Z', end: '2026-12-02T15:30:00.000Z' },
              ...body.slots,
            ],
          });
        });
      }
      return server.handler(req);
    });
    const { user } = renderApp({
      path: `/appointments/${upcoming.id}`,
      session: signedInSession(),
      fetch,
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Appointment with Dr. Amara Okafor' }),
    ).toBeVisible();
    expect(screen.getByText('Knee pain')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Change the time' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Pick a new time' })).toHaveFocus();
    // The current time is not offered as a new one.
    await screen.findByRole('button', { name: 'Wednesday 2 December, 16:30' });
    expect(screen.queryByRole('button', { name: 'Thursday 3 December, 16:00' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Wednesday 2 December, 16:00' }));
    await user.click(screen.getByRole('button', { name: 'Move to Wed 2 Dec, 16:00' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Sorry, that time was just taken. Your appointment has not changed; please pick another time.',
    );
    expect(server.appointments.get(upcoming.id)!.start).toBe(upcoming.start);

    await user.click(screen.getByRole('button', { name: 'Wednesday 2 December, 16:30' }));
    await user.click(screen.getByRole('button', { name: 'Move to Wed 2 Dec, 16:30' }));
    expect(await screen.findByText('Your appointment is now on Wed 2 Dec, 16:30.')).toBeVisible();
    expect(screen.getByText('Wed 2 Dec, 16:30')).toBeVisible();
    const [, second] = server.requestsTo('POST', `/api/v1/appointments/${upcoming.id}/reschedule`);
    expect(second!.body).toEqual({ start: '2026-12-02T15:30:00.000Z' });
  });

  it('cancels only with a reason and after confirming', async () => {
    const server = createFakeScheduling({ appointments: [upcoming] });
    const { user } = renderApp({
      path: `/appointments/${upcoming.id}`,
      session: signedInSession(),
      fetch: createFakeFetch(server.handler),
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel appointment' }));
    expect(
      screen.getByRole('heading', { level: 2, name: 'Cancel this appointment?' }),
    ).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    const reason = screen.getByRole('textbox', { name: 'Why are you cancelling?' });
    expect(reason).toHaveAccessibleDescription(
      'Your provider will see this. Say why you are cancelling.',
    );
    expect(reason).toHaveFocus();
    expect(server.requestsTo('POST', `/api/v1/appointments/${upcoming.id}/cancel`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'No, keep it' }));
    expect(screen.getByRole('button', { name: 'Cancel appointment' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel appointment' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Why are you cancelling?' }),
      'Feeling better',
    );
    await user.click(screen.getByRole('button', { name: 'Yes, cancel it' }));

    expect(await screen.findByText('The appointment is cancelled.')).toBeVisible();
    expect(
      server.requestsTo('POST', `/api/v1/appointments/${upcoming.id}/cancel`)[0]!.body,
    ).toEqual({ reason: 'Feeling better' });
    expect(screen.getByText('Status').nextElementSibling).toHaveTextContent('Cancelled');
    expect(screen.queryByRole('button', { name: 'Change the time' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add to calendar' })).toBeNull();
  });

  it('shows a slot held from the waitlist with the time left, and books it on accept', async () => {
    const entry: WaitlistEntry = {
      id: crypto.randomUUID(),
      patient: { id: patientMe.id, name: patientMe.name },
      provider: { id: chen.id, name: chen.name },
      appointmentType: chen.appointmentTypes[0]!,
      earliest: '2026-12-01',
      latest: '2026-12-20',
      status: 'offered',
      offer: {
        id: crypto.randomUUID(),
        start: '2026-12-02T09:00:00.000Z',
        end: '2026-12-02T09:30:00.000Z',
        expiresAt: new Date(NOW.getTime() + 12 * 60_000 + 30_000).toISOString(),
      },
      createdAt: '2026-11-25T10:00:00.000Z',
    };
    const offerId = entry.offer!.id;
    const server = createFakeScheduling({ waitlist: [entry] });
    const { user } = renderApp({
      path: '/appointments',
      session: signedInSession(),
      fetch: createFakeFetch(server.handler),
    });
    const offer = await screen.findByText('A time has freed up: Wed 2 Dec, 10:00');
    const section = offer.closest('section')!;
    expect(within(section).getByRole('heading', { level: 2 })).toHaveTextContent('Waitlist');
    // A held slot runs out: the waitlist comes before the appointment lists.
    const upcomingHeading = await screen.findByRole('heading', { level: 2, name: 'Upcoming' });
    expect(
      section.compareDocumentPosition(upcomingHeading) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(section).toHaveTextContent('A time has freed up: Wed 2 Dec, 10:00');
    expect(section).toHaveTextContent('We hold it for you for 12 more minutes.');
    expect(section).toHaveTextContent('Any day from Tue 1 Dec to Sun 20 Dec');

    await user.click(within(section).getByRole('button', { name: 'Book this time' }));
    expect(await screen.findByText('Booked: Wed 2 Dec, 10:00.')).toBeVisible();
    expect(server.requestsTo('POST', `/api/v1/waitlist/offers/${offerId}/accept`)).toHaveLength(1);
    const upcomingSection = upcomingHeading.closest('section')!;
    await waitFor(() => expect(upcomingSection).toHaveTextContent('Wed 2 Dec, 10:00'));
  });

  it('shows the calendar subscription address, copies it, and rotates it only after confirming', async () => {
    const server = createFakeScheduling();
    const { user } = renderApp({
      path: '/appointments',
      session: signedInSession(),
      fetch: createFakeFetch(server.handler),
    });
    await user.click(await screen.findByRole('button', { name: 'Show my subscription address' }));
    const address = await screen.findByRole('textbox', { name: 'Subscription address' });
    expect(address).toHaveValue('webcal://carecircle.example/calendar/feed-token-1.ics');
    expect(address).toHaveAttribute('readonly');

    await user.click(screen.getByRole('button', { name: 'Copy address' }));
    expect(await screen.findByText('Address copied.')).toBeVisible();
    await expect(navigator.clipboard.readText()).resolves.toBe(
      'webcal://carecircle.example/calendar/feed-token-1.ics',
    );

    await user.click(screen.getByRole('button', { name: 'Get a new address' }));
    expect(screen.getByRole('heading', { level: 3, name: 'Get a new address?' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Keep the current one' }));
    expect(server.requestsTo('POST', '/api/v1/calendar-feed/rotate')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Get a new address' }));
    await user.click(screen.getByRole('button', { name: 'Yes, get a new address' }));
    expect(
      await screen.findByText('Your new address is ready. Add it to your calendar app again.'),
    ).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Subscription address' })).toHaveValue(
      'webcal://carecircle.example/calendar/feed-token-2.ics',
    );
    expect(server.requestsTo('POST', '/api/v1/calendar-feed/rotate')).toHaveLength(1);
  });

  it('puts the next appointment first on Home when signed in', async () => {
    const server = createFakeScheduling({ appointments: [upcoming, past] });
    renderApp({ session: signedInSession(), fetch: createFakeFetch(server.handler) });
    const card = (
      await screen.findByRole('heading', { level: 2, name: 'Next appointment' })
    ).closest('section')!;
    expect(
      await within(card).findByRole('heading', { level: 3, name: 'Thu 3 Dec, 16:00' }),
    ).toBeVisible();
    expect(card).toHaveTextContent('Riverside Clinic, 12 River Road, Springfield');
    expect(within(card).getByRole('link', { name: 'See details' })).toHaveAttribute(
      'href',
      `/appointments/${upcoming.id}`,
    );
    const list = server.requestsTo('GET', '/api/v1/appointments')[0]!;
    expect(new URL(list.path, 'http://x').searchParams.get('status')).toBe('booked,checked_in');
  });
});
