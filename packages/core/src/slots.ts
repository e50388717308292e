/**
 * Pure computation of bookable appointment slots for one provider.
 *
 * Semantics:
 * - Availability is computed per local date in the provider's `timeZone`: the override's
 *   intervals when an override exists for that date (several overrides for one date are
 *   combined; an empty list closes the day), otherwise the weekly hours of that weekday.
 *   Windows of the same date that overlap or touch are merged; a window never crosses into
 *   the next local date, so neither does a slot.
 * - A wall-clock time 'HH:MM' on a date becomes the FIRST instant at which the provider's
 *   clock reads that time or later: a time inside a spring-forward gap moves to the end of the
 *   gap (02:30 → 03:00 in New York), an ambiguous fall-back time takes its earlier occurrence
 *   (01:30 → 01:30-04:00 in New York). '24:00' is midnight at the end of the date.
 * - Time-zone data comes from the platform's Intl (ICU's tzdb), so core needs no date library.
 * - Candidate starts are window start, window start + step, … (step defaults to the duration)
 *   while start + duration <= window end: the appointment itself lies inside availability,
 *   its buffers may extend outside.
 * - A candidate is dropped when: start < now + minimumNotice; start > now + bookingHorizonDays
 *   × 24 h; start is outside [from, to); its blocked range [start - bufferBefore,
 *   end + bufferAfter) overlaps a `busy` range; or [start, end) overlaps a `timeOff` range.
 *   All ranges are half-open; empty or inverted ranges block nothing.
 * - The result is sorted by start without duplicates; times are ISO 8601 in the provider's
 *   zone with its UTC offset, always as ±HH:MM (never 'Z', also for 'UTC'), no milliseconds.
 * - Throws RangeError when `to - from` exceeds 92 days, the zone is not a valid IANA zone, a
 *   date is invalid, a time is not 'HH:MM', or a rule is negative (duration and step must be > 0).
 */
// `DateOverride` ({ date: 'YYYY-MM-DD', intervals: [{ start: 'HH:MM', end: 'HH:MM' }] }) and
// `Slot` ({ start, end } as ISO 8601 with the provider's offset, e.g.
// '2026-03-08T09:00:00-04:00') are the wire types of the scheduling contract.
import type { DateOverride, Slot } from './scheduling.ts';

type LocalInterval = DateOverride['intervals'][number];

export interface WeeklyHoursRule {
  weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  start: string;
  end: string;
}

/** Half-open [start, end). */
export interface InstantRange {
  start: Date;
  end: Date;
}

export interface SlotRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  bookingHorizonDays: number;
  /** Distance between candidate starts; defaults to durationMinutes. */
  stepMinutes?: number;
}

