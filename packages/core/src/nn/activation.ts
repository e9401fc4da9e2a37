import { need } from '../errors.js';
import { gelu, relu, sigmoid, tanh } from '../ops/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';

/** Activation names, as in the PyTorch reference: `gelu` is exact (erf), `gelu_tanh` the tanh approximation. */
export type Activation = 'relu' | 'gelu' | 'gelu_tanh' | 'tanh' | 'sigmoid';

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = {
  relu,
  gelu: (x) => gelu(x),
  gelu_tanh: (x) => gelu(x, 'tanh'),
  tanh,
  sigmoid,
};

/**
 * The activation function of a name.
 *
 * @example
 * ```ts
 * activation('relu')(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 */
export function activation(name: Activation): (x: Tensor) => Tensor {
  // own keys only: 'toString' and friends are not activations
  const f = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
  need(typeof f === 'function', 'activation', `must be one of ${Object.keys(ACTIVATIONS).join(', ')}`, name);
  return f;
}
