import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { values } from '../../test/naive.js';
import { Rng } from '../random/rng.js';
import { tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { gemm, type GemmPath, setGemmPath, WASM_MIN } from './gemm.js';
import { gemmWasm, resetWasm, wasmAvailable } from './gemm-wasm.js';
import { GEMM_WASM } from './gemm-wasm-bytes.js';
import { linear } from './linear.js';
import { matmul } from './matmul.js';

const coreDir = fileURLToPath(new URL('../..', import.meta.url));

afterEach(() => {
  setGemmPath('auto');
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  resetWasm();
});

/** Runs f with gemm forced onto one kernel. */
function on<T>(p: GemmPath, f: () => T): T {
  const before = setGemmPath(p);
  try {
    return f();
  } finally {
    setGemmPath(before);
  }
}

/** gemm's output for one call, starting from `init` (which matters when accumulating). */
function run(
  p: GemmPath, M: number, N: number, K: number,
  A: ArrayLike<number>, aOff: number, transA: boolean, B: ArrayLike<number>, bOff: number, transB: boolean,
  init: Float32Array | Float64Array, cOff: number, accumulate: boolean,
): number[] {
  const C = init.slice();
  on(p, () => gemm(M, N, K, A, aOff, transA, B, bOff, transB, C, cOff, accumulate));
  return Array.from(C);
}

describe('gemm on the WebAssembly SIMD kernel', () => {
  it('gemm-wasm-bytes.ts is what scripts/build-wasm.mjs makes of gemm.wat (so it cannot drift)', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: coreDir, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  }, 30_000);

  it('the kernels are under 4 kB, the most older Chrome compiles synchronously on the main thread', () => {
    expect(atob(GEMM_WASM).length).toBeLessThan(4096);
  });

  it('runs here: Node 20 has WebAssembly SIMD, so the tests below compare two real kernels', () => {
    expect(wasmAvailable()).toBe(true);
  });

  it('gemm(M, N, K, ...) on wasm equals the JS kernel bit for bit, for 300 random shapes, transpositions, offsets and accumulation', () => {
    // Both kernels sum each element over k in order with separate multiplies and adds, so the
    // results are identical, not just close; shapes cover every remainder of M and N modulo 4
    // and both JS paths (below and above SMALL).
    const rng = new Rng(7);
    const int = (lo: number, hi: number) => lo + (rng.nextUint32() % (hi - lo + 1));
    const coin = (p: number) => rng.nextUint32() < p * 2 ** 32;
    for (let t = 0; t < 300; t++) {
      const big = t % 10 === 0;
      const M = int(1, big ? 90 : 21);
      const N = int(1, big ? 90 : 21);
      const K = int(0, big ? 90 : 40);
      const transA = coin(0.5);
      const transB = coin(0.5);
      const accumulate = coin(0.3);
      const aOff = int(0, 3);
      const bOff = int(0, 3);
      const cOff = int(0, 3);
      const A = Float64Array.from(values(aOff + M * K, t), (v) => v * 3);
      const B = values(bOff + K * N, t + 1000); // a plain array: the copy-in handles both
      const init = Float64Array.from(values(cOff + M * N + 2, t + 2000));
      const args = [M, N, K, A, aOff, transA, B, bOff, transB, init, cOff, accumulate] as const;
      expect(run('wasm', ...args), `M=${M} N=${N} K=${K} transA=${transA} transB=${transB} accumulate=${accumulate}`).toEqual(run('js', ...args));
    }
  });

  it('gemm on float32 A, B and C runs in float32 (f32x4) within float32 rounding of the JS kernel, for 200 random shapes', () => {
    // The JS kernel sums in float64 and rounds once; f32x4 rounds every partial sum, so each
    // element may differ by the summation error bound K·2⁻²⁴·Σ|a·b| (plus one rounding of C).
    const rng = new Rng(11);
    const int = (lo: number, hi: number) => lo + (rng.nextUint32() % (hi - lo + 1));
    let worst = 0;
    for (let t = 0; t < 200; t++) {
      const [M, N, K] = t % 20 === 0 ? [int(40, 80), int(40, 80), int(40, 200)] : [int(1, 19), int(1, 19), int(0, 60)];
      const [transA, transB, accumulate] = [int(0, 1) === 1, int(0, 1) === 1, int(0, 3) === 0];
      const [aOff, bOff, cOff] = [int(0, 3), int(0, 3), int(0, 3)];
      const A = Float32Array.from(values(aOff + M * K, t));
      const B = Float32Array.from(values(bOff + K * N, t + 500));
      const init = Float32Array.from(values(cOff + M * N + 1, t + 900));
      const args = [M, N, K, A, aOff, transA, B, bOff, transB, init, cOff, accumulate] as const;
      const wasm = run('wasm', ...args);
      const js = run('js', ...args);
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let abs = accumulate ? Math.abs(init[cOff + i * N + j]) : 0;
          for (let k = 0; k < K; k++) {
            abs += Math.abs(A[aOff + (transA ? k * M + i : i * K + k)] * B[bOff + (transB ? j * K + k : k * N + j)]);
          }
          const c = cOff + i * N + j;
          const bound = (K + 2) * 2 ** -24 * abs + 1e-30;
          worst = Math.max(worst, Math.abs(wasm[c] - js[c]) / bound);
          expect(Math.abs(wasm[c] - js[c]), `M=${M} N=${N} K=${K} at ${i},${j}`).toBeLessThanOrEqual(bound);
        }
      }
      expect(wasm.slice(0, cOff)).toEqual(js.slice(0, cOff));
      expect(wasm.slice(cOff + M * N)).toEqual(js.slice(cOff + M * N));
    }
    expect(worst).toBeGreaterThan(0); // it did run in float32: the sums differ somewhere
  });

  it('gemm with float32 and float64 operands mixed runs in float64, equal to the JS kernel bit for bit', () => {
    for (const [M, N, K] of [[33, 17, 40], [64, 64, 64], [5, 130, 9]]) {
      const A = Float32Array.from(values(M * K, M));
      const B = Float64Array.from(values(K * N, N));
      for (const accumulate of [false, true]) {
        const init = Float32Array.from(values(M * N, K)); // float32 C: rounded once at the end
        const args = [M, N, K, A, 0, false, B, 0, true, init, 0, accumulate] as const;
        expect(run('wasm', ...args)).toEqual(run('js', ...args));
      }
    }
  });

  it('gemm with non-finite inputs gives the JS results (the zero padding never meets them)', () => {
    const [M, N, K] = [6, 7, 9];
    const A = values(M * K, 3);
    const B = values(K * N, 4);
    A[5] = Infinity;
    B[8] = NaN;
    B[20] = -Infinity;
    const args = [M, N, K, A, 0, false, B, 0, false, new Float64Array(M * N), 0, false] as const;
    expect(run('wasm', ...args)).toEqual(run('js', ...args));
  });

  it('gemm with K past 256, where the kernel works in slices of k, still equals the JS kernel bit for bit (float32: within rounding)', () => {
    for (const [M, N, K] of [[5, 6, 256], [9, 7, 257], [4, 12, 513], [13, 3, 700]]) {
      for (const [transA, transB, accumulate] of [[false, false, false], [true, true, true], [false, true, true]]) {
        const A = values(M * K, K);
        const B = values(K * N, K + 1);
        const init = Float64Array.from(values(M * N, 3));
        const args = [M, N, K, A, 0, transA, B, 0, transB, init, 0, accumulate] as const;
        expect(run('wasm', ...args), `M=${M} N=${N} K=${K}`).toEqual(run('js', ...args));
        const args32 = [M, N, K, Float32Array.from(A), 0, transA, Float32Array.from(B), 0, transB, Float32Array.from(init), 0, accumulate] as const;
        const [w, j] = [run('wasm', ...args32), run('js', ...args32)];
        w.forEach((v, i) => expect(Math.abs(v - j[i])).toBeLessThan(K * 2 ** -24 * K));
      }
    }
  });

  it('gemm grows the kernel memory for a large product and keeps working at small sizes after it', () => {
    for (const [M, N, K] of [[300, 290, 310], [3, 5, 7]]) {
      const A = values(M * K, 1);
      const B = values(K * N, 2);
      const args = [M, N, K, A, 0, false, B, 0, false, new Float64Array(M * N), 0, false] as const;
      expect(run('wasm', ...args)).toEqual(run('js', ...args));
    }
  });

  it('gemm loads the kernel on first use only, and picks it from WASM_MIN on (auto), the JS kernel below', () => {
    const loads = vi.spyOn(WebAssembly, 'validate'); // calls through: counts loads
    const RealInstance = WebAssembly.Instance;
    let kernelCalls = 0;
    vi.spyOn(WebAssembly, 'Instance').mockImplementation(function (m: WebAssembly.Module, imports?: WebAssembly.Imports) {
      const { exports } = new RealInstance(m, imports);
      const gemmExport = exports.gemm as (...a: number[]) => void;
      return { exports: { ...exports, gemm: (...a: number[]) => { kernelCalls++; gemmExport(...a); } } };
    });
    resetWasm();
    const n = Math.ceil(Math.cbrt(WASM_MIN));
    const C = new Float64Array(n * n);
    const product = (m: number) => gemm(m, n, n, values(m * n, 1), 0, false, values(n * n, 2), 0, false, C, 0, false);
    product(Math.floor((WASM_MIN - 1) / (n * n))); // M·N·K < WASM_MIN
    expect([loads.mock.calls.length, kernelCalls]).toEqual([0, 0]); // not even loaded
    product(n);
    expect([loads.mock.calls.length, kernelCalls]).toEqual([1, 1]);
    product(n);
    product(1);
    expect([loads.mock.calls.length, kernelCalls]).toEqual([1, 2]); // loaded once
  });
});

