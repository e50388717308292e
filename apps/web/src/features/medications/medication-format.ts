/** Times and days of the Medicines page, in the patient's zone, in the reader's language. */

/** "8:00", "20:30": the local time of an instant in `timeZone` (24 h, no leading zero). */
export function doseTime(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(new Date(iso));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${hour}:${minute}`;
}

/** "08:00" → "8:00" (a schedule's clock time as the page shows it). */
export function clockTime(hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return `${Number(h)}:${m}`;
}

/** "Mon, 2 Mar" for a calendar date `YYYY-MM-DD`. */
export function shortDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** "Tuesday 3 March, 8:00" for the next dose. */
export function doseMoment(iso: string, locale: string, timeZone?: string): string {
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone,
  }).format(new Date(iso));
  return `${day}, ${doseTime(iso, timeZone)}`;
}

export function percent(rate: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

/** Today in the browser: from local midnight for 24 hours (ISO instants). */
export function todayRange(now = new Date()): { from: string; to: string } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** Today's date `YYYY-MM-DD` in the browser. */
export function localToday(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) → its message key. */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdayKey = (isoDay: number) => WEEKDAY_KEYS[(isoDay - 1) % 7]!;
