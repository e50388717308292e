import { addDays, localDateOf, localTimeOf, wallClockMs, zoneOffsetMs } from '@carecircle/core';

/**
 * Calendar arithmetic in the clinic's time zone (on core's zoned-time primitives). Dates are local
 * 'YYYY-MM-DD' strings (the clinic's calendar), times 'HH:MM'; instants are Date objects.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): Wall {
  const w = new Date(wallClockMs(instant.getTime(), timeZone));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
  };
}

/** Minutes the zone is ahead of UTC at that instant (New York in winter: -300). */
function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(zoneOffsetMs(instant.getTime(), timeZone) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

export { addDays, localDateOf, localTimeOf };

function parseDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/**
 * The instant the clinic's clock reads `time` on `date`. A time skipped by a spring-forward
 * change gives the instant just after the gap; an ambiguous one its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh ?? 0, mm ?? 0);
  // Try both offsets around the wall time; keep the earliest that reads the wall time or later.
  const candidates = [
    wall - offsetMinutes(new Date(wall - 86_400_000), timeZone) * 60_000,
    wall - offsetMinutes(new Date(wall + 86_400_000), timeZone) * 60_000,
  ].sort((a, b) => a - b);
  for (const c of candidates) {
    const w = wallClock(new Date(c), timeZone);
    if (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === wall) return new Date(c);
  }
  // In a gap no instant reads that time: find the moment the clocks jump (first one past it).
  let lo = candidates[0] ?? wall;
  let hi = candidates[candidates.length - 1] ?? wall;
  const reads = (t: number) => {
    const w = wallClock(new Date(t), timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  };
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (reads(mid) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Midnight starting `date` in the clinic's zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return zonedInstant(date, '00:00', timeZone);
}

export function weekdayOf(date: string): Weekday {
  const [y, m, d] = parseDate(date);
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return weekdays[(js + 6) % 7] ?? 'mon';
}

/** The Monday of the week holding `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekdays.indexOf(weekdayOf(date)));
}

/** A date at noon UTC, for formatting a calendar date with Intl without a zone shifting it. */
export function dateForDisplay(date: string): Date {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

export function isLocalDate(value: string | null | undefined): value is string {
  return (
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value
  );
}

/** ISO 8601 with the clinic's offset, e.g. 2026-12-01T09:00:00-05:00. */
export function toZonedIso(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
