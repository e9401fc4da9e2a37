import type * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { weightsColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { checkTrace, fail, tokenLabels, viewOptions, checkOptions, need } from '../marks/matrix.js';
import type { TraceViewOptions } from '../tutorial/options.js';

/** Options of {@link headsPlot}. */
export interface HeadsOptions extends Omit<TraceViewOptions, 'layer' | 'head'> {
  /** Only these layers (attention modules in call order); all by default. */
  layers?: readonly number[];
  /**
   * Longest side of one heatmap in pixels: 220 by default (5 per token beyond 16 tokens). Pass
   * less to fit many heads in a narrow page; cells never shrink below 4 pixels.
   */
  maxSide?: number;
}

/**
 * Every attention head at once: a grid of weight heatmaps, a column per head and a row per
 * layer, with the tokens on both axes. Cells shrink as sequences grow (64 tokens still fit) and
 * labels thin out. Reads `weights` (`[batch, Tq, Tk]`) of every attention entry.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 11, dModel: 16, heads: 2, layers: 2, maxLen: 10, seed: 0 });
 * const { trace } = traceForward(model, tensor([[3, 1, 4, 1, 5, 10, 1, 1, 3, 4]]));
 * Plot.plot(headsPlot(trace)); // 2 rows (layers) × 2 columns (heads)
 * ```
 */
export function headsPlot(trace: Trace, options: HeadsOptions = {}): Plot.PlotOptions {
  const op = 'headsPlot';
  options = viewOptions(op, options);
  checkOptions(op, options, { maxSide: 'size' });
  need(options.layers === undefined || Array.isArray(options.layers), op, 'layers', 'an array of layer indices', options.layers);
  checkTrace(op, trace);
  const entries = trace.attention.filter((a) => options.layers === undefined || options.layers.includes(a.layer));
  if (entries.length === 0) fail(op, options.layers === undefined ? `the trace has no attention entries (model ${trace.model})` : `no attention entries for layers [${options.layers.join(', ')}]; the trace has layers ${[...new Set(trace.attention.map((a) => a.layer))].join(', ')}`);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const T = entries[0].weights.shape[1];
  for (const e of entries) {
    if (e.weights.shape[1] !== T || e.weights.shape[2] !== T) fail(op, `every head must attend over the same ${T} tokens, got weights [${e.weights.shape.join(',')}] at layer ${e.layer}, head ${e.head}`);
  }
  const layers = [...new Set(entries.map((e) => e.layer))];
  const heads = [...new Set(entries.map((e) => e.head))];
  return {
    ...base(options, {
      title: 'Attention weights of every head',
      subtitle: `${layers.length} layer${layers.length > 1 ? 's' : ''} × ${heads.length} head${heads.length > 1 ? 's' : ''}: query rows, key columns; each row sums to 1${T > 16 ? ' (colors on a square-root scale)' : ''}`,
      description: `A grid of ${entries.length} attention-weight heatmaps, one per layer and head (${layers.length} rows of layers, ${heads.length} columns of heads), each ${T}×${T} with query tokens as rows and key tokens as columns; darker blue is more attention.`,
    }),
    ...panelsPlot({
      panels: entries.map((e) => ({
        matrix: tensorRows(e.weights, options.batch),
        mask: e.mask ? tensorRows(e.mask, options.batch).map((r) => r.map((m) => m === 0)) : undefined,
        fx: e.head, fy: e.layer,
      })),
      rowLabels: tokens, colLabels: tokens, xLabel: null, yLabel: null,
      color: weightsColor(options.scheme, T > 16 ? 'sqrt' : 'linear'), legendLabel: 'weight', values: options.values, digits: options.digits, maskedText: '0',
      maxSide: options.maxSide ?? (T > 16 ? 5 * T : 220),
      panelTitle: (p) => `layer ${p.fy} · head ${p.fx}`,
    }),
  };
}

/**
 * The head grid as a finished figure: {@link headsPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(headsFigure(trace));
 * ```
 */
export function headsFigure(trace: Trace, options: HeadsOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(headsPlot(trace, options), options);
}
