import { safeTimeZone, wallClockMs, zoneOffsetMs, type QuietHours } from '@carecircle/core';

/**
 * Quiet hours: local wall-clock times in the person's time zone (22:00–07:00 wraps past
 * midnight). Pure functions of an instant, so the delivery job asks them with `deps.clock.now()`.
 *
 * Daylight saving time: "inside" is decided by the wall clock, so 22:00–07:00 is 9 hours on most
 * nights, 8 on the night clocks go forward and 10 when they go back. When the end time does not
 * exist that night (clocks jump over it), quiet hours end at the jump; when it exists twice
 * (clocks go back over it), they end at its first occurrence after the instant.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Whether `at` is inside the quiet hours (always false when they are off). */
export function isQuietAt(at: Date, timeZone: string, quiet: QuietHours): boolean {
  if (!quiet.enabled) return false;
  const zone = safeTimeZone(timeZone);
  const wall = wallClockMs(at.getTime(), zone);
  const minute = Math.floor((wall % DAY) / MINUTE);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The instants at which the wall clock of `timeZone` shows `wall` (a local date-time written as
 * UTC): one normally, two when clocks go back over it, and when clocks jump over it, the jump.
 */
function instantsShowing(wall: number, timeZone: string): number[] {
  const before = zoneOffsetMs(wall - DAY, timeZone);
  const after = zoneOffsetMs(wall + DAY, timeZone);
  const candidates = [...new Set([wall - before, wall - after])].sort((a, b) => a - b);
  const exact = candidates.filter((t) => wallClockMs(t, timeZone) === wall);
  if (exact.length > 0) return exact;
  // A gap: the first minute whose wall clock is at or past `wall` (binary search, minutes).
  let lo = candidates[0]!;
  let hi = candidates[candidates.length - 1]!;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallClockMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return [wallClockMs(lo, timeZone) >= wall ? lo : hi];
}

/**
 * When the quiet hours that `at` is inside end (the first instant after `at` whose wall clock
 * reaches their end time), or null when `at` is not inside quiet hours.
 */
export function quietHoursEndAfter(at: Date, timeZone: string, quiet: QuietHours): Date | null {
  if (!isQuietAt(at, timeZone, quiet)) return null;
  const zone = safeTimeZone(timeZone);
  const t = at.getTime();
  const today = Math.floor(wallClockMs(t, zone) / DAY) * DAY;
  const end = minutesOf(quiet.end) * MINUTE;
  for (const day of [today, today + DAY, today + 2 * DAY]) {
    const next = instantsShowing(day + end, zone).find((i) => i > t);
    if (next !== undefined) return new Date(next);
  }
  return new Date(t + DAY); // unreachable for real zones
}
