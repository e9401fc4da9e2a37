// softmax, logSoftmax and maskedSoftmax are fused ops: the composed form (exp(x - max) / sum) costs
// five graph nodes; autograd/fused.ts holds it, and fused.test.ts checks both agree.
import { accumulateOwned, attach } from '../autograd/engine.js';
import * as scalar from '../math/index.js';
import { normAxis } from '../tensor/shape.js';
import { Tensor, tensorArg } from '../tensor/tensor.js';
import { alloc } from '../tensor/storage.js';
import { broadcastData } from './broadcast.js';

function layout(op: string, x: Tensor, axis: number): [number, number, number] {
  tensorArg(op, x);
  const a = normAxis(op, axis, x.rank);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a; i++) outer *= x.shape[i];
  for (let i = a + 1; i < x.rank; i++) inner *= x.shape[i];
  return [outer, x.shape[a], inner];
}

/** The largest of `len` values of `d` from `base`, `inner` apart (the shift that keeps exp finite). */
function sliceMax(d: ArrayLike<number>, base: number, len: number, inner: number): number {
  let m = -Infinity;
  for (let k = 0; k < len; k++) if (d[base + k * inner] > m) m = d[base + k * inner];
  return m;
}

/** Writes softmax of `len` values of `src` from `base`, `inner` apart, into `dst` (`m`: their max). */
function expNormalize(src: ArrayLike<number>, dst: Float64Array | Float32Array, base: number, len: number, inner: number, m: number): void {
  let s = 0;
  for (let k = 0; k < len; k++) {
    const e = scalar.exp(src[base + k * inner] - m);
    dst[base + k * inner] = e;
    s += e;
  }
  const inv = 1 / s;
  for (let k = 0; k < len; k++) dst[base + k * inner] *= inv;
}

/** Softmax's backward for one slice: gx = y · (g − Σ g·y). */
function softmaxGrad(g: ArrayLike<number>, y: ArrayLike<number>, gx: Float64Array | Float32Array, base: number, len: number, inner: number): void {
  let dot = 0;
  for (let k = 0; k < len; k++) dot += g[base + k * inner] * y[base + k * inner];
  for (let k = 0; k < len; k++) {
    const j = base + k * inner;
    gx[j] = y[j] * (g[j] - dot);
  }
}

/**
 * Softmax along `axis` (last by default): `exp(x - max) / sum(exp(x - max))`, stable for
 * large inputs. Each slice along the axis sums to 1; a slice of all `-Infinity` gives NaN,
 * like PyTorch. Shapes: unchanged.
 *
 * @example
 * ```ts
 * softmax(tensor([1, 1])).toArray(); // [0.5, 0.5]
 * ```
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const [outer, len, inner] = layout('softmax', x, axis);
  const xd = x.data;
  const y = alloc(x.dtype, x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      expNormalize(xd, y, base, len, inner, sliceMax(xd, base, len, inner));
    }
  }
  return attach(new Tensor(y, x.shape), [x], (g) => {
    const gx = alloc(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) softmaxGrad(g, y, gx, o * len * inner + i, len, inner);
    }
    accumulateOwned(x, gx);
  });
}

/**
 * @internal Attention's weights in one node: softmax over the last axis of `factor·x`, with
 * `-Infinity` where `allowed` (a mask broadcastable to `x`) is 0. Equal, forward and backward, to
 * `softmax(where(allowed, mul(x, factor), -Infinity))` (autograd/fused.ts), without the two
 * intermediate tensors and their backward passes.
 */
export function maskedSoftmax(x: Tensor, factor: number, allowed?: Tensor): Tensor {
  const n = x.size;
  const len = x.shape[x.rank - 1];
  const xd = x.data;
  const ok = allowed && broadcastData(allowed, x.shape, n);
  const y = alloc(x.dtype, n);
  // float32 tensors multiply by the factor rounded to float32, as mul does
  const f = y instanceof Float32Array ? Math.fround(factor) : factor;
  for (let base = 0; base < n; base += len) {
    let m = -Infinity;
    for (let j = base; j < base + len; j++) {
      y[j] = ok && ok[j] === 0 ? -Infinity : xd[j] * f;
      if (y[j] > m) m = y[j];
    }
    expNormalize(y, y, base, len, 1, m);
  }
  return attach(new Tensor(y, x.shape), [x], (g) => {
    const gx = alloc(x.dtype, n);
    for (let base = 0; base < n; base += len) softmaxGrad(g, y, gx, base, len, 1);
    // then where's and mul's backward: 0 at masked pairs (whatever g is there), times the factor
    // (a second store, so float32 rounds where the composed form does)
    for (let j = 0; j < n; j++) gx[j] = ok && ok[j] === 0 ? 0 : gx[j] * f;
    accumulateOwned(x, gx);
  });
}

/**
 * Log-softmax along `axis` (last by default): `x - max - log(sum(exp(x - max)))`, stable for
 * large inputs. Shapes: unchanged.
 *
 * @example
 * ```ts
 * logSoftmax(tensor([0, 0])).toArray(); // [-0.6931471805599453, -0.6931471805599453]
 * ```
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const [outer, len, inner] = layout('logSoftmax', x, axis);
  const xd = x.data;
  const y = alloc(x.dtype, x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      const m = sliceMax(xd, base, len, inner);
      let s = 0;
      for (let k = 0; k < len; k++) s += scalar.exp(xd[base + k * inner] - m);
      const lse = m + scalar.log(s);
      for (let k = 0; k < len; k++) y[base + k * inner] = xd[base + k * inner] - lse;
    }
  }
  return attach(new Tensor(y, x.shape), [x], (g) => {
    // dx = g - softmax · Σ g
    const gx = alloc(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i;
        let s = 0;
        for (let k = 0; k < len; k++) s += g[base + k * inner];
        for (let k = 0; k < len; k++) {
          const j = base + k * inner;
          gx[j] = g[j] - scalar.exp(y[j]) * s;
        }
      }
    }
    accumulateOwned(x, gx);
  });
}
