// Repeated random sequences: the input on which induction heads show themselves.
import { Rng, Tensor } from '@attn/core';
import { check, describe } from './errors.js';

/** Options of {@link repeatedTokens}. */
export interface RepeatedTokensOptions {
  /** Tokens are drawn from `[0, vocabSize)`; at least `length`. */
  vocabSize: number;
  /** Tokens in one copy. */
  length: number;
  /** Rows of the batch; 1 by default. */
  batch?: number;
  /** How many times each row repeats its tokens; 2 by default. */
  repeats?: number;
  /** Seed of the draw; 0 by default. */
  seed?: number;
}

/**
 * A batch of repeated random sequences: each row is `length` distinct random tokens, repeated,
 * so every token of the second copy has exactly one earlier occurrence and the induction score
 * of {@link headMetrics} is measured at each of them. Shape `[batch, repeats · length]`.
 *
 * @example
 * ```ts
 * const x = repeatedTokens({ vocabSize: 10, length: 4, seed: 1 });
 * x.shape; // [1, 8]
 * const row = x.toArray()[0] as number[];
 * row.slice(0, 4).join() === row.slice(4).join(); // true
 * ```
 */
export function repeatedTokens(options: RepeatedTokensOptions): Tensor {
  check(options !== null && typeof options === 'object', 'ARGUMENT', () => `repeatedTokens: options must be an object, got ${describe(options)}`);
  const { vocabSize, length, batch = 1, repeats = 2, seed = 0 } = options;
  for (const [name, v] of [['vocabSize', vocabSize], ['length', length], ['batch', batch], ['repeats', repeats]] as const) {
    check(Number.isInteger(v) && v > 0, 'ARGUMENT', () => `repeatedTokens: ${name} must be a positive integer, got ${describe(v)}`);
  }
  check(vocabSize >= length, 'ARGUMENT', () => `repeatedTokens: vocabSize must be at least length for distinct tokens, got vocabSize ${vocabSize} and length ${length}`);
  const rng = new Rng(seed);
  const T = repeats * length;
  const data = new Float64Array(batch * T);
  for (let b = 0; b < batch; b++) {
    const copy = rng.shuffle(Array.from({ length: vocabSize }, (_, t) => t)).slice(0, length);
    for (let r = 0; r < repeats; r++) data.set(copy, b * T + r * length);
  }
  return new Tensor(data, [batch, T]);
}
