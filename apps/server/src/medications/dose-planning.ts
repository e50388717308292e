/**
 * Pure time arithmetic for medication schedules: which instants a schedule's local times and
 * days give in a time zone, safe across daylight-saving changes (the zone arithmetic itself is
 * core's zoned-time.ts: a skipped local time is taken the same distance after the change,
 * 02:30 → 03:30; a repeated one the first time). No database, no clock: everything is given.
 */

import { addDays, isoWeekday, localDateOf, localToInstant } from '@carecircle/core';

export interface PlannableSchedule {
  /** `HH:MM`, 24 h. */
  times: readonly string[];
  /** ISO weekdays (1 = Monday … 7 = Sunday); empty = every day. */
  daysOfWeek: readonly number[];
  /** `YYYY-MM-DD`, inclusive. */
  startDate: string;
  endDate: string | null;
}

/** Whether the schedule has doses on this local date. */
export function takesOn(schedule: PlannableSchedule, date: string): boolean {
  if (date < schedule.startDate) return false;
  if (schedule.endDate && date > schedule.endDate) return false;
  return schedule.daysOfWeek.length === 0 || schedule.daysOfWeek.includes(isoWeekday(date));
}

/** Every dose instant of the schedule in [from, to), oldest first, each once. */
export function plannedInstants(
  schedule: PlannableSchedule,
  zone: string,
  from: Date,
  to: Date,
): Date[] {
  const out = new Map<number, Date>();
  const last = addDays(localDateOf(to, zone), 1);
  for (let date = addDays(localDateOf(from, zone), -1); date <= last; date = addDays(date, 1)) {
    if (!takesOn(schedule, date)) continue;
    for (const time of schedule.times) {
      const at = localToInstant(date, time, zone);
      if (at >= from && at < to) out.set(at.getTime(), at);
    }
  }
  return [...out.values()].sort((a, b) => a.getTime() - b.getTime());
}
