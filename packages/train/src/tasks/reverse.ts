import { optionsOf } from '../check.js';
import { digitsTask } from './digits-task.js';
import type { SequenceModelOptions, SequenceTask } from './sequence.js';

/** Options of {@link reverse}. */
export interface ReverseOptions {
  /** Digits per sequence; 5 by default. */
  length?: number;
  /** Model settings, merged over the task's defaults. */
  model?: SequenceModelOptions;
}

/**
 * Reversal as next-token prediction: a sequence of digits `0–9`, a separator, then the same
 * digits last to first, solved by a small `DecoderOnly` transformer. The 10^length
 * sequences are numbered by their value; 1,000 of them (a tenth, for fewer than
 * 10,000) are held out.
 *
 * @example
 * ```ts
 * const result = await train({ task: reverse() });
 * result.metrics.testAccuracy; // ≥ 0.95: held-out sequences reversed exactly
 * reverse().item(12345); // { prompt: [1, 2, 3, 4, 5], answer: [5, 4, 3, 2, 1] }
 * ```
 */
export function reverse(options: ReverseOptions = {}): SequenceTask {
  const length = optionsOf('reverse', options).length ?? 5;
  return digitsTask({
    name: 'reverse',
    description: `reverse ${length} digits with a small decoder-only transformer`,
    length,
    does: 'writes them last to first',
    answer: (prompt) => prompt.reverse(),
    probe: 12345,
    model: options.model,
    steps: 150,
    warmup: 20,
    evalEvery: 75,
  });
}
