import type * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { signedColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { entryOf, tokenLabels, viewOptions } from '../marks/matrix.js';
import type { TraceViewOptions } from './options.js';

/**
 * Step 7, the attended output: weights·V, a row per token, as a heatmap. When the trace holds the
 * tutorial model's `sum` (`[batch, d]`), it is drawn as a last row `Σ`, the vector the network
 * reads. Reads `attended` (`[batch, T, dHead]`) of the chosen entry and `values.sum`.
 *
 * @example
 * ```ts
 * Plot.plot(attendedPlot(trace)); // rows 3, 5 and Σ for the tutorial model
 * ```
 */
export function attendedPlot(trace: Trace, options: TraceViewOptions = {}): Plot.PlotOptions {
  const op = 'attendedPlot';
  options = viewOptions(op, options);
  const entry = entryOf(op, trace, options);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const matrix = tensorRows(entry.attended, options.batch);
  const d = matrix[0].length;
  const sum = trace.values?.sum;
  const withSum = sum !== undefined && trace.attention.length === 1 && sum.shape.length === 2 && sum.shape[1] === d;
  const rows = withSum ? [...matrix, sum.data.slice((options.batch ?? 0) * d, ((options.batch ?? 0) + 1) * d)] : matrix;
  const color = signedColor(rows.flat(), options.scheme);
  return {
    ...base(options, {
      title: 'Attended output',
      subtitle: withSum ? 'attended = weights·V per token; Σ = their sum, what the network reads' : 'attended = weights·V: a weighted mix of the values, per token',
      description: `Heatmap of the attended output with a row per token${withSum ? ' and a last row Σ for their sum' : ''} and ${d} columns, one per dimension; orange is positive, purple negative.`,
    }),
    ...panelsPlot({
      panels: [{ matrix: rows }], rowLabels: withSum ? [...tokens, 'Σ'] : tokens,
      colLabels: Array.from({ length: d }, (_, i) => String(i)), xLabel: 'dimension', yLabel: 'token',
      color, legendLabel: 'value', values: options.values, digits: options.digits, maxSide: 240, xAnchor: 'bottom',
    }),
  };
}

/**
 * Step 7 as a finished figure: {@link attendedPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(attendedFigure(trace));
 * ```
 */
export function attendedFigure(trace: Trace, options: TraceViewOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(attendedPlot(trace, options), options);
}
