import type * as Plot from '@observablehq/plot';
import { SERIES_COLORS } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions, type Labels } from '../marks/figure.js';
import { fail, short } from '../marks/matrix.js';
import { curvesPlot } from './curves.js';
import { checkHistory, historyOptions, type TrainingHistory } from './history.js';

/**
 * The learning rate at every recorded step: warm-up, cosine decay and other schedules as a line.
 * Reads `history.steps[].lr`.
 *
 * @example
 * ```ts
 * Plot.plot(lrPlot(h)); // rises over the warm-up, then decays
 * ```
 */
export function lrPlot(history: TrainingHistory, options: Labels = {}): Plot.PlotOptions {
  checkHistory('lrPlot', history);
  options = historyOptions('lrPlot', options);
  const points = history.steps.filter((s) => typeof s.lr === 'number').map((s) => ({ step: s.step, value: s.lr! }));
  if (points.length === 0) fail('lrPlot', 'the history records no learning rate (steps[].lr)');
  const peak = points.reduce((a, p) => (p.value > a.value ? p : a), points[0]);
  return {
    ...base(options, {
      title: 'Learning rate',
      subtitle: `the schedule: peak ${short(peak.value)} at step ${peak.step}`,
      description: `Line chart of the learning rate over ${points.length} recorded steps, from ${short(points[0].value)} to ${short(points[points.length - 1].value)}, peaking at ${short(peak.value)} at step ${peak.step}.`,
    }),
    ...curvesPlot([{ name: 'lr', color: SERIES_COLORS.train, points }], { log: false, yLabel: 'learning rate' }),
  };
}

/**
 * The learning rate as a finished figure: {@link lrPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(lrFigure(h));
 * ```
 */
export function lrFigure(history: TrainingHistory, options: Labels & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(lrPlot(history, options), options);
}
