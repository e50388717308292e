import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render-app.tsx';

const areas = [
  {
    link: 'Appointments',
    h1: 'Appointments',
    title: 'Appointments · CareCircle',
    path: '/appointments',
  },
  {
    link: 'Health records',
    h1: 'Health records',
    title: 'Health records · CareCircle',
    path: '/records',
  },
  { link: 'Messages', h1: 'Messages', title: 'Messages · CareCircle', path: '/messages' },
  { link: 'Community', h1: 'Community', title: 'Community · CareCircle', path: '/community' },
  { link: 'Profile', h1: 'Profile', title: 'Profile · CareCircle', path: '/profile' },
  { link: 'Home', h1: 'Welcome to CareCircle', title: 'Home · CareCircle', path: '/' },
];

function primaryNav() {
  return screen.getByRole('navigation', { name: 'Main menu' });
}

describe('app layout and navigation', () => {
  it('has a skip link to the main landmark, a banner and a labelled primary nav with six areas', async () => {
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Welcome to CareCircle' });
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    const main = screen.getByRole('main');
    expect(skip).toHaveAttribute('href', `#${main.id}`);
    expect(screen.getByRole('banner')).toHaveTextContent('CareCircle');
    const links = within(primaryNav()).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Home',
      'Appointments',
      'Health records',
      'Messages',
      'Community',
      'Profile',
    ]);
    expect(within(primaryNav()).getByRole('link', { name: 'Home' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(document.title).toBe('Home · CareCircle');
  });

  it('renders each area with its h1, title and aria-current, and moves focus to the h1', async () => {
    const { user, router } = renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Welcome to CareCircle' });
    for (const area of areas) {
      await user.click(within(primaryNav()).getByRole('link', { name: area.link }));
      const h1 = await screen.findByRole('heading', { level: 1, name: area.h1 });
      expect(router.state.location.pathname).toBe(area.path);
      expect(document.title).toBe(area.title);
      expect(h1).toHaveFocus();
      const current = within(primaryNav())
        .getAllByRole('link')
        .filter((l) => l.getAttribute('aria-current') === 'page');
      expect(current.map((l) => l.textContent)).toEqual([area.link]);
    }
  });

  it('does not steal focus on the first page load', async () => {
    renderApp({ path: '/messages' });
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Messages' });
    expect(h1).not.toHaveFocus();
  });

  it('shows a 404 page for an unknown route, with a way home', async () => {
    const { user, router } = renderApp({ path: '/no-such-page' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(document.title).toBe('Page not found · CareCircle');
    expect(screen.getByText(/could not find that page/i)).toBeVisible();
    expect(within(primaryNav()).queryByRole('link', { current: 'page' })).toBeNull();
    await user.click(screen.getByRole('link', { name: 'Go to Home' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Welcome to CareCircle' }),
    ).toHaveFocus();
    expect(router.state.location.pathname).toBe('/');
  });
});
