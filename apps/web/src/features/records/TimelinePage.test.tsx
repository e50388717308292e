import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeRecords, patientMe, recordEntry } from '../../test/fake-records.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

// 35 entries, one a day from 1 Oct 2026 back: more than one page (30) and two months.
const entries = Array.from({ length: 35 }, (_, i) => {
  const date = new Date(Date.UTC(2026, 9, 31 - i)).toISOString().slice(0, 10);
  return i === 0
    ? recordEntry({
        resourceType: 'MedicationStatement',
        title: 'Metformin',
        date,
        source: { kind: 'import', by: null, system: 'City Hospital' },
      })
    : recordEntry({ title: `Entry ${i}`, date });
});

describe('timeline', { timeout: 20_000 }, () => {
  it('shows entries newest first by month with their source, and loads more', async () => {
    const server = createFakeRecords({ records: { [patientMe.id]: entries } });
    const { user } = renderApp({
      path: '/records/timeline',
      session: signedInSession(),
      fetch: server.fetch,
    });
    const october = await screen.findByRole('region', { name: 'October 2026' });
    const first = within(october).getAllByRole('listitem')[0]!;
    expect(first).toHaveTextContent('Metformin');
    expect(first).toHaveTextContent('Medicine');
    expect(first).toHaveTextContent('Imported from City Hospital');
    expect(within(october).getAllByRole('listitem')[1]).toHaveTextContent('Added by Sam Rivera');
    expect(
      screen.getAllByRole('listitem').filter((li) => /Entry|Metformin/.test(li.textContent ?? '')),
    ).toHaveLength(30);
    expect(screen.queryByRole('region', { name: 'September 2026' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    const september = await screen.findByRole('region', { name: 'September 2026' });
    expect(within(september).getAllByRole('listitem')).toHaveLength(4);
    expect(screen.getByText('That is everything.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const pages = server.requestsTo('GET', '/api/v1/records/timeline');
    expect(new URL(pages[1]!.path, 'http://x').searchParams.get('cursor')).toBe('30');
  });

  it('filters by category', async () => {
    const server = createFakeRecords({ records: { [patientMe.id]: entries } });
    const { user } = renderApp({
      path: '/records/timeline',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await screen.findByRole('region', { name: 'October 2026' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'medication');
    await waitFor(() => expect(screen.queryByText('Entry 1')).toBeNull());
    expect(screen.getByRole('link', { name: 'Metformin' })).toBeVisible();
    const last = server.requestsTo('GET', '/api/v1/records/timeline').at(-1)!;
    expect(new URL(last.path, 'http://x').searchParams.get('category')).toBe('medication');
  });
});
