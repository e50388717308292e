import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeRecords, patientMe, recordEntry } from '../../test/fake-records.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const metformin = recordEntry({
  resourceType: 'MedicationStatement',
  title: 'Metformin 500 mg',
  status: 'active',
  date: '2025-02-01',
  details: '500 mg twice a day',
  source: { kind: 'provider', by: { id: crypto.randomUUID(), name: 'Dr. Wei Chen' }, system: null },
});

function renderEntry() {
  const server = createFakeRecords({ records: { [patientMe.id]: [metformin] } });
  const view = renderApp({
    path: `/records/entries/MedicationStatement/${metformin.id}`,
    session: signedInSession(),
    fetch: server.fetch,
  });
  return { ...view, server };
}

describe('record entry', { timeout: 20_000 }, () => {
  it('shows every field, the source and the history, and stops a medicine', async () => {
    const { user, server } = renderEntry();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Metformin 500 mg' }),
    ).toBeVisible();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    const facts = screen.getByRole('region', { name: 'Details' });
    expect(facts).toHaveTextContent('Medicine');
    expect(facts).toHaveTextContent('500 mg twice a day');
    expect(facts).toHaveTextContent('From Dr. Wei Chen');
    expect(screen.getByRole('region', { name: 'History' })).toHaveTextContent(
      /Added by Dr. Wei Chen on 15 Jan 2026/,
    );

    await user.click(await screen.findByRole('button', { name: 'Stop taking' }));
    expect(await screen.findByText('Saved: the status is now “Stopped”.')).toBeVisible();
    expect(
      server.requestsTo(
        'POST',
        `/api/v1/records/entries/MedicationStatement/${metformin.id}/status`,
      )[0]!.body,
    ).toEqual({ status: 'stopped' });
    expect(await screen.findByRole('region', { name: 'History' })).toHaveTextContent(
      /Changed by Sam Rivera on/,
    );
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop taking' })).toBeNull());
  });

  it('deletes only after confirming, then says so on the record home', async () => {
    const { user, server, router } = renderEntry();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(
      server.requestsTo('DELETE', `/api/v1/records/entries/MedicationStatement/${metformin.id}`),
    ).toHaveLength(0);
    const yes = screen.getByRole('button', { name: 'Yes, delete it' });
    await waitFor(() => expect(yes).toHaveFocus());
    await user.click(yes);
    await waitFor(() => expect(router.state.location.pathname).toBe('/records'), { timeout: 5000 });
    expect(await screen.findByText('“Metformin 500 mg” was deleted.')).toBeVisible();
    expect(
      server.requestsTo('DELETE', `/api/v1/records/entries/MedicationStatement/${metformin.id}`),
    ).toHaveLength(1);
  });

  it('says when an entry does not exist', async () => {
    const server = createFakeRecords();
    renderApp({
      path: `/records/entries/Condition/${crypto.randomUUID()}`,
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(
      await screen.findByText('This entry does not exist, or you may not see it.'),
    ).toBeVisible();
  });
});
