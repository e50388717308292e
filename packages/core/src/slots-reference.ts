// An independent reference for the slot rules, built on Intl only (test support for
// slots.test.ts and slots.properties.test.ts; not exported from the package).
import type { Slot } from './scheduling.ts';
import type { SlotQuery } from './slots.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const formatters = new Map<string, Intl.DateTimeFormat>();
/** The wall clock of `zone` at `ms` (years 1000–9999), straight from Intl. */
export function wallClock(ms: number, zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((x) => x.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** UTC offset in minutes of `zone` at `ms`, straight from Intl. */
export function intlOffset(ms: number, zone: string): number {
  const c = wallClock(ms, zone);
  const local = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return (local - Math.floor(ms / 1000) * 1000) / MINUTE;
}

/** ISO 8601 of `ms` as the clock in `zone` reads it, with ±HH:MM and milliseconds only if any. */
export function isoIn(ms: number, zone: string): string {
  const c = wallClock(ms, zone);
  const offset = intlOffset(ms, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  const millis = ((ms % 1000) + 1000) % 1000;
  return (
    `${c.year}-${two(c.month)}-${two(c.day)}T${two(c.hour)}:${two(c.minute)}:${two(c.second)}` +
    (millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`) +
    `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`
  );
}

export const tables = new Map<string, number[]>();
/**
 * For each minute m of local date `day` (0..1440), the first instant at which the clock reads
 * that date and time or later. Built by walking the instants minute by minute (offsets sampled
 * every hour, transitions located to the minute).
 */
export function firstInstants(zone: string, day: number): number[] {
  const key = `${zone} ${day}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const startMs = day * DAY - 15 * 60 * MINUTE;
  const endMs = (day + 1) * DAY + 13 * 60 * MINUTE;
  const offsets: number[] = []; // per minute from startMs
  let prev = intlOffset(startMs, zone);
  for (let t = startMs; t < endMs; t += 60 * MINUTE) {
    const next = intlOffset(t + 60 * MINUTE, zone);
    for (let i = 0; i < 60; i++) {
      offsets.push(next === prev ? prev : intlOffset(t + i * MINUTE, zone));
    }
    prev = next;
  }
  const table: number[] = [];
  offsets.forEach((offset, i) => {
    const t = startMs + i * MINUTE;
    const localMinute = (t + offset * MINUTE - day * DAY) / MINUTE;
    while (table.length <= 1440 && table.length <= localMinute) table.push(t);
  });
  if (table.length !== 1441) throw new Error('reference table incomplete');
  tables.set(key, table);
  return table;
}

export const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
export const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
export const localDayOf = (ms: number, zone: string) =>
  Math.floor((ms + intlOffset(ms, zone) * MINUTE) / DAY);

/** Availability windows of one local date as instants, merged, per the reference tables. */
export function referenceWindows(q: SlotQuery, day: number): [number, number][] {
  const date = dateOf(day);
  const override = q.overrides.filter((o) => o.date === date);
  const intervals =
    override.length > 0
      ? override.flatMap((o) => o.intervals)
      : q.weeklyHours.filter((h) => h.weekday === WEEKDAYS[new Date(day * DAY).getUTCDay()]);
  const table = firstInstants(q.timeZone, day);
  const spans = intervals
    .map((i): [number, number] => [table[minuteOf(i.start)]!, table[minuteOf(i.end)]!])
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

export const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/** A straightforward O(candidates × ranges) model of the documented semantics. */
export function referenceSlots(q: SlotQuery): Slot[] {
  const r = q.rules;
  const duration = r.durationMinutes * MINUTE;
  const step = (r.stepMinutes ?? r.durationMinutes) * MINUTE;
  const out: Slot[] = [];
  const firstDay = localDayOf(q.from.getTime(), q.timeZone) - 1;
  const lastDay = localDayOf(q.to.getTime(), q.timeZone) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const [ws, we] of referenceWindows(q, day)) {
      for (let s = ws; s + duration <= we; s += step) {
        const e = s + duration;
        if (s < q.now.getTime() + r.minimumNoticeMinutes * MINUTE) continue;
        if (s > q.now.getTime() + r.bookingHorizonDays * DAY) continue;
        if (s < q.from.getTime() || s >= q.to.getTime()) continue;
        const b0 = s - r.bufferBeforeMinutes * MINUTE;
        const b1 = e + r.bufferAfterMinutes * MINUTE;
        if (q.busy.some((b) => overlaps(b0, b1, b.start.getTime(), b.end.getTime()))) continue;
        if (q.timeOff.some((t) => overlaps(s, e, t.start.getTime(), t.end.getTime()))) continue;
        out.push({ start: isoIn(s, q.timeZone), end: isoIn(e, q.timeZone) });
      }
    }
  }
  return out;
}
