/**
 * Pure time arithmetic for medication schedules: which instants a schedule's local times and
 * days give in a time zone, safe across daylight-saving changes. A local time that does not
 * exist (the hour skipped when clocks spring forward) is taken at the same distance after the
 * change (02:30 → 03:30); a local time that happens twice (clocks fall back) is taken the first
 * time. No database, no clock: everything is given.
 */

export interface PlannableSchedule {
  /** `HH:MM`, 24 h. */
  times: readonly string[];
  /** ISO weekdays (1 = Monday … 7 = Sunday); empty = every day. */
  daysOfWeek: readonly number[];
  /** `YYYY-MM-DD`, inclusive. */
  startDate: string;
  endDate: string | null;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A zone Intl knows, else UTC (an account's zone is checked when saved; this is a fallback). */
export function safeTimeZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

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

/** The wall-clock reading in `zone` at `ms`, expressed as if it were UTC (ms). */
function wallClockMs(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at an instant (ms; New York in winter: -5 h). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockMs(whole, zone) - whole;
}

const parseDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};

/** The instant at which it is `time` on `date` in `zone` (see the module note for DST). */
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

/** `date` plus `days` (calendar days, no zone involved). */
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
