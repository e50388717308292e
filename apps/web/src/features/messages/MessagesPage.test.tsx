import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';

describe('MessagesPage', () => {
  it('says what will appear here', async () => {
    renderApp({ path: '/messages' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'No messages yet' })).toBeVisible();
    expect(document.title).toBe('Messages · CareCircle');
  });

  it('speaks Spanish', async () => {
    renderApp({ path: '/messages', locale: 'es' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Mensajes' })).toBeVisible();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Todavía no hay mensajes' }),
    ).toBeVisible();
  });
});
