import { describe, expect, it } from 'vitest';
import { powExact, ulpError, worstDistance, worstError } from '../../test/exact.js';
import { Rng } from '../random/rng.js';
import { pow } from './pow.js';

const rng = new Rng(5);
const sign = () => (rng.uniform() < 0.5 ? -1 : 1);

describe('pow', () => {
  it('pow(x, y) is within 0.54 ulp of the exact value at 6,000 random points, near overflow and underflow included', () => {
    const points: [number, number][] = [
      ...Array.from({ length: 2000 }, () => [rng.uniform(0, 10), rng.uniform(-40, 40)] as [number, number]),
      ...Array.from({ length: 1000 }, () => [2 ** rng.uniform(-1074, 1024), rng.uniform(-1, 1)] as [number, number]),
      // x near 1 and huge y, where the error of log x is multiplied most
      ...Array.from({ length: 1000 }, () => [1 + sign() * 2 ** rng.uniform(-40, -5), sign() * 2 ** rng.uniform(10, 40)] as [number, number]),
      // results spread over the whole range, subnormals included: y·log x in [−744, 709]
      ...Array.from({ length: 2000 }, () => {
        const x = 2 ** rng.uniform(-20, 20);
        return [x, rng.uniform(-744, 709) / Math.log(x)] as [number, number];
      }),
    ].filter(([x, y]) => Math.abs(y * Math.log(x)) < 709);
    const { ulps, at } = worstError(points, pow, powExact);
    expect(ulps, `worst at ${at}`).toBeLessThan(0.54);
  });

  it('pow(x, y) is within 1 ulp of Math.pow at 100,000 random points, negative bases with integer exponents included', () => {
    const points = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? [sign() * rng.uniform(0, 4), Math.round(rng.uniform(-200, 200))] : [rng.uniform(0, 100), rng.uniform(-50, 50)]) as [number, number]);
    expect(worstDistance(points, pow, Math.pow).ulps).toBeLessThanOrEqual(1);
  });

  it('pow gives exact results where they are doubles: 2^k, 10^k for k ≤ 22, x^1, x^2, x^-1 and x^0.5', () => {
    for (let k = -1074; k <= 1023; k++) expect(pow(2, k)).toBe(2 ** k);
    for (let k = 0; k <= 22; k++) expect(pow(10, k)).toBe(Number(`1e${k}`));
    expect(pow(0.5, 3)).toBe(0.125);
    expect(pow(-3, 3)).toBe(-27);
    expect(pow(1.1, 1)).toBe(1.1);
    expect(pow(1.1, 2)).toBe(1.1 * 1.1);
    expect(pow(3, -1)).toBe(1 / 3);
    expect(pow(2, 0.5)).toBe(Math.SQRT2);
    expect(pow(9, 0.5)).toBe(3);
    expect(pow(4, -0.5)).toBe(0.5);
    expect(ulpError(pow(0.999, 1e4), powExact(0.999, 1e4))).toBeLessThan(0.5);
  });

  it('pow has the special values of `**`: every pairing of ±0, ±1, ±∞, NaN, integers and fractions', () => {
    const values = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 2.5, -2.5, Infinity, -Infinity, NaN, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e300, -1e300, 5e-324, -5e-324];
    for (const x of values) {
      for (const y of values) {
        const want = x ** y;
        const got = pow(x, y);
        if (Number.isFinite(want) && want !== 0 && Math.abs(x) !== 1 && y !== 0) {
          // a rounded result: the same sign, and within 0.54 ulp of the exact |x|^y
          expect(Math.sign(got), `pow(${x}, ${y})`).toBe(Math.sign(want));
          expect(ulpError(Math.abs(got), powExact(Math.abs(x), y)), `pow(${x}, ${y})`).toBeLessThanOrEqual(0.54);
        } else expect(Object.is(got, want), `pow(${x}, ${y}) = ${got}, want ${want}`).toBe(true);
      }
    }
  });

  it('pow overflows to ±∞ and underflows to ±0 with the sign of an odd power', () => {
    expect(pow(10, 309)).toBe(Infinity);
    expect(pow(-10, 309)).toBe(-Infinity);
    expect(pow(10, -324)).toBe(0);
    expect(Object.is(pow(-10, -325), -0)).toBe(true);
    expect(pow(2, -1074.5)).toBe(5e-324);
    expect(ulpError(pow(2, 1023.9999999999999), powExact(2, 1023.9999999999999))).toBeLessThan(0.5);
    expect(ulpError(pow(2, -1022.5), powExact(2, -1022.5))).toBeLessThan(0.5);
  });
});
