import type { Db } from '../platform/db.ts';
import { safeTimeZone } from '@carecircle/core';

/** The patient's time zone (their account's), UTC when unknown. */
export async function accountZone(db: Db, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select('time_zone')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return safeTimeZone(row?.time_zone);
}