export interface SlotQuery {
  /** The provider's IANA zone, e.g. 'America/New_York'. */
  timeZone: string;
  weeklyHours: WeeklyHoursRule[];
  /** An override replaces the weekly hours of that local date. */
  overrides: DateOverride[];
  /** Absolute instants when the provider is away. */
  timeOff: InstantRange[];
  /** Blocked ranges of existing active appointments, already including their own buffers. */
  busy: InstantRange[];
  rules: SlotRules;
  /** Slot starts must lie in [from, to). */
  from: Date;
  to: Date;
  now: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Backstop only: the API allows at most MAX_RANGE_DAYS (scheduling.ts). */
const MAX_QUERY_DAYS = 92;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Half-open instants in epoch milliseconds. */
type Span = [start: number, end: number];

/** Every slot of the query, sorted by start. */
export function computeSlots(q: SlotQuery): Slot[] {
  return collectSlots(q, Infinity);
}

/** Convenience: first slot at or after `from` within the horizon, or null. */
export function firstSlot(q: SlotQuery): Slot | null {
  return collectSlots(q, 1)[0] ?? null;
}

/** The blocked range an appointment occupies: [start - bufferBefore, end + bufferAfter). */
export function blockedRange(
  start: Date,
  end: Date,
  rules: Pick<SlotRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): InstantRange {
  return {
    start: new Date(start.getTime() - rules.bufferBeforeMinutes * MINUTE),
    end: new Date(end.getTime() + rules.bufferAfterMinutes * MINUTE),
  };
}

function collectSlots(q: SlotQuery, limit: number): Slot[] {
  const fromMs = instant(q.from, 'from');
  const toMs = instant(q.to, 'to');
  const nowMs = instant(q.now, 'now');
  if (toMs - fromMs > MAX_QUERY_DAYS * DAY) {
    throw new RangeError(`The slot range must not exceed ${MAX_QUERY_DAYS} days`);
  }
  const zone = new Zone(q.timeZone);
  const { rules } = q;
  const duration = minutes(rules.durationMinutes, 'durationMinutes', true);
  const step = minutes(rules.stepMinutes ?? rules.durationMinutes, 'stepMinutes', true);
  const before = minutes(rules.bufferBeforeMinutes, 'bufferBeforeMinutes');
  const after = minutes(rules.bufferAfterMinutes, 'bufferAfterMinutes');
  const notice = minutes(rules.minimumNoticeMinutes, 'minimumNoticeMinutes');
  const horizon = minutes(rules.bookingHorizonDays * 24 * 60, 'bookingHorizonDays');

  // Starts must lie in [lo, hi). Date instants are whole milliseconds, so
  // "start <= now + horizon" is "start < now + horizon + 1".
  const lo = Math.max(fromMs, nowMs + notice);
  const hi = Math.min(toMs, nowMs + horizon + 1);
  if (lo >= hi) return [];

  const busy = normalize(q.busy);
  const timeOff = normalize(q.timeOff);
  const slots: Slot[] = [];
  let b = 0;
  let t = 0;
  for (const w of availability(q, zone, lo, hi)) {
    // The grid is anchored at the window start, whatever `from` and `now` are.
    let start = w.start + Math.max(0, Math.ceil((lo - w.start) / step)) * step;
    for (; start + duration <= w.end && start < hi; start += step) {
      const end = start + duration;
      // Candidates only move forward, so each sorted, merged list is swept once.
      while (b < busy.length && busy[b]![1] <= start - before) b++;
      if (b < busy.length && busy[b]![0] < end + after) continue;
      while (t < timeOff.length && timeOff[t]![1] <= start) t++;
      if (t < timeOff.length && timeOff[t]![0] < end) continue;
      slots.push({
        start: formatIso(start, w.offset ?? zone.offset(start)),
        end: formatIso(end, w.offset ?? zone.offset(end)),
      });
      if (slots.length >= limit) return slots;
    }
  }
  return slots;
}

/** An availability window; `offset` (minutes) is set when it is the same for all of it. */
interface Window {
  start: number;
  end: number;
  offset: number | null;
}

/** Sorted, disjoint availability windows of every local date that can hold a start in [lo, hi). */
function availability(q: SlotQuery, zone: Zone, lo: number, hi: number): Window[] {
  const overrides = new Map<string, LocalInterval[]>();
  for (const o of q.overrides) {
    parseDate(o.date);
    overrides.set(o.date, [...(overrides.get(o.date) ?? []), ...o.intervals]);
  }
  // Windows of dates before lo's local date end before lo. One extra date after: around a
  // fall-back across midnight an instant's local date can precede the date whose window holds it.
  const first = zone.localDay(lo);
  const last = zone.localDay(hi - 1) + 1;
  const windows: Window[] = [];
  for (let day = first; day <= last; day++) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    const weekday = WEEKDAYS[new Date(day * DAY).getUTCDay()];
    const intervals = overrides.get(date) ?? q.weeklyHours.filter((h) => h.weekday === weekday);
    if (intervals.length === 0) continue;
    // tzdb has no zone whose offset changes and changes back within three days, so equal
    // offsets a day before and a day after this date mean one offset for the whole date.
    const offset = zone.offset((day - 1) * DAY);
    const stable = offset === zone.offset((day + 2) * DAY) ? offset : null;
    const spans = intervals
      .map(({ start, end }): Span => [
        zone.wallToInstant(day, parseTime(start), stable),
        zone.wallToInstant(day, parseTime(end), stable),
      ])
      .filter(nonEmpty);
    for (const [start, end] of merge(spans)) {
      const offset = stable ?? zone.offset(start);
      windows.push({ start, end, offset: offset === zone.offset(end) ? offset : null });
    }
  }
  return windows;
}

/** Formatters by zone name; only valid zones get here, bounded as a backstop. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1000;

/** The cached formatter that reads the wall clock of `zone`; RangeError for an invalid zone. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let dtf = formatters.get(zone);
  if (dtf === undefined) {
    // Without a zone, Intl would silently use the process's own.
    if (!zone) throw new RangeError(`Invalid time zone: ${zone}`);
    try {
      dtf = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Invalid time zone: ${zone}`);
    }
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(zone, dtf);
  }
  return dtf;
}

/**
 * UTC offset in minutes of the formatter's zone at `ms`: its wall clock read as if it were UTC,
 * minus `ms` truncated to the second (the wall clock has no milliseconds). Whole minutes except
 * for historical local mean times, which tzdb gives to the second.
 */
