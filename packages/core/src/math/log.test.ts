import { describe, expect, it } from 'vitest';
import { logExact, ulpError, worstDistance, worstError } from '../../test/exact.js';
import { Rng } from '../random/rng.js';
import { log } from './log.js';

const rng = new Rng(2);
const logUniform = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => [2 ** rng.uniform(lo, hi)] as [number]);

describe('log', () => {
  it('log(x) is within 0.51 ulp of the exact value at 8,000 random points, subnormals and x near 1 included', () => {
    const points = [
      ...logUniform(4000, -1074, 1024),
      ...Array.from({ length: 2000 }, () => [rng.uniform(0.5, 2)] as [number]),
      ...Array.from({ length: 2000 }, () => [1 + (rng.uniform() < 0.5 ? -1 : 1) * 2 ** rng.uniform(-52, -6)] as [number]),
    ];
    const { ulps, at } = worstError(points, log, logExact);
    expect(ulps, `worst at ${at}`).toBeLessThan(0.51);
  });

  it('log(x) is within 1 ulp of Math.log at 100,000 random points', () => {
    expect(worstDistance(logUniform(100_000, -1074, 1024), log, Math.log).ulps).toBeLessThanOrEqual(1);
  });

  it('log gives the exact values it should: log(1) = 0, log(e) = 1, log(2) = Math.LN2, log(2^k) = k·ln 2 rounded', () => {
    expect(log(1)).toBe(0);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(Math.E)).toBe(1);
    expect(log(2)).toBe(Math.LN2);
    expect(log(10)).toBe(Math.LN10);
    for (const k of [-1074, -1022, -100, -1, 3, 100, 1023]) expect(ulpError(log(2 ** k), logExact(2 ** k))).toBeLessThan(0.5);
  });

  it('log(x) just below and above 1 keeps its relative accuracy (no cancellation)', () => {
    expect(log(1 - 2 ** -53)).toBe(-(2 ** -53));
    expect(log(1 + 2 ** -52)).toBe(2 ** -52 - 2 ** -105);
    for (const x of [0.9999999, 0.99609375, 0.9921875, 1.0078125, 1.015625]) expect(ulpError(log(x), logExact(x)), `log(${x})`).toBeLessThan(0.51);
  });

  it('log(±0) is −∞, log of a negative number or NaN is NaN, log(+∞) is +∞', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(NaN)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(5e-324)).toBe(-744.4400719213812);
    expect(log(Number.MAX_VALUE)).toBe(709.782712893384);
  });
});
