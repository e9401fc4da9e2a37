import { describe, expect, it } from 'vitest';
import { expectClose, values } from '../../test/naive.js';
import { gemm } from './gemm.js';

// C = op(A)·op(B) by the definition, reading A as [K,M] when transA and B as [N,K] when transB.
function naive(M: number, N: number, K: number, A: number[], transA: boolean, B: number[], transB: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
      out.push(s);
    }
  }
  return out;
}

describe('gemm', () => {
  // 2·3·4 takes the small path; 17·33·29 = 16269 and 64³ take the packed 4×4 kernel, with
  // and without edges (17 and 29 are not multiples of 4).
  const sizes: [number, number, number][] = [[2, 3, 4], [1, 1, 1], [5, 7, 3], [17, 33, 29], [64, 64, 64], [8, 4, 130]];

  it('gemm(M, N, K, A, transA, B, transB) matches the textbook product for every transposition, small and packed', () => {
    for (const [M, N, K] of sizes) {
      const A = values(M * K, M);
      const B = values(K * N, N + 100);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const C = new Float64Array(M * N);
          gemm(M, N, K, A, 0, transA, B, 0, transB, C, 0, false);
          expectClose(C, naive(M, N, K, A, transA, B, transB), 1e-12, 1e-12);
        }
      }
    }
  });

  it('gemm(..., accumulate) adds into C, and reads and writes at the given offsets', () => {
    for (const [M, N, K] of [[3, 2, 4], [17, 33, 29]] as const) {
      const A = values(M * K, 1);
      const B = values(K * N, 2);
      const pad = 3;
      const Ap = [...values(pad, 7), ...A];
      const Bp = [...values(pad + 1, 8), ...B];
      for (const transB of [false, true]) {
        const before = values(M * N + 2, 9);
        const C = Float64Array.from(before);
        gemm(M, N, K, Ap, pad, true, Bp, pad + 1, transB, C, 2, true);
        const prod = naive(M, N, K, A, true, B, transB);
        expect(C[0]).toBe(before[0]);
        expect(C[1]).toBe(before[1]);
        expectClose(C.subarray(2), prod.map((p, i) => p + before[i + 2]), 1e-12, 1e-12);
      }
    }
  });

  it('gemm into float32 storage rounds each result once', () => {
    const [M, N, K] = [16, 16, 32];
    const A = values(M * K, 3);
    const B = values(K * N, 4);
    const C = new Float32Array(M * N);
    gemm(M, N, K, A, 0, false, B, 0, false, C, 0, false);
    const want = naive(M, N, K, A, false, B, false).map(Math.fround);
    expectClose(C, want, 1e-6, 1e-6);
  });

  it('gemm with K = 0 writes zeros (or leaves C unchanged when accumulating)', () => {
    const C = Float64Array.from([5, 6]);
    gemm(1, 2, 0, [], 0, false, [], 0, false, C, 0, true);
    expect(Array.from(C)).toEqual([5, 6]);
    gemm(1, 2, 0, [], 0, false, [], 0, false, C, 0, false);
    expect(Array.from(C)).toEqual([0, 0]);
  });
});
