import { randomUUID } from 'node:crypto';
import {
  notificationCategoryOf,
  type NotificationCategory,
  type NotificationKind,
} from '@carecircle/core';
import type { Generated } from 'kysely';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { dataKeyFor, keyringFor, open, seal } from '../records/record-keys.ts';

/**
 * Creating notifications: the one door every feature uses to tell someone something. A
 * notification is a row per recipient in the notification centre; creating it also enqueues
 * its delivery job (e-mail, web push, mobile push, as preferences and quiet hours allow) in the
 * same transaction, and after commit announces it on the recipient's sockets.
 *
 * Callers decide who the recipients are, through access/ (e.g. caregivers whose grant allows
 * `appointments:read`). `params` must hold no health data (ids, times, names of people);
 * anything clinical (a medicine's name, a result's title) goes in `secret`, which is sealed
 * under the data key of the patient the notification is about.
 */

declare module '../platform/db.ts' {
  interface Database {
    notifications: {
      id: string;
      recipient_id: string;
      kind: string;
      category: string;
      patient_id: string | null;
      params: unknown;
      sealed: Buffer | null;
      url: Generated<string>;
      urgent: Generated<boolean>;
      dedupe_key: string | null;
      created_at: Generated<Date>;
      read_at: Date | null;
    };
  }
}

export type NotificationParamValue = string | number | boolean | null;

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  /** The patient it is about (the recipient themselves, or someone they care for). */
  patientId?: string | null;
  /** Rendering inputs without health data: ids, instants, people's names. */
  params?: Record<string, NotificationParamValue>;
  /** Rendering inputs that are health data; sealed under the patient's data key. */
  secret?: Record<string, NotificationParamValue>;
  /** Where it leads in the apps: a path such as `/appointments/…`. */
  url: string;
  /** Not held back by quiet hours (a missed dose, a waitlist offer that expires). */
  urgent?: boolean;
  /** Same recipient + same key = the same notification: created once, never twice. */
  dedupeKey?: string;
}

export interface CreatedNotification {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  category: NotificationCategory;
}

/** The delivery job (one per notification): see delivery.ts. */
export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver';

const sealAad = (notificationId: string) => `notification:${notificationId}`;

type NotifyDeps = Pick<AppDeps, 'config' | 'jobs'>;

/**
 * Creates the notifications in `db` (join the caller's transaction to make them part of its
 * change), skipping any whose dedupe key that recipient already has, and enqueues their
 * delivery there too. Returns the ones created; pass them to `announceNotifications` after
 * commit.
 */
export async function createNotifications(
  deps: NotifyDeps,
  db: Db,
  items: readonly NewNotification[],
): Promise<CreatedNotification[]> {
  const created: CreatedNotification[] = [];
  for (const item of items) {
    const id = randomUUID();
    if (item.secret && !item.patientId) throw new Error('a sealed notification needs a patientId');
    const sealed = item.secret
      ? seal(
          (await dataKeyFor(db, keyringFor(deps.config), item.patientId!)).key,
          Buffer.from(JSON.stringify(item.secret)),
          sealAad(id),
        )
      : null;
    const category = notificationCategoryOf[item.kind];
    const row = await db
      .insertInto('notifications')
      .values({
        id,
        recipient_id: item.recipientId,
        kind: item.kind,
        category,
        patient_id: item.patientId ?? null,
        params: JSON.stringify(item.params ?? {}),
        sealed,
        url: item.url,
        urgent: item.urgent ?? false,
        dedupe_key: item.dedupeKey ?? null,
      })
      .onConflict((oc) => oc.columns(['recipient_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue; // already notified
    await deps.jobs.send(DELIVER_NOTIFICATION_JOB, { notificationId: id }, { db });
    created.push({ id, recipientId: item.recipientId, kind: item.kind, category });
  }
  return created;
}

/** Tells the recipients' open apps (every instance) that they have new notifications. */
export async function announceNotifications(
  deps: Pick<AppDeps, 'realtime'>,
  created: readonly CreatedNotification[],
): Promise<void> {
  await deps.realtime.publish(
    created.map((n) => ({
      accountId: n.recipientId,
      type: 'notification.created',
      data: { notificationId: n.id, kind: n.kind, category: n.category },
    })),
  );
}

/** createNotifications in its own transaction, then announceNotifications. */
export async function notify(
  deps: NotifyDeps & Pick<AppDeps, 'database' | 'realtime'>,
  items: readonly NewNotification[],
): Promise<CreatedNotification[]> {
  const created = await inTransaction(deps.database.db, (trx) =>
    createNotifications(deps, trx, items),
  );
  await announceNotifications(deps, created);
  return created;
}

/** The sealed rendering inputs of a notification, opened (for rendering it to its reader). */
export async function openSecret(
  deps: Pick<AppDeps, 'config'>,
  db: Db,
  row: { id: string; patient_id: string | null; sealed: Buffer | null },
): Promise<Record<string, NotificationParamValue>> {
  if (!row.sealed || !row.patient_id) return {};
  const key = await dataKeyFor(db, keyringFor(deps.config), row.patient_id);
  return JSON.parse(open(key.key, row.sealed, sealAad(row.id)).toString('utf8')) as Record<
    string,
    NotificationParamValue
  >;
}
