import { optionsOf } from '../check.js';
import { digitsTask } from './digits-task.js';
import type { SequenceModelOptions, SequenceTask } from './sequence.js';

/** Options of {@link sort}. */
export interface SortOptions {
  /** Digits per sequence; 5 by default. */
  length?: number;
  /** Model settings, merged over the task's defaults. */
  model?: SequenceModelOptions;
}

/**
 * Sorting as next-token prediction: a sequence of digits `0–9`, a separator, then the same
 * digits in ascending order, solved by a small `DecoderOnly` transformer. The 10^length
 * sequences are numbered by their value; 1,000 of them (a tenth, for fewer than
 * 10,000) are held out.
 *
 * @example
 * ```ts
 * const result = await train({ task: sort() });
 * result.metrics.testAccuracy; // ≥ 0.95: held-out sequences sorted exactly
 * sort().item(31415); // { prompt: [3, 1, 4, 1, 5], answer: [1, 1, 3, 4, 5] }
 * ```
 */
export function sort(options: SortOptions = {}): SequenceTask {
  const length = optionsOf('sort', options).length ?? 5;
  return digitsTask({
    name: 'sort',
    description: `sort ${length} digits ascending with a small decoder-only transformer`,
    length,
    does: 'writes them in ascending order',
    answer: (prompt) => prompt.sort((a, b) => a - b),
    probe: 31415,
    model: options.model,
    steps: 400,
    warmup: 50,
    evalEvery: 200,
  });
}
