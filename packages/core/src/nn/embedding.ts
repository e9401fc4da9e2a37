import { gatherRows } from '../ops/gather.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkAllocation } from '../tensor/storage.js';
import { init, positiveInt, rngOf, type Initializer, type RandomInit } from './init.js';
import { Module, type ModelConfig } from './module.js';

/**
 * A lookup table of learned vectors, like `torch.nn.Embedding` (weight `[num, dim]`, N(0, 1)
 * by default). Shapes: integer indices `[...]` → `[..., dim]`.
 *
 * @example
 * ```ts
 * const emb = new Embedding(10, 4, { seed: 0 });
 * emb.forward(tensor([[1, 2, 3]])).shape; // [1, 3, 4]
 * ```
 */
export class Embedding extends Module {
  readonly weight: Tensor;
  constructor(readonly num: number, readonly dim: number, options: RandomInit & { init?: Initializer } = {}) {
    super();
    positiveInt('Embedding', 'num', num);
    positiveInt('Embedding', 'dim', dim);
    checkAllocation('Embedding', [num, dim]);
    const rng = rngOf('Embedding', options);
    this.weight = this.param('weight', (options.init ?? init.normal(1))([num, dim], rng));
  }
  override modelConfig(): ModelConfig {
    return { class: 'Embedding', options: { num: this.num, dim: this.dim } };
  }
  forward(indices: Tensor): Tensor {
    return gatherRows(this.weight, indices);
  }
}
