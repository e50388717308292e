import { describe, expect, it } from 'vitest';
import { linear, niceStep, timeTicks, valueTicks } from './trend-scale.ts';

describe('trend scales', () => {
  it('picks readable steps', () => {
    expect(niceStep(0.37)).toBe(0.5);
    expect(niceStep(1.2)).toBe(2);
    expect(niceStep(40)).toBe(50);
    expect(niceStep(0)).toBe(1);
  });

  it('covers every value with round ticks', () => {
    expect(valueTicks([5.4, 7.1, 4, 5.6])).toEqual([4, 5, 6, 7, 8]);
    expect(valueTicks([5.4, 5.9])).toEqual([5.4, 5.6, 5.8, 6]);
    expect(valueTicks([120, 180])).toEqual([120, 140, 160, 180]);
  });

  it('gives equal values room on both sides', () => {
    const ticks = valueTicks([50, 50]);
    expect(ticks[0]).toBeLessThan(50);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(50);
  });

  it('maps a single point to the middle', () => {
    expect(linear(3, 3, 0, 100)(3)).toBe(50);
    expect(linear(0, 10, 0, 100)(5)).toBe(50);
    expect(timeTicks(5, 5)).toEqual([5]);
    expect(timeTicks(0, 100, 3)).toEqual([0, 50, 100]);
  });
});
