import { need } from '../errors.js';
let enabled = true;

/**
 * Whether ops currently record the autograd graph: true, except inside {@link noGrad}.
 *
 * @example
 * ```ts
 * isGradEnabled(); // true
 * noGrad(() => isGradEnabled()); // false
 * ```
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording the autograd graph: results do not require grad.
 * Use it for evaluation and for optimizer updates.
 *
 * @example
 * ```ts
 * const w = randn([2, 2], { seed: 1 }).requireGrad();
 * w.mul(2).requiresGrad; // true
 * noGrad(() => w.mul(2)).requiresGrad; // false
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  need(typeof fn === 'function', 'noGrad', 'expected a function', fn);
  const prev = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
