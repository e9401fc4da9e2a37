import {
  AttnError, crossEntropy, DecoderOnly, noGrad, Rng, Tensor, traceForward,
  type DecoderOnlyOptions, type Trace,
} from '@attn/core';
import { batchSize } from '../check.js';
import { digitInput } from './input.js';
import type { MetricInfo } from './metrics.js';
import { evaluateInChunks, type Example, type Task, type TaskAnswer, type TaskDefaults, type TaskInput } from './task.js';

/** One problem of a sequence task: the prompt tokens and the answer tokens that should follow. */
export interface SequenceItem {
  prompt: number[];
  answer: number[];
}

/**
 * A training batch of a sequence task: token ids `inputs [batch, T]` and next-token `targets
 * [batch, T]`, where `targets` holds {@link IGNORE} at every position that does not predict an
 * answer token.
 */
export interface TokenBatch {
  inputs: Tensor;
  targets: Tensor;
}

/** The target value of positions the loss skips (passed to `crossEntropy` as `ignoreIndex`). */
export const IGNORE = -1;

/** Anything that maps tokens `[batch, T]` to next-token logits `[batch, T, vocab]`, such as {@link @attn/core!DecoderOnly}. */
export interface TokenModel {
  forward(tokens: Tensor): Tensor;
}

/** The model settings of a sequence task; vocabulary and length follow from the task. */
export type SequenceModelOptions = Omit<DecoderOnlyOptions, 'vocabSize' | 'maxLen' | 'rng' | 'seed'>;

/** What {@link sequenceTask} needs to know about a problem family. */
export interface SequenceTaskSpec {
  /** Short, unique, kebab-case name, e.g. `sort`. */
  name: string;
  /** One sentence for `attn tasks`. */
  description: string;
  /** Prompts and answers use tokens `0 … symbols−1`; token `symbols` is the separator. */
  symbols: number;
  /** Tokens in every prompt. */
  promptLength: number;
  /** Tokens in every answer. */
  answerLength: number;
  /** Number of distinct problems; they are numbered `0 … size−1`. */
  size: number;
  /** The problem numbered `index` (a pure function of the index). */
  item(index: number): SequenceItem;
  /** How many problems are held out for evaluation (never drawn for training). */
  testSize: number;
  /** Seed of the held-out draw; a fixed default. */
  testSeed?: number;
  /** Settings of the {@link @attn/core!DecoderOnly} model. */
  model: SequenceModelOptions;
  defaults: TaskDefaults;
  /** Labels and formats of the metrics, merged over the defaults (`testAccuracy`, `tokenAccuracy`, `testLoss`). */
  metrics?: Record<string, MetricInfo>;
  /** Turns a problem and a decoded answer into a report example; tokens as they are by default. */
  example?(item: SequenceItem, prediction: number[]): Example;
  /** The problem whose trace `probe` records; the first held-out problem by default. */
  probe?: SequenceItem;
  /** How many held-out problems `examples` shows; 4 by default. */
  exampleCount?: number;

  // The playground's view of the task (see Task.input and Task.answer).
  /** The playground's one-line hint for the default input. */
  hint?: string;
  /**
   * How a learner's line is read; by default exactly `promptLength` tokens (see `digitInput`),
   * with the probe's prompt and the first held-out one as examples.
   */
  input?: TaskInput;
  /** The prompt for parsed input values; the values themselves by default. */
  promptOf?(values: readonly number[]): number[];
  /** A sentence on how to read a decoded answer (e.g. that digits come last to first). */
  note?(answer: readonly number[]): string;
}

const TEST_SEED = 1_000_003;
/** Held-out problems per evaluation chunk (3–8 ms of decoding for the built-in tasks; 50 took no less in all). */
const EVAL_CHUNK = 20;

function bad(op: string, message: string): never {
  throw new AttnError('ARGUMENT', `${op}: ${message}`);
}

/**
 * The numbers of `count` distinct problems out of `0 … size−1`, drawn with a generator seeded by
 * `seed`, in the order drawn: the held-out set of a sequence task.
 *
 * @example
 * ```ts
 * heldOut(10_000, 1000, 7).length; // 1000, all different
 * ```
 */
export function heldOut(size: number, count: number, seed: number): number[] {
  if (!(Number.isInteger(count) && count > 0 && count < size)) bad('heldOut', `count must be an integer in [1, ${size}), got ${count}`);
  const rng = new Rng(seed);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(rng.int(size));
  return [...picked];
}

