import { describe, expect, it } from 'vitest';
import { plannedInstants } from './dose-planning.ts';
import {
  isoWeekday,
  localDateOf,
  localTimeOf,
  localToInstant,
  safeTimeZone,
} from '@carecircle/core';

const NY = 'America/New_York';
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('dose planning (pure)', () => {
  it('turns a local time into the instant of that zone, winter and summer', () => {
    expect(localToInstant('2026-01-15', '08:00', NY).toISOString()).toBe(
      '2026-01-15T13:00:00.000Z',
    );
    expect(localToInstant('2026-07-15', '08:00', NY).toISOString()).toBe(
      '2026-07-15T12:00:00.000Z',
    );
    expect(localToInstant('2026-07-15', '08:00', 'UTC').toISOString()).toBe(
      '2026-07-15T08:00:00.000Z',
    );
  });

  it('moves a time skipped by spring-forward an hour later (02:30 → 03:30 EDT)', () => {
    // 2026-03-08: New York clocks go from 02:00 EST to 03:00 EDT.
    expect(localToInstant('2026-03-08', '02:30', NY).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(localToInstant('2026-03-08', '01:30', NY).toISOString()).toBe(
      '2026-03-08T06:30:00.000Z',
    );
    expect(localToInstant('2026-03-08', '08:00', NY).toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
  });

  it('takes a time that happens twice at fall-back the first time (01:30 EDT)', () => {
    // 2026-11-01: New York clocks go from 02:00 EDT back to 01:00 EST.
    expect(localToInstant('2026-11-01', '01:30', NY).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(localToInstant('2026-11-01', '08:00', NY).toISOString()).toBe(
      '2026-11-01T13:00:00.000Z',
    );
  });

  it('plans 08:00 and 20:00 every local day across spring-forward: one dose each, 23 h day', () => {
    const doses = plannedInstants(
      { times: ['08:00', '20:00'], daysOfWeek: [], startDate: '2026-03-01', endDate: null },
      NY,
      new Date('2026-03-07T05:00:00Z'),
      new Date('2026-03-09T04:00:00Z'),
    );
    expect(iso(doses)).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T01:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
    ]);
    expect(doses.map((d) => localTimeOf(d, NY))).toEqual(['08:00', '20:00', '08:00', '20:00']);
  });

  it('plans once per local day across fall-back, even for the doubled hour', () => {
    const doses = plannedInstants(
      { times: ['01:30'], daysOfWeek: [], startDate: '2026-10-30', endDate: '2026-11-02' },
      NY,
      new Date('2026-10-30T00:00:00Z'),
      new Date('2026-11-10T00:00:00Z'),
    );
    expect(iso(doses)).toEqual([
      '2026-10-30T05:30:00.000Z',
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('keeps to the days of the week and the start and end dates', () => {
    const doses = plannedInstants(
      { times: ['09:00'], daysOfWeek: [1, 3], startDate: '2026-06-02', endDate: '2026-06-10' },
      'UTC',
      new Date('2026-05-25T00:00:00Z'),
      new Date('2026-06-30T00:00:00Z'),
    );
    expect(iso(doses)).toEqual([
      '2026-06-03T09:00:00.000Z', // Wednesday (Monday 1 June is before the start)
      '2026-06-08T09:00:00.000Z', // Monday
      '2026-06-10T09:00:00.000Z', // Wednesday, the end date
    ]);
    expect(isoWeekday('2026-06-07')).toBe(7);
  });

  it('gives the local date of an instant and falls back to UTC for an unknown zone', () => {
    expect(localDateOf(new Date('2026-01-15T03:00:00Z'), NY)).toBe('2026-01-14');
    expect(safeTimeZone('Not/AZone')).toBe('UTC');
    expect(safeTimeZone(NY)).toBe(NY);
  });
});