describe('gemm without WebAssembly SIMD', () => {
  // The kernel's own bytes are the SIMD probe: an engine without SIMD does not validate them.
  it('falls back to the JS kernel when WebAssembly.validate rejects the kernel (no SIMD)', () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    resetWasm();
    expect(wasmAvailable()).toBe(false);
    const [M, N, K] = [40, 40, 40];
    const A = values(M * K, 1);
    const B = values(K * N, 2);
    const C = new Float64Array(M * N);
    expect(gemmWasm(M, N, K, A, 0, false, B, 0, false, C, 0, false)).toBe(false);
    expect(Array.from(C).every((v) => v === 0)).toBe(true); // did nothing
    const auto = run('auto', M, N, K, A, 0, false, B, 0, false, C, 0, false);
    vi.restoreAllMocks();
    resetWasm();
    expect(auto).toEqual(run('js', M, N, K, A, 0, false, B, 0, false, C, 0, false));
  });

  it('falls back when there is no WebAssembly at all, or compiling it is forbidden', () => {
    const [M, N, K] = [20, 30, 40];
    const A = values(M * K, 1);
    const B = values(K * N, 2);
    const want = run('js', M, N, K, A, 0, false, B, 0, true, new Float64Array(M * N), 0, false);
    vi.stubGlobal('WebAssembly', undefined);
    resetWasm();
    expect(wasmAvailable()).toBe(false);
    expect(run('auto', M, N, K, A, 0, false, B, 0, true, new Float64Array(M * N), 0, false)).toEqual(want);
    vi.unstubAllGlobals();
    // e.g. a content security policy without 'wasm-unsafe-eval' makes compiling throw
    vi.spyOn(WebAssembly, 'Module').mockImplementation(() => {
      throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder');
    });
    resetWasm();
    expect(wasmAvailable()).toBe(false);
    expect(run('auto', M, N, K, A, 0, false, B, 0, true, new Float64Array(M * N), 0, false)).toEqual(want);
  });

  it("gemm forced onto 'wasm' where it is missing throws an AttnError naming the sizes", () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    resetWasm();
    expectAttnError(
      () => on('wasm', () => gemm(2, 3, 4, values(8, 1), 0, false, values(12, 2), 0, false, new Float64Array(6), 0, false)),
      'STATE',
      'gemm: forced onto the WebAssembly kernel, but WebAssembly SIMD is not available here, got M=2 N=3 K=4',
    );
  });
});

