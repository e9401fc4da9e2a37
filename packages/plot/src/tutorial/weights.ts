import type * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { weightsColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { entryOf, tokenLabels, viewOptions } from '../marks/matrix.js';
import type { TraceViewOptions } from './options.js';

/**
 * Step 6, the attention weights: softmax of each row of scores, as a heatmap with query rows and
 * key columns, the weight printed in each cell (every row sums to 1). Reads `weights`
 * (`[batch, Tq, Tk]`) of the chosen attention entry.
 *
 * @example
 * ```ts
 * Plot.plot(weightsPlot(trace)); // for [3, 5]: a 2×2 heatmap, labelled 3 and 5 on both axes
 * ```
 */
export function weightsPlot(trace: Trace, options: TraceViewOptions = {}): Plot.PlotOptions {
  const op = 'weightsPlot';
  options = viewOptions(op, options);
  const entry = entryOf(op, trace, options);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const matrix = tensorRows(entry.weights, options.batch);
  const masked = entry.mask ? tensorRows(entry.mask, options.batch).map((r) => r.map((m) => m === 0)) : undefined;
  return {
    ...base(options, {
      title: 'Attention weights',
      subtitle: `weights = softmax(scores): each query row sums to 1${tokens.length > 16 ? ' (colors on a square-root scale)' : ''}`,
      description: `Heatmap of the attention weights, ${tokens.length}×${tokens.length}: a row per query token and a column per key token (${tokens.slice(0, 8).join(', ')}${tokens.length > 8 ? ', …' : ''}); darker blue is more attention, each row sums to 1.`,
    }),
    ...panelsPlot({
      panels: [{ matrix, mask: masked }], rowLabels: tokens, colLabels: tokens, xLabel: 'key', yLabel: 'query',
      color: weightsColor(options.scheme, tokens.length > 16 ? 'sqrt' : 'linear'), legendLabel: 'weight', values: options.values, digits: options.digits, maskedText: '0',
    }),
  };
}

/**
 * Step 6 as a finished figure: {@link weightsPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(weightsFigure(trace));
 * ```
 */
export function weightsFigure(trace: Trace, options: TraceViewOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(weightsPlot(trace, options), options);
}
