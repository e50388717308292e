/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl, shared by the server
 * (medication schedules, quiet hours) and the apps. Local dates are 'YYYY-MM-DD', local times
 * 'HH:MM'; a wall-clock reading is written as the UTC instant with the same digits.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** A zone Intl knows, else UTC (zones are checked when saved; this is the fallback). */
export function safeTimeZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    formatterFor(zone);
    return zone;
  } catch {
    return 'UTC';
  }
}

/** The wall-clock reading in `zone` at instant `ms`, written as if it were UTC (ms). */
export function wallClockMs(ms: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour! % 24, p.minute, p.second);
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: −5 h). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockMs(whole, zone) - whole;
}

const parseDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};

/**
 * The instant at which it is `time` on `date` in `zone`. A time that does not exist (the hour
 * skipped when clocks spring forward) is taken at the same distance after the change
 * (02:30 → 03:30); a time that happens twice (clocks fall back) is taken the first time.
 */
export function localToInstant(date: string, time: string, zone: string): Date {
  const { y, m, d } = parseDate(date);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsets = [
    ...new Set([
      zoneOffsetMs(wall - DAY_MS, zone),
      zoneOffsetMs(wall, zone),
      zoneOffsetMs(wall + DAY_MS, zone),
    ]),
  ];
  const valid = offsets.map((o) => wall - o).filter((t) => zoneOffsetMs(t, zone) === wall - t);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the gap: the offset before the change (the smaller) moves the time forward.
  return new Date(wall - Math.min(...offsets));
}

/** The local date (`YYYY-MM-DD`) in `zone` at an instant. */
export function localDateOf(at: Date, zone: string): string {
  return new Date(wallClockMs(at.getTime(), zone)).toISOString().slice(0, 10);
}

/** The local time (`HH:MM`) in `zone` at an instant. */
export function localTimeOf(at: Date, zone: string): string {
  return new Date(wallClockMs(at.getTime(), zone)).toISOString().slice(11, 16);
}

/** `date` plus `days` calendar days (no zone involved). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { y, m, d } = parseDate(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}
