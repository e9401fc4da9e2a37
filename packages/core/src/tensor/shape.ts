import { AttnError, fmt, need } from '../errors.js';

/** @internal Number of elements of a shape (1 for a scalar `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** @internal Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** @internal Resolves a possibly negative axis against a rank, or throws naming the op. */
export function normAxis(op: string, axis: number, rank: number): number {
  need(Number.isInteger(axis), op, 'axis must be an integer', axis);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw new AttnError('RANGE', `${op}: axis ${axis} out of range for rank ${rank}`);
  }
  return a;
}

/** @internal Checks that a shape is a list of non-negative integers (the count is checked by `checkAllocation`). */
export function checkShape(op: string, shape: readonly number[]): void {
  // Runs on every new tensor: no closures on the happy path.
  need(Array.isArray(shape), op, 'shape must be an array of integers', shape);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!(Number.isSafeInteger(d) && d >= 0)) throw new AttnError('SHAPE', `${op}: shape must hold non-negative integers, got ${fmt(shape)}`);
  }
}

/**
 * The shape two shapes broadcast to, NumPy/PyTorch style (align right, 1 stretches).
 *
 * @example
 * ```ts
 * broadcastShapes([2, 1, 4], [3, 1]); // [2, 3, 4]
 * ```
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], op = 'broadcast'): number[] {
  need(Array.isArray(a) && Array.isArray(b), op, 'expected two shapes', a, b);
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new AttnError('SHAPE', `${op}: shapes cannot broadcast, got ${fmt(a)} and ${fmt(b)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** @internal True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * @internal For each flat index of `out`, the flat index into a tensor of shape `src`
 * that broadcasts to it. Used by the general (slow) path of broadcasting ops.
 */
export function broadcastIndex(src: readonly number[], out: readonly number[]): Int32Array {
  const n = sizeOf(out);
  const idx = new Int32Array(n);
  const rank = out.length;
  const offset = rank - src.length;
  const srcStrides = stridesOf(src);
  // stride 0 along broadcast axes
  const st = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const d = i < offset ? 1 : src[i - offset];
    st[i] = d === 1 ? 0 : srcStrides[i - offset];
  }
  const counter = new Array<number>(rank).fill(0);
  let j = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = j;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      j += st[ax];
      if (counter[ax] < out[ax]) break;
      j -= st[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}
