import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockedRange, computeSlots, firstSlot, type SlotQuery } from './slots.ts';
import {
  dateOf,
  localDayOf,
  referenceWindows,
  overlaps,
  referenceSlots,
} from './slots-reference.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS_MON_FIRST = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const at = (iso: string) => new Date(iso);

const zones = [
  'America/New_York',
  'Europe/London',
  'Asia/Tokyo',
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kathmandu', // +05:45
  'America/Santiago', // DST changes at midnight
  'UTC',
];
/** Days since 1970 of dates near transitions of these zones, plus any day of 2026. */
const anchorDay = fc.oneof(
  fc.constantFrom(
    ...[
      '2026-03-08',
      '2026-11-01',
      '2026-03-29',
      '2026-10-25',
      '2026-04-05',
      '2026-10-04',
      '2026-04-04',
      '2026-09-05',
    ].map((d) => Date.parse(`${d}T00:00:00Z`) / DAY),
  ),
  fc.integer({ min: Date.parse('2026-01-01') / DAY, max: Date.parse('2026-12-31') / DAY }),
);
const quarterHour = fc.integer({ min: 0, max: 96 });
const hhmm = (quarters: number) =>
  `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`;
const interval = fc
  .tuple(quarterHour, quarterHour)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));

const slotQuery = anchorDay
  .chain((anchor) => {
    const around = (minMinutes: number, maxMinutes: number) =>
      fc.integer({ min: minMinutes, max: maxMinutes }).map((m) => anchor * DAY + m * MINUTE);
    const instantRange = fc
      .tuple(around(-2 * 1440, 5 * 1440), fc.integer({ min: 1, max: 300 }))
      .map(([s, len]) => ({ start: new Date(s), end: new Date(s + len * MINUTE) }));
    return fc.record({
      timeZone: fc.constantFrom(...zones),
      weeklyHours: fc.array(
        fc
          .tuple(fc.constantFrom(...WEEKDAYS_MON_FIRST), interval)
          .map(([weekday, i]) => ({ weekday, ...i })),
        { maxLength: 8 },
      ),
      overrides: fc.array(
        fc.record({
          date: fc.integer({ min: -1, max: 4 }).map((d) => dateOf(anchor + d)),
          intervals: fc.array(interval, { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
      timeOff: fc.array(instantRange, { maxLength: 3 }),
      busy: fc.array(instantRange, { maxLength: 10 }),
      rules: fc.record({
        durationMinutes: fc.constantFrom(10, 15, 20, 30, 45, 60, 90),
        bufferBeforeMinutes: fc.constantFrom(0, 5, 10, 15, 30),
        bufferAfterMinutes: fc.constantFrom(0, 5, 10, 15, 30),
        minimumNoticeMinutes: fc.constantFrom(0, 30, 60, 120, 1440),
        bookingHorizonDays: fc.integer({ min: 0, max: 5 }),
        stepMinutes: fc.option(fc.constantFrom(5, 10, 15, 30, 60), { nil: undefined }),
      }),
      from: around(-1440, 2 * 1440).map((ms) => new Date(ms)),
      span: fc.integer({ min: 1, max: 3 * 1440 }),
      now: around(-3 * 1440, 2 * 1440).map((ms) => new Date(ms + 17_123)), // not minute-aligned
    });
  })
  .map(({ span, ...q }): SlotQuery => ({ ...q, to: new Date(q.from.getTime() + span * MINUTE) }));

// Generous: the reference model calls Intl a few hundred times per new zone and date, and CI
// machines can be busy.
describe('computeSlots: properties', { timeout: 30_000 }, () => {
  it('matches the reference model exactly', () => {
    fc.assert(
      fc.property(slotQuery, (q) => {
        expect(computeSlots(q)).toEqual(referenceSlots(q));
      }),
      { numRuns: 200 },
    );
  });

  it('never overlaps busy ranges (with buffers) or time off', () => {
    fc.assert(
      fc.property(slotQuery, (q) => {
        for (const s of computeSlots(q)) {
          const blocked = blockedRange(at(s.start), at(s.end), q.rules);
          for (const b of q.busy) {
            expect(overlaps(+blocked.start, +blocked.end, +b.start, +b.end)).toBe(false);
          }
          for (const t of q.timeOff) {
            expect(overlaps(Date.parse(s.start), Date.parse(s.end), +t.start, +t.end)).toBe(false);
          }
        }
      }),
    );
  });

  it('lies inside availability of its local date', () => {
    fc.assert(
      fc.property(slotQuery, (q) => {
        for (const s of computeSlots(q)) {
          const start = Date.parse(s.start);
          const end = Date.parse(s.end);
          const day = localDayOf(start, q.timeZone);
          expect(s.start.slice(0, 10)).toBe(dateOf(day));
          // The day after too: around a fall-back at midnight an instant of date D can belong
          // to a window of D + 1.
          const windows = [...referenceWindows(q, day), ...referenceWindows(q, day + 1)];
          expect(windows.some(([ws, we]) => ws <= start && end <= we)).toBe(true);
        }
      }),
    );
  });

  it('respects notice, horizon and [from, to); sorted, unique, exact durations', () => {
    fc.assert(
      fc.property(slotQuery, (q) => {
        const slots = computeSlots(q);
        const starts = slots.map((s) => Date.parse(s.start));
        for (const [i, s] of slots.entries()) {
          const start = starts[i]!;
          expect(start).toBeGreaterThanOrEqual(+q.now + q.rules.minimumNoticeMinutes * MINUTE);
          expect(start).toBeLessThanOrEqual(+q.now + q.rules.bookingHorizonDays * DAY);
          expect(start).toBeGreaterThanOrEqual(+q.from);
          expect(start).toBeLessThan(+q.to);
          expect(Date.parse(s.end) - start).toBe(q.rules.durationMinutes * MINUTE);
          if (i > 0) expect(start).toBeGreaterThan(starts[i - 1]!);
          expect(s.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
        }
      }),
    );
  });

  it('is consistent across sub-ranges, and firstSlot is the first slot', () => {
    fc.assert(
      fc.property(slotQuery, fc.double({ min: 0, max: 1, noNaN: true }), (q, cut) => {
        const all = computeSlots(q);
        const mid = new Date(Math.round(+q.from + (+q.to - +q.from) * cut));
        const early = computeSlots({ ...q, to: mid });
        const late = computeSlots({ ...q, from: mid });
        expect([...early, ...late]).toEqual(all);
        expect(firstSlot(q)).toEqual(all[0] ?? null);
        expect(firstSlot({ ...q, from: mid })).toEqual(late[0] ?? null);
      }),
    );
  });
});
