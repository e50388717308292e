import { sql, type Generated, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

export interface AccountsTable {
  id: Generated<string>;
  email: string;
  name: string;
  roles: string[];
  status: Generated<string>;
  password_hash: string | null;
  email_verified_at: Date | null;
  locale: Generated<string>;
  time_zone: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    accounts: AccountsTable;
  }
}

export type AccountRow = Selectable<AccountsTable>;

export const accountsRepo = {
  async findById(db: Db, id: string): Promise<AccountRow | undefined> {
    // Ids come from tokens and URLs: anything that is not a UUID simply matches nothing.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      return undefined;
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
    return db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  },

  async insert(
    db: Db,
    row: Pick<AccountsTable, 'email' | 'name' | 'roles' | 'password_hash'> & {
      status: string;
      locale: string;
      time_zone: string;
      email_verified_at: Date | null;
    },
  ): Promise<AccountRow> {
    return db.insertInto('accounts').values(row).returningAll().executeTakeFirstOrThrow();
  },

  /** Records that the person proved they read this address (the first time only). */
  async markEmailVerified(db: Db, id: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({
        email_verified_at: sql<Date>`coalesce(email_verified_at, now())`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
  },

  /** The person's own settings: language and time zone (validated by the contract). */
  async updateSettings(
    db: Db,
    id: string,
    changes: { locale?: string | undefined; timeZone?: string | undefined },
  ): Promise<void> {
    await db
      .updateTable('accounts')
      .set({
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
        ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
  },

  async setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  },
};
