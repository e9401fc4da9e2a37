// A fused op: weights are stored PyTorch-style [out, in], and composing
// matmul(x, transpose(w)) would copy w on every call. autograd/fused.ts holds that form.
import { accumulateOwned, attach } from '../autograd/engine.js';
import { AttnError, check, fmt } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { describeArg, Tensor, tensorArg } from '../tensor/tensor.js';
import { alloc, resultType } from '../tensor/storage.js';
import { gemm, WASM_MIN } from './gemm.js';

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
  tensorArg('linear', x);
  check(w instanceof Tensor && w.rank === 2, 'ARGUMENT',
    () => `linear: argument 'w' must be a [out, in] Tensor, got ${describeArg(w)}`);
  const [O, I] = w.shape;
  if (x.rank === 0 || x.shape[x.rank - 1] !== I) {
    throw new AttnError('SHAPE', `linear: x's last axis must equal w's in-features ${I}, got x ${fmt(x.shape)} and w ${fmt(w.shape)}`);
  }
  if (b != null) {
    check(b instanceof Tensor && b.rank === 1 && b.shape[0] === O, 'SHAPE',
      () => `linear: bias must have shape [${O}], got ${describeArg(b)}`);
  }
  const rows = I > 0 ? x.size / I : sizeOf(x.shape.slice(0, -1)); // x.size / I is NaN when I = 0
  const dtype = resultType(x, w);
  const out = alloc(dtype, rows * O, 'linear', [...x.shape.slice(0, -1), O]);
  const xd = x.data;
  const wd = w.data;
  // Small layers (the tutorial's MLP) run as plain dot products: gemm's set-up would dominate.
  // Larger ones go to gemm, which takes the WebAssembly kernel from the same size on.
  const small = rows * O * I < WASM_MIN;
  if (small) {
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < O; o++) {
        let acc = 0;
        for (let i = 0; i < I; i++) acc += xd[r * I + i] * wd[o * I + i];
        out[r * O + o] = acc;
      }
    }
  } else {
    gemm(rows, O, I, xd, 0, false, wd, 0, true, out, 0, false);
  }
  if (b != null) {
    const bd = b.data;
    for (let r = 0; r < rows; r++) for (let o = 0; o < O; o++) out[r * O + o] += bd[o];
  }
  const shape = x.rank === 2 ? [rows, O] : x.shape.slice(0, -1).concat(O);
  const parents = b != null ? [x, w, b] : [x, w];
  return attach(new Tensor(out, shape), parents, (g) => {
    if (x.requiresGrad) {
      const gx = alloc(x.dtype, x.size);
      if (small) {
        for (let r = 0; r < rows; r++) {
          for (let o = 0; o < O; o++) {
            const go = g[r * O + o];
            for (let i = 0; i < I; i++) gx[r * I + i] += go * wd[o * I + i];
          }
        }
      } else gemm(rows, I, O, g, 0, false, wd, 0, false, gx, 0, false); // dx = g · w
      accumulateOwned(x, gx);
    }
    if (w.requiresGrad) {
      const gw = alloc(w.dtype, w.size);
      if (small) {
        for (let r = 0; r < rows; r++) {
          for (let o = 0; o < O; o++) {
            const go = g[r * O + o];
            for (let i = 0; i < I; i++) gw[o * I + i] += go * xd[r * I + i];
          }
        }
      } else gemm(O, I, rows, g, 0, true, xd, 0, false, gw, 0, false); // dw = gᵀ · x
      accumulateOwned(w, gw);
    }
    if (b != null && b.requiresGrad) {
      const gb = alloc(b.dtype, O);
      for (let r = 0; r < rows; r++) for (let o = 0; o < O; o++) gb[o] += g[r * O + o];
      accumulateOwned(b, gb);
    }
  });
}
