import { math } from '@attn/core';
import { positiveInt } from '../check.js';
import { digitsOf, sequenceTask, type SequenceModelOptions, type SequenceTask } from './sequence.js';

/** What differs between the digit tasks (sort, reverse). */
export interface DigitsTaskSpec {
  name: string;
  description: string;
  /** Digits per sequence. */
  length: number;
  /** The answer for a prompt. */
  answer(prompt: number[]): number[];
  /** What the model does with the digits, for the playground's hint, e.g. `writes them in ascending order`. */
  does: string;
  /** Index of the probe sequence (its digits), e.g. 31415. */
  probe: number;
  model?: SequenceModelOptions;
  steps: number;
  warmup: number;
  evalEvery: number;
}

/**
 * @internal A task over the 10^length sequences of `length` digits, numbered by their value,
 * answered by `answer(prompt)`; 1,000 of them (a tenth, for fewer than 10,000) are held out.
 * The model is a small `DecoderOnly` transformer.
 */
export function digitsTask(spec: DigitsTaskSpec): SequenceTask {
  // 10^length problems, numbered by a safe integer
  const length = positiveInt(spec.name, 'length', spec.length, 15);
  const item = (index: number) => {
    const prompt = digitsOf(index, length);
    return { prompt, answer: spec.answer(prompt.slice()) };
  };
  return sequenceTask({
    name: spec.name,
    description: spec.description,
    symbols: 10,
    promptLength: length,
    answerLength: length,
    size: math.pow(10, length),
    item,
    testSize: Math.min(1000, math.pow(10, length - 1)),
    probe: item(spec.probe % math.pow(10, length)),
    hint: `Type ${length} digits; the model ${spec.does}.`,
    model: { dModel: 16, heads: 2, layers: 1, ff: 32, activation: 'relu', positional: 'learned', ...spec.model },
    defaults: {
      steps: spec.steps, batchSize: 32, optimizer: { kind: 'adamw', lr: 1e-2, weightDecay: 0.01 },
      schedule: { kind: 'cosine', warmup: spec.warmup }, clip: 1, evalEvery: spec.evalEvery,
    },
  });
}
