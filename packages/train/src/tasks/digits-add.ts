import { AttnError } from '@attn/core';
import { wordsOf } from './input.js';
import type { TaskInput } from './task.js';
import { digitsOf, sequenceTask, type SequenceItem, type SequenceModelOptions, type SequenceTask } from './sequence.js';

/** Options of {@link digitsAdd}. */
export interface DigitsAddOptions {
  /** Model settings, merged over the task's defaults. */
  model?: SequenceModelOptions;
}

/** The number whose digits, least significant first, are `digits`; NaN if a token is not a digit. */
function fromReversedDigits(digits: readonly number[]): number {
  return digits.reduceRight((n, d) => (Number.isInteger(d) && d >= 0 && d <= 9 ? n * 10 + d : NaN), 0);
}

/**
 * Two whole numbers `0–99` separated by a space, e.g. `47 85`; `123 4` or `4785` are refused
 * rather than read as other numbers.
 */
const twoNumbers: TaskInput = {
  hint: 'Type two 2-digit numbers, e.g. 47 85; the model adds them digit by digit.',
  examples: ['47 85', '9 91'],
  parse(text) {
    const values = wordsOf(text).map((w) => {
      if (!/^\d{1,2}$/.test(w)) {
        throw new AttnError('ARGUMENT', `digits-add: reads whole numbers 0–99, got '${w}'`);
      }
      return Number(w);
    });
    if (values.length > 2) throw new AttnError('ARGUMENT', `digits-add: reads two numbers, got ${values.length}`);
    if (values.length === 2) return { values, warnings: [] };
    return { values, warnings: [], missing: values.length === 0 ? 'type two numbers 0–99' : 'type two numbers 0–99, got 1' };
  },
};

/**
 * Two-digit addition as next-token prediction, like minGPT's adder: for `a, b` in `0–99` the
 * prompt is the digits of `a` and of `b` (two each, zero-padded), then a separator, then the
 * three digits of `a + b` least significant first (so each digit's carry is already written).
 * Of the 10,000 problems a fixed 1,000 are held out and the other 9,000 are the training set.
 * `examples` reports numbers: input `[a, b]`, target `a + b`, prediction the decoded sum (NaN
 * when the model emits the separator instead of a digit). The playground reads two numbers
 * `0–99` and notes the decoded sum.
 *
 * @example
 * ```ts
 * const result = await train({ task: digitsAdd() });
 * result.metrics.testAccuracy; // ≥ 0.95: held-out sums exactly right
 * digitsAdd().item(47 * 100 + 85); // { prompt: [4, 7, 8, 5], answer: [2, 3, 1] } (132 reversed)
 * ```
 */
export function digitsAdd(options: DigitsAddOptions = {}): SequenceTask {
  const item = (index: number): SequenceItem => {
    const a = Math.floor(index / 100);
    const b = index % 100;
    return { prompt: [...digitsOf(a, 2), ...digitsOf(b, 2)], answer: digitsOf(a + b, 3).reverse() };
  };
  return sequenceTask({
    name: 'digits-add',
    description: 'add two 2-digit numbers digit by digit with a small decoder-only transformer',
    symbols: 10,
    promptLength: 4,
    answerLength: 3,
    size: 10_000,
    item,
    testSize: 1000,
    model: { dModel: 32, heads: 4, layers: 1, ff: 64, activation: 'relu', positional: 'learned', ...options.model },
    defaults: {
      steps: 1000, batchSize: 32, optimizer: { kind: 'adamw', lr: 3e-3, weightDecay: 0.01 },
      schedule: { kind: 'cosine', warmup: 50 }, clip: 1, evalEvery: 500,
    },
    example(problem, prediction) {
      const [a1, a0, b1, b0] = problem.prompt;
      return { input: [a1 * 10 + a0, b1 * 10 + b0], target: fromReversedDigits(problem.answer), prediction: fromReversedDigits(prediction) };
    },
    probe: item(47 * 100 + 85),
    input: twoNumbers,
    promptOf: ([a, b]) => [...digitsOf(a, 2), ...digitsOf(b, 2)],
    note: (answer) => `= ${Number.isNaN(fromReversedDigits(answer)) ? '?' : fromReversedDigits(answer)}: the model writes the sum's digits last to first (${answer.join(' ')})`,
  });
}
