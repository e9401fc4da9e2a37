import { AttnError } from '@attn/core';
import { need, optionsOf } from '../check.js';
import type { TrainerPlugin } from '../trainer/events.js';

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** Metric to watch (a key of the task's evaluation); the task's main metric by default. */
  metric?: string;
  /** Evaluations without improvement before stopping. Default 3, or never when only a `target` is given. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Stop as soon as the metric reaches this value. */
  target?: number;
}

/**
 * Stops training when the watched metric stops improving for `patience` evaluations, or
 * reaches `target`.
 *
 * @example
 * ```ts
 * await train({ task: addTwo(), plugins: [earlyStopping({ target: 1e-4 })] });
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): TrainerPlugin {
  optionsOf('earlyStopping', options);
  const patience = options.patience ?? (options.target !== undefined ? Infinity : 3);
  const minDelta = options.minDelta ?? 0;
  need((Number.isInteger(patience) || patience === Infinity) && patience > 0, 'earlyStopping', 'patience', 'a positive integer', patience);
  need(typeof minDelta === 'number' && minDelta >= 0, 'earlyStopping', 'minDelta', 'a number >= 0', minDelta);
  need(options.target === undefined || typeof options.target === 'number', 'earlyStopping', 'target', 'a number', options.target);
  need(options.metric === undefined || typeof options.metric === 'string', 'earlyStopping', 'metric', 'a metric name', options.metric);
  let best = NaN;
  let waited = 0;
  return {
    name: 'early-stopping',
    onEvalEnd(e, ctx) {
      const name = options.metric ?? ctx.task.metric.name;
      const higher = ctx.task.metric.higherIsBetter;
      const v = e.metrics[name];
      if (v === undefined) throw new AttnError('ARGUMENT', `earlyStopping: task '${ctx.task.name}' reports no metric '${name}' (it has ${Object.keys(e.metrics).join(', ')})`);
      if (options.target !== undefined && (higher ? v >= options.target : v <= options.target)) {
        ctx.stop();
        return;
      }
      const improved = Number.isNaN(best) || (higher ? v > best + minDelta : v < best - minDelta);
      if (improved) {
        best = v;
        waited = 0;
      } else if (++waited >= patience) ctx.stop();
    },
  };
}
