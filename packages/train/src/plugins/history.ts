import { optionsOf, positiveInt } from '../check.js';
import type { TrainerPlugin, StepEvent } from '../trainer/events.js';

/** One recorded step. */
export interface HistoryPoint {
  step: number;
  loss: number;
  gradNorm: number;
  lr: number;
}

/** The {@link history} plugin: the plugin plus the arrays it fills. */
export interface HistoryPlugin extends TrainerPlugin {
  /** Every `every`-th step. */
  readonly steps: HistoryPoint[];
  /** Every evaluation. */
  readonly evals: { step: number; metrics: Record<string, number> }[];
}

/**
 * Records the loss, gradient norm and learning rate of every `every`-th step, and every
 * evaluation — the data behind loss curves.
 *
 * @example
 * ```ts
 * const h = history();
 * await train({ task: addTwo(), plugins: [h] });
 * h.steps.at(-1)?.loss;
 * ```
 */
export function history(options: { every?: number } = {}): HistoryPlugin {
  const every = positiveInt('history', 'every', optionsOf('history', options).every ?? 1);
  const steps: HistoryPoint[] = [];
  const evals: HistoryPlugin['evals'] = [];
  return {
    name: 'history',
    steps,
    evals,
    onStepEnd(e: StepEvent) {
      if (e.step % every === 0 || e.step === e.totalSteps) steps.push({ step: e.step, loss: e.loss, gradNorm: e.gradNorm, lr: e.lr });
    },
    onEvalEnd(e) {
      evals.push({ step: e.step, metrics: { ...e.metrics } });
    },
  };
}
