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
 * A task's evaluation: metrics on the held-out set. Made by {@link evaluateInChunks}, it also
 * carries `chunks`, the same evaluation one chunk per `next()`.
 */
export interface Evaluate<M extends Module = Module> {
  (model: M): Record<string, number>;
  /** The evaluation in chunks: each `next()` does one, the return value is the metrics. */
  chunks?: (model: M) => Generator<void, Record<string, number>, void>;
}

/**
 * An evaluation written in chunks (a generator that yields between them and returns the
 * metrics): called, it runs them all at once; `train()` runs one chunk at a time and lets
 * other work (UI frames, timers) in between. Replacing a task's `evaluate` replaces both.
 *
 * @example
 * ```ts
 * const evaluate = evaluateInChunks(function* (model: Linear) {
 *   let sum = 0;
 *   for (const x of [1, 2, 3]) {
 *     sum += noGrad(() => model.forward(tensor([[x]])).item());
 *     yield; // the trainer may run other work here
 *   }
 *   return { meanOutput: sum / 3 };
 * });
 * evaluate(new Linear(1, 1, { seed: 0 })).meanOutput; // a number
 * ```
 */
export function evaluateInChunks<M extends Module>(chunks: (model: M) => Generator<void, Record<string, number>, void>): Evaluate<M> {
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
  metric: TaskMetric;
  defaults: TaskDefaults;
  /** Training examples per epoch, for tasks with a finite training set. */
  trainSize?: number;
}
