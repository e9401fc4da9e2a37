import { need } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ForwardOptions } from '../trace/trace.js';
import { activation, type Activation } from './activation.js';
import { rngOf, type Initializer, type RandomInit } from './init.js';
import { Linear } from './linear.js';
import { Module, type ModelConfig } from './module.js';

/** Options of {@link MLP}. */
export interface MLPOptions extends RandomInit {
  /** Activation between layers (not after the last); `'relu'` by default. */
  activation?: Activation;
  /** Weight initializer of every layer; PyTorch's Linear default otherwise. */
  init?: Initializer;
}

/**
 * A multi-layer perceptron: Linear → activation → … → Linear, for layer sizes such as
 * `[4, 16, 1]`. Layers are named `layers.0`, `layers.1`, …
 * Shapes: `[..., sizes[0]]` → `[..., sizes.at(-1)]`.
 *
 * @example
 * ```ts
 * const mlp = new MLP([4, 16, 1], { activation: 'relu', seed: 0 });
 * mlp.forward(zeros([2, 4])).shape; // [2, 1]
 * ```
 */
export class MLP extends Module {
  readonly layers: Linear[];
  readonly activation: Activation;
  private readonly act: (x: Tensor) => Tensor;
  constructor(readonly sizes: readonly number[], options: MLPOptions = {}) {
    super();
    need(Array.isArray(sizes) && sizes.length >= 2, 'MLP', 'sizes must list at least 2 layer sizes', sizes);
    const rng = rngOf('MLP', options);
    this.activation = options.activation ?? 'relu';
    this.act = activation(this.activation);
    this.layers = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      this.layers.push(this.module(`layers.${i}`, new Linear(sizes[i], sizes[i + 1], { rng, init: options.init })));
    }
  }
  override modelConfig(): ModelConfig {
    return { class: 'MLP', options: { sizes: [...this.sizes], activation: this.activation } };
  }
  /**
   * The network on `x`. With a trace, records each layer's output as `layers.i` and each
   * activation's as `activation.i`, after the module's path (`mlp.layers.0`, `mlp.activation.0`, …).
   */
  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    const prefix = this.path ? `${this.path}.` : '';
    const r = (name: string, t: Tensor) => (options.trace?.recordValue(prefix + name, t), t);
    let h = x;
    this.layers.forEach((layer, i) => {
      h = r(`layers.${i}`, layer.forward(h));
      if (i < this.layers.length - 1) h = r(`activation.${i}`, this.act(h));
    });
    return h;
  }
}
