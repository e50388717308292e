import type { Generated } from 'kysely';
import webpush from 'web-push';
import type { Db } from '../platform/db.ts';

/**
 * The server's VAPID key pair (RFC 8292): generated the first time it is needed and kept in
 * `vapid_keys`, so browsers' subscriptions stay valid across restarts and instances. Several
 * instances starting at once race to insert; the first row wins and everyone reads it.
 */

declare module '../platform/db.ts' {
  interface Database {
    vapid_keys: {
      singleton: Generated<boolean>;
      public_key: string;
      private_key: string;
      created_at: Generated<Date>;
    };
  }
}

export interface VapidKeys {
  /** base64url, uncompressed P-256 point (the browser's applicationServerKey). */
  publicKey: string;
  /** base64url, the 32-byte private scalar. */
  privateKey: string;
}

// Per database pool (tests run several apps in one process): the row never changes.
const cache = new WeakMap<object, Promise<VapidKeys>>();

async function loadOrCreate(db: Db): Promise<VapidKeys> {
  const existing = await db
    .selectFrom('vapid_keys')
    .select(['public_key', 'private_key'])
    .executeTakeFirst();
  if (!existing) {
    const generated = webpush.generateVAPIDKeys();
    await db
      .insertInto('vapid_keys')
      .values({ public_key: generated.publicKey, private_key: generated.privateKey })
      .onConflict((oc) => oc.column('singleton').doNothing())
      .execute();
  }
  const row = await db
    .selectFrom('vapid_keys')
    .select(['public_key', 'private_key'])
    .executeTakeFirstOrThrow();
  return { publicKey: row.public_key, privateKey: row.private_key };
}

export function vapidKeys(db: Db): Promise<VapidKeys> {
  let keys = cache.get(db);
  if (!keys) {
    keys = loadOrCreate(db);
    // A failure (database down) is not cached: the next call tries again.
    keys.catch(() => cache.delete(db));
    cache.set(db, keys);
  }
  return keys;
}
