import type { AccessAction, GrantScope, Role } from '@carecircle/core';
import { can, grantAllows } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import type { Db } from '../platform/db.ts';
import type { Actor } from '../platform/request-context.ts';
import { dosesRepo } from './doses.repo.ts';

/**
 * Who hears about a patient's doses, decided through access/: the patient, and caregivers whose
 * grant allows the action (`medications:read` to see doses and be told about missed ones).
 */
export async function caregiversAllowed(
  db: Db,
  patientId: string,
  action: AccessAction,
): Promise<string[]> {
  const out: string[] = [];
  for (const c of await dosesRepo.caregiversOf(db, patientId)) {
    if (c.id === patientId) continue;
    const actor: Actor = {
      id: c.id,
      roles: c.roles as Role[],
      clientId: 'medication-reminders',
      scopes: [],
    };
    if (
      grantAllows(c.scopes as GrantScope[], action) &&
      (await can(db, actor, action, { patientId }))
    ) {
      out.push(c.id);
    }
  }
  return out;
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
