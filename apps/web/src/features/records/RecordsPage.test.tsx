import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';

describe('RecordsPage', () => {
  it('says what will appear here', async () => {
    renderApp({ path: '/records' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Health records' })).toBeVisible();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Your health records will live here' }),
    ).toBeVisible();
    expect(document.title).toBe('Health records · CareCircle');
  });

  it('speaks Spanish', async () => {
    renderApp({ path: '/records', locale: 'es' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Historial médico' }),
    ).toBeVisible();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Aquí estará su historial médico' }),
    ).toBeVisible();
  });
});
