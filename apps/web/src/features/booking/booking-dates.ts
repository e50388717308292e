import type { Locale, Slot } from '@carecircle/core';
import { formatTime } from '../../lib/format-date.ts';

/** The browser's IANA time zone: slots are shown in it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const DAY_MS = 86_400_000;

/** Local midnight (browser zone) of the day `date` falls on. */
export function startOfLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** `days` calendar days later at the same wall-clock time (DST-safe). */
export function addLocalDays(date: Date, days: number): Date {
  const d = new Date(date);
  d.setDate(d.getDate() + days);
  return d;
}

/** Weeks the slot pager may show: today onwards, within the 90-day range a query may span. */
export const MAX_WEEKS = 13;

/**
 * The range of week `index` (0 = this one) as the pager asks for it: week 0 starts now, later
 * ones at local midnight; every week ends at local midnight 7 days after its first day.
 */
export function weekRange(index: number, now: Date): { from: Date; to: Date } {
  const first = addLocalDays(startOfLocalDay(now), index * 7);
  return { from: index === 0 ? now : first, to: addLocalDays(first, 7) };
}

/** The week index that contains `date` (0 when it is before the end of this week). */
export function weekIndexOf(date: Date, now: Date): number {
  const days = Math.floor(
    (startOfLocalDay(date).getTime() - startOfLocalDay(now).getTime()) / DAY_MS,
  );
  return Math.min(MAX_WEEKS - 1, Math.max(0, Math.floor(days / 7)));
}

function parts(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions) {
  const result: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of new Intl.DateTimeFormat(locale, options).formatToParts(date)) {
    if (part.type !== 'literal') result[part.type] = part.value;
  }
  return result;
}

const capitalise = (s: string, locale: Locale) =>
  s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);

/** "Tuesday 3 December" / "Martes 3 de diciembre", in the browser's zone unless told. */
export function formatLongDay(date: Date, locale: Locale, timeZone?: string): string {
  const p = parts(date, locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone });
  const weekday = capitalise(p.weekday ?? '', locale);
  return locale === 'es'
    ? `${weekday} ${p.day ?? ''} de ${p.month ?? ''}`
    : `${weekday} ${p.day ?? ''} ${p.month ?? ''}`;
}

/** "Tuesday 3 December, 9:30": the full name a slot button is announced with. */
export function formatSlotName(date: Date, locale: Locale, timeZone?: string): string {
  return `${formatLongDay(date, locale, timeZone)}, ${formatTime(date, { locale, timeZone })}`;
}

/** "8–14 Dec" / "29 Dec – 4 Jan" for the pager (the last day shown is the day before `to`). */
export function formatWeekRange(from: Date, to: Date, locale: Locale): string {
  const last = new Date(to.getTime() - 1);
  const dayMonth = (d: Date) => {
    const p = parts(d, locale, { day: 'numeric', month: 'short' });
    return { day: p.day ?? '', month: (p.month ?? '').replace(/\.$/, '') };
  };
  const a = dayMonth(from);
  const b = dayMonth(last);
  return a.month === b.month
    ? `${a.day}–${b.day} ${b.month}`
    : `${a.day} ${a.month} – ${b.day} ${b.month}`;
}

/** "2026-12-03" of the day `date` falls on in `timeZone`. */
export function localDateIn(date: Date, timeZone: string): string {
  const p = parts(date, 'en', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  });
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`;
}

export interface SlotDay {
  /** YYYY-MM-DD in the browser's zone. */
  key: string;
  label: string;
  slots: Slot[];
}

/** Slots grouped by the day they start on in the browser's zone, in order. */
export function groupSlotsByDay(slots: readonly Slot[], locale: Locale): SlotDay[] {
  const zone = browserTimeZone();
  const days = new Map<string, SlotDay>();
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const slot of sorted) {
    const start = new Date(slot.start);
    const key = localDateIn(start, zone);
    let day = days.get(key);
    if (!day) {
      day = { key, label: formatLongDay(start, locale), slots: [] };
      days.set(key, day);
    }
    day.slots.push(slot);
  }
  return [...days.values()];
}
