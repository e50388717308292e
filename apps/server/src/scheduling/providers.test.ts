import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderList } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildProvider } from '../../test/factories.ts';
import { getWeeklyHours, setWeeklyHours } from './providers.service.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  await buildProvider(db, {
    account: { name: 'Dr. Ana Ruiz' },
    profile: {
      specialty: 'Cardiology',
      languages: ['en', 'es'],
      modalities: ['in_person', 'video'],
    },
  });
  await buildProvider(db, {
    account: { name: 'Dr. Ben Stone' },
    profile: { specialty: 'Dermatology', languages: ['en'], modalities: ['video'] },
  });
  await buildProvider(db, {
    account: { name: 'Dr. 100% Pending' },
    profile: { specialty: 'Cardiology' },
    verified: false,
  });
});
afterAll(async () => {
  await app.close();
});

async function list(query = ''): Promise<string[]> {
  const res = await fetch(`${app.url}/api/v1/providers${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as ProviderList).items.map((p) => p.name);
}

describe('GET /api/v1/providers', () => {
  it('lists verified providers by name, with their profile', async () => {
    expect(await list()).toEqual(['Dr. Ana Ruiz', 'Dr. Ben Stone']);
    const res = (await (await fetch(`${app.url}/api/v1/providers?q=ruiz`)).json()) as ProviderList;
    expect(res.items[0]).toMatchObject({
      name: 'Dr. Ana Ruiz',
      specialty: 'Cardiology',
      languages: ['en', 'es'],
      modalities: ['in_person', 'video'],
      location: { name: 'Test Clinic', timeZone: 'America/New_York' },
    });
  });

  it('filters by name or specialty text, specialty, modality and language', async () => {
    expect(await list('?q=DERMA')).toEqual(['Dr. Ben Stone']);
    expect(await list('?specialty=cardiology')).toEqual(['Dr. Ana Ruiz']);
    expect(await list('?modality=video')).toEqual(['Dr. Ana Ruiz', 'Dr. Ben Stone']);
    expect(await list('?modality=in_person')).toEqual(['Dr. Ana Ruiz']);
    expect(await list('?language=es')).toEqual(['Dr. Ana Ruiz']);
    expect(await list('?language=es&modality=video&q=ben')).toEqual([]);
  });

  it('treats % and _ in the search text literally', async () => {
    expect(await list('?q=%25')).toEqual([]);
    expect(await list('?q=_')).toEqual([]);
  });
});

describe('weekly hours', () => {
  it('replaces the whole week atomically and reads it back in order', async () => {
    const p = await buildProvider(app.database.db);
    await setWeeklyHours(app.database.db, p.id, [
      { weekday: 'wed', start: '13:00', end: '17:00' },
      { weekday: 'mon', start: '09:00', end: '12:00' },
    ]);
    expect(await getWeeklyHours(app.database.db, p.id)).toEqual([
      { weekday: 'mon', start: '09:00', end: '12:00' },
      { weekday: 'wed', start: '13:00', end: '17:00' },
    ]);
    await expect(
      setWeeklyHours(app.database.db, p.id, [
        { weekday: 'fri', start: '09:00', end: '10:00' },
        { weekday: 'fri', start: '12:00', end: '11:00' },
      ]),
    ).rejects.toThrow();
    // The invalid week changed nothing.
    expect(await getWeeklyHours(app.database.db, p.id)).toHaveLength(2);
  });
});
