import type { Module, Rng, Tensor, Trace } from '@attn/core';
import { fn } from '../check.js';
import type { Schedule } from '../schedule/schedule.js';
import type { OptimizerSpec } from '../optim/create.js';
import type { MetricInfo } from './metrics.js';
import type { Tokenizer } from '../text/tokenizer.js';

/** One worked example for reports: what went in, what was wanted, what the model said. */
export interface Example {
  input: number[];
  target: number | number[];
  prediction: number | number[];
}

/** Training settings a task recommends; every one can be overridden in `train()`. */
export interface TaskDefaults {
  steps: number;
  batchSize: number;
  optimizer: OptimizerSpec;
  schedule?: Schedule;
  /** Clip gradients to this global norm. */
  clip?: number;
  /** Evaluate every this many steps (and always at the end). */
  evalEvery?: number;
}

/**
 * The headline metric: the one that says how well a task is solved (its label and format are in
 * `Task.metrics` under the same key).
 */
export interface TaskMetric {
  /** Key in the metrics that `evaluate` returns, e.g. `testMse`. */
  name: string;
  /** True for accuracies, false for errors. */
  higherIsBetter: boolean;
  /** The value at which the task counts as solved. */
  target?: number;
}

/**
 * A task's evaluation: metrics on the held-out set. Made by {@link evaluateInChunks}, it also
 * carries `chunks`, the same evaluation one chunk per `next()`.
 */
export interface Evaluate<M extends Module = Module> {
  (model: M): Record<string, number>;
  /**
   * The evaluation in chunks: each `next()` does one and may yield the fraction of the work done
   * (for `evalProgress` events); the return value is the metrics.
   */
  chunks?: (model: M) => Generator<number | undefined, Record<string, number>, void>;
}

/**
 * An evaluation written in chunks (a generator that yields between them and returns the
 * metrics): called, it runs them all at once; `train()` runs one chunk at a time and lets
 * other work (UI frames, timers) in between. A chunk that yields a number says how much of the
 * evaluation is done (0 to 1), which `train()` reports as `evalProgress` events. Replacing a
 * task's `evaluate` replaces both.
 *
 * @example
 * ```ts
 * const evaluate = evaluateInChunks(function* (model: Linear) {
 *   let sum = 0;
 *   for (const x of [1, 2, 3]) {
 *     sum += noGrad(() => model.forward(tensor([[x]])).item());
 *     yield x / 3; // done so far; the trainer may run other work here
 *   }
 *   return { meanOutput: sum / 3 };
 * });
 * evaluate(new Linear(1, 1, { seed: 0 })).meanOutput; // a number
 * ```
 */
export function evaluateInChunks<M extends Module>(chunks: (model: M) => Generator<number | undefined, Record<string, number>, void>): Evaluate<M> {
  fn('evaluateInChunks', 'chunks', chunks);
  const evaluate = (model: M) => {
    const run = chunks(model);
    for (;;) {
      const chunk = run.next();
      if (chunk.done) return chunk.value;
    }
  };
  return Object.assign(evaluate, { chunks });
}

/**
 * A learning problem: seeded training data, a default model, a loss, and held-out evaluation.
 * Tasks are plain objects, so plugins can contribute their own.
 *
 * @example
 * ```ts
 * const task = addTwo();
 * const model = task.createModel(new Rng(0));
 * const batch = task.sample(new Rng(1), 32);
 * task.loss(model, batch).item(); // a number
 * ```
 */
export interface Task<M extends Module = Module, B = unknown> {
  /** Short, unique, kebab-case name, e.g. `add-two`. */
  name: string;
  /** One sentence for `attn tasks`. */
  description: string;
  /** The model the task trains by default, initialized from `rng`. */
  createModel(rng: Rng): M;
  /** A training batch drawn from `rng` (never from the held-out set). */
  sample(rng: Rng, batchSize: number): B;
  /** The training loss of `model` on `batch` (a scalar that requires grad). */
  loss(model: M, batch: B): Tensor;
  /**
   * Metrics on the task's fixed held-out set (run without gradients). A long evaluation can be
   * written in chunks with {@link evaluateInChunks}, so that the trainer lets other work run
   * between them.
   */
  evaluate(model: M): Record<string, number>;
  /** A few worked examples with the model's predictions. */
  examples(model: M): Example[];
  /** A trace of the model on the task's probe input, for views. */
  probe?(model: M): Trace;
  /** The headline metric, its direction and target. */
  metric: TaskMetric;
  /**
   * What each key that `evaluate` returns means and how to write it, in the order to show them.
   * Apps read it with `metricInfo` and `formatMetric`; a key left out is shown by its name, as a
   * number.
   */
  metrics?: Record<string, MetricInfo>;
  defaults: TaskDefaults;
  /** Training examples per epoch, for tasks with a finite training set. */
  trainSize?: number;
  /**
   * The tokenizer of a task on text (see `textTask`): checkpoints save it (`Checkpoint.tokenizer`),
   * so that a saved model's token ids can be read back as text.
   */
  tokenizer?: Tokenizer;
  /**
   * For a task whose model writes (text): a sample of what it writes now, from a fixed prompt, so
   * that a view can show it learning to write. Seeded: the same model and options give the same text.
   * It takes any `Module` (the task refuses one it cannot write with), so that a task spread into
   * another model's task (`{ ...addTwo(), createModel, … }`) stays assignable.
   */
  write?(model: Module, options?: WriteOptions): WrittenSample;

