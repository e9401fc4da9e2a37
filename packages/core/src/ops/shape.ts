// Shape ops. Primitives: reshape (shares storage), permute, slice, concat, expand. Fused: splitHeads.
// Composites: transpose, index, squeeze, unsqueeze, stack, split.
import { accumulateOwned, attach } from '../autograd/engine.js';
import { AttnError, check, describe, fmt, need } from '../errors.js';
import { broadcastShapes, checkShape, normAxis, sameShape, sizeOf, stridesOf } from '../tensor/shape.js';
import { Tensor, tensorArg } from '../tensor/tensor.js';
import { alloc, checkAllocation } from '../tensor/storage.js';
import { broadcastData, reduceTo } from './broadcast.js';


/**
 * The same values in a new shape with the same number of elements; one axis may be `-1`
 * (inferred). Shares storage with `x` (no copy).
 *
 * @example
 * ```ts
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  tensorArg('reshape', x);
  need(Array.isArray(shape), 'reshape', 'shape must be an array', shape);
  check(shape.every((d) => d === -1 || (Number.isInteger(d) && d >= 0)), 'SHAPE',
    () => `reshape: shape must hold non-negative integers and at most one -1, got ${fmt(shape)}`);
  const infer = shape.indexOf(-1);
  let target = shape as number[];
  if (infer >= 0) {
    need(shape.lastIndexOf(-1) === infer, 'reshape', 'only one axis can be -1', shape);
    const known = sizeOf(shape.filter((d) => d !== -1));
    check(known > 0 && x.size % known === 0, 'SHAPE', () => `reshape: cannot reshape ${fmt(x.shape)} (${x.size} elements) to ${fmt(shape)}`);
    target = shape.slice();
    target[infer] = x.size / known;
  }
  checkShape('reshape', target);
  if (sizeOf(target) !== x.size) {
    throw new AttnError('SHAPE', `reshape: cannot reshape ${fmt(x.shape)} (${x.size} elements) to ${fmt(shape)}`);
  }
  return attach(new Tensor(x.data, target.slice()), [x], (g) => accumulateOwned(x, g));
}

/**
 * Reorders the axes: output axis `i` is input axis `axes[i]`. Copies the data.
 * Shapes: `[d0, d1, …]` → `[d_axes[0], d_axes[1], …]`.
 *
 * @example
 * ```ts
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  tensorArg('permute', x);
  check(Array.isArray(axes) && axes.length === x.rank, 'ARGUMENT',
    () => `permute: axes must list each of the ${x.rank} axes once, got ${describe(axes)} for shape ${fmt(x.shape)}`);
  const perm = axes.map((a) => normAxis('permute', a, x.rank));
  need(new Set(perm).size === perm.length, 'permute', 'axes must be distinct', axes);
  const shape = perm.map((a) => x.shape[a]);
  const out = alloc(x.dtype, x.size);
  permuteInto(x.data, x.shape, perm, out);
  return attach(new Tensor(out, shape), [x], (g) => {
    const inv = new Array<number>(perm.length);
    for (let i = 0; i < perm.length; i++) inv[perm[i]] = i;
    const gx = alloc(x.dtype, x.size);
    permuteInto(g, shape, inv, gx);
    accumulateOwned(x, gx);
  });
}

function permuteInto(src: ArrayLike<number>, shape: readonly number[], perm: number[], out: { [i: number]: number; length: number }): void {
  const st = stridesOf(shape);
  const outShape = perm.map((a) => shape[a]);
  const srcStride = perm.map((a) => st[a]);
  const rank = perm.length;
  const n = out.length;
  if (rank === 0) {
    if (n) out[0] = src[0];
    return;
  }
  const last = rank - 1;
  const lastLen = outShape[last];
  const lastStride = srcStride[last];
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let i = 0; i < n; i += lastLen) {
    for (let k = 0, j = base; k < lastLen; k++, j += lastStride) out[i + k] = src[j];
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      base += srcStride[ax];
      if (counter[ax] < outShape[ax]) break;
      base -= srcStride[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
}

/**
 * @internal Columns `at … at + H·D` of `x [B, T, W]` as `H` heads, `[B, H, T, D]`: the numbers of
 * `permute(reshape(slice(x, -1, at, at + H·D), [B, T, H, D]), [0, 2, 1, 3])` in one copy and one
 * node (multi-head attention's split of its projections).
 */
