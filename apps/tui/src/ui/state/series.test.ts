import { describe, expect, it } from 'vitest';
import { emptySeries, pushValues, seriesPoints } from './series.js';

const steps = (from: number, to: number, f: (s: number) => number = (s) => s) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ step: from + i, value: f(from + i) }));

describe('series', () => {
  it('pushValues keeps every step until the series is full, then halves the resolution', () => {
    let s = pushValues(emptySeries(4), steps(1, 3));
    expect(s.points).toEqual(steps(1, 3));
    expect(s.stride).toBe(1);
    s = pushValues(s, steps(4, 4));
    // 4 points reached the maximum: merged pairwise into means, every point now 2 steps
    expect(s.points).toEqual([{ step: 2, value: 1.5 }, { step: 4, value: 3.5 }]);
    expect(s.stride).toBe(2);
    s = pushValues(s, steps(5, 5));
    expect(s.points).toHaveLength(2);
    expect(seriesPoints(s)).toEqual([{ step: 2, value: 1.5 }, { step: 4, value: 3.5 }, { step: 5, value: 5 }]);
  });

  it('pushValues stays within max points for a long run and its points are means of their buckets', () => {
    const s = pushValues(emptySeries(64), steps(1, 100_000, () => 2));
    expect(s.points.length).toBeLessThan(64);
    expect(s.points.every((p) => p.value === 2)).toBe(true);
    expect(s.points.at(-1)!.step).toBeLessThanOrEqual(100_000);
    // the mean over all steps of a linear ramp survives the merging
    const ramp = pushValues(emptySeries(64), steps(1, 4096));
    const mean = ramp.points.reduce((a, p) => a + p.value, 0) / ramp.points.length;
    expect(mean).toBeCloseTo(2048.5, 6);
  });

  it('pushValues skips non-finite values and does not change the series it is given', () => {
    const a = pushValues(emptySeries(8), steps(1, 2));
    const b = pushValues(a, [{ step: 3, value: Number.NaN }, { step: 4, value: Infinity }, { step: 5, value: 7 }]);
    expect(a.points).toHaveLength(2);
    expect(b.points.map((p) => p.value)).toEqual([1, 2, 7]);
    expect(pushValues(b, [])).toBe(b);
  });
});
