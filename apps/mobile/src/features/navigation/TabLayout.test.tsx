import { afterEach, describe, expect, it } from '@jest/globals';
import type { ReactElement } from 'react';
import { fireEvent, renderRouter, screen, within } from 'expo-router/testing-library';
import type { QueryClient } from '@tanstack/react-query';
import type { Locale } from '@carecircle/core';
import { buildProvider, fakeFetch } from '../../test/fake-api';
import { buildTestProviders } from '../../test/render-app';
import { AppointmentsScreen } from '../appointments/AppointmentsScreen';
import { CommunityScreen } from '../community/CommunityScreen';
import { HomeScreen } from '../home/HomeScreen';
import { MessagesScreen } from '../messages/MessagesScreen';
import { NotFoundScreen } from './NotFoundScreen';
import { NotificationsScreen } from '../notifications/NotificationsScreen';
import { ProfileScreen } from '../profile/ProfileScreen';
import { RecordsScreen } from '../records/RecordsScreen';
import { RootStack } from './RootLayout';
import { TabLayout } from './TabLayout';

let queryClient: QueryClient | undefined;
afterEach(() => queryClient?.clear());

/** The real layouts and screens, routed like app/, with a fake API behind them. */
async function renderApp(initialUrl = '/', locale: Locale = 'en') {
  const fetch = fakeFetch({ status: 200, body: { items: [buildProvider()] } });
  const providers = buildTestProviders(fetch, locale);
  queryClient = providers.queryClient;
  const { Providers } = providers;
  const routes: Record<string, () => ReactElement> = {
    _layout: () => (
      <Providers>
        <RootStack />
      </Providers>
    ),
    '(tabs)/_layout': TabLayout,
    '(tabs)/index': HomeScreen,
    '(tabs)/appointments': AppointmentsScreen,
    '(tabs)/records': RecordsScreen,
    '(tabs)/messages': MessagesScreen,
    '(tabs)/community': CommunityScreen,
    profile: ProfileScreen,
    notifications: NotificationsScreen,
    '+not-found': NotFoundScreen,
  };
  const app = renderRouter(routes, { initialUrl });
  // renderRouter returns RNTL's render promise (async since v14) with the router helpers
  // attached; its typings predate that, so wait for it explicitly.
  await Promise.resolve(app);
  return { pathname: () => app.getPathname() };
}

function tabLabels() {
  return screen.getAllByRole('tab').map((tab) => tab.props.accessibilityLabel as string);
}

describe('tab layout', () => {
  it('shows the five areas as labelled tabs, with Home selected', async () => {
    await renderApp();

    expect(tabLabels()).toEqual([
      'Home',
      'Appointments',
      'Health records',
      'Messages',
      'Community',
    ]);
    for (const name of tabLabels()) {
      // The label is visible text, not only an icon or an accessibility label.
      expect(within(screen.getByRole('tab', { name })).getByText(name)).toBeOnTheScreen();
    }
    expect(screen.getByRole('tab', { name: 'Home' })).toBeSelected();
    expect(screen.getByRole('tab', { name: 'Messages' })).not.toBeSelected();
    expect(await screen.findByText('Dr. Amara Okafor')).toBeOnTheScreen();
  });

  it('opens an area from its tab and shows what will appear there', async () => {
    const app = await renderApp();

    await fireEvent.press(screen.getByRole('tab', { name: 'Health records' }));

    expect(app.pathname()).toBe('/records');
    expect(screen.getByRole('tab', { name: 'Health records' })).toBeSelected();
    expect(screen.getByText('Your health records will live here')).toBeOnTheScreen();
  });

  it('leads from empty appointments to the providers on Home', async () => {
    const app = await renderApp('/appointments');

    expect(screen.getByText('No appointments yet')).toBeOnTheScreen();
    await fireEvent.press(screen.getByRole('button', { name: 'Book an appointment' }));

    expect(app.pathname()).toBe('/');
    expect(await screen.findByText('Dr. Amara Okafor')).toBeOnTheScreen();
  });

  it('opens Profile from the header button', async () => {
    const app = await renderApp('/messages');

    await fireEvent.press(screen.getByRole('button', { name: 'Open your profile' }));

    expect(app.pathname()).toBe('/profile');
    expect(screen.getByText('Your profile')).toBeOnTheScreen();
  });

  it('labels the tabs in Spanish', async () => {
    await renderApp('/', 'es');

    expect(tabLabels()).toEqual(['Inicio', 'Citas', 'Historial médico', 'Mensajes', 'Comunidad']);
    expect(screen.getByRole('button', { name: 'Abrir su perfil' })).toBeOnTheScreen();
  });
});
