// A training run as the UI drives it: started with @attn/train's train(), its events handed on
// in batches of one frame, and the controls the trainer itself does not have — pause and
// resume (a plugin hook that waits while paused; hooks are awaited) — next to those it has:
// stop (an AbortSignal) and save (ctx.checkpoint()).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Module } from '@attn/core';
import { train, type Plugin, type StepEvent, type TrainContext, type TrainEvent, type TrainOptions, type TrainResult } from '@attn/train';
import { saveCheckpoint } from '@attn/train/node';

/** Where a session's events and outcome go. */
export interface TrainingHandlers {
  /** A frame's worth of events, in order (at most one call per `frameMs`, plus one at start, pause and end). */
  onEvents(events: TrainEvent[]): void;
  /** The run failed (e.g. a NaN loss); the message says why. */
  onError?(error: Error): void;
}

/** Options of {@link startTraining}: those of `train()`, and how often to hand events on. */
export interface TrainingSessionOptions<M extends Module> extends Omit<TrainOptions<M>, 'signal'> {
  /** Milliseconds between event batches (the UI's frame interval). Default 33. */
  frameMs?: number;
}

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
  /** Ends the run after the current step (reason `aborted`), also when paused. */
  stop(): void;
  /** Saves the whole training state after the last completed step to `path`; returns `path`. */
  save(path: string): string;
  /** Settles when the run has ended: its result, or null if it failed. */
  readonly done: Promise<TrainResult | null>;
}

/**
 * A plugin that makes the trainer wait after a step while paused: its `onStepEnd` returns a
 * promise that resolves on resume, and the trainer awaits its hooks.
 *
 * @example
 * ```ts
 * const gate = pauseGate();
 * const run = train({ task: addTwo(), plugins: [gate.plugin] });
 * gate.pause(); // the run holds after its current step
 * gate.resume();
 * ```
 */
export function pauseGate(): { plugin: Plugin; pause(): void; resume(): void; readonly paused: boolean } {
  let waiting: Promise<void> | null = null;
  let release: (() => void) | null = null;
  return {
    plugin: {
      name: 'tui-pause',
      onStepEnd: () => waiting ?? undefined,
    },
    pause() {
      if (waiting !== null) return;
      waiting = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    resume() {
      const r = release;
      waiting = null;
      release = null;
      r?.();
    },
    get paused() {
      return waiting !== null;
    },
  };
}

/**
 * Starts training and hands its events to `handlers.onEvents` a frame at a time, so that a fast
 * trainer (hundreds of thousands of steps per second) costs the UI one render per frame. The
 * trainer yields to the event loop every `frameMs / 2` (its `yieldEvery`), so keys and redraws
 * get their turn while it runs.
 */
export function startTraining<M extends Module>(options: TrainingSessionOptions<M>, handlers: TrainingHandlers): TrainingSession<M> {
  const { frameMs = 25, plugins = [], ...rest } = options;
  const gate = pauseGate();
  const controller = new AbortController();
  let ctx: TrainContext | null = null;
  let buffer: TrainEvent[] = [];
  let last = 0;
  // The trainer's clock keeps running while it waits at the gate; the UI reports speed and
  // time without the pauses.
  let firstStep = 0;
  let pausedAt: number | null = null;
  let pausedSeconds = 0;
  const flush = () => {
    last = performance.now();
    if (buffer.length === 0) return;
    const events = buffer;
    buffer = [];
    handlers.onEvents(events);
  };
  // The hooks see every event before the trainer yields it, and this one runs before the pause
  // gate's: so a pause shows the very step the trainer holds at.
  const collect: Plugin = {
    name: 'tui-events',
    onTrainStart(e, c) {
      ctx = c;
      firstStep = e.step;
      buffer.push(e);
      flush();
    },
    onStepEnd(e) {
      if (pausedSeconds > 0) {
        const seconds = Math.max(1e-9, e.seconds - pausedSeconds);
        e = { ...e, seconds, stepsPerSecond: (e.step - firstStep) / seconds };
      }
      buffer.push(e);
      if (gate.paused || performance.now() - last >= frameMs) flush();
    },
    onEvalEnd(e) {
      buffer.push(e);
    },
    onTrainEnd(result) {
      buffer.push({ type: 'end', result: { ...result, seconds: Math.max(0, result.seconds - pausedSeconds) } });
      flush();
    },
  };
  const run = train<M>({
    yieldEvery: Math.max(1, Math.floor(frameMs / 2)), ...rest, signal: controller.signal, plugins: [collect, gate.plugin, ...plugins],
  });
  const done = (async (): Promise<TrainResult | null> => {
    try {
      return await run;
    } catch (e) {
      flush();
      handlers.onError?.(e instanceof Error ? e : new Error(String(e)));
      return null;
    }
  })();
  const resume = () => {
    if (pausedAt !== null) pausedSeconds += (performance.now() - pausedAt) / 1000;
    pausedAt = null;
    gate.resume();
  };
  return {
    get model() {
      return (ctx?.model as M | undefined) ?? null;
    },
    get paused() {
      return gate.paused;
    },
    pause() {
      if (gate.paused) return;
      pausedAt = performance.now();
      gate.pause();
    },
    resume,
    stop() {
      controller.abort();
      resume();
    },
    save(path: string) {
      if (!ctx) throw new Error('save: the run has not started yet');
      mkdirSync(dirname(path), { recursive: true });
      saveCheckpoint(path, ctx.checkpoint());
      return path;
    },
    done,
  };
}
