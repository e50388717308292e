/** Scales and ticks for the trend chart (pure, so they can be tested on their own). */

export interface Extent {
  min: number;
  max: number;
}

/** 1, 2 or 5 times a power of ten: a step people read easily. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * power;
}

const decimalsOf = (step: number) => Math.max(0, -Math.floor(Math.log10(step)));

/**
 * Value ticks covering every value (and the reference range), about `count` of them. Equal
 * values get room around them so the line sits in the middle instead of on an edge.
 */
export function valueTicks(values: readonly number[], count = 4): number[] {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / count);
  const decimals = decimalsOf(step);
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

/** A linear map from [d0, d1] to [r0, r1]; the middle of the range when the domain is a point. */
export function linear(d0: number, d1: number, r0: number, r1: number) {
  return (v: number) => (d0 === d1 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
}

/** Up to `count` evenly spaced times from the first to the last (one when they are equal). */
export function timeTicks(min: number, max: number, count = 5): number[] {
  if (min === max) return [min];
  const n = Math.max(2, count);
  return Array.from({ length: n }, (_, i) => min + ((max - min) * i) / (n - 1));
}
