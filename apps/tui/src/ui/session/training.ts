// A training run as the UI drives it: @attn/train's TrainingRun (pause, resume, stop and the
// checkpoint of its last step are the run's own) with its events handed to the UI a frame at a
// time (forEachFrame), and a checkpoint saved to a file on request.
import { dirname } from 'node:path';
import type { Module } from '@attn/core';
import { forEachFrame, train, type StepEvent, type TrainEvent, type TrainOptions, type TrainResult } from '@attn/train';
import { ensureWritableDir, saveCheckpoint } from '@attn/train/node';

/** Where a session's events and outcome go. */
export interface TrainingHandlers {
  /** A frame's worth of events, in order (at most one batch of steps per `frameMs`; start, evaluations and end at once). */
  onEvents(events: TrainEvent[]): void;
  /** The run failed (e.g. a NaN loss); the message says why. */
  onError?(error: Error): void;
}

/** Options of {@link startTraining}: those of `train()`, and how often to hand events on. */
export interface TrainingSessionOptions<M extends Module> extends Omit<TrainOptions<M>, 'signal'> {
  /** Milliseconds between event batches (the UI's frame interval). Default 25. */
  frameMs?: number;
}

/** Slow motion: the steps per second at which a run of `totalSteps` takes about 20 seconds to watch. */
export const slowPace = (totalSteps: number): number => Math.max(1, Math.round(totalSteps / 20));

/** The last step event of a batch, if any. */
export function lastStep(events: readonly TrainEvent[]): StepEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'step') return e;
  }
  return undefined;
}

/** The controls of a running session. */
export interface TrainingSession<M extends Module = Module> {
  /** The model being trained, once the run has started. */
  readonly model: M | null;
  readonly paused: boolean;
  /** Holds the trainer after its current step until {@link resume}. */
  pause(): void;
  resume(): void;
  /** Ends the run after the current step (reason `stopped`), also when paused. */
  stop(): void;
  /** Holds the run to `stepsPerSecond` (slow motion, to watch it learn), or lets it run at full speed (null). */
  pace(stepsPerSecond: number | null): void;
  /** Saves the whole training state after the last completed step to `path`; returns `path`. */
  save(path: string): string;
  /** Settles when the run has ended: its result, or null if it failed. */
  readonly done: Promise<TrainResult | null>;
}

/**
 * Starts training and hands its events to `handlers.onEvents` a frame at a time, so that a fast
 * trainer (hundreds of thousands of steps per second) costs the UI one render per frame. The
 * trainer yields to the event loop every `frameMs / 4` (its `yieldEvery`, evaluations included),
 * so that a slice of training and a render together stay well within a frame and keys get their
 * turn while it runs.
 */
export function startTraining<M extends Module>(options: TrainingSessionOptions<M>, handlers: TrainingHandlers): TrainingSession<M> {
  const { frameMs = 25, ...rest } = options;
  const run = train<M>({ yieldEvery: Math.max(1, Math.floor(frameMs / 4)), ...rest });
  const done = forEachFrame(run, (events) => handlers.onEvents(events), { frameMs }).then(
    () => run.then((result) => result),
    (e: unknown) => {
      handlers.onError?.(e instanceof Error ? e : new Error(String(e)));
      return null;
    },
  );
  return {
    get model() {
      return run.state === 'idle' ? null : run.model;
    },
    get paused() {
      return run.paused;
    },
    pause: () => run.pause(),
    resume: () => run.resume(),
    stop: () => run.stop(),
    pace: (stepsPerSecond) => run.pace(stepsPerSecond),
    save(path: string) {
      if (run.state === 'idle') throw new Error('save: the run has not started yet');
      ensureWritableDir(dirname(path));
      saveCheckpoint(path, run.checkpoint());
      return path;
    },
    done,
  };
}
