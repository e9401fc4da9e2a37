import type { Tensor } from '@attn/core';
import { need, tensorList } from '../check.js';

/**
 * The global L2 norm of all gradients, `√(Σ g²)` over every parameter (those without a gradient
 * count as zero).
 *
 * @example
 * ```ts
 * gradNorm(model.parameters()); // e.g. 0.73
 * ```
 */
export function gradNorm(params: readonly Tensor[]): number {
  tensorList('gradNorm', 'params', params);
  return norm(params);
}

function norm(params: readonly Tensor[]): number {
  let s = 0;
  for (const p of params) {
    const g = p.grad?.data;
    if (g) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  }
  return Math.sqrt(s);
}

/**
 * Scales all gradients down so that their global norm is at most `maxNorm`, like
 * `torch.nn.utils.clip_grad_norm_`; returns the norm before clipping.
 *
 * @example
 * ```ts
 * loss.backward();
 * clipGradNorm(model.parameters(), 1.0);
 * ```
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  // a negative maxNorm would flip every gradient, NaN would silently clip nothing
  tensorList('clipGradNorm', 'params', params);
  need(typeof maxNorm === 'number' && maxNorm >= 0, 'clipGradNorm', 'maxNorm', 'a number >= 0', maxNorm);
  const total = norm(params);
  const factor = maxNorm / (total + 1e-6);
  if (factor < 1) {
    for (const p of params) {
      const g = p.grad?.data;
      if (g) for (let i = 0; i < g.length; i++) g[i] *= factor;
    }
  }
  return total;
}
