import type { TFunction } from 'i18next';
import type {
  CodeRef,
  Interpretation,
  Locale,
  RecordSource,
  ReferenceRange,
} from '@carecircle/core';

/** The code as the trend endpoint takes it: `system|code`, or the bare code without a system. */
export function codeToken(code: Pick<CodeRef, 'system' | 'code'>): string {
  return code.system ? `${code.system}|${code.code}` : code.code;
}

/** Where a result's trend lives: the patient's own pages, or a provider's chart of a patient. */
export function trendPath(token: string, patientId?: string): string {
  return `${resultsPath(patientId)}/${encodeURIComponent(token)}`;
}

export function resultsPath(patientId?: string): string {
  return patientId
    ? `/practice/patients/${encodeURIComponent(patientId)}/results`
    : '/records/results';
}

/** UCUM units as people write them: `mm[Hg]` → `mmHg`, `Cel` → `°C`, `{score}` → nothing. */
export function displayUnit(unit: string | null | undefined): string {
  if (!unit) return '';
  const known: Record<string, string> = {
    'mm[Hg]': 'mmHg',
    Cel: '°C',
    '[degF]': '°F',
    '{score}': '',
  };
  return known[unit] ?? unit.replace(/\{[^}]*\}/g, '').trim();
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** "7.1 %", "120 mmHg", "positive". */
export function formatValue(
  value: number | string,
  unit: string | null | undefined,
  locale: Locale,
): string {
  const text = typeof value === 'number' ? formatNumber(value, locale) : value;
  const u = displayUnit(unit);
  return u ? `${text} ${u}` : text;
}

/** "4 – 5.6", "60 or more", the lab's own words, or undefined when there is no range. */
export function formatRange(
  range: ReferenceRange | null | undefined,
  t: TFunction<'web'>,
  locale: Locale,
): string | undefined {
  if (!range) return undefined;
  const { low, high } = range;
  if (low !== null && high !== null) {
    return t('results.range.between', {
      low: formatNumber(low, locale),
      high: formatNumber(high, locale),
    });
  }
  if (low !== null) return t('results.range.atLeast', { low: formatNumber(low, locale) });
  if (high !== null) return t('results.range.atMost', { high: formatNumber(high, locale) });
  return range.text ?? undefined;
}

/**
 * What a value means: the lab's own interpretation when it gave one, else worked out from the
 * reference range; null when neither says.
 */
export function interpretationOf(
  value: number | string,
  range: ReferenceRange | null | undefined,
  given: Interpretation | null | undefined,
): Interpretation | null {
  if (given) return given;
  if (typeof value !== 'number' || !range) return null;
  if (range.low !== null && value < range.low) return 'low';
  if (range.high !== null && value > range.high) return 'high';
  if (range.low === null && range.high === null) return null;
  return 'normal';
}

export const isOutOfRange = (i: Interpretation | null) => i !== null && i !== 'normal';

/** A date-only string is a calendar day (no zone); a date-time is shown in the device's zone. */
function parseDate(date: string): { at: Date; dayOnly: boolean } {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(date);
  return { at: new Date(dayOnly ? `${date}T00:00:00Z` : date), dayOnly };
}

export function dateValue(date: string): number {
  return parseDate(date).at.getTime();
}

/** "3 Mar 2026". */
export function formatResultDate(date: string | null, locale: Locale): string {
  if (!date) return '';
  const { at, dayOnly } = parseDate(date);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: dayOnly ? 'UTC' : undefined,
  }).format(at);
}

/** "Mar 2026": a month, for the trend's summary and axis. */
export function formatMonth(time: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(time))
    .replace('.', '');
}

/** "3 Mar": a day, for the axis of a short trend. */
export function formatShortDay(time: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(time))
    .replace('.', '');
}

/** "Patient-reported", "Imported from Springfield Lab", "Provider (Dr. Okafor)". */
export function formatSource(source: RecordSource, t: TFunction<'web'>): string {
  const kind =
    source.kind === 'import' && source.system
      ? t('results.source.importFrom', { system: source.system })
      : t(`results.source.${source.kind}`);
  return source.by && source.kind !== 'import'
    ? t('results.source.by', { kind, name: source.by.name })
    : kind;
}
