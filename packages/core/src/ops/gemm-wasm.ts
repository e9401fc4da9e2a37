// The WebAssembly SIMD path of gemm (the kernel is gemm.wat). Compiled and instantiated on the
// first call that needs it, never at import; where WebAssembly or its SIMD is missing (or a
// content security policy forbids compiling it), gemmWasm returns false and gemm stays on JS.
import { GEMM_WASM } from './gemm-wasm-bytes.js';

interface Kernel {
  memory: WebAssembly.Memory;
  pack(src: number, rows: number, depth: number, rs: number, ds: number, dst: number): void;
  gemm(mp: number, np: number, K: number, a: number, b: number, c: number): void;
  pack32(src: number, rows: number, depth: number, rs: number, ds: number, dst: number, w: number): void;
  gemm32(mp: number, np: number, K: number, a: number, b: number, c: number): void;
}

/** undefined: not tried yet; null: unavailable here. */
let kernel: Kernel | null | undefined;
let heap = new Float64Array(0);
let heap32 = new Float32Array(0);

/**
 * Largest linear memory the kernel grows to (it never shrinks); bigger products take the JS path.
 * 256 MiB holds a 2,900 × 2,900 × 2,900 product.
 */
const MAX_BYTES = 2 ** 28;

function load(): Kernel | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bin = atob(GEMM_WASM);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    // The kernel itself is the SIMD probe: without v128 support it does not validate.
    if (!WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Kernel;
  } catch {
    return null;
  }
}

/** @internal Whether the WebAssembly SIMD kernel runs here (loads it on first call). */
export function wasmAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return kernel !== null;
}

/** @internal Forgets the loaded kernel, so the next call loads it again (for tests). */
export function resetWasm(): void {
  kernel = undefined;
  heap = new Float64Array(0);
  heap32 = new Float32Array(0);
}

/** Copies n values of src from off into h at `at` (long typed arrays convert in one native call). */
function copyIn(h: Float32Array | Float64Array, src: ArrayLike<number>, off: number, n: number, at: number): void {
  // a short operand (the many small products of batched attention) is copied by a loop: set()
  // would first create a subarray object
  if (n >= 48 && ArrayBuffer.isView(src)) h.set((src as Float64Array).subarray(off, off + n), at);
  else for (let i = 0; i < n; i++) h[at + i] = src[off + i];
}

/**
 * @internal gemm's contract (see gemm.ts) on the WebAssembly kernel. Returns false, having done
 * nothing, when the kernel is unavailable or the operands would not fit its memory.
 * Float32Array A, B and C run in float32 (f32x4, twice as fast; sums rounded to float32 as they
 * go), anything else in float64 (f64x2, the JS kernel's results bit for bit).
 */
export function gemmWasm(
  M: number, N: number, K: number,
  A: ArrayLike<number>, aOff: number, transA: boolean,
  B: ArrayLike<number>, bOff: number, transB: boolean,
  C: Float32Array | Float64Array, cOff: number, accumulate: boolean,
): boolean {
  if (kernel === undefined) kernel = load();
  if (kernel === null) return false;
  const f32 = A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array;
  const size = f32 ? 4 : 8; // bytes per number
  const nr = f32 ? 8 : 4; // columns of C per block (rows per B panel); A panels have 4 rows
  const Mp = Math.ceil(M / 4) * 4;
  const Np = Math.ceil(N / nr) * nr;
  // Layout (bytes): A panels, B panels, then C — which first serves as the unpacked operand.
  const bAt = Mp * K * size;
  const cAt = bAt + Np * K * size;
  const total = cAt + Math.max(Mp * Np, M * K, K * N) * size;
  if (total > MAX_BYTES) return false;
  const memory = kernel.memory;
  if (memory.buffer.byteLength < total) {
    try {
      memory.grow(Math.ceil((total - memory.buffer.byteLength) / 65536));
    } catch {
      return false;
    }
  }
  if (heap.buffer !== memory.buffer) {
    heap = new Float64Array(memory.buffer);
    heap32 = new Float32Array(memory.buffer);
  }
  const h = f32 ? heap32 : heap;
  const raw = cAt / size;
  copyIn(h, A, aOff, M * K, raw);
  if (f32) kernel.pack32(cAt, M, K, transA ? 1 : K, transA ? M : 1, 0, 4);
  else kernel.pack(cAt, M, K, transA ? 1 : K, transA ? M : 1, 0);
  copyIn(h, B, bOff, K * N, raw);
  if (f32) kernel.pack32(cAt, N, K, transB ? K : 1, transB ? 1 : N, bAt, 8);
  else kernel.pack(cAt, N, K, transB ? K : 1, transB ? 1 : N, bAt);
  if (f32) kernel.gemm32(Mp / 4, Np / 8, K, 0, bAt, cAt);
  else kernel.gemm(Mp / 4, Np / 4, K, 0, bAt, cAt);
  if (!accumulate && (N === Np || M === 1)) {
    C.set(h.subarray(raw, raw + M * N), cOff); // C is one contiguous block
  } else if (!accumulate && N >= 64) {
    for (let i = 0, s = raw, d = cOff; i < M; i++, s += Np, d += N) C.set(h.subarray(s, s + N), d);
  } else {
    // Short rows: a plain loop beats a subarray (an allocation) per row.
    for (let i = 0, s = raw, d = cOff; i < M; i++, s += Np, d += N) {
      if (accumulate) for (let j = 0; j < N; j++) C[d + j] += h[s + j];
      else for (let j = 0; j < N; j++) C[d + j] = h[s + j];
    }
  }
  return true;
}
