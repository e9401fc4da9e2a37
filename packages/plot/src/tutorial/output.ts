import * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { signedColor, SERIES_COLORS } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { checkTrace, fail, short, tokenLabels, viewOptions } from '../marks/matrix.js';
import type { TraceViewOptions } from './options.js';

/** Options of {@link outputPlot}. */
export interface OutputOptions extends TraceViewOptions {
  /**
   * The right answer: a number per output value (e.g. `8` for the tutorial's [3, 5]), or for a
   * model with `[batch, T, classes]` outputs the expected class per position (`NaN` where none).
   */
  expected?: number | readonly number[];
}

/**
 * Step 8, the answer: the model's output next to the expected value, as labelled bars. For
 * sequence models (`output [batch, T, classes]`) it draws the output scores per position as a
 * heatmap, with the expected class of each position circled. Reads `trace.output`.
 *
 * @example
 * ```ts
 * Plot.plot(outputPlot(trace, { expected: 8 })); // bars "output" and "expected"
 * ```
 */
export function outputPlot(trace: Trace, options: OutputOptions = {}): Plot.PlotOptions {
  const op = 'outputPlot';
  options = viewOptions(op, options);
  checkTrace(op, trace);
  const out = trace.output;
  const expected = options.expected === undefined ? [] : typeof options.expected === 'number' ? [options.expected] : [...options.expected];
  if (!expected.every((e) => typeof e === 'number')) fail(op, `expected must be numbers, got ${JSON.stringify(options.expected)}`);
  if (out.shape.length === 3) return sequenceOutput(trace, options, expected);
  const batch = options.batch ?? 0;
  const values = out.shape.length === 2 ? tensorRows(out, batch)[0] ?? [] : out.data.slice();
  if (expected.length > 0 && expected.length !== values.length) fail(op, `expected must have one value per output (${values.length}), got ${expected.length}`);
  const names = values.length === 1 ? [''] : values.map((_, i) => ` ${i}`);
  const data = values.flatMap((v, i) => [
    { label: `output${names[i]}`, kind: 'output', value: v },
    ...(expected.length ? [{ label: `expected${names[i]}`, kind: 'expected', value: expected[i] }] : []),
  ]);
  const all = data.map((d) => d.value);
  let lo = Math.min(0, ...all);
  let hi = Math.max(0, ...all);
  if (lo === hi) hi = 1;
  const pad = (hi - lo) * 0.18;
  const input = trace.input.shape.length === 2 ? tensorRows(trace.input, batch).map((r) => short(r[0])) : [];
  const forInput = input.length && input.length <= 8 ? ` for [${input.join(', ')}]` : '';
  const said = values.length === 1 ? `${short(values[0])}${expected.length ? `, expected ${short(expected[0])}` : ''}` : `${values.length} values`;
  return {
    ...base(options, {
      title: 'Output',
      subtitle: `the network's answer${forInput}: ${said}`,
      description: `Bar chart of the model's output${forInput}: ${data.map((d) => `${d.label} ${short(d.value)}`).join(', ')}.`,
    }),
    width: 420,
    height: 28 + data.length * 30 + 30,
    marginLeft: 70,
    marginRight: 16,
    marginTop: 16,
    marginBottom: 30,
    x: { domain: [lo < 0 ? lo - pad : 0, hi + (hi > 0 ? pad : 0)], grid: true, label: null },
    y: { domain: data.map((d) => d.label), label: null, padding: 0.25 },
    marks: [
      Plot.barX(data, { y: 'label', x: 'value', fill: (d: { kind: string }) => (d.kind === 'output' ? SERIES_COLORS.train : '#9a9a9a') }),
      Plot.ruleX([0]),
      Plot.text(data, { y: 'label', x: 'value', text: (d: { value: number }) => short(d.value), textAnchor: 'start', dx: 4, filter: (d: { value: number }) => d.value >= 0 }),
      Plot.text(data, { y: 'label', x: 'value', text: (d: { value: number }) => short(d.value), textAnchor: 'end', dx: -4, filter: (d: { value: number }) => d.value < 0 }),
      Plot.axisY({ tickSize: 0, label: null }),
    ],
  };
}

/** Output scores `[batch, T, classes]` as a heatmap with the expected classes circled. */
function sequenceOutput(trace: Trace, options: OutputOptions, expected: number[]): Plot.PlotOptions {
  const op = 'outputPlot';
  options = viewOptions(op, options);
  const matrix = tensorRows(trace.output, options.batch);
  const [T, C] = [matrix.length, matrix[0].length];
  if (expected.length > 0 && expected.length !== T) fail(op, `expected must have one class per position (${T}), got ${expected.length}`);
  const tokens = tokenLabels(op, trace, options.tokens, options.batch);
  const spec = panelsPlot({
    panels: [{ matrix }], rowLabels: tokens, colLabels: Array.from({ length: C }, (_, i) => String(i)), xLabel: 'class', yLabel: 'position',
    color: signedColor(matrix.flat(), options.scheme), legendLabel: 'score', values: false, maxSide: 320,
  });
  const marked = expected.map((c, t) => ({ c, t })).filter((d) => Number.isInteger(d.c) && d.c >= 0 && d.c < C);
  return {
    ...base(options, {
      title: 'Output',
      subtitle: expected.length ? 'scores of each next token per position; circles: the expected token' : 'scores of each next token per position',
      description: `Heatmap of the model's output scores, ${T} positions by ${C} classes${expected.length ? ', the expected class of each position circled' : ''}.`,
    }),
    ...spec,
    marks: [...(spec.marks ?? []), Plot.dot(marked, { x: 'c', y: 't', r: 4, stroke: 'black', strokeWidth: 1.5 })],
  };
}

/**
 * Step 8 as a finished figure: {@link outputPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(outputFigure(trace, { expected: 8 }));
 * ```
 */
export function outputFigure(trace: Trace, options: OutputOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(outputPlot(trace, options), options);
}
