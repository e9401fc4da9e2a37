import { accumulateOwned, attach } from '../autograd/engine.js';
import { AttnError, fmt } from '../errors.js';
import { broadcastIndex, broadcastShapes, sizeOf } from '../tensor/shape.js';
import { Tensor, tensorArg } from '../tensor/tensor.js';
import { alloc, resultType } from '../tensor/storage.js';
import { gemm } from './gemm.js';

/**
 * Matrix product with batch broadcasting, like `torch.matmul`.
 * Shapes: `a [..., M, K]`, `b [..., K, N]` → `[...broadcast batch, M, N]`; a 1-D `a` is a row
 * vector `[K]` and a 1-D `b` a column vector `[K]`, and that axis is dropped from the result.
 *
 * @example
 * ```ts
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray(); // [[17], [39]]
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return product('matmul', a, b, false);
}

/**
 * @internal `a · bᵀ` over the last two axes, `b` read as stored (`[..., N, K]`): no transposed
 * copy of `b` (attention's scores q·kᵀ). Broadcasts batch axes like {@link matmul}; both
 * operands need at least 2 axes.
 */
export function matmulNT(a: Tensor, b: Tensor, op = 'matmul'): Tensor {
  return product(op, a, b, true);
}

function product(op: string, a: Tensor, b: Tensor, transB: boolean): Tensor {
  tensorArg(op, a, 'a');
  tensorArg(op, b, 'b');
  if (a.rank === 0 || b.rank === 0) {
    throw new AttnError('SHAPE', `${op}: both arguments need at least 1 axis, got a ${fmt(a.shape)} and b ${fmt(b.shape)}`);
  }
  const as = a.rank === 1 ? [1, a.shape[0]] : a.shape;
  const bs = b.rank === 1 ? [b.shape[0], 1] : b.shape;
  const M = as[as.length - 2];
  const K = as[as.length - 1];
  const N = bs[bs.length - (transB ? 2 : 1)];
  if (bs[bs.length - (transB ? 1 : 2)] !== K) {
    throw new AttnError('SHAPE', `${op}: inner dimensions must match, got a ${fmt(a.shape)} and b ${fmt(b.shape)}`);
  }
  const aBatch = as.slice(0, -2);
  const bBatch = bs.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(aBatch, bBatch, op);
  } catch {
    throw new AttnError('SHAPE', `${op}: batch axes cannot broadcast, got a ${fmt(a.shape)} and b ${fmt(b.shape)}`);
  }
  const nb = sizeOf(batch);
  const aIdx = sizeOf(aBatch) === nb ? null : broadcastIndex(aBatch, batch);
  const bIdx = sizeOf(bBatch) === nb ? null : broadcastIndex(bBatch, batch);
  const dtype = resultType(a, b);
  const shape = [...batch];
  if (a.rank > 1) shape.push(M);
  if (b.rank > 1) shape.push(N);
  const out = alloc(dtype, nb * M * N, op, shape);
  const ad = a.data;
  const bd = b.data;
  for (let t = 0; t < nb; t++) {
    const ao = (aIdx ? aIdx[t] : t) * M * K;
    const bo = (bIdx ? bIdx[t] : t) * K * N;
    gemm(M, N, K, ad, ao, false, bd, bo, transB, out, t * M * N, false);
  }
  return attach(new Tensor(out, shape), [a, b], (g) => {
    if (a.requiresGrad) {
      // dA = dC · Bᵀ (dC · B when b is stored transposed), summed over batches a was broadcast across
      const ga = alloc(a.dtype, a.size);
      for (let t = 0; t < nb; t++) {
        const ao = (aIdx ? aIdx[t] : t) * M * K;
        const bo = (bIdx ? bIdx[t] : t) * K * N;
        gemm(M, K, N, g, t * M * N, false, bd, bo, !transB, ga, ao, true);
      }
      accumulateOwned(a, ga);
    }
    if (b.requiresGrad) {
      // dB = Aᵀ · dC, or dBᵀ = dCᵀ · A when b is stored transposed
      const gb = alloc(b.dtype, b.size);
      for (let t = 0; t < nb; t++) {
        const ao = (aIdx ? aIdx[t] : t) * M * K;
        const bo = (bIdx ? bIdx[t] : t) * K * N;
        if (transB) gemm(N, K, M, g, t * M * N, true, ad, ao, false, gb, bo, true);
        else gemm(K, N, M, ad, ao, true, g, t * M * N, false, gb, bo, true);
      }
      accumulateOwned(b, gb);
    }
  });
}
