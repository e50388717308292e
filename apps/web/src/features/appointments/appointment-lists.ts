import type { Appointment } from '@carecircle/core';

const ACTIVE = new Set<Appointment['status']>(['booked', 'checked_in']);

/** Booked (or checked-in) appointments that have not ended yet. */
export function isUpcoming(a: Appointment, now: Date): boolean {
  return ACTIVE.has(a.status) && Date.parse(a.end) > now.getTime();
}

/** Upcoming soonest first; the rest (past, cancelled, missed) latest first. */
export function splitAppointments(items: readonly Appointment[], now: Date) {
  const upcoming = items
    .filter((a) => isUpcoming(a, now))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = items
    .filter((a) => !isUpcoming(a, now))
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  return { upcoming, past };
}

const DAY_MS = 86_400_000;

/** The window the appointments page lists: six months back, six months ahead (≤ 366 days). */
export function listWindow(now: Date): { from: string; to: string } {
  return {
    from: new Date(now.getTime() - 180 * DAY_MS).toISOString(),
    to: new Date(now.getTime() + 180 * DAY_MS).toISOString(),
  };
}
