import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DateOverride, Slot } from './scheduling.ts';
import {
  blockedRange,
  computeSlots,
  firstSlot,
  type InstantRange,
  type SlotQuery,
  type SlotRules,
  type WeeklyHoursRule,
} from './slots.ts';
import { isoIn } from './slots-reference.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS_MON_FIRST = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const at = (iso: string) => new Date(iso);
const range = (start: string, end: string): InstantRange => ({ start: at(start), end: at(end) });
/** Slot on `date` from `start` to `end` (HH:MM) at `offset`. */
const slot = (date: string, start: string, end: string, offset: string): Slot => ({
  start: `${date}T${start}:00${offset}`,
  end: `${date}T${end}:00${offset}`,
});
const hours = (weekdays: readonly WeeklyHoursRule['weekday'][], start: string, end: string) =>
  weekdays.map((weekday) => ({ weekday, start, end }));

const rules: SlotRules = {
  durationMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  bookingHorizonDays: 60,
};

/** New York, weekdays 09:00–12:00, 30-minute slots, asked for Monday 2026-01-05. */
function query(patch: Partial<SlotQuery> = {}): SlotQuery {
  return {
    timeZone: 'America/New_York',
    weeklyHours: hours(['mon', 'tue', 'wed', 'thu', 'fri'], '09:00', '12:00'),
    overrides: [],
    timeOff: [],
    busy: [],
    rules,
    from: at('2026-01-05T00:00:00-05:00'),
    to: at('2026-01-06T00:00:00-05:00'),
    now: at('2026-01-01T00:00:00Z'),
    ...patch,
  };
}

const MON = '2026-01-05';
const ny = (start: string, end: string) => slot(MON, start, end, '-05:00');

