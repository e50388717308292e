import {
  ProviderProfileInput,
  WeeklyHoursInput,
  type Modality,
  type ProviderListQuery,
  type ProviderSummary,
  type WeeklyHours,
  type Weekday,
} from '@carecircle/core';
import { inTransaction, type Db } from '../platform/db.ts';
import { providersRepo, type ProviderRow } from './providers.repo.ts';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function present(row: ProviderRow): ProviderSummary {
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

export async function listProviders(db: Db, query: ProviderListQuery): Promise<ProviderSummary[]> {
  const rows = await providersRepo.list(db, query);
  return rows.map(present);
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
