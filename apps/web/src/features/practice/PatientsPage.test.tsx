import { configure, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PracticePatient } from '@carecircle/core';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { jose, maria, practiceServer, priya } from './practice-fake-server.ts';

const patients: PracticePatient[] = [
  {
    ...priya,
    lastVisit: null,
    nextAppointment: '2026-12-02T00:30:00Z',
    appointmentCount: 1,
  },
  {
    ...maria,
    lastVisit: '2026-11-03T14:30:00Z',
    nextAppointment: '2026-12-01T14:30:00Z',
    appointmentCount: 4,
  },
  { ...jose, lastVisit: '2026-10-20T15:00:00Z', nextAppointment: null, appointmentCount: 2 },
];

// The machine running the suite can be busy: give the fake server's answers time to render.
configure({ asyncUtilTimeout: 5000 });

describe('Practice patients', { timeout: 30_000 }, () => {
  it('lists my patients with their visits and filters them by name', async () => {
    const server = practiceServer({ patients });
    const { user } = renderApp({
      path: '/practice/patients',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
    const list = await screen.findByRole('list', { name: 'Patients' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.practice-list__title')?.textContent)).toEqual([
      'José Núñez',
      'Maria Alvarez',
      'Priya Nair',
    ]);
    expect(screen.getByText('3 patients')).toBeVisible();
    // Dates in the clinic's zone (New York): Priya's next visit is Tue 1 Dec at 19:30.
    expect(rows[2]).toHaveTextContent('Last visitNone');
    expect(rows[2]).toHaveTextContent('Next appointmentTue 1 Dec, 19:30');
    expect(rows[1]).toHaveTextContent('Last visitTue 3 Nov, 9:30');
    expect(rows[1]).toHaveTextContent('Appointments4');

    const search = screen.getByRole('searchbox', { name: 'Search by name' });
    await user.type(search, 'alv');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.textContent),
    ).toEqual([expect.stringContaining('Maria Alvarez')]);
    expect(screen.getByText('1 patient')).toBeVisible();

    await user.clear(search);
    await user.type(search, 'jose nunez');
    expect(screen.getByText('José Núñez')).toBeVisible();
    expect(screen.queryByText('Maria Alvarez')).toBeNull();

    await user.clear(search);
    await user.type(search, 'Zed');
    expect(screen.getByText('No patients match “Zed”.')).toBeVisible();
    expect(screen.queryByRole('list', { name: 'Patients' })).toBeNull();
  });

  it('says who will appear when there is nobody yet', async () => {
    const server = practiceServer({ patients: [] });
    renderApp({ path: '/practice/patients', session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByRole('heading', { level: 2, name: 'No patients yet' })).toBeVisible();
    expect(screen.getByText('People who book with you will be listed here.')).toBeVisible();
  });
});
