import { runBackward } from '../autograd/engine.js';
import { AttnError, describe, fmt, need } from '../errors.js';
import * as ew from '../ops/elementwise.js';
import * as cmp from '../ops/compare.js';
import * as red from '../ops/reduce.js';
import * as shp from '../ops/shape.js';
import { matmul } from '../ops/matmul.js';
import { softmax, logSoftmax } from '../ops/softmax.js';
import { formatTensor } from './format.js';
import { checkShape, sizeOf } from './shape.js';
import { alloc, type DType, type Storage } from './storage.js';

/** A number or arbitrarily nested arrays of numbers, as accepted by {@link tensor}. */
export type NestedArray = number | NestedArray[];
/** A tensor or a plain number (treated as a scalar tensor). */
export type TensorLike = Tensor | number;

/**
 * An n-dimensional array of numbers with reverse-mode autograd.
 *
 * Storage is a row-major typed array (`float64` by default); `shape` lists the sizes of the
 * axes, `[batch, seq, dModel]` style. Tensors are immutable from the outside: every op returns
 * a new tensor, and records how to send gradients back when an input `requiresGrad`.
 *
 * @example
 * ```ts
 * const w = tensor([[1, 2], [3, 4]]).requireGrad();
 * const loss = w.mul(w).sum();
 * loss.backward();
 * w.grad?.toArray(); // [[2, 4], [6, 8]]
 * ```
 */
export class Tensor {
  /**
   * Row-major storage. Mutating it bypasses autograd; optimizers do so on purpose. Small arrays may
   * be views into a shared buffer: respect `byteOffset` when using `data.buffer`.
   */
  readonly data: Storage;
  /** Sizes of the axes; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Whether gradients flow into this tensor during {@link Tensor.backward}. */
  requiresGrad: boolean;
  /** dL/d(this) after {@link Tensor.backward}, for leaves that require grad; `null` before. */
  grad: Tensor | null = null;
  /** @internal Inputs of the op that produced this tensor. */
  _parents: readonly Tensor[] | null = null;
  /** @internal Sends dL/d(this) to the parents. */
  _backward: ((g: Storage) => void) | null = null;
  /** @internal dL/d(this) of an intermediate node during backward (leaves use `grad`). */
  _g: Storage | null = null;
  /** @internal Visit mark of the current backward sweep. */
  _mark = 0;

  constructor(data: Storage, shape: readonly number[], requiresGrad = false) {
    need(data instanceof Float64Array || data instanceof Float32Array, 'Tensor', 'expected a Float32Array or Float64Array', data);
    checkShape('Tensor', shape);
    if (data.length !== sizeOf(shape)) {
      throw new AttnError('SHAPE', `Tensor: data has ${data.length} elements but shape ${fmt(shape)} needs ${sizeOf(shape)}`);
    }
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
  }

