import { accumulateOwned, attach } from '../autograd/engine.js';
import { AttnError, check, } from '../errors.js';
import { describeArg, Tensor, tensorArg } from '../tensor/tensor.js';
import { alloc } from '../tensor/storage.js';

/**
 * Rows of `table` picked by integer `indices` (an embedding lookup); gradients are
 * scatter-added back into the picked rows.
 * Shapes: `table [N, D]`, `indices [...]` → `[..., D]`.
 *
 * @example
 * ```ts
 * gatherRows(tensor([[1, 1], [2, 2], [3, 3]]), tensor([2, 0])).toArray(); // [[3, 3], [1, 1]]
 * ```
 */
export function gatherRows(table: Tensor, indices: Tensor): Tensor {
  check(table instanceof Tensor && table.rank === 2, 'ARGUMENT',
    () => `gatherRows: argument 'table' must be a [N, D] Tensor, got ${describeArg(table)}`);
  tensorArg('gatherRows', indices, 'indices');
  const [N, D] = table.shape;
  const idx = indices.data;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (!Number.isInteger(v) || v < 0 || v >= N) {
      throw new AttnError('RANGE', `gatherRows: indices must be integers in [0, ${N}), got ${v} at position ${i}`);
    }
  }
  const out = alloc(table.dtype, idx.length * D, 'gatherRows', indices.shape.concat(D));
  const td = table.data;
  for (let i = 0; i < idx.length; i++) out.set(td.subarray(idx[i] * D, idx[i] * D + D), i * D);
  return attach(new Tensor(out, indices.shape.concat(D)), [table], (g) => {
    const gt = alloc(table.dtype, table.size);
    for (let i = 0; i < idx.length; i++) {
      const row = idx[i] * D;
      for (let d = 0; d < D; d++) gt[row + d] += g[i * D + d];
    }
    accumulateOwned(table, gt);
  });
}
