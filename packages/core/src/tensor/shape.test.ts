import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { fc } from '../../test/fc.js';
import { numel, strides, unravel } from '../../test/naive.js';
import { broadcastIndex, broadcastShapes, checkShape, normAxis, sameShape, sizeOf, stridesOf } from './shape.js';

describe('shape helpers', () => {
  it('sizeOf(shape) is the product of the axes, 1 for a scalar and 0 with an empty axis', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([2, 0, 4])).toBe(0);
  });

  it('stridesOf(shape) gives row-major strides', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
  });

  it('normAxis(op, axis, rank) resolves negative axes and names the op when out of range', () => {
    expect(normAxis('sum', -1, 3)).toBe(2);
    expect(normAxis('sum', -3, 3)).toBe(0);
    expect(normAxis('sum', 2, 3)).toBe(2);
    expectAttnError(() => normAxis('sum', 3, 2), 'RANGE', 'sum: axis 3 out of range for rank 2');
    expectAttnError(() => normAxis('sum', -3, 2), 'RANGE', 'sum: axis -3 out of range for rank 2');
    expectAttnError(() => normAxis('sum', 0, 0), 'RANGE', 'sum: axis 0 out of range for rank 0');
    expectAttnError(() => normAxis('sum', 0.5, 2), 'ARGUMENT', 'sum: axis must be an integer, got 0.5');
  });

  it('checkShape(op, shape) accepts non-negative integers and rejects anything else', () => {
    checkShape('zeros', []);
    checkShape('zeros', [0, 3]);
    expectAttnError(() => checkShape('zeros', [2, -1]), 'SHAPE', 'zeros: shape must hold non-negative integers, got [2,-1]');
    expectAttnError(() => checkShape('zeros', [2.5]), 'SHAPE', 'zeros: shape must hold non-negative integers, got [2.5]');
    expectAttnError(() => checkShape('zeros', [NaN]), 'SHAPE', 'zeros: shape must hold non-negative integers, got [NaN]');
    expectAttnError(() => checkShape('zeros', 3 as unknown as number[]), 'ARGUMENT', 'zeros: shape must be an array of integers, got 3');
  });

  it('sameShape(a, b) compares rank and every axis', () => {
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([], [])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([1, 3], [3])).toBe(false);
  });
});

describe('broadcastShapes', () => {
  it('broadcastShapes(a, b) aligns right and stretches axes of size 1', () => {
    expect(broadcastShapes([2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes([], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes([5, 1], [1])).toEqual([5, 1]);
    expect(broadcastShapes([0, 1], [3])).toEqual([0, 3]);
    expect(broadcastShapes([1, 0], [1])).toEqual([1, 0]);
  });

  it('broadcastShapes(a, b) names the op and both shapes when they clash', () => {
    expectAttnError(() => broadcastShapes([2, 3], [4]), 'SHAPE', 'broadcast: shapes cannot broadcast, got [2,3] and [4]');
    expectAttnError(() => broadcastShapes([2, 3], [3, 3], 'add'), 'SHAPE', 'add: shapes cannot broadcast, got [2,3] and [3,3]');
    expectAttnError(() => broadcastShapes([0], [2]), 'SHAPE', 'broadcast: shapes cannot broadcast, got [0] and [2]');
  });

  it('broadcastShapes is commutative, has rank max(rank a, rank b), and both shapes stretch to it (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), ([a, b]) => {
        const ab = broadcastShapes(a, b);
        expect(broadcastShapes(b, a)).toEqual(ab);
        expect(ab.length).toBe(Math.max(a.length, b.length));
        for (const s of [a, b]) {
          const off = ab.length - s.length;
          s.forEach((d, i) => expect(d === ab[i + off] || d === 1).toBe(true));
          expect(broadcastShapes(s, ab)).toEqual(ab); // idempotent once broadcast
        }
      }),
      { numRuns: 200 },
    );
  });

  it('broadcastShapes throws for any pair with a clashing axis (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), fc.integer({ min: 2, max: 4 }), fc.nat(), ([a, b], d, pick) => {
        // make one aligned axis differ, with neither side 1
        const rank = Math.min(a.length, b.length);
        if (rank === 0) return;
        const i = pick % rank;
        const a2 = a.slice();
        const b2 = b.slice();
        a2[a.length - 1 - i] = d;
        b2[b.length - 1 - i] = d + 1;
        expect(() => broadcastShapes(a2, b2)).toThrow(/shapes cannot broadcast/);
      }),
      { numRuns: 100 },
    );
  });

  it('broadcastIndex(src, out) points each output element at the source element it came from (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), ([a, b]) => {
        const out = broadcastShapes(a, b);
        const idx = broadcastIndex(a, out);
        expect(idx.length).toBe(numel(out));
        const st = strides(a);
        for (let f = 0; f < idx.length; f++) {
          const o = unravel(f, out);
          const off = out.length - a.length;
          let want = 0;
          for (let k = 0; k < a.length; k++) want += (a[k] === 1 ? 0 : o[k + off]) * st[k];
          expect(idx[f]).toBe(want);
        }
      }),
      { numRuns: 100 },
    );
  });
});
