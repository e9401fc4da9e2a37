import type { OptimizerSpec } from '../optim/create.js';
import type { Schedule } from '../schedule/schedule.js';

/** The resolved settings of a run (task defaults merged with options): plain data, saved in checkpoints. */
export interface TrainConfig {
  steps: number;
  batchSize: number;
  optimizer: OptimizerSpec;
  schedule: Schedule;
  clip: number | null;
  evalEvery: number;
  traceEvery: number | null;
  /** Attach a snapshot of the weights to every this many step events (and to start and end); null for none. */
  weightsEvery: number | null;
}
