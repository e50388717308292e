import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, NotificationPreferences, Problem } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { accessTokenFor } from '../../test/tokens.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function call<T>(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('my settings', () => {
  it('changes my language and time zone; reminders and quiet hours then use them', async () => {
    const account = await buildPatient(app.database.db, { timeZone: 'America/New_York' });
    const token = await accessTokenFor(app, account.id);

    const changed = await call<Me>(token, 'PATCH', '/api/v1/me', {
      locale: 'es',
      timeZone: 'Europe/Madrid',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: account.id, locale: 'es', timeZone: 'Europe/Madrid' });
    expect((await call<Me>(token, 'GET', '/api/v1/me')).body).toMatchObject({
      locale: 'es',
      timeZone: 'Europe/Madrid',
    });
    const preferences = await call<NotificationPreferences>(
      token,
      'GET',
      '/api/v1/notification-preferences',
    );
    expect(preferences.body.timeZone).toBe('Europe/Madrid');

    const audit = await app.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', account.id)
      .where('action', '=', 'account.settings.update')
      .execute();
    expect(audit).toEqual([
      { action: 'account.settings.update', details: { fields: 'locale,timeZone' } },
    ]);
  });

  it('refuses an unknown zone or language, naming the field, and changes nothing', async () => {
    const account = await buildPatient(app.database.db, { timeZone: 'America/New_York' });
    const token = await accessTokenFor(app, account.id);
    const zone = await call<Problem>(token, 'PATCH', '/api/v1/me', { timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(zone.body.errors?.map((e) => e.path)).toEqual(['body.timeZone']);
    const language = await call<Problem>(token, 'PATCH', '/api/v1/me', { locale: 'fr' });
    expect(language.status).toBe(400);
    expect(language.body.errors?.map((e) => e.path)).toEqual(['body.locale']);
    expect((await call<Problem>(token, 'PATCH', '/api/v1/me', {})).status).toBe(400);
    expect((await call<Me>(token, 'GET', '/api/v1/me')).body).toMatchObject({
      locale: 'en',
      timeZone: 'America/New_York',
    });
  });
});
