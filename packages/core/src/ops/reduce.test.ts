import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { fc } from '../../test/fc.js';
import { expectClose, numel, unravel, values } from '../../test/naive.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { randn, tensor, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { argmax, max, mean, min, sum, variance } from './reduce.js';

const filled = (shape: number[], seed = 1) => tensor(values(numel(shape), seed), { shape });

/** Groups the elements of `t` by their index outside `axes` and folds each group with `f`. */
function naiveReduce(t: Tensor, axes: number[], f: (xs: number[]) => number, keepdims = false) {
  const outShape = t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: numel(outShape) }, () => []);
  for (let k = 0; k < t.size; k++) {
    const idx = unravel(k, t.shape).map((v, i) => (axes.includes(i) ? 0 : v));
    let o = 0;
    for (let i = 0; i < idx.length; i++) o = o * outShape[i] + idx[i];
    groups[o].push(t.data[k]);
  }
  return { shape: keepdims ? outShape : t.shape.filter((_, i) => !axes.includes(i)), data: groups.map(f) };
}
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const avg = (xs: number[]) => total(xs) / xs.length;
const varOf = (c: number) => (xs: number[]) => total(xs.map((x) => (x - avg(xs)) ** 2)) / (xs.length - c);

describe('sum and mean', () => {
  it('sum(x, axis) adds along an axis (hand-computed)', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(sum(x, 0).toArray()).toEqual([4, 6]);
    expect(sum(x, 1).toArray()).toEqual([3, 7]);
    expect(sum(x, -1).toArray()).toEqual([3, 7]);
    expect(sum(x).item()).toBe(10);
    expect(sum(x).shape).toEqual([]);
    expect(sum(x, 1, true).toArray()).toEqual([[3], [7]]);
    expect(sum(x, undefined, true).toArray()).toEqual([[10]]);
    expect(sum(tensor(5)).item()).toBe(5);
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
  });

  it('mean(x, axis) divides the sum by the count (hand-computed)', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(mean(x, 0).toArray()).toEqual([2, 3]);
    expect(mean(x).item()).toBe(2.5);
    expect(mean(x, [0, 1], true).toArray()).toEqual([[2.5]]);
    expect(Number.isNaN(mean(zeros([0])).item())).toBe(true); // like torch: 0/0
  });

  it('sum and mean over several axes, with and without keepdims, match a naive reduction', () => {
    const x = filled([2, 3, 4, 2], 3);
    for (const axes of [[0], [2], [0, 2], [3, 1], [0, 1, 2, 3]]) {
      for (const keepdims of [false, true]) {
        const s = sum(x, axes, keepdims);
        const want = naiveReduce(x, axes, total, keepdims);
        expect(s.shape).toEqual(want.shape);
        expectClose(s.data, want.data);
        const m = mean(x, axes, keepdims);
        expect(m.shape).toEqual(want.shape);
        expectClose(m.data, naiveReduce(x, axes, avg, keepdims).data);
      }
    }
  });

  it('sum over all axes equals summing the axes one at a time, in any order (property)', () => {
    fc.assert(
      fc.property(fc.shapeAndPermutation(), ([shape, order]) => {
        const x = filled(shape, shape.length + 7);
        let y = x;
        for (const a of order) y = sum(y, a, true);
        expect(y.shape).toEqual(shape.map(() => 1));
        expect(y.item()).toBeCloseTo(sum(x).item(), 12);
        expect(sum(x, order).item()).toBeCloseTo(sum(x).item(), 12);
      }),
      { numRuns: 100 },
    );
  });
});

