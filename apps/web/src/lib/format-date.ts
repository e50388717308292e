import type { Locale } from '@carecircle/core';

export interface DateFormatOptions {
  locale: Locale;
  /** IANA time zone to show the time in; the device's zone when left out. */
  timeZone?: string;
}

function parts(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions) {
  const result: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of new Intl.DateTimeFormat(locale, options).formatToParts(date)) {
    if (part.type !== 'literal') result[part.type] = part.value;
  }
  return result;
}

/** "Tue 3 Dec" / "mar 3 dic": the day the way people say it. */
export function formatDay(date: Date, { locale, timeZone }: DateFormatOptions): string {
  const p = parts(date, locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone });
  return `${p.weekday?.replace(/\.$/, '') ?? ''} ${p.day ?? ''} ${p.month?.replace(/\.$/, '') ?? ''}`.trim();
}

/** "9:30", "14:05": a 24-hour clock without a leading zero on the hour. */
export function formatTime(date: Date, { locale, timeZone }: DateFormatOptions): string {
  const p = parts(date, locale, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone });
  return `${Number(p.hour ?? '0')}:${p.minute ?? '00'}`;
}

/** "Tue 3 Dec, 9:30" / "mar 3 dic, 9:30". */
export function formatDateTime(date: Date, options: DateFormatOptions): string {
  return `${formatDay(date, options)}, ${formatTime(date, options)}`;
}
