import { digitsOf, sequenceTask, type SequenceItem, type SequenceModelOptions, type SequenceTask } from './sequence.js';

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
  const length = options.length ?? 5;
  const item = (index: number): SequenceItem => {
    const prompt = digitsOf(index, length);
    return { prompt, answer: prompt.slice().reverse() };
  };
  return sequenceTask({
    name: 'reverse',
    description: `reverse ${length} digits with a small decoder-only transformer`,
    symbols: 10,
    promptLength: length,
    answerLength: length,
    size: 10 ** length,
    item,
    testSize: Math.min(1000, 10 ** (length - 1)),
    probe: item(12345 % 10 ** length),
    model: { dModel: 16, heads: 2, layers: 1, ff: 32, activation: 'relu', positional: 'learned', ...options.model },
    defaults: {
      steps: 150, batchSize: 32, optimizer: { kind: 'adamw', lr: 1e-2, weightDecay: 0.01 },
      schedule: { kind: 'cosine', warmup: 20 }, clip: 1, evalEvery: 75,
    },
  });
}