describe('max, min and argmax', () => {
  it('max and min along an axis and over everything (hand-computed)', () => {
    const x = tensor([[1, 5], [7, 2]]);
    expect(max(x, 1).toArray()).toEqual([5, 7]);
    expect(max(x, 0).toArray()).toEqual([7, 5]);
    expect(max(x).item()).toBe(7);
    expect(min(x, 1).toArray()).toEqual([1, 2]);
    expect(min(x, 0, true).toArray()).toEqual([[1, 2]]);
    expect(min(x).item()).toBe(1);
    expect(max(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });

  it('max and min over several axes match a naive reduction', () => {
    const x = filled([3, 2, 4], 5);
    for (const axes of [[0, 2], [1], [2, 0, 1]]) {
      for (const keepdims of [false, true]) {
        const want = naiveReduce(x, axes, (xs) => Math.max(...xs), keepdims);
        expect(max(x, axes, keepdims).shape).toEqual(want.shape);
        expect(max(x, axes, keepdims).toFlat()).toEqual(want.data);
        expect(min(x, axes, keepdims).toFlat()).toEqual(naiveReduce(x, axes, (xs) => Math.min(...xs), keepdims).data);
      }
    }
  });

  it('max and min propagate NaN, like torch', () => {
    expect(max(tensor([1, NaN, 3])).item()).toBeNaN();
    expect(min(tensor([[1, 2], [NaN, 0]]), 1).toFlat()).toEqual([1, NaN]);
  });

  it('max sends the gradient to the first maximal element of a tie, min to the first minimal', () => {
    const x = tensor([[3, 1, 3], [2, 2, 0]], { requiresGrad: true });
    max(x, 1).sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 0, 0], [1, 0, 0]]);
    const y = tensor([0, 5, 0], { requiresGrad: true });
    min(y).backward();
    expect(y.grad!.toFlat().map((v) => v + 0)).toEqual([1, 0, 0]); // + 0 turns -0 into 0
  });

  it('argmax(x, axis) picks the first maximal index, along an axis or of the flattened tensor', () => {
    const x = tensor([[1, 5, 5], [7, 2, 7]]);
    expect(argmax(x, 1).toArray()).toEqual([1, 0]);
    expect(argmax(x, 0).toArray()).toEqual([1, 0, 1]);
    expect(argmax(x, -1, true).toArray()).toEqual([[1], [0]]);
    expect(argmax(x).item()).toBe(3);
    expect(argmax(x).shape).toEqual([]);
    expect(argmax(x, undefined, true).shape).toEqual([1, 1]);
    expect(argmax(tensor([-Infinity, -Infinity])).item()).toBe(0);
  });

  it('argmax(x) returns the first NaN, like torch, consistent with max', () => {
    expect(argmax(tensor([1, NaN, 3, NaN])).item()).toBe(1);
    expect(argmax(tensor([[0, 9], [NaN, 1]]), 1).toArray()).toEqual([1, 0]);
  });

  it('argmax results carry no gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(argmax(x).requiresGrad).toBe(false);
  });
});

describe('variance', () => {
  it('variance(x) is unbiased by default and biased with correction 0 (hand-computed)', () => {
    expect(variance(tensor([1, 2, 3, 4])).item()).toBeCloseTo(5 / 3, 15);
    expect(variance(tensor([1, 2, 3, 4]), 0, { correction: 0 }).item()).toBe(1.25);
    expect(variance(tensor([[1, 3], [5, 9]]), 1).toArray()).toEqual([2, 8]);
    expect(variance(tensor([[1, 3], [5, 9]]), 0, { keepdims: true }).toArray()).toEqual([[8, 18]]);
  });

  it('variance over several axes matches a naive two-pass computation', () => {
    const x = filled([3, 4, 2], 8);
    for (const axes of [[0], [0, 2], [2, 1, 0]]) {
      for (const correction of [0, 1]) {
        const got = variance(x, axes, { correction, keepdims: true });
        const want = naiveReduce(x, axes, varOf(correction), true);
        expect(got.shape).toEqual(want.shape);
        expectClose(got.data, want.data, 1e-14, 1e-12);
      }
    }
  });

  it('variance of one element with correction 1 is NaN, like torch', () => {
    expect(variance(tensor([4])).item()).toBeNaN();
    expect(variance(tensor([4]), 0, { correction: 0 }).item()).toBe(0);
  });
});

