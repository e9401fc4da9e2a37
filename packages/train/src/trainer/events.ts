import type { Module, Trace } from '@attn/core';
import type { Optimizer } from '../optim/optimizer.js';
import type { Task } from '../tasks/task.js';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import type { TrainConfig } from './config.js';

/** Sent once before the first step. */
export interface StartEvent {
  type: 'start';
  /** The first step to run (0, or where a resumed run continues). */
  step: number;
  totalSteps: number;
  task: string;
  seed: number;
  parameters: number;
  config: TrainConfig;
  /** With `traceEvery`: a trace of the probe input before the first step (the untrained model). */
  trace?: Trace;
}

/** Sent after every optimizer step. */
export interface StepEvent {
  type: 'step';
  /** Steps completed (1 after the first). */
  step: number;
  totalSteps: number;
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Learning rate used by this step. */
  lr: number;
  /** Steps per second since the run (or resumption) started. */
  stepsPerSecond: number;
  /** Seconds since the run (or resumption) started. */
  seconds: number;
  /** A trace of the model on the task's probe input, every `traceEvery` steps. */
  trace?: Trace;
}

/** Sent before each evaluation on the held-out set; an `eval` event follows with its metrics. */
export interface EvalStartEvent {
  type: 'evalStart';
  /** Steps completed when the evaluation runs. */
  step: number;
}

/**
 * Sent during a long evaluation (one written with `evaluateInChunks` whose chunks yield how much
 * is done), at most once per turn of the event loop, so a view can show that it is progressing.
 */
export interface EvalProgressEvent {
  type: 'evalProgress';
  /** Steps completed when the evaluation runs. */
  step: number;
  /** The fraction of the held-out set evaluated so far, in (0, 1]. */
  done: number;
}

/** Sent after each evaluation on the held-out set. */
export interface EvalEvent {
  type: 'eval';
  step: number;
  metrics: Record<string, number>;
  /** How long the evaluation took. */
  seconds: number;
}

/** The outcome of a finished (or stopped) run. */
export interface TrainResult {
  task: string;
  seed: number;
  /** Steps completed in total. */
  steps: number;
  seconds: number;
  finalLoss: number;
  metrics: Record<string, number>;
  /** Why the run ended: all steps done, stopped by a plugin, or aborted by the signal. */
  reason: 'done' | 'stopped' | 'aborted';
}

/** Sent once at the end. */
export interface EndEvent {
  type: 'end';
  result: TrainResult;
}

/**
 * Everything a run reports, in order: start, then steps, each evaluation as evalStart, any
 * evalProgress and eval, end.
 */
export type TrainEvent = StartEvent | StepEvent | EvalStartEvent | EvalProgressEvent | EvalEvent | EndEvent;

/** What plugin hooks can use besides the event: the live objects and controls of the run. */
export interface TrainContext<M extends Module = Module> {
  model: M;
  optimizer: Optimizer;
  task: Task<M>;
  /** The complete state after the last completed step, ready to save. */
  checkpoint(): Checkpoint;
  /** Ends the run after the current step (reason `stopped`). */
  stop(): void;
}

/**
 * A trainer plugin: a name and optional hooks, each awaited in order of the `plugins` array
 * (a hook that returns a promise holds the run until it settles). Pass plugins explicitly to
 * `train({ plugins })`, or as an app plugin's `hooks`; nothing registers itself.
 *
 * @example
 * ```ts
 * const logger: TrainerPlugin = {
 *   name: 'logger',
 *   onStepEnd: (e) => { if (e.step % 100 === 0) console.log(e.step, e.loss); },
 * };
 * ```
 */
export interface TrainerPlugin {
  name: string;
  /** Once, before the first step (of a fresh or a resumed run), after the model and optimizer exist. */
  onTrainStart?(event: StartEvent, ctx: TrainContext): void | Promise<void>;
  /** After every optimizer step, before the next batch is drawn; `ctx.stop()` here ends the run after this step. */
  onStepEnd?(event: StepEvent, ctx: TrainContext): void | Promise<void>;
  /** Before every evaluation (which may take a while: a view can say so). */
  onEvalStart?(event: EvalStartEvent, ctx: TrainContext): void | Promise<void>;
  /** After every evaluation on the held-out set (every `evalEvery` steps, and at the end). */
  onEvalEnd?(event: EvalEvent, ctx: TrainContext): void | Promise<void>;
  /** Once the run has finished, been stopped or been aborted, after its final evaluation. */
  onTrainEnd?(result: TrainResult, ctx: TrainContext): void | Promise<void>;
  /** When the run fails (e.g. a NaN loss), before the error is rethrown; `onTrainEnd` does not run. */
  onError?(error: Error, ctx: TrainContext): void | Promise<void>;
}

