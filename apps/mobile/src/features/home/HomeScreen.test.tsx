import { afterEach, describe, expect, it } from '@jest/globals';
import { fireEvent, screen } from '@testing-library/react-native';
import type { QueryClient } from '@tanstack/react-query';
import { buildProvider, fakeFetch, requestedUrls, serverError } from '../../test/fake-api';
import { renderWithApp, TEST_API_URL } from '../../test/render-app';
import { HomeScreen } from './HomeScreen';

let queryClient: QueryClient | undefined;
afterEach(() => queryClient?.clear());

describe('HomeScreen', () => {
  it('lists the providers the API returns', async () => {
    const fetch = fakeFetch({
      status: 200,
      body: {
        items: [
          buildProvider(),
          buildProvider({
            id: '0d8e5c3a-9b1f-4f6e-8a2d-5c7b9e1f3a42',
            name: 'Dr. Wei Chen',
            specialty: 'Endocrinology',
            languages: ['en', 'zh'],
            modalities: ['phone'],
          }),
        ],
      },
    });
    ({ queryClient } = await renderWithApp(<HomeScreen />, fetch));

    expect(screen.getByRole('progressbar', { name: 'Loading…' })).toBeOnTheScreen();
    expect(await screen.findByText('Dr. Amara Okafor')).toBeOnTheScreen();
    expect(screen.getByText('Dr. Wei Chen')).toBeOnTheScreen();
    expect(screen.getByText('Endocrinology')).toBeOnTheScreen();
    expect(screen.getByText('Speaks: en, zh')).toBeOnTheScreen();
    expect(screen.getByText('Visits: in person, video')).toBeOnTheScreen();
    expect(screen.queryByRole('progressbar')).not.toBeOnTheScreen();
    expect(requestedUrls(fetch)).toEqual([`${TEST_API_URL}/api/v1/providers`]);
  });

  it('shows the error with a way to try again, and recovers', async () => {
    const fetch = fakeFetch(serverError, { status: 200, body: { items: [buildProvider()] } });
    ({ queryClient } = await renderWithApp(<HomeScreen />, fetch));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/We could not load providers/);
    expect(alert).toHaveTextContent(/Something went wrong/);
    expect(screen.queryByText('Dr. Amara Okafor')).not.toBeOnTheScreen();

    await fireEvent.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Dr. Amara Okafor')).toBeOnTheScreen();
    expect(screen.queryByRole('alert')).not.toBeOnTheScreen();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says when the server cannot be reached', async () => {
    const fetch = fakeFetch();
    ({ queryClient } = await renderWithApp(<HomeScreen />, fetch));

    expect(await screen.findByRole('alert')).toHaveTextContent(/Check your connection/);
  });

  it('explains an empty list instead of showing nothing', async () => {
    const fetch = fakeFetch({ status: 200, body: { items: [] } });
    ({ queryClient } = await renderWithApp(<HomeScreen />, fetch));

    expect(await screen.findByText('No providers to show yet')).toBeOnTheScreen();
    expect(screen.getByText(/they will show here so you can book/)).toBeOnTheScreen();
  });

  it('speaks Spanish when the device does', async () => {
    const fetch = fakeFetch(serverError);
    ({ queryClient } = await renderWithApp(<HomeScreen />, fetch, 'es'));

    expect(screen.getByText('Bienvenido a CareCircle')).toBeOnTheScreen();
    expect(await screen.findByRole('button', { name: 'Intentar de nuevo' })).toBeOnTheScreen();
  });
});