/**
 * The full token sequence of a problem, `prompt, separator, answer`, split into model input and
 * next-token targets; only the positions that predict answer tokens have a target.
 * Shapes: one row of `[T]` each, `T = promptLength + answerLength`.
 *
 * @example
 * ```ts
 * encode({ prompt: [3, 1], answer: [1, 3] }, 10);
 * // { input: [3, 1, 10, 1], target: [-1, -1, 1, 3] }
 * ```
 */
export function encode(item: SequenceItem, separator: number): { input: number[]; target: number[] } {
  const tokens = [...item.prompt, separator, ...item.answer];
  const input = tokens.slice(0, -1);
  const target = tokens.slice(1).map((t, i) => (i >= item.prompt.length ? t : IGNORE));
  return { input, target };
}

/**
 * Problems encoded as in {@link encode} and stacked into a batch; all must share one prompt
 * length and one answer length.
 * Shapes: `items.length` problems → `inputs [batch, T]`, `targets [batch, T]`.
 *
 * @example
 * ```ts
 * batchOf([{ prompt: [1, 2], answer: [2, 1] }], 10).inputs.toArray(); // [[1, 2, 10, 2]]
 * ```
 */
export function batchOf(items: readonly SequenceItem[], separator: number): TokenBatch {
  if (items.length === 0) bad('batchOf', 'needs at least one item, got none');
  const P = items[0].prompt.length;
  const A = items[0].answer.length;
  const T = P + A;
  const inputs = new Float64Array(items.length * T);
  const targets = new Float64Array(items.length * T);
  items.forEach((item, b) => {
    if (item.prompt.length !== P || item.answer.length !== A) {
      bad('batchOf', `every item must have a ${P}-token prompt and a ${A}-token answer, got ${item.prompt.length} and ${item.answer.length} at index ${b}`);
    }
    const { input, target } = encode(item, separator);
    inputs.set(input, b * T);
    targets.set(target, b * T);
  });
  return { inputs: new Tensor(inputs, [items.length, T]), targets: new Tensor(targets, [items.length, T]) };
}

/**
 * Greedy autoregressive decoding: feeds `prompt, separator` and appends the most likely next
 * token, `answerLength` times. The model sees only the prompt and its own earlier answer
 * tokens, never a target. A {@link @attn/core!DecoderOnly} decodes with its key/value cache (the
 * prompt once, then one token per step; the logits of full passes, to rounding); another model
 * gets the whole sequence at every step. Runs without gradients.
 * Shapes: `prompts` is `[batch][promptLength]` → answers `[batch][answerLength]`.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 11, maxLen: 10, seed: 0 });
 * greedyDecode(model, [[3, 1, 4, 1, 5]], 10, 5); // five tokens per prompt
 * ```
 */
export function greedyDecode(model: TokenModel, prompts: readonly number[][], separator: number, answerLength: number): number[][] {
  const N = prompts.length;
  if (N === 0) return [];
  const P = prompts[0].length;
  const rows = prompts.map((p) => {
    if (p.length !== P) bad('greedyDecode', `every prompt must have ${P} tokens, got one with ${p.length}`);
    return [...p, separator];
  });
  return noGrad(() => {
    const decoder = model instanceof DecoderOnly ? model : null;
    const cache = decoder?.createCache();
    for (let step = 0; step < answerLength; step++) {
      // the positions the cache does not hold yet: all of them without one
      const from = cache?.length ?? 0;
      const T = P + 1 + step - from;
      const tokens = new Float64Array(N * T);
      rows.forEach((r, b) => tokens.set(r.slice(from), b * T));
      const input = new Tensor(tokens, [N, T]);
      const logits = decoder ? decoder.forward(input, { cache }) : model.forward(input);
      if (logits.rank !== 3 || logits.shape[0] !== N || logits.shape[1] !== T) {
        bad('greedyDecode', `the model must return logits [${N}, ${T}, vocab], got [${logits.shape.join(', ')}]`);
      }
      const V = logits.shape[2];
      const d = logits.data;
      for (let b = 0; b < N; b++) {
        const base = (b * T + T - 1) * V;
        let best = 0;
        for (let v = 1; v < V; v++) if (d[base + v] > d[base + best]) best = v;
        rows[b].push(best);
      }
    }
    return rows.map((r) => r.slice(P + 1));
  });
}

