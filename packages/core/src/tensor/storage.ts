// A tensor's storage: typed arrays, their dtypes and their allocation. Ops import these from here
// rather than from tensor.ts, so that only the modules behind Tensor's methods import tensor.ts
// and are imported by it (test/imports.test.ts lists that cycle).
import type { Tensor } from './tensor.js';

/** Element type of a tensor's storage. */
export type DType = 'float32' | 'float64';
/** The typed array behind a tensor, row-major. */
export type Storage = Float32Array | Float64Array;

// V8 keeps typed arrays of up to 64 bytes on the heap and creates them in ~20 ns; a larger one
// gets its own backing store (~200 ns). Small models create thousands of 9–128 element arrays per
// training step, so those are carved out of shared 16 kB slabs (zero-filled, never reused).
const SLAB_BYTES = 16384;
const SLAB_MAX_BYTES = 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** @internal Allocates zero-filled storage of a dtype (possibly a view into a shared slab). */
export function alloc(dtype: DType, n: number): Storage {
  const width = dtype === 'float32' ? 4 : 8;
  const bytes = n * width;
  if (bytes <= 64 || bytes > SLAB_MAX_BYTES) return width === 4 ? new Float32Array(n) : new Float64Array(n);
  const start = (slabUsed + 7) & ~7;
  if (start + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = bytes;
    return width === 4 ? new Float32Array(slab, 0, n) : new Float64Array(slab, 0, n);
  }
  slabUsed = start + bytes;
  return width === 4 ? new Float32Array(slab, start, n) : new Float64Array(slab, start, n);
}

/** @internal The dtype of a result: float64 if any input is float64. */
export function resultType(a: Tensor, b?: Tensor): DType {
  return a.data instanceof Float64Array || (b !== undefined && b.data instanceof Float64Array) ? 'float64' : 'float32';
}
