import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';

function preferencesCard() {
  return screen.getByRole('heading', { level: 2, name: 'Preferences' }).closest('section')!;
}

describe('ProfilePage', () => {
  it('shows what the profile will hold', async () => {
    renderApp({ path: '/profile' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'Your profile' })).toBeVisible();
  });

  it('changes the theme with labelled radio buttons', async () => {
    const { user } = renderApp({ path: '/profile' });
    const card = preferencesCard();
    const group = within(card).getByRole('group', { name: 'Theme' });
    expect(within(group).getByRole('radio', { name: 'Same as device' })).toBeChecked();

    await user.click(within(group).getByRole('radio', { name: 'Dark' }));

    expect(within(group).getByRole('radio', { name: 'Dark' })).toBeChecked();
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('carecircle.theme')).toBe('dark');
    // The header switcher shows the same choice.
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  });

  it('changes the language with labelled radio buttons', async () => {
    const { user } = renderApp({ path: '/profile' });
    const group = within(preferencesCard()).getByRole('group', { name: 'Language' });
    expect(group).toHaveAccessibleDescription('The language for all words in CareCircle.');

    await user.click(within(group).getByRole('radio', { name: 'Español' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Perfil' })).toBeVisible();
    expect(screen.getByRole('radio', { name: 'Español' })).toBeChecked();
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem('carecircle.locale')).toBe('es');
  });
});
