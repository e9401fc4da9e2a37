// The messages between the sort page's widget and its training worker (sort-worker.ts).
// Everything is plain data, so postMessage can copy it: traces are already plain JSON-ready
// objects, and the weights travel as Float64Arrays whose buffers are transferred, not copied.
import type { Trace } from '@attn/core';
import type { TrainResult } from '@attn/train';

export type TaskName = 'sort' | 'reverse';
/** `full`: as fast as the machine goes; `watchable`: each step waits, so a run lasts about half a minute. */
export type Speed = 'full' | 'watchable';

/** A tensor of a state dict as it crosses to the page. */
export interface WireTensor {
  shape: number[];
  data: Float64Array;
}

export type ToWorker =
  | { type: 'train'; task: TaskName; seed: number; speed: Speed }
  | { type: 'speed'; speed: Speed }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'start'; totalSteps: number; parameters: number; evalEvery: number }
  | { type: 'step'; step: number; totalSteps: number; loss: number; lr: number; seconds: number }
  /** A trace of the task's probe input (teacher-forced: the true answer follows the separator). */
  | { type: 'trace'; step: number; trace: Trace }
  /** The held-out evaluation (greedy decoding of every test sequence) has begun. */
  | { type: 'evaluating'; step: number }
  | { type: 'eval'; step: number; metrics: Record<string, number> }
  /** The run is over (done or stopped): the result and the trained weights. */
  | { type: 'end'; result: TrainResult; state: Record<string, WireTensor>; trace: Trace }
  | { type: 'error'; message: string };
