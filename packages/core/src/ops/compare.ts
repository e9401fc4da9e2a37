// Comparisons return 0/1 tensors and carry no gradient; `where` is a primitive, `maskedFill` a composite.
import { accumulateOwned, attach } from '../autograd/engine.js';
import { check, need } from '../errors.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import { asTensor, Tensor, tensorArg, type TensorLike } from '../tensor/tensor.js';
import { alloc, checkAllocation, resultType } from '../tensor/storage.js';
import { broadcastData, reduceTo, resultShape } from './broadcast.js';

function compare(op: string, a0: TensorLike, b: TensorLike, f: (x: number, y: number) => boolean): Tensor {
  const a = tensorArg(op, a0, 'a');
  const y = asTensor(op, b, a.dtype);
  const shape = resultShape(op, a, y);
  const n = sizeOf(shape);
  const ad = broadcastData(a, shape, n);
  const bd = broadcastData(y, shape, n);
  const out = alloc(resultType(a, y), n);
  for (let i = 0; i < n; i++) out[i] = f(ad[i], bd[i]) ? 1 : 0;
  return new Tensor(out, shape);
}

/** 1 where `a == b`, else 0 (broadcasting). @example `eq(tensor([1, 2]), 2).toArray(); // [0, 1]` */
export const eq = (a: Tensor, b: TensorLike): Tensor => compare('eq', a, b, (x, y) => x === y);
/** 1 where `a != b`, else 0 (broadcasting). @example `ne(tensor([1, 2]), 2).toArray(); // [1, 0]` */
export const ne = (a: Tensor, b: TensorLike): Tensor => compare('ne', a, b, (x, y) => x !== y);
/** 1 where `a < b`, else 0 (broadcasting). @example `lt(tensor([1, 2]), 2).toArray(); // [1, 0]` */
export const lt = (a: Tensor, b: TensorLike): Tensor => compare('lt', a, b, (x, y) => x < y);
/** 1 where `a <= b`, else 0 (broadcasting). @example `le(tensor([1, 3]), 2).toArray(); // [1, 0]` */
export const le = (a: Tensor, b: TensorLike): Tensor => compare('le', a, b, (x, y) => x <= y);
/** 1 where `a > b`, else 0 (broadcasting). @example `gt(tensor([1, 3]), 2).toArray(); // [0, 1]` */
export const gt = (a: Tensor, b: TensorLike): Tensor => compare('gt', a, b, (x, y) => x > y);
/** 1 where `a >= b`, else 0 (broadcasting). @example `ge(tensor([1, 2]), 2).toArray(); // [0, 1]` */
export const ge = (a: Tensor, b: TensorLike): Tensor => compare('ge', a, b, (x, y) => x >= y);

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere; all three broadcast together.
 * Gradients flow to `a` and `b` only where they were picked.
 *
 * @example
 * ```ts
 * where(tensor([1, 0]), tensor([1, 2]), tensor([9, 9])).toArray(); // [1, 9]
 * ```
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  tensorArg('where', cond, 'cond');
  need(a instanceof Tensor || typeof a === 'number', 'where', "argument 'a' must be a Tensor or a number", a);
  need(b instanceof Tensor || typeof b === 'number', 'where', "argument 'b' must be a Tensor or a number", b);
  const ref = a instanceof Tensor ? a : b instanceof Tensor ? b : cond;
  const x = asTensor('where', a, ref.dtype);
  const y = asTensor('where', b, ref.dtype);
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape, 'where'), y.shape, 'where');
  const n = checkAllocation('where', shape, resultType(x, y));
  const cd = broadcastData(cond, shape, n);
  const xd = broadcastData(x, shape, n);
  const yd = broadcastData(y, shape, n);
  const dtype = resultType(x, y);
  const out = alloc(dtype, n);
  for (let i = 0; i < n; i++) out[i] = cd[i] !== 0 ? xd[i] : yd[i];
  return attach(new Tensor(out, shape), [x, y], (g) => {
    if (x.requiresGrad) {
      const gx = alloc(dtype, n);
      for (let i = 0; i < n; i++) gx[i] = cd[i] !== 0 ? g[i] : 0;
      accumulateOwned(x, reduceTo(gx, shape, x.shape, x.dtype));
    }
    if (y.requiresGrad) {
      const gy = alloc(dtype, n);
      for (let i = 0; i < n; i++) gy[i] = cd[i] !== 0 ? 0 : g[i];
      accumulateOwned(y, reduceTo(gy, shape, y.shape, y.dtype));
    }
  });
}

/**
 * `x` with `value` written where `mask` is non-zero (mask broadcasts to `x`), like PyTorch's
 * `masked_fill`. Composed as `where(mask, value, x)`.
 *
 * @example
 * ```ts
 * maskedFill(tensor([1, 2, 3]), tensor([0, 1, 0]), -Infinity).toArray(); // [1, -Infinity, 3]
 * ```
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  tensorArg('maskedFill', x);
  tensorArg('maskedFill', mask, 'mask');
  need(typeof value === 'number', 'maskedFill', 'value must be a number', value);
  const shape = broadcastShapes(x.shape, mask.shape, 'maskedFill');
  check(shape.length === x.shape.length && shape.every((d, i) => d === x.shape[i]), 'SHAPE',
    () => `maskedFill: mask must broadcast to x's shape [${x.shape.join(',')}], got [${mask.shape.join(',')}]`);
  return where(mask, value, x);
}
