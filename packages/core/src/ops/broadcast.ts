import { broadcastIndex, broadcastShapes, sameShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { alloc, checkAllocation, resultType, type DType, type Storage } from '../tensor/storage.js';

/**
 * @internal The values of `t` laid out as if it had been broadcast to `shape` (size `n`).
 * Returns `t.data` itself when no copy is needed.
 */
export function broadcastData(t: Tensor, shape: readonly number[], n: number): Storage {
  if (t.size === n) return t.data; // equal modulo leading 1s: same flat layout
  const out = alloc(t.dtype, n, 'broadcast', shape);
  const src = t.data;
  if (t.size === 1) return out.fill(src[0]);
  const m = src.length;
  if (isSuffix(t.shape, shape)) {
    for (let i = 0; i < n; i += m) out.set(src, i);
    return out;
  }
  if (isPrefix(t.shape, shape)) {
    // [B, T, 1] → [B, T, D] (layer norm statistics): each value repeated r times
    const r = n / m;
    for (let j = 0; j < m; j++) out.fill(src[j], j * r, (j + 1) * r);
    return out;
  }
  const idx = broadcastIndex(t.shape, shape);
  for (let i = 0; i < n; i++) out[i] = src[idx[i]];
  return out;
}

/**
 * @internal Sums a gradient `g` of shape `from` down to `to`, undoing a broadcast.
 * Returns `g` itself when the shapes have the same layout.
 */
export function reduceTo(g: Storage, from: readonly number[], to: readonly number[], dtype: DType): Storage {
  const m = sizeOf(to);
  if (g.length === m) return g;
  const out = alloc(dtype, m);
  const n = g.length;
  if (m === 1) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i];
    out[0] = s;
    return out;
  }
  if (isSuffix(to, from)) {
    for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[j] += g[i + j];
    return out;
  }
  if (isPrefix(to, from)) {
    const r = n / m;
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let i = j * r; i < (j + 1) * r; i++) acc += g[i];
      out[j] = acc;
    }
    return out;
  }
  const idx = broadcastIndex(to, from);
  for (let i = 0; i < n; i++) out[idx[i]] += g[i];
  return out;
}

/** @internal Shape of a binary op's result (throws naming `op` when shapes clash). */
export function resultShape(op: string, a: Tensor, b: Tensor): readonly number[] {
  if (sameShape(a.shape, b.shape)) return a.shape;
  const shape = broadcastShapes(a.shape, b.shape, op);
  checkAllocation(op, shape, resultType(a, b)); // before broadcastData copies an operand
  return shape;
}

/** True when `small` has `big`'s rank and equals its leading axes, followed only by 1s. */
function isPrefix(small: readonly number[], big: readonly number[]): boolean {
  if (small.length !== big.length) return false;
  let k = 0;
  while (k < small.length && small[k] === big[k]) k++;
  for (let i = k; i < small.length; i++) if (small[i] !== 1) return false;
  return true;
}

/** True when `small`, without its leading 1s, equals the trailing axes of `big`. */
function isSuffix(small: readonly number[], big: readonly number[]): boolean {
  let s = 0;
  while (s < small.length && small[s] === 1) s++;
  const k = small.length - s;
  if (k > big.length) return false;
  for (let i = 0; i < k; i++) if (small[s + i] !== big[big.length - k + i]) return false;
  return true;
}