  /** Element type: `'float32'` or `'float64'`. */
  get dtype(): DType {
    return this.data instanceof Float32Array ? 'float32' : 'float64';
  }
  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }
  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Marks this tensor as a leaf that collects gradients, and returns it. */
  requireGrad(on = true): this {
    this.requiresGrad = on;
    return this;
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires grad.
   * A scalar needs no argument; otherwise pass dL/d(this) as `upstream`. Gradients accumulate
   * into `.grad` of the leaves; the graph is freed afterwards, like PyTorch.
   */
  backward(upstream?: Tensor): void {
    runBackward(this, upstream);
  }

  /** A tensor with the same data that is cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** Sets `.grad` back to `null`. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new AttnError('SHAPE', `item: tensor must have exactly one element, got shape ${fmt(this.shape)}`);
    return this.data[0];
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const { data, shape } = this;
    if (shape.length === 0) return data[0];
    let i = 0;
    const build = (axis: number): NestedArray[] => {
      const out: NestedArray[] = [];
      for (let k = 0; k < shape[axis]; k++) out.push(axis === shape.length - 1 ? data[i++] : build(axis + 1));
      return out;
    };
    return build(0);
  }

  /** A copy of the values as a flat array, row-major. */
  toFlat(): number[] {
    return Array.from(this.data);
  }

  /** Readable text: values, shape and dtype, e.g. `tensor([[1, 2], [3, 4]], shape=[2,2])`. */
  toString(): string {
    return formatTensor(this);
  }

  // Method forms of the ops, for chaining; each is documented at its function.
  add(b: TensorLike): Tensor { return ew.add(this, b); }
  sub(b: TensorLike): Tensor { return ew.sub(this, b); }
  mul(b: TensorLike): Tensor { return ew.mul(this, b); }
  div(b: TensorLike): Tensor { return ew.div(this, b); }
  pow(p: number): Tensor { return ew.pow(this, p); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  tanh(): Tensor { return ew.tanh(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  relu(): Tensor { return ew.relu(this); }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor { return ew.gelu(this, approximate); }
  matmul(b: Tensor): Tensor { return matmul(this, b); }
  sum(axis?: number | number[], keepdims = false): Tensor { return red.sum(this, axis, keepdims); }
  mean(axis?: number | number[], keepdims = false): Tensor { return red.mean(this, axis, keepdims); }
  max(axis?: number | number[], keepdims = false): Tensor { return red.max(this, axis, keepdims); }
  min(axis?: number | number[], keepdims = false): Tensor { return red.min(this, axis, keepdims); }
  var(axis?: number | number[], options?: red.VarOptions): Tensor { return red.variance(this, axis, options); }
  argmax(axis?: number, keepdims = false): Tensor { return red.argmax(this, axis, keepdims); }
  softmax(axis = -1): Tensor { return softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return logSoftmax(this, axis); }
  reshape(shape: readonly number[]): Tensor { return shp.reshape(this, shape); }
  permute(axes: readonly number[]): Tensor { return shp.permute(this, axes); }
  transpose(axis0 = -2, axis1 = -1): Tensor { return shp.transpose(this, axis0, axis1); }
  slice(axis: number, start: number, end?: number): Tensor { return shp.slice(this, axis, start, end); }
  index(i: number, axis = 0): Tensor { return shp.index(this, i, axis); }
  squeeze(axis?: number): Tensor { return shp.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return shp.unsqueeze(this, axis); }
  expand(shape: readonly number[]): Tensor { return shp.expand(this, shape); }
  eq(b: TensorLike): Tensor { return cmp.eq(this, b); }
  ne(b: TensorLike): Tensor { return cmp.ne(this, b); }
  lt(b: TensorLike): Tensor { return cmp.lt(this, b); }
  le(b: TensorLike): Tensor { return cmp.le(this, b); }
  gt(b: TensorLike): Tensor { return cmp.gt(this, b); }
  ge(b: TensorLike): Tensor { return cmp.ge(this, b); }
  maskedFill(mask: Tensor, value: number): Tensor { return cmp.maskedFill(this, mask, value); }
}

/** @internal Checks that an argument is a Tensor: `op: argument 'x' must be a Tensor, got …`. */
export function tensorArg(op: string, x: unknown, name = 'x'): Tensor {
  need(x instanceof Tensor, op, `argument '${name}' must be a Tensor`, x);
  return x;
}

/** @internal An argument for an error message: a Tensor's shape `[2,3]`, else {@link describe}'s `"abc"`, `object`. */
export function describeArg(x: unknown): string {
  return x instanceof Tensor ? fmt(x.shape) : describe(x);
}

/** @internal Turns a number into a scalar tensor of a dtype; anything else but a Tensor is refused. */
export function asTensor(op: string, x: TensorLike, dtype: DType): Tensor {
  if (x instanceof Tensor) return x;
  need(typeof x === 'number', op, 'expected a Tensor or a number', x);
  const d = alloc(dtype, 1);
  d[0] = x;
  return new Tensor(d, []);
}
