import { sql, type Generated, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

export interface ProvidersTable {
  account_id: string;
  specialty: string;
  languages: string[];
  modalities: string[];
  location_name: string;
  location_address: string;
  time_zone: string;
  bio: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProviderWeeklyHoursTable {
  id: Generated<string>;
  provider_id: string;
  weekday: number;
  start_time: string;
  end_time: string;
}

declare module '../platform/db.ts' {
  interface Database {
    providers: ProvidersTable;
    provider_weekly_hours: ProviderWeeklyHoursTable;
  }
}

export type ProviderRow = Selectable<ProvidersTable> & { name: string };

export interface ProviderFilter {
  q?: string;
  specialty?: string;
  modality?: string;
  language?: string;
  /** Only providers with at least one active appointment type (of `modality`, if given). */
  bookable?: boolean;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const providersRepo = {
  async upsert(db: Db, row: Omit<ProvidersTable, 'created_at' | 'updated_at'>): Promise<void> {
    await db
      .insertInto('providers')
      .values(row)
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({
          specialty: row.specialty,
          languages: row.languages,
          modalities: row.modalities,
          location_name: row.location_name,
          location_address: row.location_address,
          time_zone: row.time_zone,
          bio: row.bio,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  },

  /** Active (verified) providers matching every given filter, by name. */
  async list(db: Db, filter: ProviderFilter, limit = 100): Promise<ProviderRow[]> {
    let query = db
      .selectFrom('providers as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .selectAll('p')
      .select('a.name')
      .where('a.status', '=', 'active');
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q.toLowerCase())}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['a.name']), 'like', pattern),
          eb(eb.fn('lower', ['p.specialty']), 'like', pattern),
        ]),
      );
    }
    if (filter.specialty) {
      query = query.where((eb) =>
        eb(eb.fn('lower', ['p.specialty']), '=', filter.specialty!.toLowerCase()),
      );
    }
    if (filter.modality) query = query.where(sql<boolean>`${filter.modality} = ANY(p.modalities)`);
    if (filter.language) query = query.where(sql<boolean>`${filter.language} = ANY(p.languages)`);
    if (filter.bookable) {
      query = query.where(
        sql<boolean>`EXISTS (SELECT 1 FROM appointment_types t
                     WHERE t.provider_id = p.account_id AND t.active
                       AND (${filter.modality ?? null}::text IS NULL OR t.modality = ${filter.modality ?? null}))`,
      );
    }
    return query.orderBy('a.name').orderBy('p.account_id').limit(limit).execute();
  },

  /** One active (verified) provider, or undefined. */
  async findActive(db: Db, providerId: string): Promise<ProviderRow | undefined> {
    return db
      .selectFrom('providers as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .selectAll('p')
      .select('a.name')
      .where('p.account_id', '=', providerId)
      .where('a.status', '=', 'active')
      .executeTakeFirst();
  },

  /** The provider profile of any account (active or not), or undefined. */
  async findByAccount(db: Db, accountId: string): Promise<ProviderRow | undefined> {
    return db
      .selectFrom('providers as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .selectAll('p')
      .select('a.name')
      .where('p.account_id', '=', accountId)
      .executeTakeFirst();
  },

  /** The account's status and whether it has a provider profile (for the practice rule). */
  async practiceStatus(
    db: Db,
    accountId: string,
  ): Promise<{ status: string; hasProfile: boolean } | undefined> {
    const row = await db
      .selectFrom('accounts as a')
      .leftJoin('providers as p', 'p.account_id', 'a.id')
      .select(['a.status', 'p.account_id as profile_id'])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    return row ? { status: row.status, hasProfile: row.profile_id !== null } : undefined;
  },

  async replaceWeeklyHours(
    db: Db,
    providerId: string,
    hours: { weekday: number; start_time: string; end_time: string }[],
  ): Promise<void> {
    await db.deleteFrom('provider_weekly_hours').where('provider_id', '=', providerId).execute();
    if (hours.length > 0) {
      await db
        .insertInto('provider_weekly_hours')
        .values(hours.map((h) => ({ ...h, provider_id: providerId })))
        .execute();
    }
  },

  async weeklyHours(db: Db, providerId: string) {
    return db
      .selectFrom('provider_weekly_hours')
      .select(['weekday', 'start_time', 'end_time'])
      .where('provider_id', '=', providerId)
      .orderBy('weekday')
      .orderBy('start_time')
      .execute();
  },
};
