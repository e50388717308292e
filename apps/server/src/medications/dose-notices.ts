import type { AccessAction } from '@carecircle/core';
import { caregiversAllowed as caregiversAllowedTo } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import type { Db } from '../platform/db.ts';

/** Ids of the caregivers whose grant allows `action` on the patient's doses (access/ decides). */
export async function caregiversAllowed(
  db: Db,
  patientId: string,
  action: AccessAction,
): Promise<string[]> {
  return (await caregiversAllowedTo(db, patientId, action)).map((c) => c.id);
}

/** Publishes `medication.dose-updated` {doseId, status} to the patient and their caregivers. */
export async function publishDoseUpdates(
  deps: Pick<AppDeps, 'database' | 'realtime'>,
  patientId: string,
  updates: readonly { doseId: string; status: string }[],
): Promise<void> {
  if (updates.length === 0) return;
  const recipients = [
    patientId,
    ...(await caregiversAllowed(deps.database.db, patientId, 'medications:read')),
  ];
  await deps.realtime.publish(
    recipients.flatMap((accountId) =>
      updates.map((u) => ({
        accountId,
        type: 'medication.dose-updated',
        data: { doseId: u.doseId, status: u.status },
      })),
    ),
  );
}
