import type { Generated, Selectable } from 'kysely';
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
};
