import { Tensor } from '@attn/core';
import { need, positiveInt } from '../check.js';
import type { TokenBatch } from './sequence.js';

/**
 * Next-token windows of a token sequence, as language models train on them: for each start `s`,
 * the inputs are the tokens `s … s + T − 1` and the targets the tokens after them, `s + 1 … s + T`.
 * Shapes: `inputs` and `targets` `[starts.length, T]`, float64. `textTask` draws its batches and
 * validation windows with it, so a loop of your own (or a benchmark) can train on the same ones.
 * A start that leaves no room for a window and its targets is refused, naming it.
 *
 * @example
 * ```ts
 * const { inputs, targets } = tokenWindows([5, 6, 7, 8, 9], [0, 2], 2);
 * inputs.toArray(); // [[5, 6], [7, 8]]
 * targets.toArray(); // [[6, 7], [8, 9]]
 * ```
 */
export function tokenWindows(tokens: ArrayLike<number>, starts: readonly number[], context: number): TokenBatch {
  need(Array.isArray(tokens) || ArrayBuffer.isView(tokens), 'tokenWindows', 'tokens', 'an array of token ids', tokens);
  need(Array.isArray(starts) && starts.length > 0, 'tokenWindows', 'starts', 'a non-empty array of positions', starts);
  const T = positiveInt('tokenWindows', 'context', context);
  const last = tokens.length - T - 1; // the last start with a target after every input token
  starts.forEach((s, b) => need(Number.isInteger(s) && s >= 0 && s <= last, 'tokenWindows', `starts[${b}]`,
    last < 0 ? `a start, but ${tokens.length} tokens hold no window of context + 1 = ${T + 1}` : `an integer in [0, ${last}] (context ${T} of ${tokens.length} tokens)`, s));
  const inputs = new Float64Array(starts.length * T);
  const targets = new Float64Array(starts.length * T);
  starts.forEach((s, b) => {
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = tokens[s + t];
      targets[b * T + t] = tokens[s + t + 1];
    }
  });
  return { inputs: new Tensor(inputs, [starts.length, T]), targets: new Tensor(targets, [starts.length, T]) };
}
