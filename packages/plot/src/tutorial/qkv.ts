import type * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { signedColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { entryOf, tokenLabels, viewOptions } from '../marks/matrix.js';
import type { TraceViewOptions } from './options.js';

const NAMES = { q: 'Q = x·W_q', k: 'K = x·W_k', v: 'V = x·W_v' } as const;

/**
 * Steps 2–4, queries, keys and values: Q, K and V side by side as heatmaps (a row per token, a
 * column per dimension) on one diverging color scale. Reads `q`, `k`, `v` (`[batch, T, dHead]`)
 * of the chosen attention entry.
 *
 * @example
 * ```ts
 * Plot.plot(qkvPlot(trace)); // three 2×4 heatmaps for the tutorial model
 * ```
 */
export function qkvPlot(trace: Trace, options: TraceViewOptions = {}): Plot.PlotOptions {
  const op = 'qkvPlot';
  options = viewOptions(op, options);
  const entry = entryOf(op, trace, options);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const mats = (['q', 'k', 'v'] as const).map((key) => ({ key, matrix: tensorRows(entry[key], options.batch) }));
  const d = mats[0].matrix[0].length;
  const color = signedColor(mats.flatMap((m) => m.matrix.flat()), options.scheme);
  return {
    ...base(options, {
      title: 'Queries, keys and values',
      subtitle: 'each token\'s input times learned weights: Q = x·W_q, K = x·W_k, V = x·W_v',
      description: `Three heatmaps, Q, K and V, each with a row per token (${tokens.slice(0, 8).join(', ')}${tokens.length > 8 ? ', …' : ''}) and ${d} columns, one per dimension; orange is positive, purple negative.`,
    }),
    ...panelsPlot({
      panels: mats.map((m) => ({ matrix: m.matrix, fx: m.key })),
      rowLabels: tokens,
      colLabels: Array.from({ length: d }, (_, i) => String(i)),
      xLabel: 'dimension', yLabel: 'token', color, legendLabel: 'value',
      values: options.values, digits: options.digits, maxSide: 160,
      panelTitle: (p) => NAMES[p.fx as keyof typeof NAMES], xAnchor: 'bottom',
    }),
  };
}

/**
 * Steps 2–4 as a finished figure: {@link qkvPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(qkvFigure(trace));
 * ```
 */
export function qkvFigure(trace: Trace, options: TraceViewOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(qkvPlot(trace, options), options);
}
