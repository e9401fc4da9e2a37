import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { randn, tensor, zeros } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { linear } from './linear.js';

describe('linear', () => {
  it('linear(x, w, b) computes x · wᵀ + b with w as [out, in] (hand-computed)', () => {
    expect(linear(tensor([[1, 2]]), tensor([[1, 1], [0, 1]]), tensor([0, 10])).toArray()).toEqual([[3, 12]]);
    expect(linear(tensor([[1, 2], [3, 4]]), tensor([[1, 0], [0, 1], [1, -1]])).toArray()).toEqual([[1, 2, -1], [3, 4, -1]]);
    const v = linear(tensor([1, 2, 3]), tensor([[1, 1, 1]]), tensor([0.5]));
    expect(v.shape).toEqual([1]);
    expect(v.item()).toBe(6.5);
  });

  it('linear gradients match finite differences for x, w and b, with batched x and without bias', () => {
    const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
      ['with bias', (x, w, b) => linear(x, w, b), [randn([3, 4], { seed: 1 }), randn([2, 4], { seed: 2 }), randn([2], { seed: 3 })]],
      ['without bias', (x, w) => linear(x, w), [randn([3, 4], { seed: 4 }), randn([2, 4], { seed: 5 })]],
      ['null bias', (x, w) => linear(x, w, null), [randn([3, 4], { seed: 4 }), randn([2, 4], { seed: 5 })]],
      ['batched x', (x, w, b) => linear(x, w, b), [randn([2, 3, 4], { seed: 6 }), randn([5, 4], { seed: 7 }), randn([5], { seed: 8 })]],
      ['1-D x', (x, w, b) => linear(x, w, b), [randn([4], { seed: 9 }), randn([3, 4], { seed: 10 }), randn([3], { seed: 11 })]],
    ];
    for (const [name, f, inputs] of cases) expect(gradcheck(f, inputs).mismatches, name).toEqual([]);
  });

  it('linear with zero in-features gives the bias for every row, like torch', () => {
    const y = linear(zeros([3, 0]), zeros([2, 0]), tensor([1, 2]));
    expect(y.toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(linear(zeros([0, 4]), zeros([2, 4])).shape).toEqual([0, 2]);
  });

  it('linear keeps float32 for float32 x and w', () => {
    const y = linear(tensor([[1, 2]], { dtype: 'float32' }), tensor([[3, 4]], { dtype: 'float32' }));
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([[11]]);
  });

  it('linear names the shapes that do not fit', () => {
    expectAttnError(() => linear(zeros([2, 4]), zeros([5, 3])), 'SHAPE', "linear: x's last axis must equal w's in-features 3, got x [2,4] and w [5,3]");
    expectAttnError(() => linear(tensor(1), zeros([5, 1])), 'SHAPE', "linear: x's last axis must equal w's in-features 1, got x [] and w [5,1]");
    expectAttnError(() => linear(zeros([2, 3]), zeros([3])), 'ARGUMENT', "linear: argument 'w' must be a [out, in] Tensor, got [3]");
    expectAttnError(() => linear(zeros([2, 3]), [[1, 2, 3]] as unknown as Tensor), 'ARGUMENT', "linear: argument 'w' must be a [out, in] Tensor, got [[1,2,3]]");
    expectAttnError(() => linear(zeros([2, 3]), zeros([5, 3]), zeros([4])), 'SHAPE', 'linear: bias must have shape [5], got [4]');
    expectAttnError(() => linear(zeros([2, 3]), zeros([5, 3]), zeros([1, 5])), 'SHAPE', 'linear: bias must have shape [5], got [1,5]');
    expectAttnError(() => linear([1] as unknown as Tensor, zeros([1, 1])), 'ARGUMENT', "linear: argument 'x' must be a Tensor, got [1]");
  });
});
