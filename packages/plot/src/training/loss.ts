import type * as Plot from '@observablehq/plot';
import { SERIES_COLORS } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions, type Labels } from '../marks/figure.js';
import { need, short } from '../marks/matrix.js';
import { curvesPlot, type Series } from './curves.js';
import { checkHistory, evalMetricOf, historyOptions, type TrainingHistory } from './history.js';

/** Options of {@link lossPlot}. */
export interface LossOptions extends Labels {
  /** A logarithmic y axis (default true: losses shrink by orders of magnitude). */
  log?: boolean;
  /** The held-out metric to draw as the eval line; picked by {@link evalMetricOf} by default, `null` for none. */
  evalMetric?: string | null;
  /**
   * What to call the eval line, e.g. `test MSE` (what `metricInfo(task, key).label` of
   * @attn/train says); the metric's key by default.
   */
  evalLabel?: string;
}

/**
 * The loss curve: the training loss at every recorded step and the held-out metric at every
 * evaluation, on a log scale by default, labelled at their ends. Reads `history.steps[].loss` and
 * `history.evals[].metrics`.
 *
 * @example
 * ```ts
 * const h = history();
 * await train({ task: addTwo(), plugins: [h] });
 * Plot.plot(lossPlot(h)); // "train" and "eval testMse" falling over 2,000 steps
 * ```
 */
export function lossPlot(history: TrainingHistory, options: LossOptions = {}): Plot.PlotOptions {
  checkHistory('lossPlot', history);
  options = historyOptions('lossPlot', options, { log: 'boolean', evalLabel: 'string' });
  need(options.evalMetric == null || typeof options.evalMetric === 'string', 'lossPlot', 'evalMetric', 'a string or null', options.evalMetric);
  const log = options.log ?? true;
  const metric = options.evalMetric === undefined ? evalMetricOf(history) : options.evalMetric;
  const series: Series[] = [{ name: 'train', color: SERIES_COLORS.train, points: history.steps.map((s) => ({ step: s.step, value: s.loss })) }];
  const evals = metric === null ? [] : (history.evals ?? []).filter((e) => typeof e.metrics?.[metric] === 'number');
  const label = options.evalLabel ?? metric;
  if (evals.length) series.push({ name: `eval ${label}`, color: SERIES_COLORS.eval, dots: true, points: evals.map((e) => ({ step: e.step, value: e.metrics[metric!] })) });
  const last = history.steps[history.steps.length - 1];
  return {
    ...base(options, {
      title: 'Loss',
      subtitle: `training loss${evals.length ? ` and held-out ${label}` : ''} over ${last.step} steps${log ? ' (log scale)' : ''}`,
      description: `Line chart of the training loss over ${history.steps.length} recorded steps, from ${short(history.steps[0].loss)} at step ${history.steps[0].step} to ${short(last.loss)} at step ${last.step}${evals.length ? `, with the held-out ${label} at ${evals.length} evaluations, last ${short(evals[evals.length - 1].metrics[metric!])}` : ''}.`,
    }),
    ...curvesPlot(series, { log, yLabel: 'loss' }),
  };
}

/**
 * The loss curve as a finished figure: {@link lossPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(lossFigure(h));
 * ```
 */
export function lossFigure(history: TrainingHistory, options: LossOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(lossPlot(history, options), options);
}
