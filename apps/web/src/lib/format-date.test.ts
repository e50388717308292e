import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatTime } from './format-date.ts';

// Tuesday 3 December 2024, 14:30 UTC.
const date = new Date('2024-12-03T14:30:00Z');

describe('formatDateTime', () => {
  it('formats the way people say it, in the given time zone', () => {
    expect(formatDateTime(date, { locale: 'en', timeZone: 'America/New_York' })).toBe(
      'Tue 3 Dec, 9:30',
    );
    expect(formatDateTime(date, { locale: 'en', timeZone: 'Europe/Madrid' })).toBe(
      'Tue 3 Dec, 15:30',
    );
  });

  it('speaks Spanish', () => {
    expect(formatDateTime(date, { locale: 'es', timeZone: 'America/New_York' })).toBe(
      'mar 3 dic, 9:30',
    );
  });

  it('has day and time parts on their own', () => {
    expect(formatDay(date, { locale: 'en', timeZone: 'UTC' })).toBe('Tue 3 Dec');
    expect(formatTime(new Date('2024-12-03T00:05:00Z'), { locale: 'en', timeZone: 'UTC' })).toBe(
      '0:05',
    );
  });
});