/**
 * Accuracy of decoded answers against the true ones: `exact` counts answers right in every
 * token, `token` counts single tokens right at their position.
 *
 * @example
 * ```ts
 * answerAccuracy([[1, 2], [3, 4]], [[1, 2], [3, 0]]); // { exact: 0.5, token: 0.75 }
 * ```
 */
export function answerAccuracy(predicted: readonly number[][], truth: readonly number[][]): { exact: number; token: number } {
  let exact = 0;
  let tokens = 0;
  let right = 0;
  truth.forEach((t, i) => {
    let all = true;
    t.forEach((v, j) => {
      tokens++;
      if (predicted[i][j] === v) right++;
      else all = false;
    });
    if (all) exact++;
  });
  return { exact: exact / truth.length, token: right / tokens };
}

/** What {@link sequenceTask} returns: a {@link Task} that also tells its held-out problems apart. */
export interface SequenceTask extends Task<DecoderOnly, TokenBatch> {
  /** The task's separator token (`symbols`). */
  separator: number;
  /** The held-out problems' numbers, in a fixed order. */
  testIndices: readonly number[];
  /** True when problem `index` is held out (so training never draws it). */
  isHeldOut(index: number): boolean;
  /** Problem numbers of a training batch drawn from `rng`: what `sample` encodes. */
  sampleIndices(rng: Rng, batchSize: number): number[];
  /** The problem numbered `index`. */
  item(index: number): SequenceItem;
  /**
   * The right answer to `prompt`, or null when it is no problem of the task. Problems are found
   * by reading the prompt as a number in base `symbols` (as the built-in tasks number them).
   */
  solve(prompt: readonly number[]): number[] | null;
}

/**
 * A task of the form "prompt, separator, answer" solved by a {@link @attn/core!DecoderOnly} transformer.
 * Training is next-token cross-entropy on the answer positions only (the prompt positions are
 * ignored); evaluation decodes each held-out answer greedily from its prompt and reports
 * whole-answer accuracy `testAccuracy` (the task's metric, target 0.95), per-token accuracy
 * `tokenAccuracy`, and the teacher-forced loss `testLoss`. The held-out problems are a fixed
 * seeded draw; training batches redraw any problem that is held out, so the two never meet.
 *
 * @example
 * ```ts
 * const task = sequenceTask({
 *   name: 'copy', description: 'copy three digits', symbols: 10, promptLength: 3, answerLength: 3,
 *   size: 1000, item: (i) => { const p = [Math.floor(i / 100), Math.floor(i / 10) % 10, i % 10]; return { prompt: p, answer: p }; },
 *   testSize: 100, model: { dModel: 16, heads: 2, layers: 1 },
 *   defaults: { steps: 500, batchSize: 32, optimizer: { kind: 'adam', lr: 0.003 } },
 * });
 * const result = await train({ task });
 * result.metrics.testAccuracy; // a fraction of the 100 held-out problems
 * ```
 */