function wallClockOffset(dtf: Intl.DateTimeFormat, ms: number): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const { type, value } of dtf.formatToParts(ms)) {
    switch (type) {
      case 'year':
        year = Number(value);
        break;
      case 'month':
        month = Number(value);
        break;
      case 'day':
        day = Number(value);
        break;
      case 'hour':
        hour = Number(value);
        break;
      case 'minute':
        minute = Number(value);
        break;
      case 'second':
        second = Number(value);
        break;
      case 'era':
        bc = value === 'BC';
        break;
    }
  }
  if (bc) year = 1 - year;
  let local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year >= 0 && year < 100) {
    // Date.UTC reads years 0–99 as 1900–1999.
    const d = new Date(local);
    d.setUTCFullYear(year, month - 1, day);
    local = d.getTime();
  }
  return (local - Math.floor(ms / 1000) * 1000) / MINUTE;
}

/** Offsets of an IANA zone, memoized per probe instant. */
class Zone {
  readonly #dtf: Intl.DateTimeFormat;
  readonly #offsets = new Map<number, number>();

  /** Throws RangeError when `name` is not a time zone Intl knows. */
  constructor(name: string) {
    this.#dtf = formatterFor(name);
  }

  /** UTC offset in minutes at `ms`. */
  offset(ms: number): number {
    let offset = this.#offsets.get(ms);
    if (offset === undefined) {
      offset = wallClockOffset(this.#dtf, ms);
      this.#offsets.set(ms, offset);
    }
    return offset;
  }

  /** Days since 1970-01-01 of the local date at `ms`. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offset(ms) * MINUTE) / DAY);
  }

  /**
   * The first instant at which the clock reads `minute` minutes into `day` or later;
   * `stable` is the offset of the whole day when known.
   */
  wallToInstant(day: number, minute: number, stable: number | null): number {
    const asUtc = day * DAY + minute * MINUTE;
    if (stable !== null) return asUtc - stable * MINUTE;
    const offsetBefore = this.offset(asUtc - DAY);
    const offsetAfter = this.offset(asUtc + DAY);
    let best = Infinity;
    for (const offset of [offsetBefore, offsetAfter]) {
      const candidate = asUtc - offset * MINUTE;
      if (this.offset(candidate) === offset) best = Math.min(best, candidate);
    }
    if (best !== Infinity) return best; // the earlier one when the time is ambiguous
    if (offsetBefore === offsetAfter) return asUtc - offsetBefore * MINUTE;
    // In a gap: find the transition, the first instant with the new offset.
    let early = asUtc - offsetAfter * MINUTE;
    let late = asUtc - offsetBefore * MINUTE;
    while (late - early > 1) {
      const mid = Math.floor((early + late) / 2);
      if (this.offset(mid) === offsetBefore) early = mid;
      else late = mid;
    }
    return late;
  }
}

/** ISO 8601 with the given offset as ±HH:MM, without milliseconds unless there are some. */
function formatIso(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString();
  const abs = Math.abs(offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.slice(0, ms % 1000 === 0 ? 19 : 23)}${sign}${hh}:${mm}`;
}
/** Sorted, merged, non-empty spans. */
function normalize(ranges: InstantRange[]): Span[] {
  return merge(ranges.map((r): Span => [r.start.getTime(), r.end.getTime()]).filter(nonEmpty));
}

function nonEmpty([s, e]: Span): boolean {
  return s < e;
}

/** Sorts and merges spans that overlap or touch. */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function instant(d: Date, name: string): number {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid date: ${name}`);
  return ms;
}

/** Minutes → milliseconds, rejecting non-finite and negative (or, if `positive`, zero) values. */
function minutes(value: number, name: string, positive = false): number {
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new RangeError(`Invalid ${name}: ${value}`);
  }
  return value * MINUTE;
}

function parseTime(hhmm: string): number {
  const m = TIME.exec(hhmm);
  if (!m) throw new RangeError(`Invalid time (expected HH:MM): ${hhmm}`);
  return m[1] === undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

function parseDate(date: string): void {
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${date}`);
  }
}
