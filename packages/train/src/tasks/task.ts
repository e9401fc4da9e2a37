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
}
