import {
  headWeights, mseLoss, noGrad, Rng, tensor, Tensor, traceForward, TutorialAttention,
  type TutorialAttentionOptions,
} from '@attn/core';
import { numberAnswer, numberInput, type Example, type Task } from '@attn/train';

/** A batch of the max-two task: pairs `[batch, 2]` and their maxima `[batch, 1]`. */
export interface MaxTwoBatch {
  inputs: Tensor;
  targets: Tensor;
}

/** Options of {@link maxTwo}. */
export interface MaxTwoOptions {
  /** Numbers are drawn uniformly from `[0, max)`. Default 10. */
  max?: number;
  /** Options of the TutorialAttention model (the seed comes from the trainer). */
  model?: Omit<TutorialAttentionOptions, 'rng' | 'seed'>;
}

// A fixed seed, so that every run and every machine scores on the same held-out pairs.
const TEST_SEED = 2_024_001;
const TEST_SIZE = 1000;

/**
 * `count` uniform pairs in `[0, max)` with their maxima, drawn from `rng`.
 * Shapes: inputs `[count, 2]`, targets `[count, 1]`.
 *
 * @example
 * ```ts
 * maxPairs(new Rng(0), 4, 10).inputs.shape; // [4, 2]
 * ```
 */
export function maxPairs(rng: Rng, count: number, max: number): MaxTwoBatch {
  const x = new Float64Array(count * 2);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[2 * i] = rng.uniform(0, max);
    x[2 * i + 1] = rng.uniform(0, max);
    y[i] = Math.max(x[2 * i], x[2 * i + 1]);
  }
  return { inputs: new Tensor(x, [count, 2]), targets: new Tensor(y, [count, 1]) };
}

/**
 * The average attention weight the queries put on the larger number of each pair, over the
 * pairs of `inputs` (`[batch, 2]`): 0.5 is no preference, 1 is all weight on the maximum.
 *
 * @example
 * ```ts
 * const model = maxTwo().createModel(new Rng(0));
 * focusOnMax(model, tensor([[3, 5], [7, 1]])); // a number in [0, 1]
 * ```
 */
export function focusOnMax(model: TutorialAttention, inputs: Tensor): number {
  const { trace } = noGrad(() => traceForward(model, inputs));
  const [B, T] = inputs.shape;
  let total = 0;
  for (let b = 0; b < B; b++) {
    const larger = inputs.data[b * T] >= inputs.data[b * T + 1] ? 0 : 1;
    for (const row of headWeights(trace, { example: b })) total += row[larger];
  }
  return total / (B * T);
}

/**
 * A task to learn `[a, b] → max(a, b)` with the seed tutorial's {@link TutorialAttention}:
 * unlike the sum, the maximum cannot be read off a plain sum of the numbers, so the
 * attention has to pick the larger one. The held-out set is 1,000 pairs from the training
 * range drawn with a fixed seed; the metrics are its mean squared error `testMse` and
 * `focus`, the average attention weight on the larger number (see {@link focusOnMax}). Its
 * `input` and `answer` (built with `numberInput` and `numberAnswer` of @attn/train) give it the
 * apps' playground: two numbers in, the model's answer against the true maximum out.
 *
 * @example
 * ```ts
 * const result = await train({ task: maxTwo() });
 * result.metrics.testMse; // below 0.05
 * ```
 */
export function maxTwo(options: MaxTwoOptions = {}): Task<TutorialAttention, MaxTwoBatch> {
  const max = options.max ?? 10;
  const test = maxPairs(new Rng(TEST_SEED), TEST_SIZE, max);
  const predict = (m: TutorialAttention, a: number, b: number) => noGrad(() => m.forward(tensor([[a, b]])).item());
  return {
    name: 'max-two',
    description: `the larger of two numbers in [0, ${max}), with the seed tutorial's attention model`,
    createModel: (rng) => new TutorialAttention({ ...options.model, rng }),
    sample: (rng, batchSize) => maxPairs(rng, batchSize, max),
    loss: (model, batch) => mseLoss(model.forward(batch.inputs), batch.targets),
    evaluate(model) {
      const testMse = noGrad(() => mseLoss(model.forward(test.inputs), test.targets).item());
      return { testMse, focus: focusOnMax(model, test.inputs) };
    },
    examples(model): Example[] {
      return [[3, 5], [8, 2], [0.5, 9.5], [6, 6.5]].map(([a, b]) => ({ input: [a, b], target: Math.max(a, b), prediction: predict(model, a, b) }));
    },
    probe: (model) => traceForward(model, tensor([[3, 5]])).trace,
    metric: { name: 'testMse', higherIsBetter: false, target: 0.05 },
    metrics: {
      testMse: { label: 'test MSE', description: 'mean squared error on the held-out pairs' },
      focus: { label: 'focus on the larger', description: 'average attention weight on the larger number of each held-out pair (1 = all of it)' },
    },
    defaults: { steps: 3000, batchSize: 32, optimizer: { kind: 'adam', lr: 0.02 }, schedule: { kind: 'cosine', warmup: 50 }, evalEvery: 500 },
    input: numberInput({
      task: 'max-two', count: 2, range: [0, max], examples: ['3 5', '8 2'],
      hint: `Type two numbers (trained on numbers in [0, ${max})); the model picks the larger.`,
    }),
    answer: (model, values) => numberAnswer(model, values, ([a, b]) => Math.max(a, b)),
  };
}
