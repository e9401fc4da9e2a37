import type * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { signedColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { entryOf, short, tokenLabels, viewOptions, checkOptions } from '../marks/matrix.js';
import type { TraceViewOptions } from './options.js';

/** Options of {@link scoresPlot}. */
export interface ScoresOptions extends TraceViewOptions {
  /** `'raw'` (default) draws Q·Kᵀ; `'scaled'` draws the scores after scaling, as softmax sees them. */
  which?: 'raw' | 'scaled';
}

/**
 * Step 5, the scores: how well each query matches each key, Q·Kᵀ, as a heatmap (query rows,
 * key columns). Masked pairs are grey and read −∞. Reads `scores` or `scaled` (`[batch, Tq, Tk]`)
 * and `mask` of the chosen attention entry.
 *
 * @example
 * ```ts
 * Plot.plot(scoresPlot(trace)); // a 2×2 heatmap for [3, 5]
 * ```
 */
export function scoresPlot(trace: Trace, options: ScoresOptions = {}): Plot.PlotOptions {
  const op = 'scoresPlot';
  options = viewOptions(op, options);
  checkOptions(op, options, { which: ['raw', 'scaled'] });
  const entry = entryOf(op, trace, options);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const which = options.which ?? 'raw';
  const matrix = tensorRows(which === 'raw' ? entry.scores : entry.scaled, options.batch);
  const mask = entry.mask ? tensorRows(entry.mask, options.batch).map((r) => r.map((m) => m === 0)) : undefined;
  // Scores enter a softmax: differences below ~1 barely matter, so the colours span at least ±1
  // (a trained add-two model has scores near 1e-6, which would otherwise look dramatic).
  const color = signedColor(matrix.flat().filter((_, i) => !mask?.flat()[i]), options.scheme, 1);
  const scaleNote = entry.scale === 1 ? 'unscaled, as in the tutorial' : `then × ${short(entry.scale)} before softmax`;
  return {
    ...base(options, {
      title: which === 'raw' ? 'Scores' : 'Scaled scores',
      subtitle: which === 'raw' ? `scores = Q·Kᵀ: how well each query matches each key (${scaleNote})` : `scores × ${short(entry.scale)}${mask ? ', masked pairs −∞' : ''}: what softmax sees`,
      description: `Heatmap of the ${which} attention scores with a row per query token and a column per key token (${tokens.length}×${tokens.length}); orange is positive, purple negative${mask ? ', grey pairs are masked' : ''}.`,
    }),
    ...panelsPlot({
      panels: [{ matrix, mask }], rowLabels: tokens, colLabels: tokens, xLabel: 'key', yLabel: 'query',
      color, legendLabel: which === 'raw' ? 'score' : 'scaled score', values: options.values, digits: options.digits ?? 1,
    }),
  };
}

/**
 * Step 5 as a finished figure: {@link scoresPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(scoresFigure(trace));
 * ```
 */
export function scoresFigure(trace: Trace, options: ScoresOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(scoresPlot(trace, options), options);
}
