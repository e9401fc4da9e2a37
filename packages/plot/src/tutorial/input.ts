import * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { checkTrace, short, tokenLabels, viewOptions } from '../marks/matrix.js';
import { thinned } from '../marks/heatmap.js';
import type { TraceViewOptions } from './options.js';

/**
 * Step 1, the input: one bar per position with its value, labelled by token.
 * Reads `trace.input` (`[batch, T]`).
 *
 * @example
 * ```ts
 * const { trace } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]));
 * Plot.plot(inputPlot(trace)); // two bars, 3 and 5
 * ```
 */
export function inputPlot(trace: Trace, options: TraceViewOptions = {}): Plot.PlotOptions {
  const op = 'inputPlot';
  options = viewOptions(op, options);
  checkTrace(op, trace);
  const values = tensorRows(trace.input, options.batch).map((r) => r[0]);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const data = values.map((value, pos) => ({ pos, value, token: tokens[pos] }));
  const band = Math.max(6, Math.min(48, Math.floor(320 / values.length)));
  const labelled = band >= 24;
  return {
    ...base(options, {
      title: 'Input',
      subtitle: values.length <= 8 ? `x = [${values.map(short).join(', ')}]: each number is a token` : `${values.length} tokens`,
      description: `Bar chart of the ${values.length} input values by position: ${values.slice(0, 16).map(short).join(', ')}${values.length > 16 ? ', …' : ''}.`,
    }),
    width: 56 + values.length * band + 8,
    height: 180,
    marginLeft: 40,
    marginTop: 24,
    marginBottom: 36,
    x: { type: 'band', domain: data.map((d) => d.pos), padding: 0.2 },
    y: { grid: true, nice: true, label: 'value', domain: extent0(values) },
    marks: [
      Plot.barY(data, { x: 'pos', y: 'value', fill: '#0072B2', title: (d: { token: string; value: number }) => `${d.token}: ${short(d.value)}` }),
      Plot.ruleY([0]),
      ...(labelled ? [Plot.text(data, { x: 'pos', y: 'value', text: (d: { value: number }) => short(d.value), dy: -7, filter: (d: { value: number }) => d.value >= 0 }),
        Plot.text(data, { x: 'pos', y: 'value', text: (d: { value: number }) => short(d.value), dy: 7, filter: (d: { value: number }) => d.value < 0 })] : []),
      Plot.axisX({ ticks: thinned(values.length, band, 14), tickFormat: (i: number) => tokens[i], tickSize: 0, label: 'token (position →)', labelAnchor: 'center', labelArrow: 'none' }),
    ],
  };
}

/** @internal A y domain that includes 0 and leaves room for labels above the bars. */
export function extent0(values: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo === 0 && hi === 0) hi = 1;
  const pad = (hi - lo) * 0.15;
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
}

/**
 * Step 1 as a finished figure: {@link inputPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(inputFigure(trace));
 * ```
 */
export function inputFigure(trace: Trace, options: TraceViewOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(inputPlot(trace, options), options);
}
