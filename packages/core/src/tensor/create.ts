import { AttnError, check, describe, fmt, need, opts } from '../errors.js';
import { Rng } from '../random/rng.js';
import { checkShape, sizeOf } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';
import { alloc, type DType } from './storage.js';

/** Options shared by the tensor constructors. */
export interface CreateOptions {
  /** Storage type; `'float64'` by default (see the README for why). */
  dtype?: DType;
  /** Make the result a leaf that collects gradients. */
  requiresGrad?: boolean;
}

/** Options of the random constructors: a generator, or a seed for a fresh one (default seed 0). */
export interface RandomOptions extends CreateOptions {
  rng?: Rng;
  seed?: number;
}

function dtypeOf(op: string, options: CreateOptions): DType {
  const dtype = opts(op, options).dtype ?? 'float64';
  need(dtype === 'float32' || dtype === 'float64', op, "dtype must be 'float32' or 'float64'", dtype);
  return dtype;
}

function make(op: string, shape: readonly number[], options: CreateOptions, fill: (i: number) => number): Tensor {
  checkShape(op, shape);
  const n = sizeOf(shape);
  const data = alloc(dtypeOf(op, options), n, op, shape);
  for (let i = 0; i < n; i++) data[i] = fill(i);
  return new Tensor(data, shape.slice(), options.requiresGrad ?? false);
}

/**
 * A tensor from a number, nested arrays, or a flat array/typed array with `options.shape`.
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]).shape; // [2, 2]
 * tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray(); // [[1, 2], [3, 4]]
 * ```
 */
export function tensor(data: NestedArray | ArrayLike<number>, options: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  const dtype = dtypeOf('tensor', options);
  if (options.shape !== undefined) {
    checkShape('tensor', options.shape);
    const flat = typeof data === 'number' ? [data] : (data as ArrayLike<number>);
    need(Array.isArray(flat) || ArrayBuffer.isView(flat), 'tensor', 'expected a number or a flat array with options.shape', flat);
    check(flat.length === sizeOf(options.shape), 'SHAPE',
      () => `tensor: ${flat.length} values do not fill shape ${fmt(options.shape!)} (${sizeOf(options.shape!)} elements)`);
    const out = alloc(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== 'number') need(0, 'tensor', `value at index ${i} must be a number`, v);
      out[i] = v;
    }
    return new Tensor(out, options.shape.slice(), options.requiresGrad ?? false);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
    const len = (probe as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    probe = (probe as ArrayLike<unknown>)[0];
  }
  const out = alloc(dtype, sizeOf(shape), 'tensor', shape);
  let k = 0;
  const walk = (v: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v !== 'number') need(0, 'tensor', `value at ${path || 'the top'} must be a number`, v);
      out[k++] = v as number;
      return;
    }
    const isArr = Array.isArray(v) || ArrayBuffer.isView(v);
    const len = isArr ? (v as ArrayLike<unknown>).length : -1;
    if (len !== shape[axis]) {
      throw new AttnError('SHAPE',
        `tensor: ragged nested array, expected length ${shape[axis]} at ${path || 'the top'}, got ${isArr ? `length ${len}` : describe(v)}`);
    }
    for (let i = 0; i < len; i++) walk((v as ArrayLike<unknown>)[i], axis + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
  return new Tensor(out, shape, options.requiresGrad ?? false);
}

/** A tensor of zeros. @example `zeros([2, 3]).shape; // [2, 3]` */
export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return make('zeros', shape, options, () => 0);
}
/** A tensor of ones. @example `ones([2]).toArray(); // [1, 1]` */
export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return make('ones', shape, options, () => 1);
}
/** A tensor filled with `value`. @example `full([2], 7).toArray(); // [7, 7]` */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  need(typeof value === 'number', 'full', 'value must be a number', value);
  return make('full', shape, options, () => value);
}

/**
 * Evenly spaced values in `[start, end)`; with one argument, `[0, start)`.
 *
 * @example
 * ```ts
 * arange(4).toArray(); // [0, 1, 2, 3]
 * arange(1, 2, 0.5).toArray(); // [1, 1.5]
 * ```
 */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  need([lo, hi, step].every(Number.isFinite) && step !== 0, 'arange', 'start, end and step must be finite and step non-zero', lo, hi, step);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  return make('arange', [n], options, (i) => lo + i * step);
}

/** An identity matrix `[n, m]` (`m = n` by default). @example `eye(2).toArray(); // [[1, 0], [0, 1]]` */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  return make('eye', [n, m], options, (i) => (Math.floor(i / m) === i % m ? 1 : 0));
}

function rngOf(op: string, options: RandomOptions): Rng {
  dtypeOf(op, options);
  if (options.rng !== undefined) {
    need(options.rng instanceof Rng, op, 'rng must be an Rng', options.rng);
    return options.rng;
  }
  return new Rng(options.seed ?? 0);
}

/**
 * Uniform samples in `[low, high)` (default `[0, 1)`) from a seeded generator.
 *
 * @example
 * ```ts
 * rand([2, 2], { seed: 7 }).shape; // [2, 2]
 * ```
 */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const rng = rngOf('rand', options);
  const { low = 0, high = 1 } = options;
  need(typeof low === 'number' && typeof high === 'number', 'rand', 'expected numbers low and high', low, high);
  // float32: keep 24 random bits, so that rounding to float32 cannot turn 1 - 2⁻⁵³ into 1.
  const u = options.dtype === 'float32' ? () => Math.floor(rng.uniform() * 16777216) / 16777216 : () => rng.uniform();
  return make('rand', shape, options, () => low + u() * (high - low));
}

/**
 * Normal samples (default mean 0, std 1) from a seeded generator.
 *
 * @example
 * ```ts
 * randn([3], { seed: 1, std: 0.02 }).shape; // [3]
 * ```
 */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const rng = rngOf('randn', options);
  const { mean = 0, std = 1 } = options;
  need(typeof mean === 'number' && typeof std === 'number', 'randn', 'expected numbers mean and std', mean, std);
  return make('randn', shape, options, () => rng.normal(mean, std));
}
