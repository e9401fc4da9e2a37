import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { at, unravel } from '../../test/naive.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { randn, tensor, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { eq, ge, gt, le, lt, maskedFill, ne, where } from './compare.js';

describe('comparisons', () => {
  it('eq, ne, lt, le, gt and ge give 1 where true and 0 where false', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([3, 2, 1]);
    expect(eq(a, b).toArray()).toEqual([0, 1, 0]);
    expect(ne(a, b).toArray()).toEqual([1, 0, 1]);
    expect(lt(a, b).toArray()).toEqual([1, 0, 0]);
    expect(le(a, b).toArray()).toEqual([1, 1, 0]);
    expect(gt(a, b).toArray()).toEqual([0, 0, 1]);
    expect(ge(a, b).toArray()).toEqual([0, 1, 1]);
  });

  it('comparisons broadcast, and accept a number on the right', () => {
    expect(lt(tensor([[1], [5]]), tensor([2, 6])).toArray()).toEqual([[1, 1], [0, 1]]);
    expect(ge(tensor([1, 2, 3]), 2).toArray()).toEqual([0, 1, 1]);
    expect(eq(tensor([[1, 2]]), tensor(2)).toArray()).toEqual([[0, 1]]);
  });

  it('NaN compares unequal to everything, itself included, as in IEEE 754', () => {
    const n = tensor([NaN, 1]);
    expect(eq(n, n).toArray()).toEqual([0, 1]);
    expect(ne(n, n).toArray()).toEqual([1, 0]);
    expect(lt(n, 5).toArray()).toEqual([0, 1]);
    expect(ge(n, 5).toArray()).toEqual([0, 0]);
  });

  it('comparison results carry no gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(gt(x, 1).requiresGrad).toBe(false);
  });

  it('comparisons keep float32 for float32 inputs', () => {
    expect(eq(tensor([1], { dtype: 'float32' }), 1).dtype).toBe('float32');
  });

  it('comparisons name the op when shapes clash or a is not a tensor', () => {
    expectAttnError(() => lt(zeros([2]), zeros([3])), 'SHAPE', 'lt: shapes cannot broadcast, got [2] and [3]');
    expectAttnError(() => eq(1 as unknown as Tensor, zeros([1])), 'ARGUMENT', "eq: argument 'a' must be a Tensor, got 1");
  });
});

