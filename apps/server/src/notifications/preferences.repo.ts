import { sql, type Generated } from 'kysely';
import type { Db } from '../platform/db.ts';

declare module '../platform/db.ts' {
  interface Database {
    notification_preferences: {
      account_id: string;
      channels: unknown;
      quiet_enabled: Generated<boolean>;
      quiet_start: Generated<string>;
      quiet_end: Generated<string>;
      updated_at: Generated<Date>;
    };
  }
}

export interface PreferencesRow {
  channels: unknown;
  quiet_enabled: boolean;
  quiet_start: string;
  quiet_end: string;
  time_zone: string;
  locale: string;
}

/** One person's channel switches and quiet hours (defaults when they never changed them). */
export const preferencesRepo = {
  /** The stored preferences joined to the account's zone and language; undefined: no account. */
  async find(db: Db, accountId: string): Promise<PreferencesRow | undefined> {
    return db
      .selectFrom('accounts as a')
      .leftJoin('notification_preferences as np', 'np.account_id', 'a.id')
      .select([
        sql<unknown>`coalesce(np.channels, '{}'::jsonb)`.as('channels'),
        sql<boolean>`coalesce(np.quiet_enabled, false)`.as('quiet_enabled'),
        sql<string>`coalesce(np.quiet_start, '22:00')`.as('quiet_start'),
        sql<string>`coalesce(np.quiet_end, '07:00')`.as('quiet_end'),
        'a.time_zone',
        'a.locale',
      ])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
  },

  async upsert(
    db: Db,
    accountId: string,
    values: { channels: unknown; quietEnabled: boolean; quietStart: string; quietEnd: string },
  ): Promise<void> {
    const row = {
      channels: JSON.stringify(values.channels),
      quiet_enabled: values.quietEnabled,
      quiet_start: values.quietStart,
      quiet_end: values.quietEnd,
    };
    await db
      .insertInto('notification_preferences')
      .values({ account_id: accountId, ...row })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({ ...row, updated_at: sql<Date>`now()` }),
      )
      .execute();
  },
};