export function splitHeads(x: Tensor, at: number, H: number, D: number): Tensor {
  const [B, T, W] = x.shape;
  const xd = x.data;
  const out = alloc(x.dtype, B * H * T * D);
  // each (b, h, t) row of the result is D consecutive values of x
  const rows = (f: (o: number, s: number) => void) => {
    for (let b = 0, o = 0; b < B; b++) {
      for (let h = 0; h < H; h++) for (let t = 0; t < T; t++, o += D) f(o, (b * T + t) * W + at + h * D);
    }
  };
  rows((o, s) => { for (let d = 0; d < D; d++) out[o + d] = xd[s + d]; });
  return attach(new Tensor(out, [B, H, T, D]), [x], (g) => {
    const gx = alloc(x.dtype, x.size);
    rows((o, s) => { for (let d = 0; d < D; d++) gx[s + d] = g[o + d]; });
    accumulateOwned(x, gx);
  });
}

/**
 * Swaps two axes (the last two by default), composed from {@link permute}.
 *
 * @example
 * ```ts
 * transpose(zeros([2, 3])).shape; // [3, 2]
 * ```
 */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  tensorArg('transpose', x);
  const a = normAxis('transpose', axis0, x.rank);
  const b = normAxis('transpose', axis1, x.rank);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/**
 * Elements `start ≤ i < end` along `axis` (negative positions count from the end, `end`
 * defaults to the axis length), like `x.narrow` / Python slicing. Copies the data.
 *
 * @example
 * ```ts
 * slice(tensor([[1, 2, 3], [4, 5, 6]]), 1, 1).toArray(); // [[2, 3], [5, 6]]
 * ```
 */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  tensorArg('slice', x);
  const a = normAxis('slice', axis, x.rank);
  const len = x.shape[a];
  need(Number.isInteger(start) && (end === undefined || Number.isInteger(end)), 'slice', 'start and end must be integers', start, end);
  const s = start < 0 ? start + len : start;
  const e = end === undefined ? len : end < 0 ? end + len : end;
  check(s >= 0 && e <= len && s <= e, 'RANGE', () => `slice: range ${start}:${end ?? ''} out of bounds for axis ${axis} of length ${len}`);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a; i++) outer *= x.shape[i];
  for (let i = a + 1; i < x.rank; i++) inner *= x.shape[i];
  const shape = x.shape.slice();
  shape[a] = e - s;
  const chunk = (e - s) * inner;
  const out = alloc(x.dtype, outer * chunk);
  const xd = x.data;
  for (let o = 0; o < outer; o++) out.set(xd.subarray(o * len * inner + s * inner, o * len * inner + e * inner), o * chunk);
  return attach(new Tensor(out, shape), [x], (g) => {
    const gx = alloc(x.dtype, x.size);
    for (let o = 0; o < outer; o++) gx.set(g.subarray(o * chunk, (o + 1) * chunk), o * len * inner + s * inner);
    accumulateOwned(x, gx);
  });
}

/**
 * Element `i` along `axis` with that axis removed (negative `i` counts from the end).
 *
 * @example
 * ```ts
 * index(tensor([[1, 2], [3, 4]]), 1).toArray(); // [3, 4]
 * ```
 */
export function index(x: Tensor, i: number, axis = 0): Tensor {
  tensorArg('index', x);
  const a = normAxis('index', axis, x.rank);
  const len = x.shape[a];
  check(Number.isInteger(i) && i >= -len && i < len, 'RANGE', () => `index: index ${i} out of range for axis ${axis} of length ${len}`);
  const j = i < 0 ? i + len : i;
  return squeeze(slice(x, a, j, j + 1), a);
}

/**
 * Removes `axis` of size 1, or every axis of size 1 when omitted.
 *
 * @example
 * ```ts
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 * ```
 */