describe('where and maskedFill', () => {
  it('where(cond, a, b) picks a where cond is non-zero and b elsewhere', () => {
    expect(where(tensor([1, 0]), tensor([1, 2]), tensor([9, 9])).toArray()).toEqual([1, 9]);
    expect(where(tensor([0.5, 0, -1]), 7, tensor([1, 2, 3])).toArray()).toEqual([7, 2, 7]);
    expect(where(tensor([1, 0]), tensor([1, 2]), 0).toArray()).toEqual([1, 0]);
    expect(where(tensor([1, 0]), 3, 4).toArray()).toEqual([3, 4]);
  });

  it('where broadcasts cond, a and b together', () => {
    const cond = tensor([[1], [0], [1]]); // [3,1]
    const a = tensor([[10, 20, 30, 40]]); // [1,4]
    const b = tensor([-1, -2, -3, -4]); // [4]
    const y = where(cond, a, b);
    expect(y.shape).toEqual([3, 4]);
    for (let f = 0; f < y.size; f++) {
      const idx = unravel(f, y.shape);
      expect(y.data[f]).toBe(at(cond, idx) !== 0 ? at(a, idx) : at(b, idx));
    }
  });

  it('where sends gradients to a and b only where they were picked, summed over broadcast axes', () => {
    const a = tensor([[1, 2]], { requiresGrad: true }); // [1,2]
    const b = tensor([5, 6], { requiresGrad: true });
    where(tensor([[1, 0], [1, 1], [0, 0]]), a, b).sum().backward();
    expect(a.grad!.toArray()).toEqual([[2, 1]]);
    expect(b.grad!.toArray()).toEqual([1, 2]);
  });

  it('where and maskedFill gradients match finite differences, with broadcasting', () => {
    const cond = tensor([[1], [0], [1]]);
    const mask = tensor([0, 1, 0, 1]);
    const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
      ['where same shape', (a, b) => where(tensor([[1, 0], [0, 1]]), a, b), [randn([2, 2], { seed: 1 }), randn([2, 2], { seed: 2 })]],
      ['where broadcast', (a, b) => where(cond, a, b), [randn([1, 4], { seed: 3 }), randn([4], { seed: 4 })]],
      ['where scalar b', (a) => where(cond, a, -1), [randn([3, 4], { seed: 5 })]],
      ['maskedFill row mask', (x) => maskedFill(x, mask, -5), [randn([3, 4], { seed: 6 })]],
    ];
    for (const [name, f, inputs] of cases) expect(gradcheck(f, inputs).mismatches, name).toEqual([]);
  });

  it('maskedFill(x, mask, value) writes value where the mask is set, like masked_fill', () => {
    expect(maskedFill(tensor([1, 2, 3]), tensor([0, 1, 0]), -Infinity).toArray()).toEqual([1, -Infinity, 3]);
    expect(maskedFill(tensor([[1, 2], [3, 4]]), tensor([1, 0]), 0).toArray()).toEqual([[0, 2], [0, 4]]);
    expect(maskedFill(tensor([[1, 2], [3, 4]]), tensor([[0], [1]]), 9).toArray()).toEqual([[1, 2], [9, 9]]);
  });

  it('maskedFill with -Infinity before softmax-like use sends no gradient to masked entries', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    maskedFill(x, tensor([0, 1, 0]), -Infinity).exp().sum().backward();
    expect(x.grad!.toArray()).toEqual([Math.exp(1), 0, Math.exp(3)]);
  });

  it('where and maskedFill name the shapes when the mask cannot broadcast', () => {
    expectAttnError(() => where(zeros([2]), zeros([3]), 1), 'SHAPE', 'where: shapes cannot broadcast, got [2] and [3]');
    expectAttnError(() => where(zeros([2]), zeros([2]), zeros([3])), 'SHAPE', 'where: shapes cannot broadcast, got [2] and [3]');
    expectAttnError(() => maskedFill(zeros([2, 3]), zeros([4]), 0), 'SHAPE', 'maskedFill: shapes cannot broadcast, got [2,3] and [4]');
    // the mask may not make x bigger
    expectAttnError(() => maskedFill(zeros([2]), zeros([2, 2]), 0), 'SHAPE', "maskedFill: mask must broadcast to x's shape [2], got [2,2]");
  });

  it('where and maskedFill reject arguments of the wrong type', () => {
    expectAttnError(() => where([1] as unknown as Tensor, 1, 2), 'ARGUMENT', "where: argument 'cond' must be a Tensor, got [1]");
    expectAttnError(() => where(zeros([1]), '1' as unknown as number, 2), 'ARGUMENT', `where: argument 'a' must be a Tensor or a number, got "1"`);
    expectAttnError(() => where(zeros([1]), 1, null as unknown as number), 'ARGUMENT', "where: argument 'b' must be a Tensor or a number, got null");
    expectAttnError(() => maskedFill(1 as unknown as Tensor, zeros([1]), 0), 'ARGUMENT', "maskedFill: argument 'x' must be a Tensor, got 1");
    expectAttnError(() => maskedFill(zeros([1]), [1] as unknown as Tensor, 0), 'ARGUMENT', "maskedFill: argument 'mask' must be a Tensor, got [1]");
    expectAttnError(() => maskedFill(zeros([1]), zeros([1]), 'a' as unknown as number), 'ARGUMENT', 'maskedFill: value must be a number, got "a"');
  });
});
