import { sql, type Generated, type Selectable } from 'kysely';
import type { SmartClientType } from '@carecircle/core';
import type { Db } from '../platform/db.ts';

export interface SmartAppsTable {
  client_id: string;
  name: string;
  redirect_uris: string[];
  client_type: SmartClientType;
  secret_hash: string | null;
  scopes: string[];
  launch_url: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

declare module '../platform/db.ts' {
  interface Database {
    smart_apps: SmartAppsTable;
  }
}

export type SmartAppRow = Selectable<SmartAppsTable>;

export const smartAppsRepo = {
  async list(db: Db): Promise<SmartAppRow[]> {
    return db
      .selectFrom('smart_apps')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('client_id')
      .limit(500)
      .execute();
  },

  /** An app that may sign people in (not disabled), for the authorization server. */
  /** Names of registered apps by client id (for people's list of where they are signed in). */
  async namesOf(db: Db, clientIds: readonly string[]): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('smart_apps')
      .select(['client_id', 'name'])
      .where('client_id', 'in', [...clientIds])
      .execute();
    return new Map(rows.map((r) => [r.client_id, r.name]));
  },

  async findActive(db: Db, clientId: string): Promise<SmartAppRow | undefined> {
    return db
      .selectFrom('smart_apps')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
  },

  async insert(
    db: Db,
    row: Omit<SmartAppsTable, 'created_at' | 'disabled_at'>,
  ): Promise<SmartAppRow> {
    return db.insertInto('smart_apps').values(row).returningAll().executeTakeFirstOrThrow();
  },

  /** Disables an app (idempotent); undefined when there is no such app. */
  async disable(db: Db, clientId: string): Promise<SmartAppRow | undefined> {
    return db
      .updateTable('smart_apps')
      .set({ disabled_at: sql<Date>`coalesce(disabled_at, now())` })
      .where('client_id', '=', clientId)
      .returningAll()
      .executeTakeFirst();
  },

  /** Ends everything the authorization server holds for an app: grants, codes, refresh tokens. */
  async deleteOidcState(db: Db, clientId: string): Promise<void> {
    await db
      .deleteFrom('oidc_payloads')
      .where(sql<string>`payload->>'clientId'`, '=', clientId)
      .execute();
  },
};
