import {
  DEFAULT_CHANNELS,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  type ChannelSwitches,
  type NotificationCategory,
  type NotificationPreferences,
  type UpdateNotificationPreferences,
} from '@carecircle/core';
import { inTransaction, type Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { preferencesRepo, type PreferencesRow } from './preferences.repo.ts';
import { safeTimeZone } from '@carecircle/core';

/**
 * Notification preferences: for each category, each channel on or off (on unless switched
 * off), and quiet hours in the account's time zone. PATCH merges: categories and channels not
 * named keep their value.
 */

type Channels = Record<NotificationCategory, ChannelSwitches>;

/** Every category × channel, filling what was never stored with the default (on). */
function fullChannels(stored: unknown): Channels {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const out = {} as Channels;
  for (const category of NOTIFICATION_CATEGORIES) {
    const entry = (
      raw[category] && typeof raw[category] === 'object' ? raw[category] : {}
    ) as Record<string, unknown>;
    const switches = { ...DEFAULT_CHANNELS };
    for (const channel of NOTIFICATION_CHANNELS) {
      if (typeof entry[channel] === 'boolean') switches[channel] = entry[channel];
    }
    out[category] = switches;
  }
  return out;
}

export function presentPreferences(row: PreferencesRow): NotificationPreferences {
  return {
    channels: fullChannels(row.channels),
    quietHours: { enabled: row.quiet_enabled, start: row.quiet_start, end: row.quiet_end },
    timeZone: safeTimeZone(row.time_zone),
  };
}

/** A person's preferences (the defaults until they change them). */
export async function getPreferences(db: Db, accountId: string): Promise<NotificationPreferences> {
  const row = await preferencesRepo.find(db, accountId);
  if (!row) throw notFound();
  return presentPreferences(row);
}

export async function updatePreferences(
  db: Db,
  accountId: string,
  change: UpdateNotificationPreferences,
): Promise<NotificationPreferences> {
  return inTransaction(db, async (trx) => {
    // Serialise concurrent PATCHes of one person so neither loses the other's switches.
    await trx
      .selectFrom('accounts')
      .select('id')
      .where('id', '=', accountId)
      .forUpdate()
      .executeTakeFirst();
    const current = await getPreferences(trx, accountId);
    const channels = current.channels;
    for (const [category, switches] of Object.entries(change.channels ?? {})) {
      channels[category as NotificationCategory] = {
        ...channels[category as NotificationCategory],
        ...switches,
      };
    }
    const quiet = change.quietHours ?? current.quietHours;
    await preferencesRepo.upsert(trx, accountId, {
      channels,
      quietEnabled: quiet.enabled,
      quietStart: quiet.start,
      quietEnd: quiet.end,
    });
    return getPreferences(trx, accountId);
  });
}
