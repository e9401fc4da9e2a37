import { addTwo, lrAt, train, type Schedule } from '@attn/train';

// #region schedule
// A schedule is plain data; lrAt gives the rate of any step
// (0-based) of a run: here 2,000 steps at a base rate of 0.02.
const schedule: Schedule = { kind: 'cosine', warmup: 100, minFactor: 0.1 };
const steps = [0, 49, 99, 1000, 1999];
const rates = steps.map((s) => lrAt(schedule, s, 2000, 0.02));
console.log(rates.map((r) => r.toFixed(4)).join(' '));
// → 0.0002 0.0100 0.0200 0.0117 0.0020
// #endregion schedule

// #region options
// The optimizer, the schedule and clipping: options of the run.
const result = await train({
  task: addTwo(),
  seed: 1,
  steps: 2000,
  optimizer: { kind: 'adamw', lr: 0.02, weightDecay: 1e-4 },
  schedule,
  clip: 1,
});
console.log(result.reason, result.metrics.testMse < 1e-3);
// → done true
// #endregion options
