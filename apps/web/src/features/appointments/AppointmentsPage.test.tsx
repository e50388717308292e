import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';

describe('AppointmentsPage', () => {
  it('says what will appear here', async () => {
    renderApp({ path: '/appointments' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Appointments' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'No appointments yet' })).toBeVisible();
    expect(document.title).toBe('Appointments · CareCircle');
  });

  it('speaks Spanish', async () => {
    renderApp({ path: '/appointments', locale: 'es' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Citas' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'Todavía no tiene citas' })).toBeVisible();
  });
});