export function squeeze(x: Tensor, axis?: number): Tensor {
  tensorArg('squeeze', x);
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normAxis('squeeze', axis, x.rank);
  check(x.shape[a] === 1, 'SHAPE', () => `squeeze: axis ${axis} must have size 1, got shape ${fmt(x.shape)}`);
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/**
 * Inserts an axis of size 1 at `axis` (which may equal the rank, to append).
 *
 * @example
 * ```ts
 * unsqueeze(zeros([3]), 0).shape; // [1, 3]
 * ```
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  tensorArg('unsqueeze', x);
  const a = normAxis('unsqueeze', axis, x.rank + 1);
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/**
 * Joins tensors along an existing axis; the other axes must match.
 *
 * @example
 * ```ts
 * concat([zeros([2, 3]), ones([2, 1])], 1).shape; // [2, 4]
 * ```
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  need(Array.isArray(tensors as unknown) && tensors.length > 0, 'concat', 'expected a non-empty array of tensors', tensors);
  tensors.forEach((t, i) => tensorArg('concat', t, `tensors[${i}]`));
  const first = tensors[0];
  const a = normAxis('concat', axis, first.rank);
  for (const t of tensors) {
    const ok = t.rank === first.rank && t.shape.every((d, i) => i === a || d === first.shape[i]);
    if (!ok) {
      throw new AttnError('SHAPE', `concat: shapes must match except along axis ${axis}, got ${tensors.map((u) => fmt(u.shape)).join(' and ')}`);
    }
  }
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a; i++) outer *= first.shape[i];
  for (let i = a + 1; i < first.rank; i++) inner *= first.shape[i];
  const total = tensors.reduce((s, t) => s + t.shape[a], 0);
  const shape = first.shape.slice();
  shape[a] = total;
  const dtype = tensors.some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
  const out = alloc(dtype, outer * total * inner, 'concat', shape);
  const row = total * inner;
  let offset = 0;
  for (const t of tensors) {
    const chunk = t.shape[a] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * row + offset);
    offset += chunk;
  }
  return attach(new Tensor(out, shape), tensors, (g) => {
    let off = 0;
    for (const t of tensors) {
      const chunk = t.shape[a] * inner;
      if (t.requiresGrad) {
        const gt = alloc(t.dtype, t.size);
        for (let o = 0; o < outer; o++) gt.set(g.subarray(o * row + off, o * row + off + chunk), o * chunk);
        accumulateOwned(t, gt);
      }
      off += chunk;
    }
  });
}

/**
 * Joins equally shaped tensors along a new axis.
 *
 * @example
 * ```ts
 * stack([zeros([3]), ones([3])]).shape; // [2, 3]
 * ```
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  need(Array.isArray(tensors as unknown) && tensors.length > 0, 'stack', 'expected a non-empty array of tensors', tensors);
  tensors.forEach((t, i) => tensorArg('stack', t, `tensors[${i}]`));
  for (const t of tensors) {
    if (!sameShape(t.shape, tensors[0].shape)) {
      throw new AttnError('SHAPE', `stack: all tensors must have the same shape, got ${tensors.map((u) => fmt(u.shape)).join(' and ')}`);
    }
  }
  const a = normAxis('stack', axis, tensors[0].rank + 1);
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}

/**
 * Splits along `axis` into chunks of `sizes` elements (a number: equal chunks, the last may be
 * smaller; an array: exact sizes that must add up to the axis length).
 *
 * @example
 * ```ts
 * split(arange(5), [2, 3]).map((t) => t.toArray()); // [[0, 1], [2, 3, 4]]
 * ```
 */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  tensorArg('split', x);
  const a = normAxis('split', axis, x.rank);
  const len = x.shape[a];
  let parts: number[];
  if (typeof sizes === 'number') {
    need(Number.isInteger(sizes) && sizes > 0, 'split', 'size must be a positive integer', sizes);
    parts = [];
    for (let s = 0; s < len; s += sizes) parts.push(Math.min(sizes, len - s));
    if (len === 0) parts.push(0); // like PyTorch: one empty chunk, so concat(split(x)) is x
  } else {
    need(Array.isArray(sizes), 'split', 'expected sizes as a number or an array', sizes);
    parts = sizes.slice();
    const total = parts.reduce((s, p) => s + p, 0);
    check(parts.every((p) => Number.isInteger(p) && p >= 0) && total === len, 'SHAPE',
      () => `split: sizes must add up to the length ${len} of axis ${axis}, got ${describe(sizes)}`);
  }
  const out: Tensor[] = [];
  let start = 0;
  for (const p of parts) {
    out.push(slice(x, a, start, start + p));
    start += p;
  }
  return out;
}

/**
 * Broadcasts `x` to a larger `shape` (materialized); gradients are summed back.
 *
 * @example
 * ```ts
 * expand(tensor([1, 2]), [3, 2]).toArray(); // [[1, 2], [1, 2], [1, 2]]
 * ```
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  tensorArg('expand', x);
  checkShape('expand', shape);
  const target = broadcastShapes(x.shape, shape, 'expand');
  check(sameShape(target, shape), 'SHAPE', () => `expand: cannot expand ${fmt(x.shape)} to ${fmt(shape)}`);
  const n = checkAllocation('expand', shape, x.dtype);
  const data = broadcastData(x, shape, n);
  const out = data === x.data ? data.slice() : data;
  const s = shape.slice();
  return attach(new Tensor(out, s), [x], (g) => accumulateOwned(x, reduceTo(g, s, x.shape, x.dtype)));
}
