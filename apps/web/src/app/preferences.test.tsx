import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render-app.tsx';

describe('language switcher', () => {
  it('switches the whole app to Spanish, sets <html lang> and remembers the choice', async () => {
    const { user, unmount } = renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Welcome to CareCircle' });
    expect(document.documentElement.lang).toBe('en');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'Español');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Bienvenido a CareCircle' }),
    ).toBeVisible();
    const nav = screen.getByRole('navigation', { name: 'Menú principal' });
    expect(within(nav).getByRole('link', { name: 'Citas' })).toBeVisible();
    expect(screen.getByRole('combobox', { name: 'Idioma' })).toHaveValue('es');
    expect(document.documentElement.lang).toBe('es');
    expect(document.title).toBe('Inicio · CareCircle');
    expect(localStorage.getItem('carecircle.locale')).toBe('es');

    unmount();
    renderApp({ languages: ['en-US'] });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Bienvenido a CareCircle' }),
    ).toBeVisible();
  });

  it('starts in Spanish when the browser prefers Spanish and nothing is saved', async () => {
    renderApp({ languages: ['es-MX', 'en'] });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Bienvenido a CareCircle' }),
    ).toBeVisible();
    expect(document.documentElement.lang).toBe('es');
  });
});

describe('theme switcher', () => {
  it('defaults to the device setting', async () => {
    renderApp();
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('system');
    expect(document.documentElement.dataset.theme).toBe('system');
  });

  it('sets data-theme on <html> and keeps the choice after a reload', async () => {
    const { user, unmount } = renderApp();
    await screen.findByRole('heading', { level: 1 });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'Dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('carecircle.theme')).toBe('dark');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'Light');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem('carecircle.theme')).toBe('light');

    unmount();
    document.documentElement.removeAttribute('data-theme');
    renderApp();
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
