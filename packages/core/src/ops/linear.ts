// A fused primitive: weights are stored PyTorch-style [out, in], and composing
// matmul(x, transpose(w)) would copy w on every call. linear.test.ts checks it against that.
import { accumulate, attach } from '../autograd/engine.js';
import { AttnError, check, describe, fmt } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { alloc, resultType, Tensor } from '../tensor/tensor.js';
import { gemm } from './gemm.js';

/**
 * Affine map `x · wᵀ + b` with `w` in PyTorch's `[out, in]` layout.
 * Shapes: `x [..., in]`, `w [out, in]`, `b [out]` → `[..., out]`.
 *
 * @example
 * ```ts
 * linear(tensor([[1, 2]]), tensor([[1, 1], [0, 1]]), tensor([0, 10])).toArray(); // [[3, 12]]
 * ```
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor | null): Tensor {
  check(x instanceof Tensor, 'ARGUMENT', () => `linear: argument 'x' must be a Tensor, got ${describe(x)}`);
  check(w instanceof Tensor && w.rank === 2, 'ARGUMENT',
    () => `linear: argument 'w' must be a [out, in] Tensor, got ${w instanceof Tensor ? fmt(w.shape) : describe(w)}`);
  const [O, I] = w.shape;
  if (x.rank === 0 || x.shape[x.rank - 1] !== I) {
    throw new AttnError('SHAPE', `linear: x's last axis must equal w's in-features ${I}, got x ${fmt(x.shape)} and w ${fmt(w.shape)}`);
  }
  if (b != null) {
    check(b instanceof Tensor && b.rank === 1 && b.shape[0] === O, 'SHAPE',
      () => `linear: bias must have shape [${O}], got ${b instanceof Tensor ? fmt(b.shape) : describe(b)}`);
  }
  const rows = sizeOf(x.shape.slice(0, -1)); // not x.size / I, which is NaN when I = 0
  const dtype = resultType(x, w);
  const out = alloc(dtype, rows * O);
  gemm(rows, O, I, x.data, 0, false, w.data, 0, true, out, 0, false);
  if (b != null) {
    const bd = b.data;
    for (let r = 0; r < rows; r++) for (let o = 0; o < O; o++) out[r * O + o] += bd[o];
  }
  const shape = x.shape.slice(0, -1).concat(O);
  const parents = b != null ? [x, w, b] : [x, w];
  return attach(new Tensor(out, shape), parents, (g) => {
    if (x.requiresGrad) {
      const gx = alloc(x.dtype, x.size);
      gemm(rows, I, O, g, 0, false, w.data, 0, false, gx, 0, false); // dx = g · w
      accumulate(x, gx);
    }
    if (w.requiresGrad) {
      const gw = alloc(w.dtype, w.size);
      gemm(O, I, rows, g, 0, true, x.data, 0, false, gw, 0, false); // dw = gᵀ · x
      accumulate(w, gw);
    }
    if (b != null && b.requiresGrad) {
      const gb = alloc(b.dtype, O);
      for (let r = 0; r < rows; r++) for (let o = 0; o < O; o++) gb[o] += g[r * O + o];
      accumulate(b, gb);
    }
  });
}
