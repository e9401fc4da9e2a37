// softmax and logSoftmax are fused primitives: the composed form (exp(x - max) / sum) costs
// five graph nodes and loses precision for large inputs; softmax.test.ts checks both agree.
import { accumulateOwned, attach } from '../autograd/engine.js';
import { check, describe } from '../errors.js';
import * as scalar from '../math/index.js';
import { normAxis } from '../tensor/shape.js';
import { alloc, Tensor } from '../tensor/tensor.js';

function layout(op: string, x: Tensor, axis: number): [number, number, number] {
  check(x instanceof Tensor, 'ARGUMENT', () => `${op}: argument 'x' must be a Tensor, got ${describe(x)}`);
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
      const m = sliceMax(xd, base, len, inner);
      let s = 0;
      for (let k = 0; k < len; k++) {
        const e = scalar.exp(xd[base + k * inner] - m);
        y[base + k * inner] = e;
        s += e;
      }
      const inv = 1 / s;
      for (let k = 0; k < len; k++) y[base + k * inner] *= inv;
    }
  }
  return attach(new Tensor(y, x.shape), [x], (g) => {
    // dx = y * (g - Σ g·y)
    const gx = alloc(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i;
        let dot = 0;
        for (let k = 0; k < len; k++) dot += g[base + k * inner] * y[base + k * inner];
        for (let k = 0; k < len; k++) {
          const j = base + k * inner;
          gx[j] = y[j] * (g[j] - dot);
        }
      }
    }
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
