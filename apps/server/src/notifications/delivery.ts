import {
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
} from '@carecircle/core';
import { sql } from 'kysely';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { defineJob, type JobContext, type JobDefinition } from '../platform/jobs.ts';
import { notificationsRepo, type NotificationRow } from './notifications.repo.ts';
import { DELIVER_NOTIFICATION_JOB } from './notify.ts';
import { preferencesRepo } from './preferences.repo.ts';
import { presentPreferences } from './preferences.service.ts';
import { pushDevicesRepo } from './push-devices.repo.ts';
import { quietHoursEndAfter } from './quiet-hours.ts';
import { safeTimeZone } from '@carecircle/core';
import type { Reader } from './notifications.service.ts';

/**
 * Delivering a notification through its channels. The job `notifications.deliver` (enqueued by
 * notify.ts with the notification) decides per channel, as the recipient's preferences, devices
 * and quiet hours say, and writes that decision into `notification_deliveries` (one row per
 * notification and channel: the key that makes a retried job a no-op). Each channel that has
 * something to send gets its own job (`notifications.deliver.email`, …), retried with back-off
 * on its own, so an SMTP outage never resends a push and a push service's 503 never resends an
 * e-mail. Quiet hours hold a non-urgent channel's job until they end (`held`, `not_before`).
 * The in-app centre needs no delivery: the notification row is the centre.
 */

export const CHANNEL_JOBS: Record<NotificationChannel, string> = {
  email: 'notifications.deliver.email',
  'web-push': 'notifications.deliver.web-push',
  'mobile-push': 'notifications.deliver.mobile-push',
};

const CHANNELS = Object.keys(CHANNEL_JOBS) as NotificationChannel[];

export interface Recipient extends Reader {
  name: string;
  email: string;
  status: string;
}

export interface DeliveryContext {
  notification: NotificationRow;
  kind: NotificationKind;
  recipient: Recipient;
  preferences: NotificationPreferences;
}

/** What a channel's sender did: sent, or nothing to send (with why). */
export type SendOutcome = { status: 'sent' } | { status: 'skipped'; detail: string };

/** A failure that retrying will not fix (the job records it and stops). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

export async function loadDeliveryContext(
  db: Db,
  notificationId: string,
): Promise<DeliveryContext | undefined> {
  const notification = await notificationsRepo.findById(db, notificationId);
  if (!notification) return undefined;
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'email', 'status', 'locale', 'time_zone'])
    .where('id', '=', notification.recipient_id)
    .executeTakeFirst();
  const prefs = await preferencesRepo.find(db, notification.recipient_id);
  if (!account || !prefs) return undefined;
  return {
    notification,
    kind: notification.kind as NotificationKind,
    recipient: {
      id: account.id,
      name: account.name,
      email: account.email,
      status: account.status,
      locale: account.locale === 'es' ? 'es' : 'en',
      timeZone: safeTimeZone(account.time_zone),
    },
    preferences: presentPreferences(prefs),
  };
}

async function hasDevice(db: Db, channel: NotificationChannel, ctx: DeliveryContext) {
  if (channel === 'email') return ctx.recipient.email.includes('@');
  if (channel === 'web-push')
    return (await pushDevicesRepo.webSubscriptionsOf(db, ctx.recipient.id)).length > 0;
  return (await pushDevicesRepo.mobileTokensOf(db, ctx.recipient.id)).length > 0;
}

type Decision =
  { status: 'skipped'; detail: string } | { status: 'held'; notBefore: Date } | { status: 'send' };

/** What a channel does with a notification now: skip it, hold it for quiet hours, or send. */
export async function decide(
  db: Db,
  channel: NotificationChannel,
  ctx: DeliveryContext,
  now: Date,
): Promise<Decision> {
  if (ctx.recipient.status === 'disabled') return { status: 'skipped', detail: 'account-disabled' };
  const category = ctx.notification.category as keyof NotificationPreferences['channels'];
  if (ctx.preferences.channels[category]?.[channel] === false)
    return { status: 'skipped', detail: 'preference' };
  if (!(await hasDevice(db, channel, ctx))) return { status: 'skipped', detail: 'no-device' };
  if (!ctx.notification.urgent) {
    const end = quietHoursEndAfter(now, ctx.preferences.timeZone, ctx.preferences.quietHours);
    if (end) return { status: 'held', notBefore: end };
  }
  return { status: 'send' };
}

/**
 * The first job: records every channel's decision and enqueues the channels' jobs, in one
 * transaction. Run again (a retry, a second instance), it finds the rows and does nothing more.
 */
