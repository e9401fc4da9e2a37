import { addTwo, lrAt, train, type Schedule } from '@attn/train';

// #region schedule
// A schedule is plain data; lrAt tells the rate of any step (0-based) of a run.
const schedule: Schedule = { kind: 'cosine', warmup: 100, minFactor: 0.1 };
const rates = [0, 49, 99, 1000, 1999].map((step) => lrAt(schedule, step, 2000, 0.02).toFixed(4));
console.log(rates.join(' ')); // → 0.0002 0.0100 0.0200 0.0117 0.0020
// #endregion schedule

// #region options
// Optimizer, schedule and gradient clipping are options of the run, as plain data.
const result = await train({
  task: addTwo(),
  seed: 1,
  steps: 2000,
  optimizer: { kind: 'adamw', lr: 0.02, weightDecay: 1e-4 },
  schedule,
  clip: 1,
});
console.log(result.reason, result.metrics.testMse < 1e-3); // → done true
// #endregion options
