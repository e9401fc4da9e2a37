import { mseLoss, noGrad, Rng, tensor, Tensor, traceForward, TutorialAttention, type TutorialAttentionOptions } from '@attn/core';
import { batchSize, optionsOf, positiveNumber } from '../check.js';
import { numberAnswer, numberInput } from './input.js';
import type { Example, Task } from './task.js';

/** A batch of the add-two task: pairs `[batch, 2]` and their sums `[batch, 1]`. */
export interface PairBatch {
  inputs: Tensor;
  targets: Tensor;
}

/** Options of {@link addTwo}. */
export interface AddTwoOptions {
  /** Numbers are drawn uniformly from `[0, max)`. Default 10. */
  max?: number;
  /** Options of the TutorialAttention model. */
  model?: Omit<TutorialAttentionOptions, 'rng' | 'seed'>;
}

const TEST_SEED = 1_000_003;

/** `count` uniform pairs in `[0, max)` with their sums. */
export function pairs(rng: Rng, count: number, max: number): PairBatch {
  const x = new Float64Array(count * 2);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[2 * i] = rng.uniform(0, max);
    x[2 * i + 1] = rng.uniform(0, max);
    y[i] = x[2 * i] + x[2 * i + 1];
  }
  return { inputs: new Tensor(x, [count, 2]), targets: new Tensor(y, [count, 1]) };
}

/**
 * The seed tutorial's task: learn `[a, b] → a + b` with {@link @attn/core!TutorialAttention}. The
 * held-out set is 1,000 pairs from the training range drawn with a fixed seed; the metrics are
 * its mean squared error `testMse` and `error35 = |prediction(3, 5) − 8|`. The playground reads
 * two numbers and warns about any outside the training range.
 *
 * @example
 * ```ts
 * const result = await train({ task: addTwo(), seed: 0 });
 * result.metrics.testMse; // below 1e-3
 * ```
 */
export function addTwo(options: AddTwoOptions = {}): Task<TutorialAttention, PairBatch> {
  const max = positiveNumber('add-two', 'max', optionsOf('add-two', options).max ?? 10);
  const test = pairs(new Rng(TEST_SEED), 1000, max);
  const predict = (m: TutorialAttention, a: number, b: number) => noGrad(() => m.forward(tensor([[a, b]])).item());
  return {
    name: 'add-two',
    description: `add two numbers in [0, ${max}) with the seed tutorial's attention model`,
    createModel: (rng) => new TutorialAttention({ ...options.model, rng }),
    sample: (rng, n) => pairs(rng, batchSize('add-two', n, 2), max),
    loss: (model, batch) => mseLoss(model.forward(batch.inputs), batch.targets),
    evaluate(model) {
      const testMse = noGrad(() => mseLoss(model.forward(test.inputs), test.targets).item());
      return { testMse, error35: Math.abs(predict(model, 3, 5) - 8) };
    },
    examples(model): Example[] {
      return [[3, 5], [1, 2], [9.5, 0.25], [4, 4]].map(([a, b]) => ({ input: [a, b], target: a + b, prediction: predict(model, a, b) }));
    },
    probe: (model) => traceForward(model, tensor([[3, 5]])).trace,
    metric: { name: 'testMse', higherIsBetter: false, target: 1e-3 },
    metrics: {
      testMse: { label: 'test MSE', description: `mean squared error on 1,000 held-out pairs from [0, ${max})` },
      error35: { label: 'error on [3, 5]', description: 'how far the answer to the tutorial\'s question, 3 + 5, is from 8' },
    },
    defaults: { steps: 2000, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'cosine', warmup: 50 }, evalEvery: 500 },
    input: numberInput({
      task: 'add-two', count: 2, range: [0, max], examples: ['3 5', '9.5 0.25'],
      hint: `Type two numbers (trained on numbers in [0, ${max})); the model adds them.`,
    }),
    answer: (model, values) => numberAnswer(model, values, ([a, b]) => a + b),
  };
}
