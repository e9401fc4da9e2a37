import { broadcastIndex, broadcastShapes, sameShape, sizeOf } from '../tensor/shape.js';
import { alloc, type DType, type Storage, type Tensor } from '../tensor/tensor.js';

/**
 * @internal The values of `t` laid out as if it had been broadcast to `shape` (size `n`).
 * Returns `t.data` itself when no copy is needed.
 */
export function broadcastData(t: Tensor, shape: readonly number[], n: number): Storage {
  if (t.size === n) return t.data; // equal modulo leading 1s: same flat layout
  const out = alloc(t.dtype, n);
  const src = t.data;
  if (t.size === 1) return out.fill(src[0]);
  const m = src.length;
  if (isSuffix(t.shape, shape)) {
    for (let i = 0; i < n; i += m) out.set(src, i);
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
  const idx = broadcastIndex(to, from);
  for (let i = 0; i < n; i++) out[idx[i]] += g[i];
  return out;
}

/** @internal Shape of a binary op's result (throws naming `op` when shapes clash). */
export function resultShape(op: string, a: Tensor, b: Tensor): readonly number[] {
  return sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op);
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
