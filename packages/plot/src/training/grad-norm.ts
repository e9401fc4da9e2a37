import type * as Plot from '@observablehq/plot';
import { SERIES_COLORS } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions, type Labels } from '../marks/figure.js';
import { fail, short } from '../marks/matrix.js';
import { curvesPlot } from './curves.js';
import { checkHistory, historyOptions, type TrainingHistory } from './history.js';

/** Options of {@link gradNormPlot}. */
export interface GradNormOptions extends Labels {
  /** A logarithmic y axis (default true). */
  log?: boolean;
}

/**
 * The global gradient norm (before clipping) at every recorded step: spikes show unstable
 * steps, a steady fall shows convergence. Reads `history.steps[].gradNorm`.
 *
 * @example
 * ```ts
 * Plot.plot(gradNormPlot(h));
 * ```
 */
export function gradNormPlot(history: TrainingHistory, options: GradNormOptions = {}): Plot.PlotOptions {
  checkHistory('gradNormPlot', history);
  options = historyOptions('gradNormPlot', options, { log: 'boolean' });
  const log = options.log ?? true;
  const points = history.steps.filter((s) => typeof s.gradNorm === 'number').map((s) => ({ step: s.step, value: s.gradNorm! }));
  if (points.length === 0) fail('gradNormPlot', 'the history records no gradient norm (steps[].gradNorm)');
  const peak = points.reduce((a, p) => (p.value > a.value ? p : a), points[0]);
  return {
    ...base(options, {
      title: 'Gradient norm',
      subtitle: `global norm of all gradients before clipping${log ? ' (log scale)' : ''}`,
      description: `Line chart of the global gradient norm over ${points.length} recorded steps, from ${short(points[0].value)} to ${short(points[points.length - 1].value)}, largest ${short(peak.value)} at step ${peak.step}.`,
    }),
    ...curvesPlot([{ name: 'gradient norm', color: SERIES_COLORS.train, points }], { log, yLabel: 'gradient norm' }),
  };
}

/**
 * The gradient norm as a finished figure: {@link gradNormPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(gradNormFigure(h));
 * ```
 */
export function gradNormFigure(history: TrainingHistory, options: GradNormOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(gradNormPlot(history, options), options);
}