  // How apps talk to a learner about the task (the playground, `attn plot`, docs widgets):
  // without these two, apps offer no playground for the task.
  /** How a learner's typed input is read, with a hint and example inputs. */
  input?: TaskInput;
  /**
   * The model's answer to parsed input values (from `input.parse`), with the trace of the
   * forward pass and everything needed to show it.
   */
  answer?(model: M, values: readonly number[]): TaskAnswer;
}

/** Options of {@link Task.write}. */
export interface WriteOptions {
  /** Tokens to write after the prompt; 64 by default. */
  maxTokens?: number;
  /** Sampling temperature (0: greedy); 0.8 by default. */
  temperature?: number;
  /** Seed of the draws; 0 by default. */
  seed?: number;
}

/** What {@link Task.write} wrote: the prompt it started from and the text after it. */
export interface WrittenSample {
  prompt: string;
  text: string;
}

/**
 * What a learner's typed line holds, read by {@link TaskInput.parse}.
 *
 * @example
 * ```ts
 * addTwo().input!.parse('3 12'); // { values: [3, 12], warnings: ['12 is outside the training range [0, 10)'] }
 * ```
 */
export interface ParsedInput {
  /** The values read, in order: what `Task.answer` takes. */
  values: number[];
  /** Inputs the task reads but was not trained on, each in a sentence (e.g. a value outside the training range). */
  warnings: string[];
  /** Set while the line is a good start that is still too short: what is left to type, e.g. `type 2 numbers, got 1`. */
  missing?: string;
}

/**
 * How a task reads what a learner types.
 *
 * @example
 * ```ts
 * const input = sort().input!;
 * input.hint;                  // 'Type 5 digits; the model writes them in ascending order.'
 * input.parse(input.examples[0]).values; // [3, 1, 4, 1, 5]
 * ```
 */
export interface TaskInput {
  /** One line telling the learner what to type. */
  hint: string;
  /** Inputs to start with; the first is the task's probe input. */
  examples: string[];
  /**
   * Reads a typed line. Throws an `AttnError` with a message a learner can act on
   * (`add-two: expected a number, got 'x'`) when no continuation of the line could be read.
   */
  parse(text: string): ParsedInput;
}

/**
 * A model's answer to one input, as `Task.answer` returns it: the numbers, the text to show,
 * and the trace of the forward pass.
 *
 * @example
 * ```ts
 * const task = sort();
 * const r = task.answer!(task.createModel(new Rng(0)), [3, 1, 4, 1, 5]);
 * r.expected; // '1 1 3 4 5'
 * r.tokens;   // ['3', '1', '4', '1', '5', '→', …]: one label per position of r.trace
 * ```
 */
export interface TaskAnswer {
  /** The input values answered. */
  input: number[];
  /** What the model said, in the terms of `Example.prediction` (a number, or tokens). */
  prediction: number | number[];
  /** The right answer in the same terms, when the task knows it. */
  target: number | number[] | null;
  /** The model's answer as a learner reads it, e.g. `8.012` or `1 1 3 4 5`. */
  answer: string;
  /** The right answer as text, when the task knows it. */
  expected: string | null;
  /** Whether the answer is exactly right, for tasks with exact answers (null for numeric ones). */
  correct: boolean | null;
  /** A sentence on how to read the answer, e.g. `off by 0.012`. */
  note?: string;
  /** A label for every position of the trace's input (values may repeat, so label by position where that matters). */
  tokens: string[];
  /** The forward pass that produced the answer. */
  trace: Trace;
}
