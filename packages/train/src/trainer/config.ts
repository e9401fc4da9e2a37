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
}
