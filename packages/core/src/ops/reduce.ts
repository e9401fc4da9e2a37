// Reductions along axes. Primitives: sum, max (one axis at a time). Fused: sum over all axes.
// Composites: mean, min, variance.
import { accumulateOwned, attach } from '../autograd/engine.js';
import { check, need, opts } from '../errors.js';
import { normAxis } from '../tensor/shape.js';
import { Tensor, tensorArg } from '../tensor/tensor.js';
import { alloc } from '../tensor/storage.js';
import { neg, mul, pow, sub } from './elementwise.js';
import { reshape } from './shape.js';

/** Options of {@link variance}. */
export interface VarOptions {
  /** Subtracted from the count in the denominator: 1 (default, unbiased, like PyTorch) or 0 (biased). */
  correction?: number;
  /** Keep reduced axes with size 1. Default false. */
  keepdims?: boolean;
}


/** Axes to reduce, normalized, sorted descending and deduplicated; all axes when undefined. */
function axesOf(op: string, x: Tensor, axis: number | number[] | undefined): number[] {
  if (axis === undefined) return x.shape.map((_, i) => i).reverse();
  const list = Array.isArray(axis) ? axis : [axis];
  const out = [...new Set(list.map((a) => normAxis(op, a, x.rank)))];
  need(out.length === list.length, op, 'axes must be distinct', list);
  return out.sort((a, b) => b - a);
}

function dropAxes(shape: readonly number[], axes: number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}

/** outer × len × inner decomposition of a shape around an axis. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

function sumAxis(x: Tensor, axis: number): Tensor {
  const [outer, len, inner] = around(x.shape, axis);
  const shape = x.shape.slice();
  shape[axis] = 1;
  const xd = x.data;
  const out = alloc(x.dtype, outer * inner);
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let k = 0; k < len; k++) {
      const row = base + k * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] += xd[row + i];
    }
  }
  return attach(new Tensor(out, shape), [x], (g) => {
    const gx = alloc(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < len; k++) {
        const row = o * len * inner + k * inner;
        for (let i = 0; i < inner; i++) gx[row + i] = g[o * inner + i];
      }
    }
    accumulateOwned(x, gx);
  });
}

function sumAll(x: Tensor, keepdims: boolean): Tensor {
  const xd = x.data;
  let total = 0;
  for (let i = 0; i < xd.length; i++) total += xd[i];
  const out = alloc(x.dtype, 1);
  out[0] = total;
  const shape = keepdims ? x.shape.map(() => 1) : [];
  return attach(new Tensor(out, shape), [x], (g) => {
    const gx = alloc(x.dtype, x.size);
    gx.fill(g[0]);
    accumulateOwned(x, gx);
  });
}

function reduceAxes(op: string, x: Tensor, axis: number | number[] | undefined, keepdims: boolean, one: (t: Tensor, a: number) => Tensor): Tensor {
  tensorArg(op, x);
  const axes = axesOf(op, x, axis);
  if (axes.length === 0) return reshape(x, x.shape); // a scalar: nothing to reduce
  let y = x;
  for (const a of axes) y = one(y, a);
  return keepdims ? y : reshape(y, dropAxes(x.shape, axes));
}

/**
 * Sum over `axis` (a number, a list, or all axes when omitted).
 * Shapes: `[..., n, ...]` → the axis removed, or kept as 1 with `keepdims`.
 *
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 1).toArray(); // [3, 7]
 * ```
 */
export function sum(x: Tensor, axis?: number | number[], keepdims = false): Tensor {
  tensorArg('sum', x);
  if (axis === undefined && x.rank > 0) return sumAll(x, keepdims); // one node instead of one per axis
  return reduceAxes('sum', x, axis, keepdims, sumAxis);
}

/**
 * Mean over `axis` (all axes when omitted), composed as `sum(x) * (1/count)`.
 *
 * @example
 * ```ts
 * mean(tensor([[1, 2], [3, 4]]), 0).toArray(); // [2, 3]
 * ```
 */
export function mean(x: Tensor, axis?: number | number[], keepdims = false): Tensor {
  tensorArg('mean', x);
  const axes = axesOf('mean', x, axis);
  let count = 1;
  for (const a of axes) count *= x.shape[a];
  return mul(sum(x, axis, keepdims), 1 / count);
}

