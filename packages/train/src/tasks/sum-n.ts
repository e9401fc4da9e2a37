import { mseLoss, noGrad, Rng, tensor, Tensor, traceForward, TutorialAttention, type TutorialAttentionOptions } from '@attn/core';
import { numberAnswer, numberInput } from './input.js';
import { batchSize, need, optionsOf, positiveInt, positiveNumber } from '../check.js';
import type { Example, Task } from './task.js';

/** A padded batch of number sequences: `inputs [batch, T]`, `mask [batch, T]` (1 = number, 0 = padding), `targets [batch, 1]`. */
export interface SequenceBatch {
  inputs: Tensor;
  mask: Tensor;
  targets: Tensor;
}

/** Options of {@link sumN}. */
export interface SumNOptions {
  /** Shortest and longest training sequence. Default [2, 5]. */
  lengths?: [number, number];
  /** Longest sequence of the "longer than trained" evaluation. Default 10. */
  maxEvalLength?: number;
  /** Numbers are drawn uniformly from `[0, max)`. Default 10. */
  max?: number;
  model?: Omit<TutorialAttentionOptions, 'rng' | 'seed'>;
}

const TEST_SEED = 2_000_003;

/** `count` sequences with lengths uniform in `[lo, hi]`, padded to `hi`. */
export function sequences(rng: Rng, count: number, lo: number, hi: number, max: number): SequenceBatch {
  const x = new Float64Array(count * hi);
  const m = new Float64Array(count * hi);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const n = lo + rng.int(hi - lo + 1);
    for (let t = 0; t < n; t++) {
      const v = rng.uniform(0, max);
      x[i * hi + t] = v;
      m[i * hi + t] = 1;
      y[i] += v;
    }
  }
  return { inputs: new Tensor(x, [count, hi]), mask: new Tensor(m, [count, hi]), targets: new Tensor(y, [count, 1]) };
}

/**
 * Sums of variable-length sequences with the seed tutorial's model — "the same mechanism works
 * for sequences of any length". Shorter sequences are padded and masked out of attention and
 * of the sum. Metrics: `testMse` on held-out sequences of the trained lengths, and `longMse`
 * (plus `mse@T` per length) on sequences longer than any seen in training. The playground reads
 * 1 to `maxEvalLength` numbers and warns about counts and values the task was not trained on.
 *
 * @example
 * ```ts
 * const result = await train({ task: sumN() });
 * result.metrics.testMse; result.metrics.longMse;
 * ```
 */
export function sumN(options: SumNOptions = {}): Task<TutorialAttention, SequenceBatch> {
  const o = optionsOf('sum-n', options);
  const lengths = o.lengths ?? [2, 5];
  need(Array.isArray(lengths) && lengths.length === 2 && lengths.every((n) => Number.isInteger(n) && n > 0) && lengths[0] <= lengths[1] && lengths[1] <= 1000,
    'sum-n', 'lengths', 'two integers 1 <= least <= most <= 1000', lengths);
  const [lo, hi] = lengths;
  const longest = positiveInt('sum-n', 'maxEvalLength', o.maxEvalLength ?? 10, 1000);
  const max = positiveNumber('sum-n', 'max', o.max ?? 10);
  const rng = new Rng(TEST_SEED);
  const test = sequences(rng, 1000, lo, hi, max);
  const long = Array.from({ length: Math.max(0, longest - hi) }, (_, i) => [hi + 1 + i, sequences(rng, 200, hi + 1 + i, hi + 1 + i, max)] as const);
  const mse = (m: TutorialAttention, b: SequenceBatch) => noGrad(() => mseLoss(m.forward(b.inputs, { mask: b.mask }), b.targets).item());
  const predict = (m: TutorialAttention, xs: number[]) => noGrad(() => m.forward(tensor([xs])).item());
  return {
    name: 'sum-n',
    description: `sum ${lo} to ${hi} numbers (padded and masked), tested also on up to ${longest}`,
    createModel: (r) => new TutorialAttention({ ...options.model, rng: r }),
    sample: (r, n) => sequences(r, batchSize('sum-n', n, hi), lo, hi, max),
    loss: (model, b) => mseLoss(model.forward(b.inputs, { mask: b.mask }), b.targets),
    evaluate(model) {
      const metrics: Record<string, number> = { testMse: mse(model, test) };
      let sum = 0;
      for (const [len, batch] of long) {
        const v = mse(model, batch);
        metrics[`mse@${len}`] = v;
        sum += v;
      }
      if (long.length) metrics.longMse = sum / long.length;
      return metrics;
    },
    examples(model): Example[] {
      return [[3, 5], [1, 2, 3], [4, 4, 4, 4, 4], [1, 2, 3, 4, 5, 6, 7, 8]].map((xs) => ({
        input: xs, target: xs.reduce((s, v) => s + v, 0), prediction: predict(model, xs),
      }));
    },
    probe: (model) => traceForward(model, tensor([[3, 5, 2]])).trace,
    metric: { name: 'testMse', higherIsBetter: false, target: 1e-2 },
    metrics: {
      testMse: { label: 'test MSE', description: `mean squared error on 1,000 held-out sequences of ${lo} to ${hi} numbers` },
      ...Object.fromEntries(long.map(([len]) => [`mse@${len}`, { label: `MSE at length ${len}`, description: `mean squared error on 200 sequences of ${len} numbers, longer than any trained on` }])),
      ...(long.length ? { longMse: { label: 'MSE on longer sequences', description: `mean of the MSEs at lengths ${hi + 1} to ${longest}, longer than any trained on` } } : {}),
    },
    defaults: { steps: 3000, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'cosine', warmup: 50 }, evalEvery: 500 },
    input: numberInput({
      task: 'sum-n', count: [1, Math.max(hi, longest)], range: [0, max], trainedCount: [lo, hi], examples: ['3 5 2', '1 2 3 4 5 6 7 8'],
      hint: `Type 1 to ${Math.max(hi, longest)} numbers (trained on ${lo} to ${hi} numbers in [0, ${max})); the model adds them.`,
    }),
    answer: (model, values) => numberAnswer(model, values, (xs) => xs.reduce((s, v) => s + v, 0)),
  };
}
