import type { Db } from '../platform/db.ts';

/** Shared by the delivery tests: waiting for a condition, and reading deliveries. */

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function deliveriesOf(db: Db, notificationId: string) {
  const rows = await db
    .selectFrom('notification_deliveries')
    .selectAll()
    .where('notification_id', '=', notificationId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.channel, r]));
}

/** Waits until every channel of the notification has a delivery row whose status is final. */
export function settled(db: Db, notificationId: string, ms?: number) {
  return waitUntil(
    `the deliveries of ${notificationId} to settle`,
    async () => {
      const d = await deliveriesOf(db, notificationId);
      const all = ['email', 'web-push', 'mobile-push'].map((c) => d[c]);
      return all.every((r) => r && ['sent', 'skipped', 'failed', 'held'].includes(r.status))
        ? d
        : undefined;
    },
    ms,
  );
}