export const deliverNotificationJob = defineJob<{ notificationId: string }>({
  name: DELIVER_NOTIFICATION_JOB,
  concurrency: 4,
  async handler(deps, { notificationId }) {
    const db = deps.database.db;
    const ctx = await loadDeliveryContext(db, notificationId);
    if (!ctx) return; // deleted meanwhile (with its account)
    const now = deps.clock.now();
    await inTransaction(db, async (trx) => {
      for (const channel of CHANNELS) {
        const decision = await decide(trx, channel, ctx, now);
        const inserted = await trx
          .insertInto('notification_deliveries')
          .values({
            notification_id: notificationId,
            channel,
            status: decision.status === 'send' ? 'pending' : decision.status,
            detail: decision.status === 'skipped' ? decision.detail : null,
            not_before: decision.status === 'held' ? decision.notBefore : null,
          })
          .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
          .returning('channel')
          .executeTakeFirst();
        if (!inserted || decision.status === 'skipped') continue;
        await deps.jobs.send(
          CHANNEL_JOBS[channel],
          { notificationId },
          {
            db: trx,
            singletonKey: notificationId,
            ...(decision.status === 'held' ? { startAfter: decision.notBefore } : {}),
          },
        );
      }
    });
  },
});

type Sender = (deps: AppDeps, ctx: DeliveryContext) => Promise<SendOutcome>;

/** How often a channel's job tries before it is marked failed and dead-lettered. */
export const CHANNEL_RETRY_LIMIT = 12;

async function setDelivery(
  db: Db,
  notificationId: string,
  channel: NotificationChannel,
  values: Partial<{
    status: string;
    detail: string | null;
    not_before: Date | null;
    sent_at: Date | null;
  }>,
) {
  await db
    .updateTable('notification_deliveries')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('notification_id', '=', notificationId)
    .where('channel', '=', channel)
    .execute();
}

/** A channel's job: decides again (preferences and quiet hours may have changed), then sends. */
export async function runChannel(
  deps: AppDeps,
  channel: NotificationChannel,
  notificationId: string,
  job: JobContext,
  send: Sender,
): Promise<void> {
  const db = deps.database.db;
  const row = await db
    .selectFrom('notification_deliveries')
    .select(['status'])
    .where('notification_id', '=', notificationId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  // Done before (sent, skipped, failed): a retry or a second run sends nothing again.
  if (!row || !['pending', 'held'].includes(row.status)) return;
  const ctx = await loadDeliveryContext(db, notificationId);
  if (!ctx) return;
  const decision = await decide(db, channel, ctx, deps.clock.now());
  if (decision.status === 'skipped') {
    await setDelivery(db, notificationId, channel, { status: 'skipped', detail: decision.detail });
    return;
  }
  if (decision.status === 'held') {
    await inTransaction(db, async (trx) => {
      await setDelivery(trx, notificationId, channel, {
        status: 'held',
        not_before: decision.notBefore,
      });
      await deps.jobs.send(
        CHANNEL_JOBS[channel],
        { notificationId },
        { db: trx, startAfter: decision.notBefore, singletonKey: notificationId },
      );
    });
    return;
  }
  await db
    .updateTable('notification_deliveries')
    .set({ status: 'pending', attempts: sql<number>`attempts + 1`, updated_at: sql<Date>`now()` })
    .where('notification_id', '=', notificationId)
    .where('channel', '=', channel)
    .execute();
  try {
    const outcome = await send(deps, ctx);
    await setDelivery(
      db,
      notificationId,
      channel,
      outcome.status === 'sent'
        ? { status: 'sent', detail: null, sent_at: deps.clock.now() }
        : { status: 'skipped', detail: outcome.detail },
    );
  } catch (err) {
    const permanent = err instanceof PermanentDeliveryError;
    if (permanent || job.retryCount >= CHANNEL_RETRY_LIMIT) {
      await setDelivery(db, notificationId, channel, {
        status: 'failed',
        detail: (permanent ? err.message : (err as Error).name).slice(0, 300),
      });
    }
    if (!permanent) throw err; // pg-boss retries with back-off
    deps.logger.warn({ notificationId, channel }, 'notification delivery failed for good');
  }
}

/** Defines a channel's job (retried on its own, with back-off). */
export function channelJob(
  channel: NotificationChannel,
  send: Sender,
): JobDefinition<{ notificationId: string }> {
  return defineJob<{ notificationId: string }>({
    name: CHANNEL_JOBS[channel],
    concurrency: 4,
    // 2 s, 4 s, 8 s … capped at 10 min: about an hour and a half of outage before giving up.
    // `singleton` with the notification id as key: two jobs of one notification's channel (a
    // held one re-enqueued, a retry) never run at the same time, so the second finds it sent.
    queue: {
      policy: 'singleton',
      retryLimit: CHANNEL_RETRY_LIMIT,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 600,
    },
    handler: (deps, { notificationId }, job) =>
      runChannel(deps, channel, notificationId, job, send),
  });
}