export function sequenceTask(spec: SequenceTaskSpec): SequenceTask {
  const { symbols, promptLength, answerLength, size } = spec;
  for (const [key, v] of [['symbols', symbols], ['promptLength', promptLength], ['answerLength', answerLength], ['size', size]] as const) {
    if (!(Number.isInteger(v) && v > 0)) bad('sequenceTask', `${key} must be a positive integer, got ${v}`);
  }
  const separator = symbols;
  const testIndices = heldOut(size, spec.testSize, spec.testSeed ?? TEST_SEED);
  const testSet = new Set(testIndices);
  const test = testIndices.map((i) => spec.item(i));
  // evaluation runs in chunks of held-out problems, so that a run can let other work in between
  const chunks = Array.from({ length: Math.ceil(test.length / EVAL_CHUNK) }, (_, c) => {
    const items = test.slice(c * EVAL_CHUNK, (c + 1) * EVAL_CHUNK);
    return { prompts: items.map((t) => t.prompt), batch: batchOf(items, separator) };
  });
  const testAnswers = test.map((t) => t.answer);
  const probeItem = spec.probe ?? test[0];
  const probeInput = batchOf([probeItem], separator).inputs;
  const toExample = spec.example ?? ((item: SequenceItem, prediction: number[]): Example => ({ input: item.prompt, target: item.answer, prediction }));
  const shown = test.slice(0, spec.exampleCount ?? 4);

  const label = (t: number) => (t === separator ? '→' : String(t));
  const solve = (prompt: readonly number[]): number[] | null => {
    const index = prompt.reduce((n, t) => n * symbols + t, 0);
    if (!(Number.isInteger(index) && index >= 0 && index < size)) return null;
    const found = spec.item(index);
    return found.prompt.length === prompt.length && found.prompt.every((t, i) => t === prompt[i]) ? found.answer : null;
  };
  const promptOf = spec.promptOf ?? ((values: readonly number[]) => values.slice());
  const input = spec.input ?? digitInput({
    task: spec.name, count: promptLength, symbols, examples: [probeItem.prompt.join(' '), test[0].prompt.join(' ')],
    hint: spec.hint ?? `Type ${promptLength} ${symbols <= 10 ? 'digits' : 'tokens'} below ${symbols}; the model writes the answer after them.`,
  });
  const answer = (model: DecoderOnly, values: readonly number[]): TaskAnswer => {
    const prompt = promptOf(values);
    const decoded = greedyDecode(model, [prompt], separator, answerLength)[0];
    const tokens = [...prompt, separator, ...decoded.slice(0, -1)];
    const { trace } = noGrad(() => traceForward(model, new Tensor(Float64Array.from(tokens), [1, tokens.length])));
    const truth = solve(prompt);
    const out: TaskAnswer = {
      input: values.slice(), prediction: decoded, target: truth, answer: decoded.map(label).join(' '),
      expected: truth && truth.map(label).join(' '), correct: truth && truth.every((t, i) => t === decoded[i]), tokens: tokens.map(label), trace,
    };
    if (spec.note) out.note = spec.note(decoded);
    return out;
  };

  const sampleIndices = (rng: Rng, n: number): number[] => {
    batchSize(spec.name, n, promptLength + answerLength);
    const out: number[] = [];
    while (out.length < n) {
      const i = rng.int(size);
      if (!testSet.has(i)) out.push(i);
    }
    return out;
  };

  return {
    name: spec.name,
    description: spec.description,
    separator,
    testIndices,
    isHeldOut: (index) => testSet.has(index),
    sampleIndices,
    item: spec.item,
    solve,
    createModel: (rng) => new DecoderOnly({ ...spec.model, vocabSize: symbols + 1, maxLen: promptLength + answerLength, rng }),
    sample: (rng, batchSize) => batchOf(sampleIndices(rng, batchSize).map((i) => spec.item(i)), separator),
    loss: (model, batch) => crossEntropy(model.forward(batch.inputs), batch.targets, { ignoreIndex: IGNORE }),
    evaluate: evaluateInChunks(function* (model: DecoderOnly) {
      const predicted: number[][] = [];
      let lossSum = 0;
      for (const [c, { prompts, batch }] of chunks.entries()) {
        noGrad(() => {
          predicted.push(...greedyDecode(model, prompts, separator, answerLength));
          // every problem has answerLength answer tokens: the mean over all is the size-weighted mean of chunk means
          lossSum += crossEntropy(model.forward(batch.inputs), batch.targets, { ignoreIndex: IGNORE }).item() * prompts.length;
        });
        yield (c + 1) / chunks.length;
      }
      const { exact, token } = answerAccuracy(predicted, testAnswers);
      return { testAccuracy: exact, tokenAccuracy: token, testLoss: lossSum / test.length };
    }),
    examples(model) {
      const predictions = greedyDecode(model, shown.map((t) => t.prompt), separator, answerLength);
      return shown.map((item, i) => toExample(item, predictions[i]));
    },
    probe: (model): Trace => noGrad(() => traceForward(model, probeInput).trace),
    metric: { name: 'testAccuracy', higherIsBetter: true, target: 0.95 },
    metrics: {
      testAccuracy: { label: 'held-out accuracy', description: `held-out problems (${spec.testSize}) whose whole answer the model writes exactly`, format: 'percent' },
      tokenAccuracy: { label: 'token accuracy', description: 'answer tokens of the held-out problems written right at their position', format: 'percent' },
      testLoss: { label: 'held-out loss', description: 'cross-entropy of the answer tokens of the held-out problems, given the right tokens before them' },
      ...spec.metrics,
    },
    defaults: spec.defaults,
    trainSize: size - spec.testSize,
    input,
    answer,
  };
}

/**
 * The digits of `n` in base `base`, most significant first, zero-padded to `width`.
 *
 * @example
 * ```ts
 * digitsOf(7, 2); // [0, 7]
 * ```
 */
export function digitsOf(n: number, width: number, base = 10): number[] {
  const out = new Array<number>(width);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = n % base;
    n = Math.floor(n / base);
  }
  return out;
}
