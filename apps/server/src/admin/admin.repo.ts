import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';

export interface AdminAccountRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  status: string;
  locale: string;
  email_verified_at: Date | null;
  created_at: Date;
  specialty: string | null;
  location_name: string | null;
}

export interface AdminAccountFilter {
  status?: string;
  role?: string;
  q?: string;
  limit: number;
  offset: number;
}

function selectAccounts(db: Db) {
  return db
    .selectFrom('accounts')
    .leftJoin('providers', 'providers.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.email',
      'accounts.name',
      'accounts.roles',
      'accounts.status',
      'accounts.locale',
      'accounts.email_verified_at',
      'accounts.created_at',
      'providers.specialty',
      'providers.location_name',
    ]);
}

/** `%` and `_` typed by the admin are matched literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Accounts for the admin area. Only account and public provider fields: no health data. */
export const adminAccountsRepo = {
  async search(
    db: Db,
    filter: AdminAccountFilter,
  ): Promise<{ rows: AdminAccountRow[]; total: number }> {
    let q = selectAccounts(db);
    if (filter.status) q = q.where('accounts.status', '=', filter.status);
    if (filter.role) q = q.where(sql<boolean>`${filter.role} = ANY(accounts.roles)`);
    if (filter.q) {
      const pattern = likePattern(filter.q);
      q = q.where((eb) =>
        eb.or([eb('accounts.name', 'ilike', pattern), eb('accounts.email', 'ilike', pattern)]),
      );
    }
    const [rows, count] = await Promise.all([
      q
        .orderBy('accounts.created_at', 'desc')
        .orderBy('accounts.id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: count.n };
  },

  async findForUpdate(db: Db, id: string): Promise<AdminAccountRow | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      return undefined;
    return selectAccounts(db)
      .where('accounts.id', '=', id)
      .forUpdate('accounts')
      .executeTakeFirst();
  },

  async setStatus(db: Db, id: string, status: 'active' | 'disabled'): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ status, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  },
};
