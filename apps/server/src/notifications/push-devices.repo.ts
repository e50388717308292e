import { sql, type Generated } from 'kysely';
import type { Db } from '../platform/db.ts';

declare module '../platform/db.ts' {
  interface Database {
    web_push_subscriptions: {
      id: Generated<string>;
      account_id: string;
      endpoint: string;
      p256dh: string;
      auth: string;
      label: Generated<string>;
      created_at: Generated<Date>;
      last_used_at: Date | null;
    };
    mobile_push_tokens: {
      id: Generated<string>;
      account_id: string;
      token: string;
      platform: string;
      label: Generated<string>;
      created_at: Generated<Date>;
      last_used_at: Date | null;
    };
  }
}

export interface DeviceRow {
  id: string;
  kind: 'web' | 'mobile';
  label: string;
  created_at: Date;
  last_used_at: Date | null;
}

export interface WebSubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Browsers and phones that receive someone's push notifications. A browser (its push endpoint)
 * or phone (its Expo token) belongs to whoever registered it last: when another person signs in
 * on the same device, it moves to them.
 */
export const pushDevicesRepo = {
  async upsertWeb(
    db: Db,
    accountId: string,
    s: { endpoint: string; p256dh: string; auth: string; label: string },
  ): Promise<DeviceRow> {
    const row = await db
      .insertInto('web_push_subscriptions')
      .values({ account_id: accountId, ...s })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          account_id: accountId,
          p256dh: s.p256dh,
          auth: s.auth,
          label: s.label,
        }),
      )
      .returning(['id', 'label', 'created_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
    return { ...row, kind: 'web' };
  },

  async upsertMobile(
    db: Db,
    accountId: string,
    t: { token: string; platform: string; label: string },
  ): Promise<DeviceRow> {
    const row = await db
      .insertInto('mobile_push_tokens')
      .values({ account_id: accountId, ...t })
      .onConflict((oc) =>
        oc.column('token').doUpdateSet({
          account_id: accountId,
          platform: t.platform,
          label: t.label,
        }),
      )
      .returning(['id', 'label', 'created_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
    return { ...row, kind: 'mobile' };
  },

  async list(db: Db, accountId: string): Promise<DeviceRow[]> {
    const web = await db
      .selectFrom('web_push_subscriptions')
      .select(['id', 'label', 'created_at', 'last_used_at', sql<'web'>`'web'`.as('kind')])
      .where('account_id', '=', accountId)
      .execute();
    const mobile = await db
      .selectFrom('mobile_push_tokens')
      .select(['id', 'label', 'created_at', 'last_used_at', sql<'mobile'>`'mobile'`.as('kind')])
      .where('account_id', '=', accountId)
      .execute();
    return [...web, ...mobile].sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
  },

  /** Removes one of the person's devices; false when they have none with this id. */
  async remove(db: Db, accountId: string, id: string): Promise<boolean> {
    const web = await db
      .deleteFrom('web_push_subscriptions')
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (Number(web.numDeletedRows) > 0) return true;
    const mobile = await db
      .deleteFrom('mobile_push_tokens')
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(mobile.numDeletedRows) > 0;
  },

  async removeWebByEndpoint(db: Db, accountId: string, endpoint: string): Promise<void> {
    await db
      .deleteFrom('web_push_subscriptions')
      .where('endpoint', '=', endpoint)
      .where('account_id', '=', accountId)
      .execute();
  },

  async webSubscriptionsOf(db: Db, accountId: string): Promise<WebSubscriptionRow[]> {
    return db
      .selectFrom('web_push_subscriptions')
      .select(['id', 'endpoint', 'p256dh', 'auth'])
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
  },

  async mobileTokensOf(db: Db, accountId: string): Promise<{ id: string; token: string }[]> {
    return db
      .selectFrom('mobile_push_tokens')
      .select(['id', 'token'])
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
  },

  /** The push service said this subscription is gone (404/410). */
  async deleteWebSubscription(db: Db, id: string): Promise<void> {
    await db.deleteFrom('web_push_subscriptions').where('id', '=', id).execute();
  },

  /** Expo said DeviceNotRegistered. */
  async deleteMobileToken(db: Db, token: string): Promise<void> {
    await db.deleteFrom('mobile_push_tokens').where('token', '=', token).execute();
  },

  async touchWeb(db: Db, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('web_push_subscriptions')
      .set({ last_used_at: at })
      .where('id', 'in', ids)
      .execute();
  },

  async touchMobile(db: Db, tokens: string[], at: Date): Promise<void> {
    if (tokens.length === 0) return;
    await db
      .updateTable('mobile_push_tokens')
      .set({ last_used_at: at })
      .where('token', 'in', tokens)
      .execute();
  },
};
