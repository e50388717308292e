import {
  ProviderProfileInput,
  WeeklyHoursInput,
  problemTypes,
  type AppointmentTypeSummary,
  type FirstAvailableItem,
  type FirstAvailableQuery,
  type Modality,
  type ProviderListItem,
  type ProviderListQuery,
  type ProviderSummary,
  type SlotList,
  type SlotQueryParams,
  type WeeklyHours,
  type Weekday,
} from '@carecircle/core';
import type { z } from 'zod';
import { inTransaction, type Db } from '../platform/db.ts';
import { HttpError } from '../platform/errors.ts';
import { practiceRepo, type AppointmentTypeRow } from './practice.repo.ts';
import { providersRepo, type ProviderRow } from './providers.repo.ts';
import { earliestSlots, findSlots, unknownAppointmentType } from './slots.service.ts';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY = 86_400_000;
/** How far ahead `nextAvailable` and first-available look. */
const SEARCH_DAYS = 30;
/** Most providers first-available looks at. */
const FIRST_AVAILABLE_PROVIDERS = 2000;

export function presentProvider(row: ProviderRow): ProviderSummary {
  return {
    id: row.account_id,
    name: row.name,
    specialty: row.specialty,
    languages: row.languages,
    modalities: row.modalities as Modality[],
    location: { name: row.location_name, address: row.location_address, timeZone: row.time_zone },
    bio: row.bio,
  };
}

export function presentTypeSummary(t: AppointmentTypeRow): AppointmentTypeSummary {
  return { id: t.id, name: t.name, durationMinutes: t.duration_minutes, modality: t.modality };
}

/** 404 for a provider that does not exist or is not active, naming the field. */
function unknownProvider(path: string): HttpError {
  return new HttpError({
    status: 404,
    type: problemTypes.notFound,
    title: 'Not found',
    detail: 'providerId: there is no such provider.',
    errors: [{ path, message: 'There is no such provider', code: 'not_found' }],
  });
}

function groupTypes(types: AppointmentTypeRow[]): Map<string, AppointmentTypeRow[]> {
  const byProvider = new Map<string, AppointmentTypeRow[]>();
  for (const t of types) {
    const list = byProvider.get(t.provider_id);
    if (list) list.push(t);
    else byProvider.set(t.provider_id, [t]);
  }
  return byProvider;
}

/** Profiles with their active types and first free slot in the next 30 days, in 3 queries. */
async function withBookingInfo(
  db: Db,
  rows: ProviderRow[],
  now: Date,
): Promise<ProviderListItem[]> {
  const types = groupTypes(
    await practiceRepo.activeTypesOf(
      db,
      rows.map((r) => r.account_id),
    ),
  );
  const earliest = await earliestSlots(
    db,
    rows.map((r) => ({ id: r.account_id, types: types.get(r.account_id) ?? [] })),
    { from: now, to: new Date(now.getTime() + SEARCH_DAYS * DAY), now },
  );
  return rows.map((row) => ({
    ...presentProvider(row),
    appointmentTypes: (types.get(row.account_id) ?? []).map(presentTypeSummary),
    nextAvailable: earliest.get(row.account_id)?.slot.start ?? null,
  }));
}

export async function listProviders(
  db: Db,
  query: ProviderListQuery,
  now = new Date(),
): Promise<ProviderListItem[]> {
  const rows = await providersRepo.list(db, query);
  return withBookingInfo(db, rows, now);
}

/** One active provider with what can be booked; 404 naming providerId otherwise. */
export async function getProvider(
  db: Db,
  providerId: string,
  now = new Date(),
): Promise<ProviderListItem> {
  const row = await providersRepo.findActive(db, providerId);
  if (!row) throw unknownProvider('params.providerId');
  const [item] = await withBookingInfo(db, [row], now);
  return item!;
}

