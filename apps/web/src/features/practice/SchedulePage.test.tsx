import { configure, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { requestedUrls } from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import {
  joseVisit,
  mariaVisit,
  practiceServer,
  priyaVisit,
  type PracticeServerOptions,
} from './practice-fake-server.ts';

function renderSchedule(
  path: string,
  options: PracticeServerOptions = {},
  locale: 'en' | 'es' = 'en',
) {
  const server = practiceServer({ appointments: [mariaVisit, priyaVisit, joseVisit], ...options });
  const view = renderApp({ path, session: signedInSession(), fetch: server.fetch, locale });
  return { ...view, calls: server.calls };
}

const dayRegion = (name: RegExp) => screen.getByRole('region', { name });

// The machine running the suite can be busy: give the fake server's answers time to render.
configure({ asyncUtilTimeout: 5000 });

describe('Practice schedule', { timeout: 30_000 }, () => {
  it('lists the week’s appointments on their days in the clinic’s time zone', async () => {
    const { fetch } = renderSchedule('/practice?view=week&date=2026-12-02');
    expect(await screen.findByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Mon 30 Nov – Sun 6 Dec' }),
    ).toBeVisible();
    expect(
      screen.getByText(/Times are in your clinic’s time zone: .*America\/New York/),
    ).toBeVisible();
    await screen.findByText('Maria Alvarez');

    // Priya's 19:30 visit is on Tuesday in New York although it is Wednesday in UTC.
    const tuesday = dayRegion(/^Tue 1 Dec/);
    expect(within(tuesday).getByRole('heading', { level: 3 })).toHaveTextContent('2 appointments');
    const visits = within(tuesday).getAllByRole('listitem');
    expect(visits.map((v) => v.querySelector('time')?.textContent)).toEqual([
      '9:30–10:00',
      '19:30–20:00',
    ]);
    expect(visits[0]).toHaveTextContent('Maria Alvarez');
    expect(visits[0]).toHaveTextContent('Follow-up · In person');
    expect(visits[0]).toHaveTextContent('Booked');
    expect(visits[1]).toHaveTextContent('Priya Nair');
    expect(visits[1]).toHaveTextContent('Video check · Video call');
    expect(visits[1]).toHaveTextContent('Reason: Knee still swollen');

    expect(within(dayRegion(/^Wed 2 Dec/)).getByText('No appointments this day')).toBeVisible();
    const thursday = dayRegion(/^Thu 3 Dec/);
    expect(within(thursday).getByText('José Núñez')).toBeVisible();
    expect(within(thursday).getByText('Checked in')).toBeVisible();
    expect(within(dayRegion(/^Mon 30 Nov/)).getByText('No appointments this day')).toBeVisible();
    expect(within(dayRegion(/^Sun 6 Dec/)).getByText('No appointments this day')).toBeVisible();

    const asked = requestedUrls(fetch).find((u) => u.pathname === '/api/v1/appointments')!;
    expect(asked.searchParams.get('as')).toBe('provider');
    expect(asked.searchParams.get('from')).toBe('2026-11-30T00:00:00-05:00');
    expect(asked.searchParams.get('to')).toBe('2026-12-07T00:00:00-05:00');
  });

  it('checks in, completes and cancels with a reason, updating the schedule', async () => {
    const { user, calls } = renderSchedule('/practice?view=day&date=2026-12-01');
    await screen.findByText('Maria Alvarez');
    // A future booked visit can be checked in or cancelled, not marked as a no-show yet.
    expect(screen.queryByRole('button', { name: /^No-show/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Complete/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Check in Maria Alvarez, 9:30' }));
    expect(await screen.findByText('Maria Alvarez is checked in.')).toBeVisible();
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      path: `/api/v1/appointments/${mariaVisit.id}/status`,
      body: { status: 'checked_in' },
    });
    const complete = await screen.findByRole('button', {
      name: 'Complete the visit of Maria Alvarez, 9:30',
    });
    expect(screen.queryByRole('button', { name: 'Check in Maria Alvarez, 9:30' })).toBeNull();

    await user.click(complete);
    expect(await screen.findByText('The visit of Maria Alvarez is complete.')).toBeVisible();
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      path: `/api/v1/appointments/${mariaVisit.id}/status`,
      body: { status: 'completed' },
    });
    const mariaItem = screen.getByText('Maria Alvarez').closest('li')!;
    expect(await within(mariaItem).findByText('Completed')).toBeVisible();
    expect(within(mariaItem).queryByRole('button')).toBeNull();

    const cancel = screen.getByRole('button', {
      name: 'Cancel the appointment of Priya Nair, 19:30',
    });
    await user.click(cancel);
    const dialog = screen.getByRole('dialog', { name: 'Cancel this appointment?' });
    expect(dialog).toHaveAccessibleDescription('Priya Nair · Tue 1 Dec, 19:30 · Video check');
    const reason = within(dialog).getByLabelText('Why is it cancelled?');
    expect(reason).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));
    expect(reason).toHaveAccessibleDescription(
      'The patient will see this. Say why the appointment is cancelled.',
    );
    const writes = calls.length;
    await user.type(reason, 'Clinic closed for repairs');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));

    expect(await screen.findByText('The appointment of Priya Nair is cancelled.')).toBeVisible();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.slice(writes)).toEqual([
      {
        method: 'POST',
        path: `/api/v1/appointments/${priyaVisit.id}/cancel`,
        body: { reason: 'Clinic closed for repairs' },
      },
    ]);
    const priyaItem = screen.getByText('Priya Nair').closest('li')!;
    expect(await within(priyaItem).findByText('Cancelled')).toBeVisible();
    expect(within(priyaItem).getByText('Cancelled: Clinic closed for repairs')).toBeVisible();
  });

  it('keeps the appointment when the dialog is dismissed, and offers no-show once it started', async () => {
    const started = {
      ...mariaVisit,
      start: '2026-01-05T09:30:00-05:00',
      end: '2026-01-05T10:00:00-05:00',
    };
    const { user, calls } = renderSchedule('/practice?view=day&date=2026-01-05', {
      appointments: [started],
    });
    const cancel = await screen.findByRole('button', {
      name: 'Cancel the appointment of Maria Alvarez, 9:30',
    });
    await user.click(cancel);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(cancel).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'No-show: Maria Alvarez, 9:30' }));
    expect(await screen.findByText('Maria Alvarez is marked as not coming.')).toBeVisible();
    expect(calls).toEqual([
      {
        method: 'POST',
        path: `/api/v1/appointments/${mariaVisit.id}/status`,
        body: { status: 'no_show' },
      },
    ]);
    expect(await screen.findByText('Did not come')).toBeVisible();
  });

  it('moves between days and says when a day is empty', async () => {
    const { user, router } = renderSchedule('/practice?view=day&date=2026-12-01');
    expect(await screen.findByRole('heading', { level: 2, name: 'Tue 1 Dec' })).toBeVisible();
    await screen.findByText('Maria Alvarez');

    await user.click(screen.getByRole('button', { name: 'Next day' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Wed 2 Dec' })).toBeVisible();
    expect(
      await screen.findByRole('heading', { level: 3, name: 'No appointments this day' }),
    ).toBeVisible();
    expect(router.state.location.search).toBe('?view=day&date=2026-12-02');

    await user.click(screen.getByRole('button', { name: 'Week' }));
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Mon 30 Nov – Sun 6 Dec' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Week' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Previous week' }));
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Mon 23 Nov – Sun 29 Nov' }),
    ).toBeVisible();
  });

  it('speaks Spanish', async () => {
    const { user } = renderSchedule('/practice?view=day&date=2026-12-01', {}, 'es');
    expect(await screen.findByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
    expect(await screen.findByRole('heading', { level: 2, name: 'mar 1 dic' })).toBeVisible();
    expect(
      await screen.findByRole('button', { name: 'Registrar llegada de Maria Alvarez, 9:30' }),
    ).toBeVisible();
    expect(screen.getAllByText('Reservada')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Día siguiente' }));
    expect(
      await screen.findByRole('heading', { level: 3, name: 'No hay citas este día' }),
    ).toBeVisible();
  });
});
