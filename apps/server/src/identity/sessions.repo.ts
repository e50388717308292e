import { sql } from 'kysely';
import type { AdapterPayload } from 'oidc-provider';
import type { Db } from '../platform/db.ts';

export interface OidcRow {
  model: string;
  id: string;
  payload: AdapterPayload;
  grant_id: string | null;
  consumed_at: Date | null;
}

/** The rows of oidc-provider's storage that make up a person's sign-ins. */
export const sessionsRepo = {
  /** Live Session, Grant and RefreshToken rows of one account. */
  async liveRowsFor(db: Db, accountId: string): Promise<OidcRow[]> {
    return db
      .selectFrom('oidc_payloads')
      .select(['model', 'id', 'payload', 'grant_id', 'consumed_at'])
      .where('account_id', '=', accountId)
      .where('model', 'in', ['Session', 'Grant', 'RefreshToken'])
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .execute();
  },

  /** Ends grants (with every token issued under them) and sessions. Returns grants ended. */
  async destroy(db: Db, grantIds: string[], sessionIds: string[]): Promise<number> {
    let ended = 0;
    if (grantIds.length > 0) {
      await db.deleteFrom('oidc_payloads').where('grant_id', 'in', grantIds).execute();
      const res = await db
        .deleteFrom('oidc_payloads')
        .where('model', '=', 'Grant')
        .where('id', 'in', grantIds)
        .executeTakeFirst();
      ended = Number(res.numDeletedRows);
    }
    if (sessionIds.length > 0) {
      await db
        .deleteFrom('oidc_payloads')
        .where('model', '=', 'Session')
        .where('id', 'in', sessionIds)
        .execute();
    }
    return ended;
  },

  /** Everything the authorization server keeps for an account: sessions, grants, tokens. */
  async destroyAllFor(db: Db, accountId: string): Promise<void> {
    await db
      .deleteFrom('oidc_payloads')
      .where((eb) =>
        eb.or([
          eb('account_id', '=', accountId),
          eb(
            'grant_id',
            'in',
            eb
              .selectFrom('oidc_payloads as g')
              .select('g.id')
              .where('g.model', '=', 'Grant')
              .where('g.account_id', '=', accountId),
          ),
        ]),
      )
      .execute();
  },
};