describe('computeSlots: examples', () => {
  it('fills a clear Monday', () => {
    expect(computeSlots(query())).toEqual([
      ny('09:00', '09:30'),
      ny('09:30', '10:00'),
      ny('10:00', '10:30'),
      ny('10:30', '11:00'),
      ny('11:00', '11:30'),
      ny('11:30', '12:00'),
    ]);
  });

  it('keeps buffers of existing and new appointments apart, buffers may leave the window', () => {
    const withBuffers = { ...rules, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 };
    const existing = blockedRange(
      at('2026-01-05T10:00:00-05:00'),
      at('2026-01-05T10:30:00-05:00'),
      withBuffers,
    );
    expect(existing).toEqual(range('2026-01-05T09:50:00-05:00', '2026-01-05T10:40:00-05:00'));
    expect(computeSlots(query({ rules: withBuffers, busy: [existing] }))).toEqual([
      ny('09:00', '09:30'),
      ny('11:00', '11:30'),
      ny('11:30', '12:00'),
    ]);
  });

  it('treats ranges as half-open: a busy range ending at a start does not block it', () => {
    const busy = [
      range('2026-01-05T08:00:00-05:00', '2026-01-05T09:00:00-05:00'),
      range('2026-01-05T12:00:00-05:00', '2026-01-05T13:00:00-05:00'),
      range('2026-01-05T10:00:00-05:00', '2026-01-05T10:00:00-05:00'), // empty: blocks nothing
    ];
    expect(computeSlots(query({ busy }))).toHaveLength(6);
    expect(
      computeSlots(query({ busy: [range(`${MON}T09:59:00-05:00`, `${MON}T10:01:00-05:00`)] })),
    ).toEqual([
      ny('09:00', '09:30'),
      ny('10:30', '11:00'),
      ny('11:00', '11:30'),
      ny('11:30', '12:00'),
    ]);
  });

  it('respects the minimum notice', () => {
    const q = query({
      now: at('2026-01-05T09:10:00-05:00'),
      rules: { ...rules, minimumNoticeMinutes: 60 },
    });
    expect(computeSlots(q)).toEqual([
      ny('10:30', '11:00'),
      ny('11:00', '11:30'),
      ny('11:30', '12:00'),
    ]);
  });

  it('respects the booking horizon, inclusive', () => {
    const q = query({
      now: at('2026-01-01T10:00:00-05:00'),
      rules: { ...rules, bookingHorizonDays: 4 },
    });
    expect(computeSlots(q)).toEqual([
      ny('09:00', '09:30'),
      ny('09:30', '10:00'),
      ny('10:00', '10:30'),
    ]);
  });

  it('keeps starts inside [from, to)', () => {
    const q = query({ from: at(`${MON}T09:30:00-05:00`), to: at(`${MON}T10:30:00-05:00`) });
    expect(computeSlots(q)).toEqual([ny('09:30', '10:00'), ny('10:00', '10:30')]);
  });

  it('closes a day with an empty override', () => {
    const overrides: DateOverride[] = [{ date: MON, intervals: [] }];
    expect(computeSlots(query({ overrides }))).toEqual([]);
    const twoDays = query({ overrides, to: at('2026-01-07T00:00:00-05:00') });
    expect(computeSlots(twoDays).map((s) => s.start)).toEqual([
      '2026-01-06T09:00:00-05:00',
      '2026-01-06T09:30:00-05:00',
      '2026-01-06T10:00:00-05:00',
      '2026-01-06T10:30:00-05:00',
      '2026-01-06T11:00:00-05:00',
      '2026-01-06T11:30:00-05:00',
    ]);
  });

  it('replaces the weekly hours with an override, merging its overlapping intervals', () => {
    const overrides: DateOverride[] = [
      {
        date: MON,
        intervals: [
          { start: '13:30', end: '15:00' },
          { start: '13:00', end: '14:00' },
        ],
      },
    ];
    expect(computeSlots(query({ overrides }))).toEqual([
      ny('13:00', '13:30'),
      ny('13:30', '14:00'),
      ny('14:00', '14:30'),
      ny('14:30', '15:00'),
    ]);
  });

  it("opens a closed weekday with an override, up to '24:00'", () => {
    const sat = '2026-01-10';
    const q = query({
      overrides: [{ date: sat, intervals: [{ start: '22:00', end: '24:00' }] }],
      from: at(`${sat}T00:00:00-05:00`),
      to: at('2026-01-12T00:00:00-05:00'),
      rules: { ...rules, durationMinutes: 60 },
    });
    expect(computeSlots(q)).toEqual([
      slot(sat, '22:00', '23:00', '-05:00'),
      { start: `${sat}T23:00:00-05:00`, end: '2026-01-11T00:00:00-05:00' },
    ]);
  });

  it('merges touching windows, so a slot can span both', () => {
    const q = query({
      weeklyHours: [...hours(['mon'], '09:00', '10:15'), ...hours(['mon'], '10:15', '11:00')],
    });
    expect(computeSlots(q).map((s) => s.start.slice(11, 16))).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
    ]);
  });

  it('blocks time off with the appointment itself, not its buffers', () => {
    const q = query({
      rules: { ...rules, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 },
      timeOff: [range(`${MON}T10:00:00-05:00`, `${MON}T11:00:00-05:00`)],
    });
    expect(computeSlots(q)).toEqual([
      ny('09:00', '09:30'),
      ny('09:30', '10:00'),
      ny('11:00', '11:30'),
      ny('11:30', '12:00'),
    ]);
  });

  it('steps by stepMinutes on a grid anchored at the window start, not at from', () => {
    const q = query({
      rules: { ...rules, durationMinutes: 60, stepMinutes: 45 },
      from: at(`${MON}T09:05:00-05:00`),
    });
    // Grid 09:00, 09:45, 10:30 (11:15 would end after 12:00); 09:00 is before `from`.
    expect(computeSlots(q)).toEqual([ny('09:45', '10:45'), ny('10:30', '11:30')]);
  });

  it('firstSlot returns the first slot or null', () => {
    expect(
      firstSlot(query({ busy: [range(`${MON}T08:00:00-05:00`, `${MON}T10:00:00-05:00`)] })),
    ).toEqual(ny('10:00', '10:30'));
    expect(firstSlot(query({ overrides: [{ date: MON, intervals: [] }] }))).toBeNull();
  });

  it('throws a RangeError past 92 days, for an unknown zone and for malformed input', () => {
    const from = at('2026-01-01T00:00:00Z');
    expect(() =>
      computeSlots(query({ from, to: new Date(from.getTime() + 92 * DAY) })),
    ).not.toThrow();
    expect(() =>
      computeSlots(query({ from, to: new Date(from.getTime() + 92 * DAY + 1) })),
    ).toThrow(RangeError);
    expect(() => computeSlots(query({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(RangeError);
    expect(() => computeSlots(query({ weeklyHours: hours(['mon'], '9:00', '12:00') }))).toThrow(
      RangeError,
    );
    expect(() => computeSlots(query({ rules: { ...rules, stepMinutes: 0 } }))).toThrow(RangeError);
    expect(() => computeSlots(query({ from: new Date(NaN) }))).toThrow(RangeError);
  });
});

describe('computeSlots: daylight saving time', () => {
  /** Every day 09:00–17:00 in New York, `now` long before, a wide horizon. */
  const dstQuery = (patch: Partial<SlotQuery>): SlotQuery =>
    query({
      weeklyHours: hours(WEEKDAYS_MON_FIRST, '09:00', '17:00'),
      now: at('2026-01-01T00:00:00Z'),
      rules: { ...rules, bookingHorizonDays: 365 },
      ...patch,
    });
  const transitions = [
    { zone: 'America/New_York', date: '2026-03-08', before: '-05:00', after: '-04:00' },
    { zone: 'America/New_York', date: '2026-11-01', before: '-04:00', after: '-05:00' },
    { zone: 'Europe/London', date: '2026-03-29', before: '+00:00', after: '+01:00' },
    { zone: 'Europe/London', date: '2026-10-25', before: '+01:00', after: '+00:00' },
  ];

  /** 09:00–17:00 every day; slots of the day before, of the day itself and of the day after. */
  function threeDays(zone: string, date: string, durationMinutes: number) {
    const day = Date.parse(`${date}T00:00:00Z`);
    const dates = [-1, 0, 1].map((d) => new Date(day + d * DAY).toISOString().slice(0, 10));
    const slots = computeSlots({
      ...dstQuery({}),
      timeZone: zone,
      rules: { ...rules, durationMinutes, bookingHorizonDays: 365 },
      from: new Date(day - 2 * DAY),
      to: new Date(day + 3 * DAY),
    });
    return dates.map((d) => slots.filter((s) => s.start.startsWith(d)));
  }

  it.each(transitions)(
    '$zone $date: 09:00 local on both sides, same count every day',
    ({ zone, date, before, after }) => {
      const [prev, day, next] = threeDays(zone, date, 30);
      expect(prev![0]!.start.slice(11)).toBe(`09:00:00${before}`);
      expect(day![0]!.start.slice(11)).toBe(`09:00:00${after}`);
      expect(next![0]!.start.slice(11)).toBe(`09:00:00${after}`);
      expect(day!.at(-1)).toEqual(slot(date, '16:30', '17:00', after));
      expect([prev!.length, day!.length, next!.length]).toEqual([16, 16, 16]);
      for (const s of [...prev!, ...day!, ...next!]) {
        expect(Date.parse(s.end) - Date.parse(s.start)).toBe(30 * MINUTE);
      }
    },
  );

  it('gives a 00:00–04:00 window on spring-forward night 3 real hours', () => {
    const q = (timeZone: string, date: string): SlotQuery =>
      dstQuery({
        timeZone,
        overrides: [{ date, intervals: [{ start: '00:00', end: '04:00' }] }],
        rules: { ...rules, durationMinutes: 60, bookingHorizonDays: 365 },
        from: at(`${date}T00:00:00Z`),
        to: at(`${date}T23:00:00Z`),
      });
    expect(computeSlots(q('America/New_York', '2026-03-08'))).toEqual([
      slot('2026-03-08', '00:00', '01:00', '-05:00'),
      { start: '2026-03-08T01:00:00-05:00', end: '2026-03-08T03:00:00-04:00' },
      slot('2026-03-08', '03:00', '04:00', '-04:00'),
    ]);
    expect(computeSlots(q('Europe/London', '2026-03-29'))).toEqual([
      { start: '2026-03-29T00:00:00+00:00', end: '2026-03-29T02:00:00+01:00' },
      slot('2026-03-29', '02:00', '03:00', '+01:00'),
      slot('2026-03-29', '03:00', '04:00', '+01:00'),
    ]);
  });

  it('moves a start inside the gap to the first valid instant', () => {
    const slots = computeSlots({
      ...dstQuery({}),
      overrides: [{ date: '2026-03-08', intervals: [{ start: '02:30', end: '04:00' }] }],
      from: at('2026-03-08T00:00:00Z'),
      to: at('2026-03-09T00:00:00Z'),
    });
    expect(slots).toEqual([
      slot('2026-03-08', '03:00', '03:30', '-04:00'),
      slot('2026-03-08', '03:30', '04:00', '-04:00'),
    ]);
  });

  it('gives a 00:00–04:00 window on fall-back night 5 real hours, ambiguous times the earlier', () => {
    const q = (intervals: { start: string; end: string }[], durationMinutes: number) =>
      computeSlots({
        ...dstQuery({}),
        overrides: [{ date: '2026-11-01', intervals }],
        rules: { ...rules, durationMinutes, bookingHorizonDays: 365 },
        from: at('2026-11-01T00:00:00Z'),
        to: at('2026-11-02T00:00:00Z'),
      });
    expect(q([{ start: '00:00', end: '04:00' }], 60)).toEqual([
      slot('2026-11-01', '00:00', '01:00', '-04:00'),
      { start: '2026-11-01T01:00:00-04:00', end: '2026-11-01T01:00:00-05:00' },
      slot('2026-11-01', '01:00', '02:00', '-05:00'),
      slot('2026-11-01', '02:00', '03:00', '-05:00'),
      slot('2026-11-01', '03:00', '04:00', '-05:00'),
    ]);
    expect(q([{ start: '01:30', end: '03:00' }], 30)).toEqual([
      { start: '2026-11-01T01:30:00-04:00', end: '2026-11-01T01:00:00-05:00' },
      slot('2026-11-01', '01:00', '01:30', '-05:00'),
      slot('2026-11-01', '01:30', '02:00', '-05:00'),
      slot('2026-11-01', '02:00', '02:30', '-05:00'),
      slot('2026-11-01', '02:30', '03:00', '-05:00'),
    ]);
  });

  it(
    'property: same count each day around a transition, 09:00 first, exact durations',
    {
      timeout: 30_000,
    },
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...transitions),
          fc.constantFrom(10, 15, 20, 30, 40, 45, 60, 90),
          ({ zone, date, before, after }, duration) => {
            const days = threeDays(zone, date, duration);
            const perDay = Math.floor((8 * 60) / duration);
            expect(days.map((d) => d.length)).toEqual([perDay, perDay, perDay]);
            expect(days.map((d) => d[0]!.start.slice(11))).toEqual([
              `09:00:00${before}`,
              `09:00:00${after}`,
              `09:00:00${after}`,
            ]);
            for (const s of days.flat()) {
              expect(Date.parse(s.end) - Date.parse(s.start)).toBe(duration * MINUTE);
            }
          },
        ),
      );
    },
  );
});

describe('computeSlots: who asks does not matter', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('returns instants that a patient in Tokyo sees at the same moments', () => {
    const slots = computeSlots(query());
    const inTokyo = slots.map((s) => isoIn(Date.parse(s.start), 'Asia/Tokyo'));
    expect(inTokyo[0]).toBe('2026-01-05T23:00:00+09:00');
    expect(inTokyo.map((s) => Date.parse(s))).toEqual(slots.map((s) => Date.parse(s.start)));
  });

  it("does not depend on the process's own time zone", () => {
    const q = query({
      to: at('2026-03-10T00:00:00-05:00'),
      weeklyHours: hours(WEEKDAYS_MON_FIRST, '09:00', '17:00'),
    });
    process.env.TZ = 'UTC';
    const reference = computeSlots(q);
    for (const [tz, offset] of [
      ['Asia/Tokyo', -540],
      ['Pacific/Honolulu', 600],
      ['America/Los_Angeles', 480],
    ] as const) {
      process.env.TZ = tz;
      expect(new Date('2026-01-05T00:00:00Z').getTimezoneOffset()).toBe(offset); // TZ took effect
      expect(computeSlots(q)).toEqual(reference);
    }
  });
});