describe('reduction gradients', () => {
  it('gradients of sum, mean, max, min and variance match finite differences over single and multiple axes', () => {
    const x = () => randn([3, 4, 2], { seed: 21 });
    const cases: [string, (t: Tensor) => Tensor][] = [
      ['sum all', (t) => sum(t)],
      ['sum 1', (t) => sum(t, 1)],
      ['sum [0,2] keepdims', (t) => sum(t, [0, 2], true)],
      ['mean all keepdims', (t) => mean(t, undefined, true)],
      ['mean -1', (t) => mean(t, -1)],
      ['mean [1,2]', (t) => mean(t, [1, 2])],
      ['max all', (t) => max(t)],
      ['max 0', (t) => max(t, 0)],
      ['max [0,1] keepdims', (t) => max(t, [0, 1], true)],
      ['min 1 keepdims', (t) => min(t, 1, true)],
      ['min [2,0]', (t) => min(t, [2, 0])],
      ['variance all', (t) => variance(t)],
      ['variance 1 biased', (t) => variance(t, 1, { correction: 0 })],
      ['variance [0,2] keepdims', (t) => variance(t, [0, 2], { keepdims: true })],
    ];
    for (const [name, f] of cases) expect(gradcheck(f, [x()]).mismatches, name).toEqual([]);
  });
});

describe('reduction errors', () => {
  it('reductions name the op and the axis when it is out of range', () => {
    const x = zeros([2, 3]);
    expectAttnError(() => sum(x, 3), 'RANGE', 'sum: axis 3 out of range for rank 2');
    expectAttnError(() => mean(x, -3), 'RANGE', 'mean: axis -3 out of range for rank 2');
    expectAttnError(() => max(x, 2), 'RANGE', 'max: axis 2 out of range for rank 2');
    expectAttnError(() => min(x, 5), 'RANGE', 'min: axis 5 out of range for rank 2');
    expectAttnError(() => variance(x, [0, 2]), 'RANGE', 'variance: axis 2 out of range for rank 2');
    expectAttnError(() => argmax(x, 2), 'RANGE', 'argmax: axis 2 out of range for rank 2');
    expectAttnError(() => sum(x, 0.5), 'ARGUMENT', 'sum: axis must be an integer, got 0.5');
  });

  it('reductions reject repeated axes', () => {
    expectAttnError(() => sum(zeros([2, 3]), [0, 0]), 'ARGUMENT', 'sum: axes must be distinct, got [0,0]');
    expectAttnError(() => mean(zeros([2, 3]), [1, -1]), 'ARGUMENT', 'mean: axes must be distinct, got [1,-1]');
  });

  it('max, min and argmax cannot reduce an empty axis', () => {
    expectAttnError(() => max(zeros([0, 3]), 0), 'SHAPE', 'max: cannot reduce an empty axis 0 of shape [0,3]');
    expectAttnError(() => min(zeros([0])), 'SHAPE', 'min: cannot reduce an empty axis 0 of shape [0]');
    expectAttnError(() => argmax(zeros([0])), 'SHAPE', 'argmax: cannot reduce an empty axis of shape [0]');
  });

  it('variance rejects a negative correction', () => {
    expectAttnError(() => variance(zeros([3]), 0, { correction: -1 }), 'ARGUMENT', 'variance: correction must be a number >= 0, got -1');
  });

  it('reductions reject arguments that are not tensors', () => {
    for (const [name, f] of [['sum', sum], ['mean', mean], ['max', max], ['min', min], ['variance', variance], ['argmax', argmax]] as const) {
      expectAttnError(() => (f as (x: unknown) => Tensor)([1, 2]), 'ARGUMENT', `${name}: argument 'x' must be a Tensor, got [1,2]`);
    }
  });
});
