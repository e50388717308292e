import type { Appointment, AppointmentStatus, StatusChangeInput } from '@carecircle/core';

export type ScheduleAction = 'checkIn' | 'complete' | 'noShow' | 'cancel';

/** The status each recording action moves an appointment to. */
export const actionStatus: Record<
  Exclude<ScheduleAction, 'cancel'>,
  StatusChangeInput['status']
> = {
  checkIn: 'checked_in',
  complete: 'completed',
  noShow: 'no_show',
};

/**
 * What a provider can do next: booked → checked in (or no-show once the start has passed, or
 * cancelled); checked in → completed. Completed, cancelled and no-show are final.
 */
export function actionsFor(appointment: Pick<Appointment, 'status' | 'start'>, now: Date) {
  const status: AppointmentStatus = appointment.status;
  const actions: ScheduleAction[] = [];
  if (status === 'booked') {
    actions.push('checkIn');
    if (Date.parse(appointment.start) <= now.getTime()) actions.push('noShow');
    actions.push('cancel');
  } else if (status === 'checked_in') {
    actions.push('complete');
  }
  return actions;
}
