import type { TFunction } from 'i18next';
import type { Locale, RecordEntry, ReferenceRange } from '@carecircle/core';

type T = TFunction<['common', 'web']>;

/** Where an entry's detail page is; a provider's chart names the patient in the query. */
export function entryPath(
  entry: Pick<RecordEntry, 'resourceType' | 'id'>,
  patientId?: string,
): string {
  const path = `/records/entries/${entry.resourceType}/${entry.id}`;
  return patientId ? `${path}?patientId=${encodeURIComponent(patientId)}` : path;
}

/** UCUM units as people write them: `mm[Hg]` → mmHg, `Cel` → °C, `{score}` → nothing. */
export function unitLabel(unit: string | null | undefined): string {
  if (!unit) return '';
  const known: Record<string, string> = { 'mm[Hg]': 'mmHg', Cel: '°C', '[degF]': '°F' };
  if (known[unit]) return known[unit];
  if (/^\{.*\}$/.test(unit)) return '';
  return unit;
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value);
}

/** "7.2 %", "130 mmHg", "positive": a value with its unit. */
export function formatValue(value: RecordEntry['value'], locale: Locale): string {
  if (!value) return '';
  const v = typeof value.value === 'number' ? formatNumber(value.value, locale) : value.value;
  const unit = unitLabel(value.unit);
  return unit ? `${v} ${unit}` : v;
}

/** "4 to 5.6 %", "100 or less mg/dL", or the lab's own text. */
export function formatRange(
  range: ReferenceRange | null | undefined,
  unit: string | null | undefined,
  locale: Locale,
  t: T,
): string {
  if (!range) return '';
  const u = unitLabel(unit);
  const withUnit = (s: string) => (u ? `${s} ${u}` : s);
  const low = range.low === null ? null : formatNumber(range.low, locale);
  const high = range.high === null ? null : formatNumber(range.high, locale);
  if (low !== null && high !== null) return withUnit(t('web:records.value.between', { low, high }));
  if (low !== null) return withUnit(t('web:records.value.atLeast', { low }));
  if (high !== null) return withUnit(t('web:records.value.atMost', { high }));
  return range.text ?? '';
}

const DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function parts(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions) {
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of new Intl.DateTimeFormat(locale, options).formatToParts(date)) {
    if (part.type !== 'literal') out[part.type] = part.value.replace(/\.$/, '');
  }
  return out;
}

/**
 * "3 Dec 2026" for a day (or "Dec 2026", "2026" for a partial date), "3 Dec 2026, 9:30" for a
 * moment in the device's zone: day-month-year the way the rest of the app writes dates.
 */
export function formatRecordDate(date: string | null | undefined, locale: Locale): string {
  if (!date) return '';
  if (DATE_ONLY.test(date)) {
    const [y, m = '01', d = '01'] = date.split('-');
    const utc = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    const p = parts(utc, locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    if (date.length === 4) return p.year ?? date;
    if (date.length === 7) return `${p.month ?? ''} ${p.year ?? ''}`;
    return `${p.day ?? ''} ${p.month ?? ''} ${p.year ?? ''}`;
  }
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return date;
  const p = parts(parsed, locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${p.day ?? ''} ${p.month ?? ''} ${p.year ?? ''}, ${Number(p.hour ?? '0')}:${p.minute ?? '00'}`;
}

/** The month an entry belongs to, as `YYYY-MM` (local time for moments); '' without a date. */
export function monthKey(date: string | null | undefined): string {
  if (!date) return '';
  if (/^\d{4}-\d{2}/.test(date) && (date.length <= 10 || !date.includes('T')))
    return date.slice(0, 7);
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return '';
  return `${parsed.getFullYear()}-${String(parsed.getMonth() + 1).padStart(2, '0')}`;
}

/** "December 2026" for `2026-12`. */
export function formatMonth(key: string, locale: Locale): string {
  const [y, m] = key.split('-');
  return new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)));
}

/** "1.2 MB", "830 kB". */
export function formatSize(bytes: number, locale: Locale): string {
  const format = (value: number, unit: 'byte' | 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value);
  if (bytes < 1024) return format(bytes, 'byte');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'kilobyte');
  return format(bytes / (1024 * 1024), 'megabyte');
}

/** A status word translated; one we do not know stays as the server gave it. */
export function statusLabel(status: string | null | undefined, t: T): string {
  if (!status) return '';
  const key = `web:records.status.${status}`;
  return t(key as 'web:records.status.active', { defaultValue: status });
}

/** Provenance in words: "Added by Sam Rivera", "From Dr. Chen", "Imported from City Hospital". */
export function sourceLabel(source: RecordEntry['source'], t: T): string {
  switch (source.kind) {
    case 'patient':
      return source.by
        ? t('web:records.source.patientBy', { name: source.by.name })
        : t('web:records.source.patient');
    case 'provider':
      return source.by
        ? t('web:records.source.providerBy', { name: source.by.name })
        : t('web:records.source.provider');
    case 'import':
      return source.system
        ? t('web:records.source.importFrom', { system: source.system })
        : t('web:records.source.import');
  }
}

/** Today as YYYY-MM-DD in the device's zone (for file names and date fields). */
export function localDay(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
