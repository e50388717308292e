import { sql, type Generated } from 'kysely';
import type { Db } from '../platform/db.ts';
import './notify.ts';

/**
 * SQL of the notification centre and of the deliveries. Every query of the centre takes the
 * reader's account id: a notification is only ever read by its recipient.
 */

declare module '../platform/db.ts' {
  interface Database {
    notification_deliveries: {
      notification_id: string;
      channel: string;
      status: string;
      attempts: Generated<number>;
      detail: string | null;
      not_before: Date | null;
      updated_at: Generated<Date>;
      sent_at: Date | null;
    };
  }
}

export interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: string;
  category: string;
  patient_id: string | null;
  patient_name: string | null;
  params: unknown;
  sealed: Buffer | null;
  url: string;
  urgent: boolean;
  created_at: Date;
  read_at: Date | null;
  /** created_at in microseconds since the epoch (exact, for the paging cursor). */
  created_us: string;
}

/** A position in the list: strictly older than this notification. */
export interface Cursor {
  createdUs: string;
  id: string;
}

function selectNotifications(db: Db) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('accounts as p', 'p.id', 'n.patient_id')
    .select([
      'n.id',
      'n.recipient_id',
      'n.kind',
      'n.category',
      'n.patient_id',
      'p.name as patient_name',
      'n.params',
      'n.sealed',
      'n.url',
      'n.urgent',
      'n.created_at',
      'n.read_at',
      sql<string>`(extract(epoch from n.created_at) * 1000000)::bigint::text`.as('created_us'),
    ]);
}

export const notificationsRepo = {
  async list(
    db: Db,
    recipientId: string,
    options: { unreadOnly: boolean; before?: Cursor; limit: number },
  ): Promise<NotificationRow[]> {
    let q = selectNotifications(db).where('n.recipient_id', '=', recipientId);
    if (options.unreadOnly) q = q.where('n.read_at', 'is', null);
    if (options.before) {
      const { createdUs, id } = options.before;
      // Exact to the microsecond: an interval parsed from text keeps every digit.
      q = q.where(
        sql<boolean>`(n.created_at, n.id) < (timestamptz 'epoch' + (${createdUs} || ' microseconds')::interval, ${id}::uuid)`,
      );
    }
    return await q
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(options.limit)
      .execute();
  },

  async find(db: Db, recipientId: string, id: string): Promise<NotificationRow | undefined> {
    return await selectNotifications(db)
      .where('n.recipient_id', '=', recipientId)
      .where('n.id', '=', id)
      .executeTakeFirst();
  },

  /** For the delivery jobs (no reader: the recipient is in the row). */
  async findById(db: Db, id: string): Promise<NotificationRow | undefined> {
    return await selectNotifications(db).where('n.id', '=', id).executeTakeFirst();
  },

  async unreadCount(db: Db, recipientId: string): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Marks it read (keeping the first read time); false when the reader has no such one. */
  async markRead(db: Db, recipientId: string, id: string, at: Date): Promise<boolean> {
    const row = await db
      .updateTable('notifications')
      .set({ read_at: sql<Date>`coalesce(read_at, ${at})` })
      .where('recipient_id', '=', recipientId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async markAllRead(db: Db, recipientId: string, at: Date): Promise<number> {
    const rows = await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .returning('id')
      .execute();
    return rows.length;
  },
};
