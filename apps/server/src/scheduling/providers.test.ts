import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Account,
  FirstAvailableItem,
  Modality,
  Problem,
  ProviderList,
  ProviderListItem,
  SlotList,
  WeeklyHours,
} from '@carecircle/core';
import { createTestDatabase, startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildProvider } from '../../test/factories.ts';
import { DEMO_KNEE_FOLLOW_UP, findDemoAppointmentType, seedDemoData } from '../demo/seed.ts';
import { createDatabase } from '../platform/db.ts';
import { createLogger } from '../platform/logger.ts';
import { practiceRepo, type AppointmentTypeRow } from './practice.repo.ts';
import { getWeeklyHours, listProviders, setWeeklyHours } from './providers.service.ts';

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

describe('search with what can be booked', () => {
  const everyDay = (start: string, end: string): WeeklyHours[] =>
    (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((weekday) => ({
      weekday,
      start,
      end,
    }));
  const specialty = `Search-${crypto.randomUUID().slice(0, 8)}`;
  let soon: Account;
  let later: Account;
  let noHours: Account;
  let noTypes: Account;
  let soonType: AppointmentTypeRow;
  let laterType: AppointmentTypeRow;

  async function addType(
    providerId: string,
    values: Partial<Parameters<typeof practiceRepo.insertAppointmentType>[2]> = {},
  ) {
    return practiceRepo.insertAppointmentType(app.database.db, providerId, {
      name: 'Visit',
      duration_minutes: 30,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      modality: 'in_person',
      minimum_notice_minutes: 0,
      booking_horizon_days: 90,
      ...values,
    });
  }

  beforeAll(async () => {
    const db = app.database.db;
    const profile = { specialty, modalities: ['in_person', 'video'] as Modality[] };
    soon = await buildProvider(db, {
      account: { name: 'Dr. A Soon' },
      profile,
      hours: everyDay('00:00', '23:30'),
    });
    later = await buildProvider(db, {
      account: { name: 'Dr. B Later' },
      profile,
      hours: everyDay('00:00', '23:30'),
    });
    noHours = await buildProvider(db, { account: { name: 'Dr. C No Hours' }, profile });
    noTypes = await buildProvider(db, {
      account: { name: 'Dr. D No Types' },
      profile,
      hours: everyDay('09:00', '17:00'),
    });
    soonType = await addType(soon.id, { name: 'Quick visit' });
    await addType(soon.id, { name: 'Zzz retired', active: false });
    // Three days' notice: its first slot comes after every slot of Dr. A Soon's.
    laterType = await addType(later.id, {
      name: 'Video review',
      modality: 'video',
      minimum_notice_minutes: 3 * 24 * 60,
    });
    await addType(noHours.id);
  });

  it('lists active appointment types and the first free slot within 30 days', async () => {
    const res = await fetch(`${app.url}/api/v1/providers?specialty=${specialty}`);
    const { items } = (await res.json()) as ProviderList;
    expect(items.map((p) => [p.name, p.appointmentTypes])).toEqual([
      [
        'Dr. A Soon',
        [{ id: soonType.id, name: 'Quick visit', durationMinutes: 30, modality: 'in_person' }],
      ],
      [
        'Dr. B Later',
        [{ id: laterType.id, name: 'Video review', durationMinutes: 30, modality: 'video' }],
      ],
      ['Dr. C No Hours', [expect.objectContaining({ name: 'Visit' })]],
      ['Dr. D No Types', []],
    ]);
    // nextAvailable is the first slot the slots endpoint offers from now.
    const firstSlot = async (providerId: string, typeId: string) => {
      const from = new Date();
      const to = new Date(from.getTime() + 30 * 86_400_000);
      const slots = (await (
        await fetch(
          `${app.url}/api/v1/providers/${providerId}/slots?appointmentTypeId=${typeId}&from=${from.toISOString()}&to=${to.toISOString()}`,
        )
      ).json()) as SlotList;
      return slots.slots[0]!.start;
    };
    const [a, b, c, d] = items;
    expect(a!.nextAvailable).toBe(await firstSlot(soon.id, soonType.id));
    expect(b!.nextAvailable).toBe(await firstSlot(later.id, laterType.id));
    expect(Date.parse(b!.nextAvailable!) - Date.now()).toBeGreaterThanOrEqual(
      3 * 86_400_000 - 60_000,
    );
    expect(c!.nextAvailable).toBeNull();
    expect(d!.id).toBe(noTypes.id);
    expect(d!.nextAvailable).toBeNull();
  });

  it('shows one active provider, and 404 for an unknown or pending one', async () => {
    const res = await fetch(`${app.url}/api/v1/providers/${later.id}`);
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(body).toMatchObject({
      id: later.id,
      name: 'Dr. B Later',
      specialty,
      appointmentTypes: [{ id: laterType.id }],
    });
    expect((body as ProviderListItem).nextAvailable).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:00-0[45]:00$/,
    );
    const pending = await buildProvider(app.database.db, { verified: false });
    for (const id of [crypto.randomUUID(), pending.id]) {
      const missing = await fetch(`${app.url}/api/v1/providers/${id}`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Problem).errors?.[0]?.path).toBe('params.providerId');
    }
    expect((await fetch(`${app.url}/api/v1/providers/nope`)).status).toBe(400);
  });

  it('finds the first available slots across providers, earliest first', async () => {
    const first = async (query: string) => {
      const res = await fetch(`${app.url}/api/v1/first-available?specialty=${specialty}${query}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: FirstAvailableItem[] }).items;
    };
    const items = await first('');
    expect(items.map((i) => [i.provider.name, i.appointmentType.name])).toEqual([
      ['Dr. A Soon', 'Quick visit'],
      ['Dr. B Later', 'Video review'],
    ]);
    expect(Date.parse(items[0]!.slot.start)).toBeLessThan(Date.parse(items[1]!.slot.start));
    expect(items[0]!.provider).toEqual({ id: soon.id, name: 'Dr. A Soon', specialty });
    expect(Date.parse(items[0]!.slot.end) - Date.parse(items[0]!.slot.start)).toBe(30 * 60_000);
    expect((await first('&limit=1')).map((i) => i.provider.name)).toEqual(['Dr. A Soon']);
    expect((await first('&modality=video')).map((i) => i.provider.name)).toEqual(['Dr. B Later']);
    // From four days ahead both have the same first slot: then by name.
    const from = new Date(Date.now() + 4 * 86_400_000).toISOString();
    const fromLater = await first(`&from=${encodeURIComponent(from)}`);
    expect(fromLater.map((i) => i.provider.name)).toEqual(['Dr. A Soon', 'Dr. B Later']);
    expect(fromLater[0]!.slot.start).toBe(fromLater[1]!.slot.start);
    expect(Date.parse(fromLater[0]!.slot.start)).toBeGreaterThanOrEqual(Date.parse(from));
    expect((await fetch(`${app.url}/api/v1/first-available?limit=0`)).status).toBe(400);
  });
});

describe('demo providers', () => {
  it('offer their appointment types once, however often the demo data is seeded', async () => {
    const logger = createLogger({ logLevel: 'silent' });
    const database = createDatabase(await createTestDatabase(), logger, 2);
    try {
      await seedDemoData(database.db, logger);
      await seedDemoData(database.db, logger);
      const providers = await listProviders(database.db, {});
      expect(
        Object.fromEntries(providers.map((p) => [p.name, p.appointmentTypes.map((t) => t.name)])),
      ).toEqual({
        'Dr. Amara Okafor': ['Knee follow-up', 'New patient consultation', 'Video check-in'],
        'Dr. Wei Chen': ['Diabetes review', 'New patient visit', 'Thyroid results by video'],
        'Jordan Lee': ['Exercise review by video', 'Phone check-in', 'Physiotherapy session'],
      });
      const knee = await findDemoAppointmentType(
        database.db,
        'dr.okafor@example.org',
        DEMO_KNEE_FOLLOW_UP,
      );
      expect(knee).toMatchObject({
        name: 'Knee follow-up',
        duration_minutes: 30,
        buffer_after_minutes: 10,
        modality: 'in_person',
      });
      // Every demo provider has a free slot in the next 30 days.
      expect(providers.every((p) => p.nextAvailable !== null)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
