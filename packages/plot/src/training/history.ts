import { checkLabels, checkOptions, fail, need, optionsOf } from '../marks/matrix.js';

/** One recorded training step (what the `history()` plugin of @attn/train records). */
export interface TrainingStep {
  step: number;
  loss: number;
  gradNorm?: number;
  lr?: number;
}

/** One evaluation on held-out data. */
export interface TrainingEval {
  step: number;
  metrics: Record<string, number>;
}

/**
 * A training history as plain data; the `history()` plugin of @attn/train is one (its `steps`
 * and `evals`), and so is its JSON.
 */
export interface TrainingHistory {
  steps: readonly TrainingStep[];
  evals?: readonly TrainingEval[];
}

/** @internal Checks the history's shape, naming the first bad point. */
export function checkHistory(op: string, history: TrainingHistory): void {
  if (history === null || typeof history !== 'object' || !Array.isArray(history.steps)) {
    fail(op, `expected a history { steps: [{ step, loss, … }], evals? }, got ${history === null ? 'null' : typeof history}`);
  }
  if (history.steps.length === 0) fail(op, 'the history has no steps to draw');
  history.steps.forEach((s, i) => {
    if (typeof s?.step !== 'number' || typeof s.loss !== 'number') fail(op, `steps[${i}] must have numbers step and loss, got ${JSON.stringify(s)}`);
  });
  checkEvals(op, history);
}

function checkEvals(op: string, history: TrainingHistory): void {
  need(history.evals === undefined || Array.isArray(history.evals), op, 'evals', 'an array of { step, metrics }', history.evals);
  (history.evals ?? []).forEach((e, i) => need(typeof e?.step === 'number' && e.metrics !== null && typeof e.metrics === 'object', op, `evals[${i}]`, '{ step, metrics } with a number step and an object of metrics', e));
}

/** @internal The labels and options of a history figure, checked; `kinds` as in checkOptions. */
export function historyOptions<T extends object>(op: string, options: T | undefined, kinds: Parameters<typeof checkOptions>[2] = {}): T {
  const o = optionsOf(op, options);
  checkLabels(op, o);
  checkOptions(op, o, kinds);
  return o;
}

/**
 * The held-out metric to draw next to the training loss: `testLoss`, else `testMse`, else the
 * first metric whose name mentions loss or mse; null when there is none.
 *
 * @example
 * ```ts
 * evalMetricOf({ steps: [], evals: [{ step: 500, metrics: { testMse: 0.01, error35: 0.1 } }] }); // 'testMse'
 * ```
 */
export function evalMetricOf(history: TrainingHistory): string | null {
  need(history !== null && typeof history === 'object', 'evalMetricOf', 'history', 'a history { steps, evals? }', history);
  checkEvals('evalMetricOf', history);
  const names = new Set((history.evals ?? []).flatMap((e) => Object.keys(e.metrics ?? {})));
  for (const preferred of ['testLoss', 'testMse']) if (names.has(preferred)) return preferred;
  return [...names].find((n) => /loss|mse/i.test(n)) ?? null;
}
