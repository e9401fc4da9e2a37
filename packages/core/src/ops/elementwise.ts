// Elementwise primitives (each defines its own backward) and composites built from them.
// Primitives: add, mul, pow, neg, exp, log, abs, tanh, sigmoid, relu, erf.
// Composites: sub, div, sqrt, and gelu's tanh approximation; exact gelu is one fused node
// (autograd/fused.ts holds its composed form).
import { accumulate, accumulateOwned, attach } from '../autograd/engine.js';
import { need } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { asTensor, Tensor, tensorArg, type TensorLike } from '../tensor/tensor.js';
import { alloc, resultType, type Storage } from '../tensor/storage.js';
import { broadcastData, reduceTo, resultShape } from './broadcast.js';
import { erfValue, normalCdf } from './erf.js';
import * as scalar from '../math/index.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  need(a instanceof Tensor || b instanceof Tensor, op, 'expected at least one Tensor', a, b);
  const dtype = a instanceof Tensor ? (b instanceof Tensor ? resultType(a, b) : a.dtype) : (b as Tensor).dtype;
  return [asTensor(op, a, dtype), asTensor(op, b, dtype)];
}

/**
 * Elementwise sum `a + b` with broadcasting.
 * Shapes: `a [...A]`, `b [...B]` → broadcast of A and B.
 *
 * @example
 * ```ts
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray(); // [[11, 22], [13, 24]]
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('add', a, b);
  const shape = resultShape('add', x, y);
  const n = sizeOf(shape);
  const xd = broadcastData(x, shape, n);
  const yd = broadcastData(y, shape, n);
  const out = alloc(resultType(x, y), n);
  for (let i = 0; i < n; i++) out[i] = xd[i] + yd[i];
  return attach(new Tensor(out, shape), [x, y], (g) => {
    // g is this node's own gradient: hand it to one parent, copy it for the other
    const gx = x.requiresGrad ? reduceTo(g, shape, x.shape, x.dtype) : null;
    if (gx) accumulateOwned(x, gx);
    if (y.requiresGrad) {
      const gy = reduceTo(g, shape, y.shape, y.dtype);
      if (gy === gx) accumulate(y, gy);
      else accumulateOwned(y, gy);
    }
  });
}

/**
 * Elementwise product `a * b` with broadcasting.
 * Shapes: `a [...A]`, `b [...B]` → broadcast of A and B.
 *
 * @example
 * ```ts
 * mul(tensor([1, 2, 3]), 2).toArray(); // [2, 4, 6]
 * ```
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('mul', a, b);
  const shape = resultShape('mul', x, y);
  const n = sizeOf(shape);
  const xd = broadcastData(x, shape, n);
  const yd = broadcastData(y, shape, n);
  const dtype = resultType(x, y);
  const out = alloc(dtype, n);
  for (let i = 0; i < n; i++) out[i] = xd[i] * yd[i];
  return attach(new Tensor(out, shape), [x, y], (g) => {
    if (x.requiresGrad) {
      const gx = alloc(dtype, n);
      for (let i = 0; i < n; i++) gx[i] = g[i] * yd[i];
      accumulateOwned(x, reduceTo(gx, shape, x.shape, x.dtype));
    }
    if (y.requiresGrad) {
      const gy = alloc(dtype, n);
      for (let i = 0; i < n; i++) gy[i] = g[i] * xd[i];
      accumulateOwned(y, reduceTo(gy, shape, y.shape, y.dtype));
    }
  });
}

/**
 * Elementwise difference `a - b` with broadcasting, composed as `add(a, neg(b))`.
 *
 * @example
 * ```ts
 * sub(tensor([5, 7]), 2).toArray(); // [3, 5]
 * ```
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && a instanceof Tensor) return add(a, -b); // one node instead of two
  const [x, y] = operands('sub', a, b);
  return add(x, neg(y));
}

/**
 * Elementwise quotient `a / b` with broadcasting, composed as `mul(a, pow(b, -1))`.
 *
 * @example
 * ```ts
 * div(tensor([1, 3]), 2).toArray(); // [0.5, 1.5]
 * ```
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('div', a, b);
  return mul(x, pow(y, -1));
}

/** A unary primitive: `f` computes y from x, `df` the local derivative from x and y. */
function unary(x: Tensor, f: (v: number) => number, df: (v: number, y: number) => number): Tensor {
  const n = x.size;
  const xd = x.data;
  const out = alloc(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = f(xd[i]);
  return attach(new Tensor(out, x.shape), [x], (g) => {
    const gx = alloc(x.dtype, n);
    for (let i = 0; i < n; i++) gx[i] = g[i] * df(xd[i], out[i]);
    accumulateOwned(x, gx);
  });
}


/**
 * Elementwise power `x ** p` for a number `p`.
 *
 * @example
 * ```ts
 * pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 * ```
 */
export function pow(x: Tensor, p: number): Tensor {
  tensorArg('pow', x);
  need(typeof p === 'number', 'pow', 'exponent must be a number', p);
  if (p === 2) return unary(x, (v) => v * v, (v) => 2 * v);
  if (p === -1) return unary(x, (v) => 1 / v, (_v, y) => -y * y);
  return unary(x, (v) => scalar.pow(v, p), (v) => p * scalar.pow(v, p - 1));
}

/** Elementwise negation `-x`. @example `neg(tensor([1, -2])).toArray(); // [-1, 2]` */
export function neg(x: Tensor): Tensor {
  return unary(tensorArg('neg', x), (v) => -v, () => -1);
}
/** Elementwise `e^x`. @example `exp(tensor([0])).toArray(); // [1]` */
export function exp(x: Tensor): Tensor {
  return unary(tensorArg('exp', x), scalar.exp, (_v, y) => y);
}
/** Elementwise natural logarithm. @example `log(tensor([1])).toArray(); // [0]` */
export function log(x: Tensor): Tensor {
  return unary(tensorArg('log', x), scalar.log, (v) => 1 / v);
}
/** Elementwise square root, composed as `pow(x, 0.5)`. @example `sqrt(tensor([4])).toArray(); // [2]` */
export function sqrt(x: Tensor): Tensor {
  return pow(tensorArg('sqrt', x), 0.5);
}
/** Elementwise absolute value (gradient 0 at 0, like PyTorch). @example `abs(tensor([-2])).toArray(); // [2]` */
export function abs(x: Tensor): Tensor {
  return unary(tensorArg('abs', x), Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
}
/** Elementwise hyperbolic tangent. @example `tanh(tensor([0])).toArray(); // [0]` */
export function tanh(x: Tensor): Tensor {
  return unary(tensorArg('tanh', x), scalar.tanh, (_v, y) => 1 - y * y);
}
/** Elementwise logistic sigmoid `1 / (1 + e^-x)`, stable for large |x|. @example `sigmoid(tensor([0])).toArray(); // [0.5]` */
export function sigmoid(x: Tensor): Tensor {
  return unary(
    tensorArg('sigmoid', x),
    (v) => {
      if (v >= 0) return 1 / (1 + scalar.exp(-v));
      const e = scalar.exp(v);
      return e / (1 + e);
    },
    (_v, y) => y * (1 - y),
  );
}
/** Elementwise `max(x, 0)` (gradient 0 at 0, like PyTorch). @example `relu(tensor([-1, 2])).toArray(); // [0, 2]` */
export function relu(x: Tensor): Tensor {
  // unary's arithmetic with the two functions written in, not called: in a program that uses
  // several unary ops those calls are megamorphic, and relu runs on every MLP's hidden layer
  const n = tensorArg('relu', x).size;
  const xd = x.data;
  const out = alloc(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = xd[i] > 0 ? xd[i] : 0;
  return attach(new Tensor(out, x.shape), [x], (g) => {
    const gx = alloc(x.dtype, n);
    for (let i = 0; i < n; i++) gx[i] = g[i] * (xd[i] > 0 ? 1 : 0);
    accumulateOwned(x, gx);
  });
}
/** Elementwise Gauss error function, within about 1 ulp. @example `erf(tensor([0])).toArray(); // [0]` */
export function erf(x: Tensor): Tensor {
  return unary(tensorArg('erf', x), erfValue, (v) => (2 / Math.sqrt(Math.PI)) * scalar.exp(-v * v));
}

/**
 * GELU activation, elementwise (any shape in, the same shape out). `'none'` is the exact
 * `x·Φ(x) = 0.5·x·(1 + erf(x/√2))` as one graph node, within an ulp or two, and keeping its digits
 * far in the negative tail, where `1 + erf` would cancel (the rounding of x/√2 there costs about
 * x²/2 ulps, as in PyTorch); `'tanh'` is the approximation
 * `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, as in PyTorch's `approximate`.
 *
 * @example
 * ```ts
 * gelu(tensor([1])).item(); // ≈ 0.8413447460685429
 * ```
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  tensorArg('gelu', x);
  if (approximate === 'none') {
    // one node and one pass instead of four of each: it runs on every feed-forward layer, where
    // the composed form spent half a small GPT's training step
    const n = x.size;
    const xd = x.data;
    const out = alloc(x.dtype, n);
    const cdf = alloc(x.dtype, n);
    for (let i = 0; i < n; i++) {
      const p = normalCdf(xd[i]);
      cdf[i] = p;
      out[i] = xd[i] * p;
    }
    return attach(new Tensor(out, x.shape), [x], (g) => {
      // d/dx x·Φ(x) = Φ(x) + x·φ(x)
      const gx = alloc(x.dtype, n);
      for (let i = 0; i < n; i++) {
        const v = xd[i];
        gx[i] = g[i] * (cdf[i] + v * INV_SQRT_2PI * scalar.exp(-0.5 * v * v));
      }
      accumulateOwned(x, gx);
    });
  }
  need(approximate === 'tanh', 'gelu', "approximate must be 'none' or 'tanh'", approximate);
  const inner = mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}

/** @internal Applies `f` to every element of raw storage (no autograd). */
export function mapData(d: Storage, f: (v: number) => number): Storage {
  const out = d instanceof Float32Array ? new Float32Array(d.length) : new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]);
  return out;
}