/** Free slots of one of an active provider's active types (404 naming the unknown field). */
export async function listSlots(
  db: Db,
  providerId: string,
  query: z.output<typeof SlotQueryParams>,
  now = new Date(),
): Promise<SlotList> {
  try {
    return await findSlots(db, {
      providerId,
      appointmentTypeId: query.appointmentTypeId,
      from: new Date(query.from),
      to: new Date(query.to),
      now,
    });
  } catch (err) {
    if (!(err instanceof HttpError && err.status === 404)) throw err;
    if (!(await providersRepo.findActive(db, providerId)))
      throw unknownProvider('params.providerId');
    throw unknownAppointmentType('query.appointmentTypeId');
  }
}

/**
 * The earliest free slots across the providers matching a search (one per provider: its
 * earliest across its active types, of the requested modality if any), by start, then name.
 */
export async function firstAvailable(
  db: Db,
  query: z.output<typeof FirstAvailableQuery>,
  now = new Date(),
): Promise<FirstAvailableItem[]> {
  const requested = query.from ? new Date(query.from) : now;
  const from = requested < now ? now : requested;
  const to = new Date(from.getTime() + SEARCH_DAYS * DAY);
  const rows = await providersRepo.list(
    db,
    {
      q: query.q,
      specialty: query.specialty,
      modality: query.modality,
      language: query.language,
      bookable: true,
    },
    FIRST_AVAILABLE_PROVIDERS,
  );
  const allTypes = groupTypes(
    await practiceRepo.activeTypesOf(
      db,
      rows.map((r) => r.account_id),
    ),
  );
  const typesOf = (id: string) =>
    (allTypes.get(id) ?? []).filter((t) => !query.modality || t.modality === query.modality);
  const earliest = await earliestSlots(
    db,
    rows.map((r) => ({ id: r.account_id, types: typesOf(r.account_id) })),
    { from, to, now, enough: query.limit },
  );
  const items: (FirstAvailableItem & { at: number })[] = [];
  for (const row of rows) {
    const found = earliest.get(row.account_id);
    if (!found) continue;
    items.push({
      provider: { id: row.account_id, name: row.name, specialty: row.specialty },
      appointmentType: presentTypeSummary(found.type),
      slot: found.slot,
      at: Date.parse(found.slot.start),
    });
  }
  // Rows come by name, and the sort is stable: equal starts stay in name order.
  items.sort((a, b) => a.at - b.at);
  return items.slice(0, query.limit).map(({ at: _at, ...item }) => item);
}

/** Creates or updates the provider profile of an account that holds the provider role. */
export async function saveProviderProfile(
  db: Db,
  accountId: string,
  input: ProviderProfileInput,
): Promise<void> {
  const p = ProviderProfileInput.parse(input);
  await providersRepo.upsert(db, {
    account_id: accountId,
    specialty: p.specialty,
    languages: p.languages,
    modalities: p.modalities,
    location_name: p.location.name,
    location_address: p.location.address,
    time_zone: p.location.timeZone,
    bio: p.bio,
  });
}

/** Replaces the provider's weekly hours (wall-clock times in the clinic's time zone). */
export async function setWeeklyHours(
  db: Db,
  providerId: string,
  input: WeeklyHours[],
): Promise<void> {
  const hours = WeeklyHoursInput.parse(input);
  await inTransaction(db, (trx) =>
    providersRepo.replaceWeeklyHours(
      trx,
      providerId,
      hours.map((h) => ({
        weekday: WEEKDAYS.indexOf(h.weekday) + 1,
        start_time: h.start,
        end_time: h.end,
      })),
    ),
  );
}

export async function getWeeklyHours(db: Db, providerId: string): Promise<WeeklyHours[]> {
  const rows = await providersRepo.weeklyHours(db, providerId);
  return rows.map((r) => ({
    weekday: WEEKDAYS[r.weekday - 1]!,
    start: r.start_time.slice(0, 5),
    end: r.end_time.slice(0, 5),
  }));
}
