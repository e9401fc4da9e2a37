import { linear } from '../ops/linear.js';
import { checkAllocation } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import { linearDefault, positiveInt, rngOf, type Initializer, type RandomInit } from './init.js';
import { Module, type ModelConfig } from './module.js';

/** Options of {@link Linear}. */
export interface LinearOptions extends RandomInit {
  /** Add a bias (default true). */
  bias?: boolean;
  /** Weight initializer; PyTorch's default U(−1/√in, 1/√in) otherwise. */
  init?: Initializer;
}

/**
 * A fully connected layer `y = x·Wᵀ + b`, with `weight [out, in]` and `bias [out]` as in
 * PyTorch's `nn.Linear`. Shapes: `[..., in]` → `[..., out]`.
 *
 * @example
 * ```ts
 * const layer = new Linear(3, 2, { seed: 1 });
 * layer.forward(zeros([5, 3])).shape; // [5, 2]
 * ```
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    positiveInt('Linear', 'inFeatures', inFeatures);
    positiveInt('Linear', 'outFeatures', outFeatures);
    checkAllocation('Linear', [outFeatures, inFeatures]);
    const rng = rngOf('Linear', options);
    const def = linearDefault(inFeatures);
    this.weight = this.param('weight', (options.init ?? def)([outFeatures, inFeatures], rng));
    this.bias = options.bias === false ? null : this.param('bias', def([outFeatures], rng));
  }
  override modelConfig(): ModelConfig {
    return { class: 'Linear', options: { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null } };
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
