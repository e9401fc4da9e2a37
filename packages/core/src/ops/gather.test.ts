import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { randn, tensor, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { gatherRows } from './gather.js';

describe('gatherRows', () => {
  it('gatherRows(table, indices) picks rows, with the shape of indices plus the row axis', () => {
    const table = tensor([[1, 1], [2, 2], [3, 3]]);
    expect(gatherRows(table, tensor([2, 0])).toArray()).toEqual([[3, 3], [1, 1]]);
    const y = gatherRows(table, tensor([[0, 1, 2], [2, 2, 0]]));
    expect(y.shape).toEqual([2, 3, 2]);
    expect(y.toArray()).toEqual([[[1, 1], [2, 2], [3, 3]], [[3, 3], [3, 3], [1, 1]]]);
    expect(gatherRows(table, tensor(1)).toArray()).toEqual([2, 2]);
    expect(gatherRows(table, zeros([0])).shape).toEqual([0, 2]);
  });

  it('gatherRows accepts float32 indices and keeps the table\'s dtype', () => {
    const table = tensor([[1], [2]], { dtype: 'float32' });
    const y = gatherRows(table, tensor([1, 0], { dtype: 'float32' }));
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([[2], [1]]);
  });

  it('gatherRows scatter-adds gradients, so repeated indices sum', () => {
    const table = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    gatherRows(table, tensor([[1, 1], [0, 1]])).mul(tensor([1, 10])).sum().backward();
    expect(table.grad!.toArray()).toEqual([[1, 10], [3, 30], [0, 0]]);
  });

  it('gatherRows gradients match finite differences, with repeated indices', () => {
    const idx = tensor([[0, 3, 3], [1, 0, 3]]);
    expect(gatherRows(randn([4, 3], { seed: 1 }), idx).requiresGrad).toBe(false);
    expect(gradcheck((t) => gatherRows(t, idx), [randn([4, 3], { seed: 1 })]).mismatches).toEqual([]);
  });

  it('gatherRows names a bad index and its position', () => {
    const table = zeros([5, 2]);
    expectAttnError(() => gatherRows(table, tensor([0, 1.5])), 'RANGE', 'gatherRows: indices must be integers in [0, 5), got 1.5 at position 1');
    expectAttnError(() => gatherRows(table, tensor([-1])), 'RANGE', 'gatherRows: indices must be integers in [0, 5), got -1 at position 0');
    expectAttnError(() => gatherRows(table, tensor([[0, 1], [2, 5]])), 'RANGE', 'gatherRows: indices must be integers in [0, 5), got 5 at position 3');
    expectAttnError(() => gatherRows(table, tensor([NaN])), 'RANGE', 'gatherRows: indices must be integers in [0, 5), got NaN at position 0');
  });

  it('gatherRows rejects a table that is not [N, D] and indices that are not a tensor', () => {
    expectAttnError(() => gatherRows(zeros([5]), tensor([0])), 'ARGUMENT', "gatherRows: argument 'table' must be a [N, D] Tensor, got [5]");
    expectAttnError(() => gatherRows(zeros([5, 2]), [0] as unknown as Tensor), 'ARGUMENT', "gatherRows: argument 'indices' must be a Tensor, got [0]");
  });
});
