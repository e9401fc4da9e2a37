// The matrix-multiply kernel behind matmul and its backward pass (no autograd here).
import { AttnError } from '../errors.js';
import { gemmWasm } from './gemm-wasm.js';

/** @internal M·N·K below which packing costs more than it saves (measured with `pnpm bench`). */
export const SMALL = 4096;

/**
 * @internal M·N·K from which gemm runs on the WebAssembly SIMD kernel where it is available:
 * below it, copying the operands in and C out costs more than the faster kernel saves
 * (bench/gemm-paths.mjs, 2-core EPYC: 4×4×4 0.7× the JS speed, 6×6×6 1.4×, 8×8×8 3×).
 */
export const WASM_MIN = 256;

/** @internal Which kernel gemm runs: by size (`auto`), or forced, for tests and benchmarks. */
export type GemmPath = 'auto' | 'js' | 'wasm';
let path: GemmPath = 'auto';

/**
 * @internal Forces gemm onto one kernel: `js`, or `wasm` at every size (gemm then throws where
 * WebAssembly SIMD is missing); `auto` (the default) picks by size. Returns the previous setting.
 */
export function setGemmPath(p: GemmPath): GemmPath {
  const before = path;
  path = p;
  return before;
}

/**
 * @internal C[M,N] (+)= op(A)[M,K] · op(B)[K,N], row-major, reading at the given offsets.
 * `transA`: A is stored as [K,M]; `transB`: B is stored as [N,K].
 */
export function gemm(
  M: number, N: number, K: number,
  A: ArrayLike<number>, aOff: number, transA: boolean,
  B: ArrayLike<number>, bOff: number, transB: boolean,
  C: Float32Array | Float64Array, cOff: number, accumulate: boolean,
): void {
  if (path === 'wasm' || (path === 'auto' && M * N * K >= WASM_MIN)) {
    if (gemmWasm(M, N, K, A, aOff, transA, B, bOff, transB, C, cOff, accumulate)) return;
    if (path === 'wasm') throw new AttnError('STATE', `gemm: forced onto the WebAssembly kernel, but WebAssembly SIMD is not available here, got M=${M} N=${N} K=${K}`);
  }
  if (M * N * K < SMALL) {
    const ais = transA ? 1 : K;
    const aks = transA ? M : 1;
    const bks = transB ? 1 : N;
    const bjs = transB ? K : 1;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        let ia = aOff + i * ais;
        let ib = bOff + j * bjs;
        for (let k = 0; k < K; k++, ia += aks, ib += bks) s += A[ia] * B[ib];
        const c = cOff + i * N + j;
        C[c] = accumulate ? C[c] + s : s;
      }
    }
    return;
  }
  // Pack to A row-major [M,K] and B transposed [N,K], so the kernel reads 8 sequential streams.
  let a: ArrayLike<number> = A;
  let ao = aOff;
  if (transA) {
    const p = new Float64Array(M * K);
    for (let k = 0; k < K; k++) for (let i = 0; i < M; i++) p[i * K + k] = A[aOff + k * M + i];
    a = p;
    ao = 0;
  }
  let b: ArrayLike<number> = B;
  let bo = bOff;
  if (!transB) {
    const p = new Float64Array(N * K);
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) p[j * K + k] = B[bOff + k * N + j];
    b = p;
    bo = 0;
  }
  kernelNT(M, N, K, a, ao, b, bo, C, cOff, accumulate);
}

/** C[M,N] (+)= A[M,K] · Bt[N,K]ᵀ with 4×4 register blocks. */
function kernelNT(
  M: number, N: number, K: number,
  A: ArrayLike<number>, aOff: number, B: ArrayLike<number>, bOff: number,
  C: Float32Array | Float64Array, cOff: number, accumulate: boolean,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let i = 0; i < M4; i += 4) {
    const a0 = aOff + i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    for (let j = 0; j < N4; j += 4) {
      const b0 = bOff + j * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        const y0 = B[b0 + k], y1 = B[b1 + k], y2 = B[b2 + k], y3 = B[b3 + k];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const r0 = cOff + i * N + j, r1 = r0 + N, r2 = r1 + N, r3 = r2 + N;
      if (accumulate) {
        C[r0] += c00; C[r0 + 1] += c01; C[r0 + 2] += c02; C[r0 + 3] += c03;
        C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13;
        C[r2] += c20; C[r2 + 1] += c21; C[r2 + 2] += c22; C[r2 + 3] += c23;
        C[r3] += c30; C[r3 + 1] += c31; C[r3 + 2] += c32; C[r3 + 3] += c33;
      } else {
        C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
        C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
        C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
        C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
      }
    }
  }
  // Edges: the rows below M4 and the columns right of N4, one dot product each.
  for (let i = 0; i < M; i++) {
    for (let j = i < M4 ? N4 : 0; j < N; j++) {
      let s = 0;
      const ai = aOff + i * K;
      const bj = bOff + j * K;
      for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
      const c = cOff + i * N + j;
      C[c] = accumulate ? C[c] + s : s;
    }
  }
}
