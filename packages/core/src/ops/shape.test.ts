import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { fc } from '../../test/fc.js';
import { at, numel, unravel, values } from '../../test/naive.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { arange, randn, tensor, zeros } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { concat, expand, index, permute, reshape, slice, split, squeeze, stack, transpose, unsqueeze } from './shape.js';

const filled = (shape: number[], seed = 1) => tensor(values(numel(shape), seed), { shape });

describe('reshape, squeeze, unsqueeze', () => {
  it('reshape(x, shape) keeps row-major order and infers one -1 axis', () => {
    expect(reshape(arange(6), [2, 3]).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(reshape(arange(6), [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(arange(6), [-1]).shape).toEqual([6]);
    expect(reshape(tensor([7]), []).shape).toEqual([]);
    expect(reshape(zeros([0, 3]), [3, 0]).shape).toEqual([3, 0]);
  });

  it('reshape shares storage with its input', () => {
    const x = arange(4);
    expect(reshape(x, [2, 2]).data).toBe(x.data);
  });

  it('reshape(reshape(x, s), x.shape) gives back x (property)', () => {
    fc.assert(
      fc.property(fc.shape(), fc.nat(), (shape, pick) => {
        const x = filled(shape, 3);
        // a random factorization of the size into two axes, one of them inferred
        const divisors = Array.from({ length: x.size }, (_, i) => i + 1).filter((d) => x.size % d === 0);
        const d = divisors[pick % divisors.length];
        const y = reshape(x, [d, -1]);
        expect(y.shape).toEqual([d, x.size / d]);
        const back = reshape(y, x.shape);
        expect(back.shape).toEqual(x.shape);
        expect(back.toFlat()).toEqual(x.toFlat());
      }),
      { numRuns: 100 },
    );
  });

  it('squeeze removes one axis of size 1, or all of them', () => {
    expect(squeeze(zeros([1, 3, 1])).shape).toEqual([3]);
    expect(squeeze(zeros([1, 3, 1]), 0).shape).toEqual([3, 1]);
    expect(squeeze(zeros([1, 3, 1]), -1).shape).toEqual([1, 3]);
    expect(squeeze(zeros([1, 1])).shape).toEqual([]);
  });

  it('unsqueeze inserts an axis of size 1 anywhere, including at the end', () => {
    expect(unsqueeze(zeros([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(zeros([2, 3]), 1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(zeros([2, 3]), 2).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(zeros([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(tensor(1), 0).shape).toEqual([1]);
  });

  it('reshape rejects a size mismatch, several -1 and negative axes', () => {
    expectAttnError(() => reshape(zeros([2, 3]), [4]), 'SHAPE', 'reshape: cannot reshape [2,3] (6 elements) to [4]');
    expectAttnError(() => reshape(zeros([2, 3]), [4, -1]), 'SHAPE', 'reshape: cannot reshape [2,3] (6 elements) to [4,-1]');
    expectAttnError(() => reshape(zeros([0, 3]), [0, -1]), 'SHAPE', 'reshape: cannot reshape [0,3] (0 elements) to [0,-1]');
    expectAttnError(() => reshape(zeros([2, 3]), [-1, -1]), 'ARGUMENT', 'reshape: only one axis can be -1, got [-1,-1]');
    expectAttnError(() => reshape(zeros([2, 3]), [-1, -2]), 'SHAPE', 'reshape: shape must hold non-negative integers and at most one -1, got [-1,-2]');
    expectAttnError(() => reshape(zeros([2, 3]), [1.5, 4]), 'SHAPE', 'reshape: shape must hold non-negative integers and at most one -1, got [1.5,4]');
    expectAttnError(() => reshape(zeros([2, 3]), 6 as unknown as number[]), 'ARGUMENT', 'reshape: shape must be an array, got 6');
    expectAttnError(() => reshape([1, 2] as unknown as Tensor, [2]), 'ARGUMENT', "reshape: argument 'x' must be a Tensor, got [1,2]");
  });

  it('squeeze of an axis that is not 1, and unsqueeze out of range, are errors', () => {
    expectAttnError(() => squeeze(zeros([2, 3]), 1), 'SHAPE', 'squeeze: axis 1 must have size 1, got shape [2,3]');
    expectAttnError(() => squeeze(zeros([2, 3]), 2), 'RANGE', 'squeeze: axis 2 out of range for rank 2');
    expectAttnError(() => unsqueeze(zeros([2, 3]), 4), 'RANGE', 'unsqueeze: axis 4 out of range for rank 3');
  });
});

describe('permute and transpose', () => {
  it('permute(x, axes) puts input axis axes[i] at output axis i (hand-computed)', () => {
    const x = tensor([[[1, 2, 3], [4, 5, 6]]]); // [1,2,3]
    const y = permute(x, [2, 0, 1]);
    expect(y.shape).toEqual([3, 1, 2]);
    expect(y.toArray()).toEqual([[[1, 4]], [[2, 5]], [[3, 6]]]);
    expect(permute(x, [-1, -3, -2]).toArray()).toEqual(y.toArray());
    expect(permute(tensor(3), []).item()).toBe(3);
  });

  it('permute moves every element to its permuted index (property)', () => {
    fc.assert(
      fc.property(fc.shapeAndPermutation(), ([shape, p]) => {
        const x = filled(shape, 4);
        const y = permute(x, p);
        expect(y.shape).toEqual(p.map((a) => shape[a]));
        for (let f = 0; f < y.size; f++) {
          const o = unravel(f, y.shape);
          const src: number[] = [];
          p.forEach((a, i) => (src[a] = o[i]));
          expect(y.data[f]).toBe(at(x, src));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('permute by p and then by the inverse of p is the identity (property)', () => {
    fc.assert(
      fc.property(fc.shapeAndPermutation(), ([shape, p]) => {
        const inv: number[] = [];
        p.forEach((a, i) => (inv[a] = i));
        const x = filled(shape, 5);
        const back = permute(permute(x, p), inv);
        expect(back.shape).toEqual(shape);
        expect(back.toFlat()).toEqual(x.toFlat());
      }),
      { numRuns: 100 },
    );
  });

  it('transpose swaps the last two axes by default, or any two', () => {
    expect(transpose(tensor([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const x = zeros([2, 3, 4]);
    expect(transpose(x).shape).toEqual([2, 4, 3]);
    expect(transpose(x, 0, 2).shape).toEqual([4, 3, 2]);
    expect(transpose(x, 1, 1).shape).toEqual([2, 3, 4]);
  });

  it('permute rejects a wrong number of axes, repeated axes and axes out of range', () => {
    expectAttnError(() => permute(zeros([2, 3]), [0]), 'ARGUMENT', 'permute: axes must list each of the 2 axes once, got [0] for shape [2,3]');
    expectAttnError(() => permute(zeros([2, 3]), [0, 0]), 'ARGUMENT', 'permute: axes must be distinct, got [0,0]');
    expectAttnError(() => permute(zeros([2, 3]), [1, -1]), 'ARGUMENT', 'permute: axes must be distinct, got [1,-1]');
    expectAttnError(() => permute(zeros([2, 3]), [0, 2]), 'RANGE', 'permute: axis 2 out of range for rank 2');
    expectAttnError(() => transpose(zeros([3])), 'RANGE', 'transpose: axis -2 out of range for rank 1');
  });
});

describe('slice and index', () => {
  it('slice(x, axis, start, end) takes a range along one axis, negative positions from the end', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(slice(x, 1, 1).toArray()).toEqual([[2, 3], [5, 6]]);
    expect(slice(x, 1, 0, 2).toArray()).toEqual([[1, 2], [4, 5]]);
    expect(slice(x, -1, -2, -1).toArray()).toEqual([[2], [5]]);
    expect(slice(x, 0, 1, 2).toArray()).toEqual([[4, 5, 6]]);
    expect(slice(x, 1, 2, 2).shape).toEqual([2, 0]);
  });

  it('slice of a middle axis matches picking the elements by index', () => {
    const x = filled([3, 5, 2], 6);
    const y = slice(x, 1, 1, 4);
    expect(y.shape).toEqual([3, 3, 2]);
    for (let f = 0; f < y.size; f++) {
      const [i, j, k] = unravel(f, y.shape);
      expect(y.data[f]).toBe(at(x, [i, j + 1, k]));
    }
  });

  it('index(x, i, axis) picks one position and drops the axis', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(index(x, 1).toArray()).toEqual([3, 4]);
    expect(index(x, -1, 1).toArray()).toEqual([2, 4]);
    expect(index(tensor([5, 6]), 0).shape).toEqual([]);
  });

  it('slice and index name the range or index that is out of bounds', () => {
    const x = zeros([2, 3]);
    expectAttnError(() => slice(x, 1, 1, 5), 'RANGE', 'slice: range 1:5 out of bounds for axis 1 of length 3');
    expectAttnError(() => slice(x, 1, 2, 1), 'RANGE', 'slice: range 2:1 out of bounds for axis 1 of length 3');
    expectAttnError(() => slice(x, 0, -3), 'RANGE', 'slice: range -3: out of bounds for axis 0 of length 2');
    expectAttnError(() => slice(x, 2, 0), 'RANGE', 'slice: axis 2 out of range for rank 2');
    expectAttnError(() => slice(x, 0, 0.5), 'ARGUMENT', 'slice: start and end must be integers, got 0.5 and undefined');
    expectAttnError(() => index(x, 3, 1), 'RANGE', 'index: index 3 out of range for axis 1 of length 3');
    expectAttnError(() => index(x, -3), 'RANGE', 'index: index -3 out of range for axis 0 of length 2');
    expectAttnError(() => index(x, 0.5), 'RANGE', 'index: index 0.5 out of range for axis 0 of length 2');
  });
});

describe('concat, stack, split', () => {
  it('concat joins along an existing axis (hand-computed)', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5], [6]]);
    expect(concat([a, b], 1).toArray()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(concat([a, tensor([[7, 8]])], 0).toArray()).toEqual([[1, 2], [3, 4], [7, 8]]);
    expect(concat([a, b], -1).shape).toEqual([2, 3]);
    expect(concat([a]).toArray()).toEqual(a.toArray());
    expect(concat([tensor([1], { dtype: 'float32' }), tensor([2])]).dtype).toBe('float64');
  });

  it('stack joins equal shapes along a new axis (hand-computed)', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(stack([a, b]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([a, b], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([a, b], -1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('split cuts into equal chunks (the last may be smaller) or into given sizes', () => {
    expect(split(arange(5), 2).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(split(arange(5), [2, 3]).map((t) => t.toArray())).toEqual([[0, 1], [2, 3, 4]]);
    expect(split(arange(5), [0, 5]).map((t) => t.shape)).toEqual([[0], [5]]);
    expect(split(tensor([[1, 2, 3]]), 1, 1).map((t) => t.toArray())).toEqual([[[1]], [[2]], [[3]]]);
    expect(split(arange(3), 10).map((t) => t.toArray())).toEqual([[0, 1, 2]]);
  });

  it('split of an empty axis gives one empty chunk, like torch.split', () => {
    const parts = split(zeros([0, 2]), 3);
    expect(parts.map((t) => t.shape)).toEqual([[0, 2]]);
    expect(concat(parts).shape).toEqual([0, 2]);
  });

  it('concat(split(x, sizes, axis), axis) gives back x (property)', () => {
    fc.assert(
      fc.property(fc.shapeAndAxis(), fc.array(fc.nat(), { maxLength: 4 }), fc.integer({ min: 1, max: 5 }), ([shape, axis], cuts, chunk) => {
        const x = filled(shape, 9);
        const len = shape[axis < 0 ? axis + shape.length : axis];
        // random sizes adding up to len
        const points = [...new Set(cuts.map((c) => c % (len + 1)))].sort((a, b) => a - b);
        const sizes = [...points, len].map((p, i, arr) => p - (i === 0 ? 0 : arr[i - 1]));
        for (const parts of [split(x, sizes, axis), split(x, chunk, axis)]) {
          for (const p of parts) expect(p.rank).toBe(x.rank);
          const back = concat(parts, axis);
          expect(back.shape).toEqual(shape);
          expect(back.toFlat()).toEqual(x.toFlat());
        }
      }),
      { numRuns: 100 },
    );
  });

  it('concat, stack and split name the shapes or sizes that do not fit', () => {
    expectAttnError(() => concat([zeros([2, 3]), zeros([3, 3])], 1), 'SHAPE', 'concat: shapes must match except along axis 1, got [2,3] and [3,3]');
    expectAttnError(() => concat([zeros([2, 3]), zeros([3])]), 'SHAPE', 'concat: shapes must match except along axis 0, got [2,3] and [3]');
    expectAttnError(() => concat([]), 'ARGUMENT', 'concat: expected a non-empty array of tensors, got []');
    expectAttnError(() => concat([zeros([1]), 3 as unknown as Tensor]), 'ARGUMENT', "concat: argument 'tensors[1]' must be a Tensor, got 3");
    expectAttnError(() => concat([tensor(1), tensor(2)]), 'RANGE', 'concat: axis 0 out of range for rank 0');
    expectAttnError(() => stack([zeros([2]), zeros([3])]), 'SHAPE', 'stack: all tensors must have the same shape, got [2] and [3]');
    expectAttnError(() => stack([]), 'ARGUMENT', 'stack: expected a non-empty array of tensors, got []');
    expectAttnError(() => stack([zeros([2])], 2), 'RANGE', 'stack: axis 2 out of range for rank 2');
    expectAttnError(() => split(arange(5), [2, 2]), 'SHAPE', 'split: sizes must add up to the length 5 of axis 0, got [2,2]');
    expectAttnError(() => split(arange(5), [6, -1]), 'SHAPE', 'split: sizes must add up to the length 5 of axis 0, got [6,-1]');
    expectAttnError(() => split(arange(5), 0), 'ARGUMENT', 'split: size must be a positive integer, got 0');
    expectAttnError(() => split(arange(5), 1.5), 'ARGUMENT', 'split: size must be a positive integer, got 1.5');
  });
});

describe('expand', () => {
  it('expand stretches axes of size 1 and adds leading axes (materialized)', () => {
    const x = tensor([1, 2]);
    expect(expand(x, [3, 2]).toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(expand(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(expand(tensor(5), [2]).toArray()).toEqual([5, 5]);
    const same = expand(x, [2]);
    expect(same.toArray()).toEqual([1, 2]);
    expect(same.data).not.toBe(x.data);
  });

  it('expand of a middle axis matches broadcasting by index', () => {
    const x = filled([2, 1, 3], 10);
    const y = expand(x, [4, 2, 5, 3]);
    for (let f = 0; f < y.size; f++) expect(y.data[f]).toBe(at(x, unravel(f, y.shape)));
  });

  it('expand names both shapes when they are incompatible', () => {
    expectAttnError(() => expand(zeros([2]), [3]), 'SHAPE', 'expand: shapes cannot broadcast, got [2] and [3]');
    expectAttnError(() => expand(zeros([2, 3]), [3]), 'SHAPE', 'expand: cannot expand [2,3] to [3]');
    expectAttnError(() => expand(zeros([2, 1]), [2, 1, 4]), 'SHAPE', 'expand: cannot expand [2,1] to [2,1,4]');
    expectAttnError(() => expand(zeros([2]), [-1, 2]), 'SHAPE', 'expand: shape must hold non-negative integers, got [-1,2]');
  });
});

describe('shape op gradients', () => {
  it('gradients of every shape op match finite differences', () => {
    const x = () => randn([2, 3, 4], { seed: 31 });
    const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
      ['reshape', (t) => reshape(t, [4, -1]), [x()]],
      ['permute', (t) => permute(t, [2, 0, 1]), [x()]],
      ['transpose', (t) => transpose(t, 0, 2), [x()]],
      ['slice middle', (t) => slice(t, 1, 1, 3), [x()]],
      ['slice negative', (t) => slice(t, -1, -3), [x()]],
      ['index', (t) => index(t, -1, 2), [x()]],
      ['squeeze', (t) => squeeze(t, 1), [randn([3, 1, 2], { seed: 32 })]],
      ['unsqueeze', (t) => unsqueeze(t, 1), [x()]],
      ['concat', (a, b, c) => concat([a, b, c], 1), [x(), randn([2, 1, 4], { seed: 33 }), randn([2, 2, 4], { seed: 34 })]],
      ['stack', (a, b) => stack([a, b], 1), [x(), randn([2, 3, 4], { seed: 35 })]],
      ['split, reordered', (t) => {
        const [a, b, c] = split(t, [1, 2, 1], 2);
        return concat([c.mul(2), a, b.mul(b)], 2);
      }, [x()]],
      ['split chunks summed', (t) => split(t, 2, 1).reduce((s, p) => s.add(p.sum()), tensor(0)), [x()]],
      ['expand', (t) => expand(t, [5, 2, 3, 4]), [randn([2, 1, 4], { seed: 36 })]],
      ['expand scalar', (t) => expand(t, [3]), [randn([], { seed: 37 })]],
    ];
    for (const [name, f, inputs] of cases) expect(gradcheck(f, inputs).mismatches, name).toEqual([]);
  });

  it('a tensor used in several slices gets the sum of their gradients', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    slice(x, 0, 0, 3).sum().add(slice(x, 0, 1).mul(10).sum()).backward();
    expect(x.grad!.toArray()).toEqual([1, 11, 11, 10]);
  });

});