describe('matmul and linear on the wasm kernel', () => {
  /** Value and gradients of sum(f(leaves) · u) with gemm on path p. */
  function valueAndGrads(p: GemmPath, f: (...t: Tensor[]) => Tensor, inputs: Tensor[], seed: number) {
    return on(p, () => {
      const leaves = inputs.map((t) => new Tensor(t.data.slice(), t.shape, true));
      const out = f(...leaves);
      out.backward(tensor(values(out.size, seed), { shape: out.shape }));
      return { value: Array.from(out.data), grads: leaves.map((l) => Array.from(l.grad!.data)) };
    });
  }
  const filled = (shape: number[], seed: number) => tensor(values(shape.reduce((a, b) => a * b, 1), seed), { shape });

  it('matmul(a, b) forward and backward (dA = g·Bᵀ, dB = Aᵀ·g) match the JS kernel, batched and broadcast', () => {
    const cases: [number[], number[]][] = [
      [[7, 9], [9, 5]],
      [[33, 17], [17, 66]],
      [[3, 6, 10], [3, 10, 7]], // batched
      [[2, 1, 5, 13], [4, 13, 6]], // batch axes broadcast both ways
      [[11], [11, 9]], // 1-D a
      [[6, 21], [21]], // 1-D b
      [[64, 64], [64, 64]],
    ];
    cases.forEach(([as, bs], i) => {
      const inputs = [filled(as, i), filled(bs, i + 50)];
      const f = (a: Tensor, b: Tensor) => matmul(a, b);
      expect(valueAndGrads('wasm', f, inputs, i + 99), `a [${as}] b [${bs}]`).toEqual(valueAndGrads('js', f, inputs, i + 99));
    });
  });

  it('matmul(a, b) on float32 tensors, forward and backward, agrees with the JS kernel within float32 rounding', () => {
    const a = tensor(values(3 * 20 * 30, 1), { shape: [3, 20, 30], dtype: 'float32' });
    const b = tensor(values(30 * 25, 2), { shape: [30, 25], dtype: 'float32' });
    const f = (x: Tensor, y: Tensor) => matmul(x, y);
    const [w, j] = (['wasm', 'js'] as const).map((p) => valueAndGrads(p, f, [a, b], 3));
    const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThan(1e-5 * (1 + Math.abs(want[i]))));
    close(w.value, j.value);
    w.grads.forEach((g, i) => close(g, j.grads[i]));
  });

  it('linear(x, w, b) forward and backward (dx = g·w, dw = gᵀ·x) match the JS kernel above the small-layer loop', () => {
    const cases: [number[], number[]][] = [[[9, 13], [7, 13]], [[2, 16, 16], [32, 16]], [[40, 33], [29, 33]]];
    cases.forEach(([xs, ws], i) => {
      const inputs = [filled(xs, i), filled(ws, i + 10), filled([ws[0]], i + 20)];
      const f = (x: Tensor, w: Tensor, b: Tensor) => linear(x, w, b);
      expect(valueAndGrads('wasm', f, inputs, i + 7), `x [${xs}] w [${ws}]`).toEqual(valueAndGrads('js', f, inputs, i + 7));
    });
  });
});
