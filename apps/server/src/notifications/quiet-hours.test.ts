import { describe, expect, it } from 'vitest';
import type { QuietHours } from '@carecircle/core';
import { isQuietAt, quietHoursEndAfter } from './quiet-hours.ts';

const night: QuietHours = { enabled: true, start: '22:00', end: '07:00' };
const NY = 'America/New_York';
const MADRID = 'Europe/Madrid';
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('are never on when disabled', () => {
    const off = { ...night, enabled: false };
    expect(isQuietAt(at('2027-01-10T04:00:00Z'), NY, off)).toBe(false);
    expect(quietHoursEndAfter(at('2027-01-10T04:00:00Z'), NY, off)).toBeNull();
  });

  it('wrap past midnight in the person’s zone (New York, winter: UTC−5)', () => {
    // 21:59 local: not yet; 22:00: quiet; 06:59: quiet; 07:00: over.
    expect(isQuietAt(at('2027-01-11T02:59:00Z'), NY, night)).toBe(false);
    expect(isQuietAt(at('2027-01-11T03:00:00Z'), NY, night)).toBe(true);
    expect(isQuietAt(at('2027-01-11T11:59:00Z'), NY, night)).toBe(true);
    expect(isQuietAt(at('2027-01-11T12:00:00Z'), NY, night)).toBe(false);
    // From the evening, they end at 07:00 the next local day; after midnight, the same day.
    expect(quietHoursEndAfter(at('2027-01-11T03:30:00Z'), NY, night)?.toISOString()).toBe(
      '2027-01-11T12:00:00.000Z',
    );
    expect(quietHoursEndAfter(at('2027-01-11T08:00:00Z'), NY, night)?.toISOString()).toBe(
      '2027-01-11T12:00:00.000Z',
    );
    expect(quietHoursEndAfter(at('2027-01-11T13:00:00Z'), NY, night)).toBeNull();
  });

  it('handle a span within one day', () => {
    const lunch: QuietHours = { enabled: true, start: '12:00', end: '14:30' };
    expect(isQuietAt(at('2027-01-11T11:59:00Z'), 'UTC', lunch)).toBe(false);
    expect(isQuietAt(at('2027-01-11T12:00:00Z'), 'UTC', lunch)).toBe(true);
    expect(isQuietAt(at('2027-01-11T14:30:00Z'), 'UTC', lunch)).toBe(false);
    expect(quietHoursEndAfter(at('2027-01-11T13:00:00Z'), 'UTC', lunch)?.toISOString()).toBe(
      '2027-01-11T14:30:00.000Z',
    );
  });

  it('end at local 07:00 across the spring-forward night in New York (8 h night)', () => {
    // 14 March 2027: 02:00 EST → 03:00 EDT. 23:00 EST on the 13th = 04:00Z.
    expect(quietHoursEndAfter(at('2027-03-14T04:00:00Z'), NY, night)?.toISOString()).toBe(
      '2027-03-14T11:00:00.000Z', // 07:00 EDT
    );
  });

  it('end at local 07:00 across the fall-back night in New York (10 h night)', () => {
    // 7 November 2027: 02:00 EDT → 01:00 EST. 23:00 EDT on the 6th = 03:00Z.
    expect(quietHoursEndAfter(at('2027-11-07T03:00:00Z'), NY, night)?.toISOString()).toBe(
      '2027-11-07T12:00:00.000Z', // 07:00 EST
    );
  });

  it('end at the jump when their end time does not exist that night', () => {
    const q: QuietHours = { enabled: true, start: '23:00', end: '02:30' };
    // 01:30 EST on 14 March 2027 (06:30Z): 02:30 never happens; the clock jumps at 07:00Z.
    expect(isQuietAt(at('2027-03-14T06:30:00Z'), NY, q)).toBe(true);
    expect(quietHoursEndAfter(at('2027-03-14T06:30:00Z'), NY, q)?.toISOString()).toBe(
      '2027-03-14T07:00:00.000Z',
    );
  });

  it('end at the first 01:30 when clocks go back over it, and at the second from the repeated hour', () => {
    const q: QuietHours = { enabled: true, start: '23:00', end: '01:30' };
    // 7 November 2027: 01:30 EDT = 05:30Z, then 01:30 EST = 06:30Z.
    expect(quietHoursEndAfter(at('2027-11-07T04:00:00Z'), NY, q)?.toISOString()).toBe(
      '2027-11-07T05:30:00.000Z',
    );
    // 01:10 EST (06:10Z), in the repeated hour: quiet again by the wall clock, until 01:30 EST.
    expect(quietHoursEndAfter(at('2027-11-07T06:10:00Z'), NY, q)?.toISOString()).toBe(
      '2027-11-07T06:30:00.000Z',
    );
  });

  it('follow Madrid’s clocks (CET in winter, CEST in summer)', () => {
    // Winter, UTC+1: 23:30 local = 22:30Z; ends 07:00 local = 06:00Z.
    expect(isQuietAt(at('2027-01-15T22:30:00Z'), MADRID, night)).toBe(true);
    expect(quietHoursEndAfter(at('2027-01-15T22:30:00Z'), MADRID, night)?.toISOString()).toBe(
      '2027-01-16T06:00:00.000Z',
    );
    // Summer, UTC+2: 21:30Z is 23:30 local; ends 05:00Z.
    expect(quietHoursEndAfter(at('2027-07-15T21:30:00Z'), MADRID, night)?.toISOString()).toBe(
      '2027-07-16T05:00:00.000Z',
    );
    // 28 March 2027: 02:00 CET → 03:00 CEST; the night of the 27th ends at 07:00 CEST = 05:00Z.
    expect(quietHoursEndAfter(at('2027-03-27T22:00:00Z'), MADRID, night)?.toISOString()).toBe(
      '2027-03-28T05:00:00.000Z',
    );
    // 21:30Z on 15 July is not quiet in New York (17:30 there).
    expect(isQuietAt(at('2027-07-15T21:30:00Z'), NY, night)).toBe(false);
  });

  it('treat an unknown zone as UTC rather than throwing', () => {
    expect(isQuietAt(at('2027-01-11T23:00:00Z'), 'Not/AZone', night)).toBe(true);
  });
});
