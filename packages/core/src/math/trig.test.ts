import { describe, expect, it } from 'vitest';
import { sinCosExact, worstDistance, worstError } from '../../test/exact.js';
import { Rng } from '../random/rng.js';
import { cos, sin } from './trig.js';

const rng = new Rng(3);
const uniform = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => [rng.uniform(lo, hi)] as [number]);
const sinExact = (x: number) => sinCosExact(x)[0];
const cosExact = (x: number) => sinCosExact(x)[1];

// Box–Muller angles [0, 2π), rotary and sinusoidal angles up to 10^4, beyond 1.5·2^20 the
// Payne–Hanek reduction, and huge arguments
const points = [
  ...uniform(2000, -Math.PI / 4, Math.PI / 4),
  ...uniform(2000, 0, 2 * Math.PI),
  ...uniform(2000, -1e4, 1e4),
  ...uniform(500, 1e6, 3e6),
  ...Array.from({ length: 1000 }, () => [(rng.uniform() < 0.5 ? -1 : 1) * 2 ** rng.uniform(21, 1024)] as [number]),
];
// doubles nearest to multiples of π/2, where the reduction cancels most: n·π/2 rounded
const nearMultiples = Array.from({ length: 400 }, (_, i) => [((i + 1) * 2 ** ((i % 20) * 2) * Math.PI) / 2] as [number]);

describe('sin and cos', () => {
  it('sin(x) is within 0.51 ulp of the exact value at 7,900 random points and near multiples of π/2', () => {
    const { ulps, at } = worstError([...points, ...nearMultiples], sin, sinExact);
    expect(ulps, `worst at ${at}`).toBeLessThan(0.51);
  });

  it('cos(x) is within 0.51 ulp of the exact value at 7,900 random points and near multiples of π/2', () => {
    const { ulps, at } = worstError([...points, ...nearMultiples], cos, cosExact);
    expect(ulps, `worst at ${at}`).toBeLessThan(0.51);
  });

  it('sin and cos are within 1 ulp of Math.sin and Math.cos at 100,000 random points up to 10^5', () => {
    const many = uniform(100_000, -1e5, 1e5);
    expect(worstDistance(many, sin, Math.sin).ulps).toBeLessThanOrEqual(1);
    expect(worstDistance(many, cos, Math.cos).ulps).toBeLessThanOrEqual(1);
  });

  it('sin and cos give the values they should at 0, π/2, π and 10^22', () => {
    expect(Object.is(sin(0), 0) && Object.is(sin(-0), -0)).toBe(true);
    expect(cos(0)).toBe(1);
    expect(cos(-0)).toBe(1);
    expect(sin(Math.PI / 2)).toBe(1);
    expect(cos(Math.PI)).toBe(-1);
    // Math.PI is π − 1.2246467991473532e-16…, so sin(Math.PI) is that difference
    expect(sin(Math.PI)).toBe(1.2246467991473532e-16);
    expect(cos(Math.PI / 2)).toBe(6.123233995736766e-17);
    expect(sin(1e22)).toBe(-0.8522008497671888);
    expect(sin(1e-300)).toBe(1e-300);
    expect(cos(1e-300)).toBe(1);
  });

  it('sin and cos of ±∞ and NaN are NaN', () => {
    for (const x of [Infinity, -Infinity, NaN]) {
      expect(sin(x)).toBeNaN();
      expect(cos(x)).toBeNaN();
    }
  });

  it('sin is odd and cos even, exactly, in both reductions', () => {
    for (const [x] of points.slice(0, 3000).concat(points.slice(-500))) {
      expect(sin(-x)).toBe(-sin(x));
      expect(cos(-x)).toBe(cos(x));
    }
  });
});
