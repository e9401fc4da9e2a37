// The messages between a training worker (serveTraining) and the page (trainInWorker). All of it
// is plain data that postMessage copies: events as the trainer reports them (Traces are plain
// objects), the trained model as saveModel bytes whose buffer is transferred, not copied.
import type { TrainEvent } from '../trainer/events.js';
import type { TrainOptions } from '../trainer/train.js';

/** The options of a run in a worker: those of `train()` that are plain data, and the task by name. */
export interface RemoteTrainOptions extends Omit<TrainOptions, 'task' | 'model' | 'signal' | 'plugins' | 'resume'> {
  /** A task the worker serves (a key of the `tasks` given to `serveTraining`). */
  task: string;
  /**
   * Passed to the task's factory in the worker, e.g. `{ length: 4 }` for `sort` or the text of a
   * `textTask`: plain data, structured-cloned on the way. Without it the factory gets
   * `undefined`, so a built-in task takes its defaults.
   */
  taskOptions?: unknown;
  /** Start paused (before the first step), e.g. to step through a run from its beginning. */
  paused?: boolean;
  /** Steps per second to hold the run to from the start (see `TrainingRun.pace`). */
  pace?: number | null;
}

export type Control =
  | { action: 'pause' | 'resume' | 'stop' }
  | { action: 'step'; n: number }
  | { action: 'pace'; stepsPerSecond: number | null };

export type ToWorker =
  | { kind: 'attn.train'; id: number; options: RemoteTrainOptions }
  | ({ kind: 'attn.control'; id: number } & Control);

export type FromWorker =
  | { kind: 'attn.events'; id: number; events: TrainEvent[] }
  /** Sent just before the end event: the trained model as written by saveModel (null for a custom module). */
  | { kind: 'attn.model'; id: number; bytes: Uint8Array | null }
  | { kind: 'attn.error'; id: number; message: string; code?: string };

/** What both ends need of a Worker, a worker's `self`, or a MessagePort. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener?(type: 'message', listener: (event: MessageEvent) => void): void;
  /** MessagePorts deliver nothing until started. */
  start?(): void;
}
