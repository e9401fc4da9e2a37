import { check, describe } from '../errors.js';
import { add, mul, pow } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { sub } from '../ops/elementwise.js';
import { ones, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { positiveInt } from './init.js';
import { Module } from './module.js';

function epsOf(op: string, eps: number): number {
  check(typeof eps === 'number' && eps > 0 && Number.isFinite(eps), 'ARGUMENT', () => `${op}: eps must be a positive number, got ${describe(eps)}`);
  return eps;
}

/**
 * Layer normalization over the last axis, like `torch.nn.LayerNorm(dim)`:
 * `(x − mean) / √(var + eps) · weight + bias`, biased variance. Composed from primitives.
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
    this.eps = epsOf('LayerNorm', options.eps ?? 1e-5);
    this.weight = this.param('weight', ones([dim]));
    this.bias = this.param('bias', zeros([dim]));
  }
  forward(x: Tensor): Tensor {
    const centered = sub(x, mean(x, -1, true));
    // biased variance from the centred values (no second mean)
    const inv = pow(add(mean(pow(centered, 2), -1, true), this.eps), -0.5);
    return add(mul(mul(centered, inv), this.weight), this.bias);
  }
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
    this.eps = epsOf('RMSNorm', options.eps ?? 1e-6);
    this.weight = this.param('weight', ones([dim]));
  }
  forward(x: Tensor): Tensor {
    const inv = pow(add(mean(pow(x, 2), -1, true), this.eps), -0.5);
    return mul(mul(x, inv), this.weight);
  }
}
