import type { z } from 'zod';
import type { Appointment, AppointmentListQuery } from '@carecircle/core';
import { actingAsForAll, assertCan, can, recordAuditAs } from '../access/access.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import type { Actor } from '../platform/request-context.ts';
import type { ReasonKeys } from './appointment-reasons.ts';
import { appointmentsRepo, type AppointmentDetails } from './appointments.repo.ts';
import { presentAll } from './appointments.service.ts';

/** Listing appointments: whose the actor may see, filtered, each listing audited per patient. */

type ListQuery = z.output<typeof AppointmentListQuery>;

/** The actor and the patients whose grants let them see appointments. */
async function readablePatients(db: Db, actor: Actor): Promise<string[]> {
  return (await actingAsForAll(db, actor, 'appointments:read')).map((a) => a.patientId);
}

/**
 * What the actor may see: their own appointments, those of patients whose grant allows
 * appointments:read (or manage), and, for a provider, their own practice's. `patientId` (or
 * X-Acting-For) narrows to one patient (404 when the actor may not see theirs); `as` to one
 * side. One audit event per patient whose appointments were listed.
 */
export async function listAppointments(
  keys: ReasonKeys,
  actor: Actor,
  query: ListQuery,
  actingFor?: string,
): Promise<Appointment[]> {
  const { db } = keys;
  const isProvider = actor.roles.includes('provider');
  const requested = (query.patientId ?? actingFor)?.toLowerCase();
  let patientIds: string[];
  let asProvider = isProvider && query.as !== 'patient';
  const only = requested && requested !== actor.id.toLowerCase() ? requested : undefined;
  if (only) {
    if (await can(db, actor, 'appointments:read', { patientId: only })) {
      patientIds = query.as === 'provider' ? [] : [only];
    } else if (isProvider) {
      // Their own practice's appointments with this person, nothing more.
      patientIds = [];
      asProvider = true;
    } else {
      await assertCan(db, actor, 'appointments:read', { patientId: only }); // 404, audited
      patientIds = [];
    }
  } else if (query.as === 'provider' || requested) {
    // Only their practice's, or only their own as a patient.
    patientIds = query.as === 'provider' ? [] : [actor.id];
  } else {
    patientIds = await readablePatients(db, actor);
  }
  const rows = await appointmentsRepo.list(
    db,
    { actorId: actor.id, patientIds, asProvider },
    {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      statuses: query.status,
      patientId: requested,
      excludeProviderId: query.as === 'patient' ? actor.id : undefined,
    },
  );
  await auditList(db, actor, rows);
  return presentAll(keys, rows);
}

async function auditList(db: Db, actor: Actor, rows: AppointmentDetails[]): Promise<void> {
  const perPatient = new Map<string, AppointmentDetails[]>();
  for (const row of rows)
    perPatient.set(row.patient_id, [...(perPatient.get(row.patient_id) ?? []), row]);
  if (perPatient.size === 0) return;
  const grantOf = new Map(
    (await actingAsForAll(db, actor, 'appointments:read')).map((a) => [a.patientId, a.viaGrantId]),
  );
  await inTransaction(db, async (trx) => {
    for (const [patientId, list] of perPatient) {
      const viaGrantId = grantOf.get(patientId) ?? null;
      await recordAuditAs(
        trx,
        { actorId: actor.id, patientId, viaGrantId },
        {
          action: 'appointment.list',
          outcome: 'success',
          subjectType: 'appointment',
          details: { results: list.length },
        },
      );
    }
  });
}
