import { sql, type Generated } from 'kysely';
import type { Db } from '../platform/db.ts';

export type TokenPurpose = 'verify_email' | 'reset_password';

export interface AccountTokensTable {
  id: Generated<string>;
  account_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    account_tokens: AccountTokensTable;
  }
}

export const accountTokensRepo = {
  async insert(
    db: Db,
    row: { account_id: string; purpose: TokenPurpose; token_hash: string; ttlSeconds: number },
  ): Promise<void> {
    await db
      .insertInto('account_tokens')
      .values({
        account_id: row.account_id,
        purpose: row.purpose,
        token_hash: row.token_hash,
        expires_at: sql<Date>`now() + make_interval(secs => ${row.ttlSeconds})`,
      })
      .execute();
  },

  /**
   * Marks an unused, unexpired token as used and returns its account, in one statement: two
   * requests with the same token cannot both succeed.
   */
  async consume(
    db: Db,
    purpose: TokenPurpose,
    tokenHash: string,
  ): Promise<{ account_id: string } | undefined> {
    return db
      .updateTable('account_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('account_id')
      .executeTakeFirst();
  },

  /** Retires every unused token of this purpose for the account. */
  async invalidateAll(db: Db, accountId: string, purpose: TokenPurpose): Promise<void> {
    await db
      .updateTable('account_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
  },
};
