import { describe, expect, it } from 'vitest';
import { doublesFrom, expExact, ulpError, worstDistance, worstError } from '../../test/exact.js';
import { Rng } from '../random/rng.js';
import { exp } from './exp.js';

const rng = new Rng(1);
const uniform = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => [rng.uniform(lo, hi)] as [number]);

describe('exp', () => {
  it('exp(x) is within 0.54 ulp of the exact value at 7,000 random points over its whole range', () => {
    const points = [
      ...uniform(4000, -745, 709.78),
      ...uniform(2000, -1, 1),
      ...Array.from({ length: 1000 }, () => [(rng.uniform() < 0.5 ? -1 : 1) * 2 ** rng.uniform(-60, -5)] as [number]),
    ];
    const { ulps, at } = worstError(points, exp, expExact);
    expect(ulps, `worst at ${at}`).toBeLessThan(0.54);
  });

  it('exp(x) is within 1 ulp of Math.exp at 100,000 random points', () => {
    expect(worstDistance(uniform(100_000, -745, 709.78), exp, Math.exp).ulps).toBeLessThanOrEqual(1);
  });

  it('exp gives the exact values it should: exp(0) = 1, exp(1) = Math.E, exp(ln 2) = 2', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(1)).toBe(Math.E);
    expect(exp(Math.LN2)).toBe(2);
    expect(exp(-Math.LN2)).toBe(0.5);
    expect(exp(2 ** -60)).toBe(1);
  });

  it('exp(NaN) is NaN, exp(−∞) is 0 and exp(+∞) is +∞', () => {
    expect(exp(NaN)).toBeNaN();
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
  });

  it('exp overflows and underflows at the right points, through the subnormals', () => {
    // ln(MAX_VALUE) = 709.78271289338399…: the doubles on either side
    expect(exp(709.782712893384)).toBe(1.7976931348622732e308);
    expect(exp(709.7827128933841)).toBe(Infinity);
    expect(exp(1000)).toBe(Infinity);
    // the smallest subnormal 2^-1074 = e^-744.44; results below half of it round to 0
    expect(exp(-745.1332191019411)).toBe(5e-324);
    expect(exp(-745.1332191019412)).toBe(0);
    expect(exp(-1000)).toBe(0);
    for (const x of [-708.4, -710, -720, -730, -740, -744.44, -745]) {
      expect(ulpError(exp(x), expExact(x)), `exp(${x})`).toBeLessThanOrEqual(0.5 + 2 ** -20);
    }
  });

  it('exp(x) rises monotonically through the points where the reduction moves to the next table entry', () => {
    for (let n = -30_000; n <= 30_000; n += 997) {
      const xs = doublesFrom(((n + 0.5) * Math.LN2) / 32 - 2 ** -40 * Math.max(1, Math.abs(n) / 1000), 200);
      const ys = xs.map(exp);
      for (let i = 1; i < ys.length; i++) expect(ys[i], `exp(${xs[i]})`).toBeGreaterThanOrEqual(ys[i - 1]);
    }
  });
});
