import { describe, expect, it } from 'vitest';
import { tanhExact, ulpError, worstDistance, worstError } from '../../test/exact.js';
import { Rng } from '../random/rng.js';
import { tanh } from './tanh.js';

const rng = new Rng(4);
const uniform = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => [rng.uniform(lo, hi)] as [number]);

describe('tanh', () => {
  it('tanh(x) is within 0.51 ulp of the exact value at 6,000 random points, near 0 included', () => {
    const points = [
      ...uniform(3000, -20, 20),
      ...uniform(1000, -0.05, 0.05),
      ...Array.from({ length: 2000 }, () => [(rng.uniform() < 0.5 ? -1 : 1) * 2 ** rng.uniform(-40, -1)] as [number]),
    ];
    const { ulps, at } = worstError(points, tanh, tanhExact);
    expect(ulps, `worst at ${at}`).toBeLessThan(0.51);
  });

  it('tanh(x) is within 2 ulp of Math.tanh at 100,000 random points (V8\'s own is off by up to 1.7 ulp)', () => {
    expect(worstDistance(uniform(100_000, -20, 20), tanh, Math.tanh).ulps).toBeLessThanOrEqual(2);
  });

  it('tanh is odd, tanh(x) = x for tiny x, and ±1 from about ±19.06 on', () => {
    expect(Object.is(tanh(0), 0) && Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(1e-300)).toBe(1e-300);
    expect(tanh(-(2 ** -29))).toBe(-(2 ** -29));
    expect(tanh(19.1)).toBe(1);
    expect(tanh(-40)).toBe(-1);
    expect(ulpError(tanh(18.5), tanhExact(18.5))).toBeLessThan(0.5); // 1 − 2^-52, not 1
    for (const [x] of uniform(1000, 0, 20)) expect(tanh(-x)).toBe(-tanh(x));
  });

  it('tanh(±∞) is ±1 and tanh(NaN) is NaN', () => {
    expect(tanh(Infinity)).toBe(1);
    expect(tanh(-Infinity)).toBe(-1);
    expect(tanh(NaN)).toBeNaN();
  });
});
