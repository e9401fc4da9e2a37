import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { fc } from '../../test/fc.js';
import { at, expectClose, numel, unravel, values } from '../../test/naive.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { tensor, zeros } from '../tensor/create.js';
import { broadcastShapes } from '../tensor/shape.js';
import { broadcastData, reduceTo, resultShape } from './broadcast.js';
import { mul } from './elementwise.js';

const filled = (shape: number[], seed = 1) => tensor(values(numel(shape), seed), { shape });

describe('broadcasting helpers', () => {
  it('broadcastData lays values out as if broadcast: scalar, suffix and general cases (hand-computed)', () => {
    const out = [2, 3];
    expect(Array.from(broadcastData(tensor(7), out, 6))).toEqual([7, 7, 7, 7, 7, 7]);
    expect(Array.from(broadcastData(tensor([1, 2, 3]), out, 6))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(Array.from(broadcastData(tensor([[1], [2]]), out, 6))).toEqual([1, 1, 1, 2, 2, 2]);
    const same = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(broadcastData(same, out, 6)).toBe(same.data); // no copy needed
  });

  it('reduceTo sums a gradient back over broadcast axes (hand-computed)', () => {
    const g = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(reduceTo(g, [2, 3], [3], 'float64'))).toEqual([5, 7, 9]);
    expect(Array.from(reduceTo(g, [2, 3], [2, 1], 'float64'))).toEqual([6, 15]);
    expect(Array.from(reduceTo(g, [2, 3], [], 'float64'))).toEqual([21]);
    expect(Array.from(reduceTo(g, [2, 3], [1, 3], 'float64'))).toEqual([5, 7, 9]);
    expect(reduceTo(g, [2, 3], [2, 3], 'float64')).toBe(g);
  });

  it('broadcastData reads element idx of the source for every output idx (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), ([sa, sb]) => {
        const out = broadcastShapes(sa, sb);
        const a = filled(sa, 2);
        const d = broadcastData(a, out, numel(out));
        for (let f = 0; f < d.length; f++) expect(d[f]).toBe(at(a, unravel(f, out)));
      }),
      { numRuns: 150 },
    );
  });

  it('reduceTo is the adjoint of broadcastData: <broadcast(a), g> = <a, reduceTo(g)> (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), ([sa, sb]) => {
        const out = broadcastShapes(sa, sb);
        const n = numel(out);
        const a = filled(sa, 3);
        const g = Float64Array.from(values(n, 4));
        const r = reduceTo(g, out, sa, 'float64');
        expect(r.length).toBe(a.size);
        // and elementwise: r[j] sums g over the outputs that read a[j]
        const want = new Array<number>(a.size).fill(0);
        const idxOf = (o: number[]) => {
          const off = o.length - sa.length;
          let flat = 0;
          for (let i = 0; i < sa.length; i++) flat = flat * sa[i] + (sa[i] === 1 ? 0 : o[i + off]);
          return flat;
        };
        for (let f = 0; f < n; f++) want[idxOf(unravel(f, out))] += g[f];
        expectClose(r, want, 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('mul gradients match finite differences for random broadcast pairs (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), ([sa, sb]) => {
        const r = gradcheck((a, b) => mul(a, b), [filled(sa, 5), filled(sb, 6)]);
        expect(r.mismatches).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('resultShape names the op when shapes clash', () => {
    expect(resultShape('add', zeros([2, 1]), zeros([3]))).toEqual([2, 3]);
    expectAttnError(() => resultShape('mul', zeros([2]), zeros([3])), 'SHAPE', 'mul: shapes cannot broadcast, got [2] and [3]');
  });
});
