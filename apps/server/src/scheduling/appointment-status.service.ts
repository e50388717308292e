import type { z } from 'zod';
import type { Appointment, StatusChangeInput } from '@carecircle/core';
import { can, recordAuditAs } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction } from '../platform/db.ts';
import { conflictOn, forbidden, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { enqueueAppointmentChange, type AppointmentChangeKind } from './appointment-events.ts';
import { dropReminders } from './appointment-reminders.ts';
import { appointmentsRepo, type AppointmentRowStatus } from './appointments.repo.ts';
import { loadAppointment, reasonKeysOf } from './appointments.service.ts';

/** The provider's status changes of an appointment: check-in, completion, no-show. */

type StatusChange = z.output<typeof StatusChangeInput>;

/** Allowed provider status changes: to → the statuses it may come from. */
const TRANSITIONS: Record<StatusChange['status'], readonly AppointmentRowStatus[]> = {
  checked_in: ['booked'],
  completed: ['checked_in'],
  no_show: ['booked', 'checked_in'],
};

const STATUS_CHANGE = {
  checked_in: 'checked-in',
  completed: 'completed',
  no_show: 'no-show',
} as const satisfies Record<StatusChange['status'], AppointmentChangeKind>;

const STATUS_WORDS: Record<AppointmentRowStatus, string> = {
  held: 'held',
  booked: 'booked',
  checked_in: 'checked in',
  completed: 'completed',
  cancelled: 'cancelled',
  no_show: 'a no-show',
};

/** The appointment's provider records check-in, completion or a no-show. */
export async function changeAppointmentStatus(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: StatusChange,
): Promise<Appointment> {
  const { db } = deps.database;
  const row = await appointmentsRepo.findDetails(db, id);
  if (!row || row.status === 'held') throw notFound();
  if (row.provider_id !== actor.id) {
    // The patient's (or their caregiver's) own appointment: not theirs to record. Others: 404.
    if (await can(db, actor, 'appointments:read', { patientId: row.patient_id })) {
      throw forbidden('Only the provider can record check-in, completion or a no-show.');
    }
    throw notFound();
  }
  const from = TRANSITIONS[input.status];
  const invalid = () =>
    conflictOn(
      'invalid-status-change',
      'body.status',
      `The appointment is ${STATUS_WORDS[row.status]}; it cannot become ${STATUS_WORDS[input.status]}.`,
    );
  if (!from.includes(row.status)) throw invalid();
  await inTransaction(db, async (trx) => {
    if (!(await appointmentsRepo.setStatus(trx, row.id, from, input.status))) throw invalid();
    if (input.status === 'no_show') await dropReminders(trx, row.id);
    await enqueueAppointmentChange(deps, trx, row.id, STATUS_CHANGE[input.status]);
    await recordAuditAs(
      trx,
      { actorId: actor.id, patientId: row.patient_id, viaGrantId: null },
      {
        action: 'appointment.status',
        outcome: 'success',
        subjectType: 'appointment',
        subjectId: row.id,
        details: { status: input.status },
      },
    );
  });
  return loadAppointment(reasonKeysOf(deps), row.id);
}