/** Max along one axis; `op` names the public op in errors (min reduces `-x` with it). */
const maxAlong = (op: string) => (x: Tensor, axis: number): Tensor => {
  const [outer, len, inner] = around(x.shape, axis);
  check(len > 0, 'SHAPE', () => `${op}: cannot reduce an empty axis ${axis} of shape [${x.shape.join(',')}]`);
  const shape = x.shape.slice();
  shape[axis] = 1;
  const xd = x.data;
  const out = alloc(x.dtype, outer * inner);
  const arg = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let at = 0;
      for (let k = 0; k < len; k++) {
        const v = xd[o * len * inner + k * inner + i];
        // NaN propagates, like PyTorch
        if (v > best || Number.isNaN(v)) {
          best = v;
          at = k;
          if (Number.isNaN(v)) break;
        }
      }
      out[o * inner + i] = best;
      arg[o * inner + i] = o * len * inner + at * inner + i;
    }
  }
  return attach(new Tensor(out, shape), [x], (g) => {
    const gx = alloc(x.dtype, x.size);
    for (let j = 0; j < arg.length; j++) gx[arg[j]] += g[j];
    accumulateOwned(x, gx);
  });
};

/**
 * Maximum over `axis` (a number, a list, or all axes when omitted); the gradient goes to the
 * first maximal element. NaN propagates, like PyTorch.
 *
 * @example
 * ```ts
 * max(tensor([[1, 5], [7, 2]]), 1).toArray(); // [5, 7]
 * ```
 */
export function max(x: Tensor, axis?: number | number[], keepdims = false): Tensor {
  return reduceAxes('max', x, axis, keepdims, maxAlong('max'));
}

/**
 * Minimum over `axis` (a number, a list, or all axes when omitted), composed as `-max(-x)`.
 *
 * @example
 * ```ts
 * min(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 2]
 * ```
 */
export function min(x: Tensor, axis?: number | number[], keepdims = false): Tensor {
  tensorArg('min', x);
  // Not max(neg(x)), so that errors name min.
  return neg(reduceAxes('min', neg(x), axis, keepdims, maxAlong('min')));
}

/**
 * Variance over `axis` (all axes when omitted): `sum((x - mean)²) / (count - correction)`.
 * `correction` defaults to 1 (unbiased) like `torch.var`; layer norm uses 0.
 *
 * @example
 * ```ts
 * variance(tensor([1, 2, 3, 4])).item(); // ≈ 1.6666666666666667
 * variance(tensor([1, 2, 3, 4]), 0, { correction: 0 }).item(); // 1.25
 * ```
 */
export function variance(x: Tensor, axis?: number | number[], options: VarOptions = {}): Tensor {
  tensorArg('variance', x);
  const { correction = 1, keepdims = false } = opts('variance', options);
  need(typeof correction === 'number' && correction >= 0, 'variance', 'correction must be a number >= 0', correction);
  const axes = axesOf('variance', x, axis);
  let count = 1;
  for (const a of axes) count *= x.shape[a];
  const centered = sub(x, mean(x, axis, true));
  return mul(sum(pow(centered, 2), axis, keepdims), 1 / Math.max(count - correction, 0));
}

/**
 * Index of the maximum along `axis` (of the flattened tensor when omitted), as float values;
 * the first NaN counts as the maximum, like PyTorch. Not differentiable.
 *
 * @example
 * ```ts
 * argmax(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 0]
 * ```
 */
export function argmax(x: Tensor, axis?: number, keepdims = false): Tensor {
  tensorArg('argmax', x);
  const flat = axis === undefined;
  const src = flat ? reshape(x.detach(), [x.size]) : x;
  const a = flat ? 0 : normAxis('argmax', axis, x.rank);
  const [outer, len, inner] = around(src.shape, a);
  check(len > 0, 'SHAPE', () => `argmax: cannot reduce an empty axis of shape [${x.shape.join(',')}]`);
  const out = alloc(x.dtype, outer * inner);
  const d = src.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let at = 0;
      for (let k = 0; k < len; k++) {
        const v = d[o * len * inner + k * inner + i];
        if (v > best || Number.isNaN(v)) {
          best = v;
          at = k;
          if (Number.isNaN(v)) break;
        }
      }
      out[o * inner + i] = at;
    }
  }
  let shape: number[];
  if (flat) shape = keepdims ? x.shape.map(() => 1) : [];
  else {
    shape = x.shape.slice();
    if (keepdims) shape[a] = 1;
    else shape.splice(a, 1);
  }
  return new Tensor(out, shape);
}
