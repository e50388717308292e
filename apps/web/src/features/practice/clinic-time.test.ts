import { describe, expect, it } from 'vitest';
import {
  addDays,
  isLocalDate,
  localDateOf,
  localTimeOf,
  startOfLocalDay,
  startOfWeek,
  toZonedIso,
  weekdayOf,
  zonedInstant,
} from './clinic-time.ts';

const ny = 'America/New_York';

describe('clinic time', () => {
  it('reads the clinic calendar date and clock at an instant', () => {
    // 03:30 UTC on 2 Dec is still 1 Dec in New York, but 2 Dec in London.
    const t = new Date('2026-12-02T03:30:00Z');
    expect(localDateOf(t, ny)).toBe('2026-12-01');
    expect(localTimeOf(t, ny)).toBe('22:30');
    expect(localDateOf(t, 'Europe/London')).toBe('2026-12-02');
  });

  it('finds midnight and wall-clock times in the zone, across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-12-01', ny).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', ny).toISOString()).toBe('2026-07-01T04:00:00.000Z');
    // Spring forward (8 Mar 2026): 02:30 does not exist, it becomes 03:00 EDT.
    expect(zonedInstant('2026-03-08', '02:30', ny).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // Fall back (1 Nov 2026): 01:30 happens twice, the first (EDT) is taken.
    expect(zonedInstant('2026-11-01', '01:30', ny).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedInstant('2026-11-01', '09:00', ny).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('does date arithmetic on the calendar', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-12-01')).toBe('tue');
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('tomorrow')).toBe(false);
  });

  it('writes instants with the clinic offset', () => {
    expect(toZonedIso(new Date('2026-12-01T14:00:00Z'), ny)).toBe('2026-12-01T09:00:00-05:00');
    expect(toZonedIso(new Date('2026-07-01T14:00:00Z'), 'Asia/Kolkata')).toBe(
      '2026-07-01T19:30:00+05:30',
    );
  });
});
