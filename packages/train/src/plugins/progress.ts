import { formatMetric, metricInfo } from '../tasks/metrics.js';
import { fn, optionsOf, positiveInt } from '../check.js';
import type { TrainerPlugin } from '../trainer/events.js';

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Report every this many steps. Default: about 10 lines per run. */
  every?: number;
  /** Where lines go; `console.log` by default. */
  write?: (line: string) => void;
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(2));

/**
 * Writes a progress line every `every` steps and after each evaluation, e.g.
 * `step 200/2000  loss 0.0123  |g| 0.41  lr 0.01  4100 steps/s` and
 * `eval at step 500: test MSE 0.00123  error on [3, 5] 0.0174` (metrics as the task labels them).
 *
 * @example
 * ```ts
 * await train({ task: addTwo(), plugins: [progress({ every: 500 })] });
 * ```
 */
export function progress(options: ProgressOptions = {}): TrainerPlugin {
  const { every: given, write = (line: string) => console.log(line) } = optionsOf('progress', options);
  if (given !== undefined) positiveInt('progress', 'every', given);
  fn('progress', 'write', write);
  let every = given ?? 0;
  return {
    name: 'progress',
    onTrainStart(e) {
      if (!every) every = Math.max(1, Math.round(e.totalSteps / 10));
      write(`training ${e.task}: ${e.totalSteps} steps, ${e.parameters} parameters, seed ${e.seed}`);
    },
    onStepEnd(e) {
      if (e.step % every !== 0 && e.step !== e.totalSteps) return;
      write(`step ${e.step}/${e.totalSteps}  loss ${fmt(e.loss)}  |g| ${fmt(e.gradNorm)}  lr ${fmt(e.lr)}  ${Math.round(e.stepsPerSecond)} steps/s`);
    },
    onEvalEnd(e, ctx) {
      write(`eval at step ${e.step}: ${Object.entries(e.metrics).map(([k, v]) => `${metricInfo(ctx.task, k).label} ${formatMetric(ctx.task, k, v)}`).join('  ')}`);
    },
  };
}
