// Naive float64 reference implementations for the op tests: written for obviousness, not speed,
// and sharing no code with src, so that agreeing with them means something.
import { expect } from 'vitest';
import type { Tensor } from '../src/tensor/tensor.js';

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Number of elements of a shape. */
export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The multi-index of flat position `f` in `shape`. */
export function unravel(f: number, shape: readonly number[]): number[] {
  const idx: number[] = [];
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = f % shape[i];
    f = Math.floor(f / shape[i]);
  }
  return idx;
}

/** The element of `t` at multi-index `idx`, right-aligned and broadcast (size-1 axes read index 0). */
export function at(t: { data: ArrayLike<number>; shape: readonly number[] }, idx: readonly number[]): number {
  const off = idx.length - t.shape.length;
  let flat = 0;
  for (let i = 0; i < t.shape.length; i++) flat = flat * t.shape[i] + (t.shape[i] === 1 ? 0 : idx[i + off]);
  return t.data[flat];
}

/** A deterministic list of `n` "random" values in [-1, 1) from a tiny LCG (independent of Rng). */
export function values(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Textbook matrix product with torch.matmul's rules for 1-D operands and broadcast batch axes. */
export function naiveMatmul(a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const as = a.rank === 1 ? [1, a.shape[0]] : a.shape.slice();
  const bs = b.rank === 1 ? [b.shape[0], 1] : b.shape.slice();
  const [M, K, N] = [as[as.length - 2], as[as.length - 1], bs[bs.length - 1]];
  const ab = as.slice(0, -2);
  const bb = bs.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = ab[i - (rank - ab.length)] ?? 1;
    const db = bb[i - (rank - bb.length)] ?? 1;
    batch.push(Math.max(da, db));
  }
  const A = { data: a.data, shape: as };
  const B = { data: b.data, shape: bs };
  const data: number[] = [];
  for (let t = 0; t < numel(batch); t++) {
    const bi = unravel(t, batch);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += at(A, [...bi, i, k]) * at(B, [...bi, k, j]);
        data.push(s);
      }
    }
  }
  const shape = [...batch, ...(a.rank > 1 ? [M] : []), ...(b.rank > 1 ? [N] : [])];
  return { shape, data };
}

/** Expects every element of `got` to be within `atol + rtol·|want|` of `want`. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, atol = 1e-12, rtol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const ok = Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]));
    if (!ok) expect.fail(`element ${i}: got ${got[i]}, want ${want[i]} (atol ${atol}, rtol ${rtol})`);
  }
}
