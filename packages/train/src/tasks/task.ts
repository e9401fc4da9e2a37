import type { Module, Rng, Tensor, Trace } from '@attn/core';
import type { Schedule } from '../schedule/schedule.js';
import type { OptimizerSpec } from '../optim/create.js';

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

/** The metric that says how well a task is solved. */
export interface TaskMetric {
  /** Key in the metrics that `evaluate` returns, e.g. `testMse`. */
  name: string;
  /** True for accuracies, false for errors. */
  higherIsBetter: boolean;
  /** The value at which the task counts as solved. */
  target?: number;
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
  /** Metrics on the task's fixed held-out set (run without gradients). */
  evaluate(model: M): Record<string, number>;
  /** A few worked examples with the model's predictions. */
  examples(model: M): Example[];
  /** A trace of the model on the task's probe input, for views. */
  probe?(model: M): Trace;
  metric: TaskMetric;
  defaults: TaskDefaults;
  /** Training examples per epoch, for tasks with a finite training set. */
  trainSize?: number;

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
