// A tensor's storage: typed arrays, their dtypes and their allocation. Ops import these from here
// rather than from tensor.ts, so that only the modules behind Tensor's methods import tensor.ts
// and are imported by it (test/imports.test.ts lists that cycle).
import { AttnError, fmt, need } from '../errors.js';
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
let maxBytes = 2 ** 32;

/**
 * Sets the largest storage one tensor may allocate, in bytes (default 2³² = 4 GiB), and returns
 * the previous limit. A larger allocation throws `AttnError` `RESOURCE` naming the op, the shape
 * and the bytes before any memory is taken; `Infinity` leaves only the engine's own limit.
 *
 * @example
 * ```ts
 * const previous = setMaxAllocation(2 ** 20); // a limit of 1 MiB: now zeros([1024, 1024]) (8 MiB) throws
 * getMaxAllocation(); // 1048576
 * setMaxAllocation(previous);
 * ```
 */
export function setMaxAllocation(bytes: number): number {
  need(typeof bytes === 'number' && bytes > 0, 'setMaxAllocation', 'bytes must be a number > 0', bytes);
  const previous = maxBytes;
  maxBytes = bytes;
  return previous;
}

/** The largest storage one tensor may allocate, in bytes (see {@link setMaxAllocation}). @example `getMaxAllocation(); // 4294967296` */
export function getMaxAllocation(): number {
  return maxBytes;
}

/**
 * Checks, before allocating, that storage for `shape` fits the limit of {@link setMaxAllocation},
 * and returns its element count; `op` names the caller in the error. A count that is not a safe
 * integer throws `AttnError` `SHAPE`, one over the limit `RESOURCE`.
 *
 * @example
 * ```ts
 * checkAllocation('myOp', [1000, 1000]); // 1000000
 * ```
 */
export function checkAllocation(op: string, shape: readonly number[], dtype: DType = 'float64', n = shape.reduce((a, b) => a * b, 1)): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    throw new AttnError('SHAPE', `${op}: shape ${fmt(shape)} has ${n} elements, not a safe integer count`);
  }
  const bytes = n * (dtype === 'float32' ? 4 : 8);
  if (bytes > maxBytes) {
    throw new AttnError('RESOURCE', `${op}: ${fmt(shape)} ${dtype} needs ${bytes} bytes, over the limit of ${maxBytes} (setMaxAllocation)`);
  }
  return n;
}

/**
 * @internal Allocates zero-filled storage of a dtype (possibly a view into a shared slab). Past
 * the slab's sizes the count is checked by {@link checkAllocation} first (`op` and `shape` name it).
 */
export function alloc(dtype: DType, n: number, op = 'alloc', shape?: readonly number[]): Storage {
  const width = dtype === 'float32' ? 4 : 8;
  const bytes = n * width;
  if (bytes <= 64 && bytes >= 0) return width === 4 ? new Float32Array(n) : new Float64Array(n);
  if (!(bytes <= SLAB_MAX_BYTES && bytes > 0)) return large(dtype, n, op, shape ?? [n]);
  const start = (slabUsed + 7) & ~7;
  if (start + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = bytes;
    return width === 4 ? new Float32Array(slab, 0, n) : new Float64Array(slab, 0, n);
  }
  slabUsed = start + bytes;
  return width === 4 ? new Float32Array(slab, start, n) : new Float64Array(slab, start, n);
}

function large(dtype: DType, n: number, op: string, shape: readonly number[]): Storage {
  checkAllocation(op, shape, dtype, n);
  try {
    return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  } catch {
    // under the limit but more than the engine or the machine can give
    throw new AttnError('RESOURCE', `${op}: ${fmt(shape)} ${dtype} could not be allocated`);
  }
}

/** @internal The dtype of a result: float64 if any input is float64. */
export function resultType(a: Tensor, b?: Tensor): DType {
  return a.data instanceof Float64Array || (b !== undefined && b.data instanceof Float64Array) ? 'float64' : 'float32';
}
