import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatLongDay,
  formatSlotName,
  formatWeekRange,
  groupSlotsByDay,
  localDateIn,
  weekIndexOf,
  weekRange,
} from './booking-dates.ts';

let savedTz: string | undefined;
beforeEach(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'America/New_York';
});
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('booking dates', () => {
  it('pages by local weeks, starting now, across a daylight-saving change', () => {
    // Saturday 31 October 2026, 10:00 in New York; clocks go back on Sunday 1 November.
    const now = new Date('2026-10-31T14:00:00Z');
    const first = weekRange(0, now);
    expect(first.from).toEqual(now);
    // Local midnight of Saturday 7 November is 05:00 UTC after the change (not 04:00).
    expect(first.to.toISOString()).toBe('2026-11-07T05:00:00.000Z');
    const second = weekRange(1, now);
    expect(second.from.toISOString()).toBe('2026-11-07T05:00:00.000Z');
    expect(second.to.toISOString()).toBe('2026-11-14T05:00:00.000Z');
    expect(weekIndexOf(new Date('2026-11-07T05:00:00Z'), now)).toBe(1);
    expect(weekIndexOf(new Date('2026-11-07T04:59:00Z'), now)).toBe(0);
    expect(weekIndexOf(new Date('2020-01-01T00:00:00Z'), now)).toBe(0);
    expect(weekIndexOf(new Date('2030-01-01T00:00:00Z'), now)).toBe(12);
  });

  it('names days and slots the way people say them, in English and Spanish', () => {
    const slot = new Date('2026-12-01T14:30:00Z');
    expect(formatLongDay(slot, 'en')).toBe('Tuesday 1 December');
    expect(formatLongDay(slot, 'es')).toBe('Martes 1 de diciembre');
    expect(formatSlotName(slot, 'en')).toBe('Tuesday 1 December, 9:30');
    expect(formatSlotName(slot, 'en', 'Europe/Madrid')).toBe('Tuesday 1 December, 15:30');
    expect(
      formatWeekRange(new Date('2026-12-08T05:00:00Z'), new Date('2026-12-15T05:00:00Z'), 'en'),
    ).toBe('8–14 Dec');
    expect(
      formatWeekRange(new Date('2026-12-29T05:00:00Z'), new Date('2027-01-05T05:00:00Z'), 'es'),
    ).toBe('29 dic – 4 ene');
  });

  it('groups slots by the day they start on in my zone, in order', () => {
    const days = groupSlotsByDay(
      [
        { start: '2026-12-02T15:00:00+01:00', end: '2026-12-02T15:30:00+01:00' },
        // 04:30 UTC on the 2nd is still the 1st in New York.
        { start: '2026-12-02T04:30:00Z', end: '2026-12-02T05:00:00Z' },
        { start: '2026-12-01T14:00:00Z', end: '2026-12-01T14:30:00Z' },
      ],
      'en',
    );
    expect(days.map((d) => [d.key, d.label, d.slots.length])).toEqual([
      ['2026-12-01', 'Tuesday 1 December', 2],
      ['2026-12-02', 'Wednesday 2 December', 1],
    ]);
    expect(days[0]!.slots[0]!.start).toBe('2026-12-01T14:00:00Z');
    expect(localDateIn(new Date('2026-12-02T04:30:00Z'), 'Europe/Madrid')).toBe('2026-12-02');
  });
});
