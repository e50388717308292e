import {
  NotificationCategory,
  NotificationKind,
  type Locale,
  type Notification,
  type NotificationList,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import type { Db } from '../platform/db.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { renderNotification, type RenderedNotification } from './notification-text.ts';
import { notificationsRepo, type Cursor, type NotificationRow } from './notifications.repo.ts';
import { openSecret, type NotificationParamValue } from './notify.ts';
import { safeTimeZone } from '@carecircle/core';
import { settledDoseIds } from '../medications/doses.service.ts';

/**
 * The notification centre: one's own notifications, rendered in one's language and zone.
 * Nobody reads another's: every query is by the reader's account, and an id that is not theirs
 * is 404 (never revealing that it exists). Reading one's own centre is not audited (it is not
 * reading a patient's record); the sealed values are opened only for their recipient.
 */

export type CentreDeps = Pick<AppDeps, 'config' | 'database' | 'clock' | 'realtime' | 'logger'>;

export interface Reader {
  id: string;
  locale: Locale;
  timeZone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(row: Pick<NotificationRow, 'created_us' | 'id'>): string {
  return Buffer.from(`${row.created_us}.${row.id}`).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  const [createdUs, id] = Buffer.from(value, 'base64url').toString('utf8').split('.');
  if (!createdUs || !/^\d{1,17}$/.test(createdUs) || !id || !UUID.test(id)) {
    throw badRequest('before: Must be the nextBefore of a previous page', [
      {
        path: 'query.before',
        message: 'Must be the nextBefore of a previous page',
        code: 'custom',
      },
    ]);
  }
  return { createdUs, id };
}

export const paramsOf = (row: { params: unknown }): Record<string, NotificationParamValue> =>
  row.params && typeof row.params === 'object'
    ? (row.params as Record<string, NotificationParamValue>)
    : {};

/** `es` from `es`, `es-MX` or `es-MX,en;q=0.8`; null when it names neither language we write. */
export function localeFromHeader(header: string | undefined): Locale | null {
  const first = header?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'en' || first === 'es' ? first : null;
}

/** The reader: their zone, and the language the app asks for (else their account's). */
export async function readerOf(
  db: Db,
  accountId: string,
  preferredLocale: Locale | null = null,
): Promise<Reader> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'locale', 'time_zone'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return {
    id: row.id,
    locale: preferredLocale ?? (row.locale === 'es' ? 'es' : 'en'),
    timeZone: safeTimeZone(row.time_zone),
  };
}

/** The words of a notification for its reader; `withSecret: false` for e-mail and push. */
export async function renderFor(
  deps: Pick<AppDeps, 'config' | 'logger'>,
  db: Db,
  row: NotificationRow,
  reader: Reader,
  options: { withSecret: boolean },
): Promise<RenderedNotification> {
  let secret: Record<string, NotificationParamValue> = {};
  if (options.withSecret) {
    try {
      secret = await openSecret(deps, db, row);
    } catch (err) {
      // A key that cannot open it (rotated away): generic words rather than a broken centre.
      deps.logger.warn(
        { notificationId: row.id, err: { name: (err as Error).name } },
        'notification secret could not be opened',
      );
    }
  }
  const kind = NotificationKind.safeParse(row.kind);
  return renderNotification({
    kind: kind.success ? kind.data : ('unknown' as never),
    params: paramsOf(row),
    secret,
    locale: reader.locale,
    timeZone: reader.timeZone,
    aboutSomeoneElse: row.patient_id !== null && row.patient_id !== reader.id,
    patientName: row.patient_name,
    discreet: !options.withSecret,
    readerId: reader.id,
  });
}

/** The doses of medication reminders on this page that no longer wait for an answer. */
function settledDoses(db: Db, rows: readonly NotificationRow[]): Promise<Set<string>> {
  return settledDoseIds(
    db,
    rows
      .filter((r) => r.kind === 'medication.due')
      .map((r) => paramsOf(r).doseId)
      .filter((id): id is string => typeof id === 'string' && UUID.test(id)),
  );
}

async function present(
  deps: CentreDeps,
  row: NotificationRow,
  reader: Reader,
  settled: ReadonlySet<string> = new Set(),
): Promise<Notification> {
  const db = deps.database.db;
  const words = await renderFor(deps, db, row, reader, { withSecret: true });
  // A reminder already answered (here, on another device, or by a caregiver) offers no answers.
  const actions = words.actions.filter((a) => !(a.doseId && settled.has(a.doseId)));
  const category = NotificationCategory.safeParse(row.category);
  return {
    id: row.id,
    kind: row.kind as Notification['kind'],
    category: category.success ? category.data : 'account',
    title: words.title,
    body: words.body,
    url: row.url,
    urgent: row.urgent,
    patient:
      row.patient_id && row.patient_id !== reader.id
        ? { id: row.patient_id, name: row.patient_name ?? '' }
        : null,
    actions,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

export async function listNotifications(
  deps: CentreDeps,
  actor: Actor,
  query: { unread?: 'true' | 'false'; before?: string; limit: number },
  locale: Locale | null = null,
): Promise<NotificationList> {
  const db = deps.database.db;
  const before = query.before ? decodeCursor(query.before) : undefined;
  const reader = await readerOf(db, actor.id, locale);
  const rows = await notificationsRepo.list(db, actor.id, {
    unreadOnly: query.unread === 'true',
    before,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const settled = await settledDoses(db, page);
  const items: Notification[] = [];
  for (const row of page) items.push(await present(deps, row, reader, settled));
  return {
    items,
    unreadCount: await notificationsRepo.unreadCount(db, actor.id),
    nextBefore: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

export async function unreadCount(deps: CentreDeps, actor: Actor) {
  return { unreadCount: await notificationsRepo.unreadCount(deps.database.db, actor.id) };
}

/** Marks one read and tells the reader's other open apps (tabs, phone). */
export async function markRead(
  deps: CentreDeps,
  actor: Actor,
  notificationId: string,
  locale: Locale | null = null,
): Promise<Notification> {
  const db = deps.database.db;
  const marked = await notificationsRepo.markRead(db, actor.id, notificationId, deps.clock.now());
  if (!marked) throw notFound('There is no such notification.');
  await deps.realtime.publish([
    { accountId: actor.id, type: 'notification.read', data: { notificationId } },
  ]);
  const row = await notificationsRepo.find(db, actor.id, notificationId);
  if (!row) throw notFound('There is no such notification.');
  return present(deps, row, await readerOf(db, actor.id, locale), await settledDoses(db, [row]));
}

export async function markAllRead(deps: CentreDeps, actor: Actor) {
  const db = deps.database.db;
  const count = await notificationsRepo.markAllRead(db, actor.id, deps.clock.now());
  if (count > 0) {
    await deps.realtime.publish([
      { accountId: actor.id, type: 'notification.read', data: { all: true } },
    ]);
  }
  return { unreadCount: await notificationsRepo.unreadCount(db, actor.id) };
}
