import { AttnError, type Tensor } from '@attn/core';
import { Adam, AdamW, type AdamOptions } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { SGD, type SGDOptions } from './sgd.js';

/** An optimizer as plain data, so a run's configuration can be saved and printed. */
export type OptimizerSpec =
  | ({ kind: 'sgd' } & SGDOptions)
  | ({ kind: 'adam' } & AdamOptions)
  | ({ kind: 'adamw' } & AdamOptions);

/**
 * Builds the optimizer an {@link OptimizerSpec} describes.
 *
 * @example
 * ```ts
 * const opt = createOptimizer({ kind: 'adam', lr: 0.01 }, model.parameters());
 * ```
 */
export function createOptimizer(spec: OptimizerSpec, params: readonly Tensor[]): Optimizer {
  switch (spec?.kind) {
    case 'sgd':
      return new SGD(params, spec);
    case 'adam':
      return new Adam(params, spec);
    case 'adamw':
      return new AdamW(params, spec);
    default:
      throw new AttnError('ARGUMENT', `createOptimizer: kind must be 'sgd', 'adam' or 'adamw', got ${JSON.stringify((spec as { kind?: unknown })?.kind)}`);
  }
}
