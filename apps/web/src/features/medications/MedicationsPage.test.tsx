import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROBLEM_BASE, type ActingForGrant } from '@carecircle/core';
import { mariaGrant } from '../../test/fake-scheduling.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { createActingForStore } from '../sharing/acting-for-store.ts';
import { adherence, createFakeMedications, dose, metformin, schedule } from './fake-medications.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const MARIA = mariaGrant.patient.id;

describe('medicines page', { timeout: 15_000 }, () => {
  it('asks signed-out people to sign in', async () => {
    renderApp({ path: '/medications' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Medicines' })).toBeVisible();
    expect(screen.getByText('Sign in to see your medicines.')).toBeVisible();
    expect(document.title).toBe('Medicines · CareCircle');
  });

  it("lists today's doses and answers one with a button that names the medicine and time", async () => {
    const server = createFakeMedications({
      schedules: [schedule()],
      doses: [
        dose(),
        dose({
          id: '20000000-0000-4000-8000-000000000002',
          scheduledAt: '2026-11-29T01:00:00.000Z',
          status: 'upcoming',
        }),
      ],
    });
    const { user } = renderApp({
      path: '/medications',
      session: signedInSession(),
      fetch: server.fetch,
    });
    const today = await screen.findByRole('region', { name: 'Today' });
    const taken = await within(today).findByRole('button', {
      name: 'Mark Metformin 500 mg at 8:00 taken',
    });
    expect(
      within(today).getByRole('button', { name: 'Skip Metformin 500 mg at 20:00' }),
    ).toBeVisible();
    expect(within(today).getByText('Due now')).toBeVisible();
    await user.click(taken);
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Metformin 500 mg at 8:00: Taken.'),
    );
    expect(
      server.medicationRequests('POST', `/api/v1/medications/doses/${dose().id}/answer`),
    ).toHaveLength(1);
    expect(
      server.medicationRequests('POST', `/api/v1/medications/doses/${dose().id}/answer`)[0]!.body,
    ).toEqual({ answer: 'taken' });
    // Refetched: the 8:00 dose is taken (by whom), its buttons gone; the 20:00 one still open.
    await waitFor(() =>
      expect(
        within(today).queryByRole('button', { name: 'Mark Metformin 500 mg at 8:00 taken' }),
      ).toBeNull(),
    );
    expect(within(today).getByText(/Taken by/)).toBeVisible();
    expect(
      within(today).getByRole('button', {
        name: 'Snooze Metformin 500 mg at 20:00 for 10 minutes',
      }),
    ).toBeEnabled();
    expect(server.medicationRequests('GET', '/api/v1/medications/doses').length).toBeGreaterThan(1);
  });

  it('shows a caregiver with medications:read the doses and adherence, without buttons', async () => {
    const readOnly: ActingForGrant = { ...mariaGrant, scopes: ['medications:read'] };
    const server = createFakeMedications({
      actingFor: [readOnly],
      records: { [MARIA]: [metformin] },
      access: {
        [MARIA]: { records: false, medications: true, write: false, emergencyUntil: null },
      },
      schedules: [schedule({ patientId: MARIA })],
      doses: [dose(), dose({ id: '20000000-0000-4000-8000-000000000003', status: 'missed' })],
      adherence: adherence(
        [{ date: '2026-11-28', scheduled: 2, taken: 1, skipped: 0, missed: 1 }],
        0.5,
      ),
    });
    const actingFor = createActingForStore();
    actingFor.set(MARIA);
    renderApp({ path: '/medications', session: signedInSession(), fetch: server.fetch, actingFor });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Medicines of Maria Alvarez' }),
    ).toBeVisible();
    const today = screen.getByRole('region', { name: 'Today' });
    expect(await within(today).findByText('Missed')).toBeVisible();
    expect(within(today).getAllByText('Metformin 500 mg')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /taken|Skip|Snooze/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Plan reminders for a medicine' })).toBeNull();
    expect(
      screen.getByText('You can see these medicines but not answer doses or change the plan.'),
    ).toBeVisible();
    expect(await screen.findByText('50% of doses taken (1 of 2).')).toBeVisible();
    expect(
      server.medicationRequests('GET', '/api/v1/medications/doses')[0]!.headers['x-acting-for'],
    ).toBe(MARIA);
  });

  it('shows adherence in words, as labelled bars and as a table', async () => {
    const days = Array.from({ length: 30 }, (_, i) => {
      const date = new Date(Date.UTC(2026, 9, 30 + i)).toISOString().slice(0, 10);
      return { date, scheduled: 2, taken: i === 29 ? 1 : 2, skipped: i === 3 ? 1 : 0, missed: 0 };
    });
    days[3]!.taken = 1;
    const server = createFakeMedications({
      schedules: [schedule()],
      adherence: adherence(days, 57 / 59),
    });
    renderApp({ path: '/medications', session: signedInSession(), fetch: server.fetch });
    const section = await screen.findByRole('region', { name: 'The last 30 days' });
    expect(await within(section).findByText('97% of doses taken (58 of 60).')).toBeVisible();
    expect(
      within(section).getByRole('img', { name: 'Doses taken per day over the last 30 days' }),
    ).toBeVisible();
    const table = within(section).getByRole('table', { name: 'Day by day' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(31);
    expect(
      within(rows[0]!)
        .getAllByRole('columnheader')
        .map((c) => c.textContent),
    ).toEqual(['Day', 'Planned', 'Taken', 'Skipped', 'Missed']);
    // Newest first: 28 November, one of two taken.
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('Sat, Nov 28');
    expect(
      within(rows[1]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', '1', '0', '0']);
    expect(
      within(rows[27]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', '1', '1', '0']);
  });

  it('checks the plan form, then shows the server’s field errors on their fields', async () => {
    const server = createFakeMedications({ schedules: [] });
    const { user } = renderApp({
      path: '/medications',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Plan reminders for a medicine' }));
    const form = screen.getByRole('form', { name: 'Plan reminders' });
    await user.selectOptions(within(form).getByLabelText('Medicine'), 'Metformin 500 mg');
    const time = within(form).getByLabelText('Time 1');
    await user.clear(time);
    await user.type(time, '8am');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Use a time like 08:00.')).toBeVisible();
    expect(time).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(time).toHaveFocus());
    expect(server.medicationRequests('POST', '/api/v1/medications/schedules')).toHaveLength(0);

    await user.clear(time);
    await user.type(time, '08:00');
    server.failNext(
      'POST',
      '/api/v1/medications/schedules',
      new Response(
        JSON.stringify({
          type: `${PROBLEM_BASE}validation`,
          title: 'Some fields need fixing',
          status: 400,
          detail: 'body.medication.id: Choose one of the medications in this record',
          errors: [
            {
              path: 'body.medication.id',
              message: 'Choose one of the medications in this record',
              code: 'custom',
            },
          ],
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      ),
    );
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(
      await within(form).findAllByText('Choose one of the medications in this record'),
    ).not.toHaveLength(0);
    const medicine = within(form).getByLabelText('Medicine');
    expect(medicine).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(medicine).toHaveFocus());

    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Reminders for Metformin 500 mg saved.'),
    );
    const sent = server.medicationRequests('POST', '/api/v1/medications/schedules');
    expect(sent.at(-1)!.body).toMatchObject({
      medication: { resourceType: 'MedicationRequest', id: metformin.id },
      times: ['08:00'],
      daysOfWeek: [],
      missedAfterMinutes: 60,
      notifyCaregivers: true,
    });
    expect(
      await screen.findByRole('button', { name: 'Change the plan of Metformin 500 mg' }),
    ).toBeVisible();
  });

  it('speaks Spanish', async () => {
    const server = createFakeMedications({ schedules: [schedule()], doses: [dose()] });
    renderApp({
      path: '/medications',
      session: signedInSession(),
      fetch: server.fetch,
      locale: 'es',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Medicinas' })).toBeVisible();
    expect(
      await screen.findByRole('button', {
        name: 'Marcar Metformin 500 mg de las 8:00 como tomada',
      }),
    ).toBeVisible();
  });
});
