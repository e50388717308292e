import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';

describe('CommunityPage', () => {
  it('says what will appear here', async () => {
    renderApp({ path: '/community' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Community' })).toBeVisible();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Find people who understand' }),
    ).toBeVisible();
    expect(document.title).toBe('Community · CareCircle');
  });

  it('speaks Spanish', async () => {
    renderApp({ path: '/community', locale: 'es' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Comunidad' })).toBeVisible();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Encuentre personas que le entienden' }),
    ).toBeVisible();
  });
});
