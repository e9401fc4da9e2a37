import { accumulateOwned, attach } from '../autograd/engine.js';
import { check, need, opts } from '../errors.js';
import * as scalar from '../math/index.js';
import { add, mul, pow } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { ones, zeros } from '../tensor/create.js';
import { describeArg, Tensor } from '../tensor/tensor.js';
import { alloc, resultType } from '../tensor/storage.js';
import { positiveInt } from './init.js';
import { Module, type ModelConfig } from './module.js';

function epsOf(op: string, eps: number): number {
  need(typeof eps === 'number' && eps > 0 && Number.isFinite(eps), op, 'eps must be a positive number', eps);
  return eps;
}

/**
 * Layer normalization over the last axis, like `torch.nn.LayerNorm(dim)`:
 * `(x − mean) / √(var + eps) · weight + bias`, biased variance, in one fused node.
 * Shapes: `[..., dim]` → `[..., dim]`.
 *
 * @example
 * ```ts
 * const norm = new LayerNorm(2, { eps: 1e-12 }); // the default eps 1e-5 gives ±0.999995
 * norm.forward(tensor([[1, 3], [10, 30]])).toArray(); // ≈ [[-1, 1], [-1, 1]]
 * ```
 */
export class LayerNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly eps: number;
  constructor(readonly dim: number, options: { eps?: number } = {}) {
    super();
    positiveInt('LayerNorm', 'dim', dim);
    this.eps = epsOf('LayerNorm', opts('LayerNorm', options).eps ?? 1e-5);
    this.weight = this.param('weight', ones([dim]));
    this.bias = this.param('bias', zeros([dim]));
  }
  override modelConfig(): ModelConfig {
    return { class: 'LayerNorm', options: { dim: this.dim, eps: this.eps } };
  }
  forward(x: Tensor): Tensor {
    check(x instanceof Tensor && x.rank > 0 && x.shape[x.rank - 1] === this.dim, 'SHAPE',
      () => `LayerNorm: input must be [..., ${this.dim}], got ${describeArg(x)}`);
    return layerNorm(x, this.weight, this.bias, this.eps);
  }
}

/**
 * @internal Layer norm over the last axis as one node, computed in float64 whatever the dtypes:
 * in float64 the forward pass gives the bits of the composed form in fused.ts (the same
 * operations in the same order), the backward pass the textbook formula
 * dx = inv·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = g·w.
 */
export function layerNorm(x: Tensor, w: Tensor, b: Tensor, eps: number): Tensor {
  const D = w.size;
  const n = x.size;
  const xd = x.data;
  const wd = w.data;
  const bd = b.data;
  const k = 1 / D;
  const means = new Float64Array(n / D);
  const invs = new Float64Array(n / D);
  const y = alloc(b.dtype === 'float64' ? 'float64' : resultType(x, w), n);
  for (let r = 0, o = 0; o < n; r++, o += D) {
    let s = 0;
    for (let j = o; j < o + D; j++) s += xd[j];
    const m = s * k;
    let q = 0;
    for (let j = o; j < o + D; j++) q += (xd[j] - m) * (xd[j] - m);
    const inv = scalar.pow(q * k + eps, -0.5);
    for (let j = o; j < o + D; j++) y[j] = (xd[j] - m) * inv * wd[j - o] + bd[j - o];
    means[r] = m;
    invs[r] = inv;
  }
  return attach(new Tensor(y, x.shape), [x, w, b], (g) => {
    const gx = x.requiresGrad ? alloc(x.dtype, n) : null;
    const gw = alloc(w.dtype, D);
    const gb = alloc(b.dtype, D);
    for (let r = 0, o = 0; o < n; r++, o += D) {
      const m = means[r];
      const inv = invs[r];
      let s1 = 0;
      let s2 = 0;
      for (let j = o; j < o + D; j++) {
        const xh = (xd[j] - m) * inv;
        const dxh = g[j] * wd[j - o];
        gw[j - o] += g[j] * xh;
        gb[j - o] += g[j];
        s1 += dxh;
        s2 += dxh * xh;
      }
      if (gx === null) continue;
      s1 *= k;
      s2 *= k;
      for (let j = o; j < o + D; j++) gx[j] = inv * (g[j] * wd[j - o] - s1 - (xd[j] - m) * inv * s2);
    }
    if (gx !== null) accumulateOwned(x, gx);
    accumulateOwned(w, gw);
    accumulateOwned(b, gb);
  });
}

/**
 * Root-mean-square normalization over the last axis: `x / √(mean(x²) + eps) · weight`,
 * as in `torch.nn.RMSNorm`. Shapes: `[..., dim]` → `[..., dim]`.
 *
 * @example
 * ```ts
 * new RMSNorm(2).forward(tensor([[3, 4]])).shape; // [1, 2]
 * ```
 */
export class RMSNorm extends Module {
  readonly weight: Tensor;
  readonly eps: number;
  constructor(readonly dim: number, options: { eps?: number } = {}) {
    super();
    positiveInt('RMSNorm', 'dim', dim);
    this.eps = epsOf('RMSNorm', opts('RMSNorm', options).eps ?? 1e-6);
    this.weight = this.param('weight', ones([dim]));
  }
  override modelConfig(): ModelConfig {
    return { class: 'RMSNorm', options: { dim: this.dim, eps: this.eps } };
  }
  forward(x: Tensor): Tensor {
    const inv = pow(add(mean(pow(x, 2), -1, true), this.eps), -0.5);
    return mul(mul(x, inv), this.weight);
  }
}
