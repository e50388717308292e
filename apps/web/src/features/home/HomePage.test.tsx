import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  createFakeFetch,
  defaultHandler,
  problemResponse,
  requestedUrls,
} from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';

describe('Home', () => {
  it('greets and shows the next appointment and medicines as empty states with a next step', async () => {
    renderApp();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Welcome to CareCircle' }),
    ).toBeVisible();
    const next = screen
      .getByRole('heading', { level: 2, name: 'Next appointment' })
      .closest('section')!;
    expect(
      within(next).getByRole('heading', { level: 3, name: 'No visit booked yet' }),
    ).toBeVisible();
    expect(within(next).getByRole('link', { name: 'Book an appointment' })).toHaveAttribute(
      'href',
      '/book',
    );
    // The primary action, outside the card, and the next appointment comes first.
    const links = screen.getAllByRole('link', { name: 'Book an appointment' });
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.getAttribute('href') === '/book')).toBe(true);
    const firstCard = document.querySelector('main .cc-card');
    expect(firstCard).toBe(next);
    const meds = screen
      .getByRole('heading', { level: 2, name: "Today's medicines" })
      .closest('section')!;
    expect(within(meds).getByText(/medicines for today will show here/)).toBeVisible();
  });

  it('lists providers from the API with specialty, languages, clinic and visit types', async () => {
    const fetch = createFakeFetch();
    renderApp({ fetch });
    expect(screen.getByRole('status')).toHaveTextContent('Loading providers…');

    const list = await screen.findByRole('list', { name: 'Providers' });
    const items = Array.from(list.children) as HTMLElement[];
    expect(items).toHaveLength(2);
    const okafor = items[0]!;
    expect(
      within(okafor).getByRole('heading', { level: 3, name: 'Dr. Amara Okafor' }),
    ).toBeVisible();
    expect(okafor).toHaveTextContent('Orthopaedic surgery');
    expect(okafor).toHaveTextContent('English, Spanish');
    expect(okafor).toHaveTextContent('Riverside Clinic');
    expect(okafor).toHaveTextContent('12 River Road, Springfield');
    expect(okafor).toHaveTextContent('In person');
    expect(okafor).toHaveTextContent('Video call');
    expect(items[1]).toHaveTextContent('Dr. Wei Chen');
    expect(screen.getByText('2 providers found')).toBeVisible();
    expect(requestedUrls(fetch).map((u) => u.pathname + u.search)).toEqual(['/api/v1/providers']);
  });

  it('searches as you type (debounced) and says when nothing matches', async () => {
    const fetch = createFakeFetch();
    const { user } = renderApp({ fetch });
    await screen.findByRole('list', { name: 'Providers' });

    const search = screen.getByRole('searchbox', { name: 'Search providers' });
    expect(search).toHaveAccessibleDescription('For example: knee, diabetes or Dr. Chen.');
    await user.type(search, 'endo');

    await waitFor(() => expect(screen.getByText('1 provider found')).toBeVisible());
    expect(screen.getByRole('heading', { level: 3, name: 'Dr. Wei Chen' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Dr. Amara Okafor' })).toBeNull();
    // Debounced: one request for the whole word, not one per letter.
    const searches = requestedUrls(fetch).map((u) => u.searchParams.get('q'));
    expect(searches).toEqual([null, 'endo']);

    await user.clear(search);
    await user.type(search, 'dentist');
    expect(
      await screen.findByRole('heading', { level: 3, name: 'No providers found' }),
    ).toBeVisible();
    expect(screen.getByText('Try a shorter word, or check the spelling.')).toBeVisible();
  });

  it('shows the server’s problem message on a 500 and loads the list after “Try again”', async () => {
    let failing = true;
    const fetch = createFakeFetch((request) =>
      failing
        ? problemResponse(
            500,
            'Internal error',
            'The provider directory is resting. Try again soon.',
          )
        : defaultHandler(request),
    );
    const { user } = renderApp({ fetch });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not load the providers.');
    expect(alert).toHaveTextContent('The provider directory is resting. Try again soon.');
    expect(screen.queryByRole('list', { name: 'Providers' })).toBeNull();

    failing = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(
      await screen.findByRole('heading', { level: 3, name: 'Dr. Amara Okafor' }),
    ).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says the connection failed when the server cannot be reached', async () => {
    const fetch = createFakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    renderApp({ fetch });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'We could not reach CareCircle. Check your connection and try again.',
    );
  });

  it('is in Spanish when the language is Spanish', async () => {
    renderApp({ locale: 'es' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Próxima cita' })).toBeVisible();
    expect(await screen.findByText('2 profesionales encontrados')).toBeVisible();
    expect(screen.getAllByText('Inglés, Español').length).toBeGreaterThan(0);
  });
});
