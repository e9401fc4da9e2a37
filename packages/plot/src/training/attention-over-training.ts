import type * as Plot from '@observablehq/plot';
import { tensorRows, type HeadOptions, type Trace } from '@attn/core';
import { weightsColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions, type Labels } from '../marks/figure.js';
import { panelsPlot } from '../marks/heatmap-plot.js';
import { checkOptions, entryOf, fail, need, tokenLabels, viewOptions } from '../marks/matrix.js';

/** A trace of the probe input taken at one training step (e.g. from a StepEvent's `trace`). */
export interface TraceSnapshot {
  step: number;
  trace: Trace;
}

/** Options of {@link attentionOverTrainingPlot}. */
export interface AttentionOverTrainingOptions extends HeadOptions, Labels {
  /** Draw these steps (each must have a snapshot); by default up to `count` evenly spaced ones, first and last included. */
  steps?: readonly number[];
  /** How many snapshots to draw when `steps` is not given; 6 by default. */
  count?: number;
  /** How {@link pickSnapshots} spaces them: `'even'` (default) or `'log'` (more early steps, where patterns form). */
  spacing?: 'even' | 'log';
  /** Panels per row; all in one row up to 6, else 4. */
  columns?: number;
  batch?: number;
  tokens?: readonly string[];
  values?: boolean | 'auto';
  digits?: number;
  scheme?: string;
}

/**
 * Picks up to `count` snapshots spread over training, the first and the last included, in step
 * order: evenly spaced by step, or (`'log'`) spaced on a log scale of steps, so early training,
 * where patterns form, gets more of them.
 *
 * @example
 * ```ts
 * const at = (steps: number[]) => steps.map((step) => ({ step, trace }));
 * pickSnapshots(at([0, 100, 200, 300, 400]), 3).map((s) => s.step); // [0, 200, 400]
 * pickSnapshots(at([0, 10, 20, 50, 100, 1000]), 4, 'log').map((s) => s.step); // [0, 10, 100, 1000]
 * ```
 */
export function pickSnapshots(snapshots: readonly TraceSnapshot[], count: number, spacing: 'even' | 'log' = 'even'): TraceSnapshot[] {
  need(Array.isArray(snapshots) && snapshots.every((s) => typeof s?.step === 'number'), 'pickSnapshots', 'snapshots', 'an array of { step, trace } with number steps', snapshots);
  if (!Number.isInteger(count) || count < 1) fail('pickSnapshots', `count must be a positive integer, got ${count}`);
  if (spacing !== 'even' && spacing !== 'log') fail('pickSnapshots', `spacing must be 'even' or 'log', got ${JSON.stringify(spacing)}`);
  const sorted = [...snapshots].sort((a, b) => a.step - b.step);
  if (sorted.length <= count) return sorted;
  if (count === 1) return [sorted[sorted.length - 1]];
  const first = sorted[0].step;
  const last = sorted[sorted.length - 1].step;
  // positions on the chosen axis: step itself, or log(1 + step − first)
  const pos = (step: number) => (spacing === 'even' ? step - first : Math.log1p(step - first));
  const span = pos(last);
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) {
    const target = (i * span) / (count - 1);
    let best = 0;
    for (let j = 1; j < sorted.length; j++) if (Math.abs(pos(sorted[j].step) - target) < Math.abs(pos(sorted[best].step) - target)) best = j;
    picked.add(best);
  }
  return [...picked].sort((a, b) => a - b).map((i) => sorted[i]);
}

/**
 * Attention over training: the weights of one head for the same probe input at chosen steps, as
 * small multiples on one color scale, so the pattern can be watched as it forms. Reads `weights`
 * of the chosen attention entry of each snapshot's trace.
 *
 * @example
 * ```ts
 * const snapshots: TraceSnapshot[] = [];
 * await train({ task: addTwo(), traceEvery: 250, plugins: [{ name: 'snap', onStepEnd: (e) => { if (e.trace) snapshots.push({ step: e.step, trace: e.trace }); } }] });
 * Plot.plot(attentionOverTrainingPlot(snapshots)); // six 2×2 heatmaps from step 250 to 2,000
 * ```
 */
export function attentionOverTrainingPlot(snapshots: readonly TraceSnapshot[], options: AttentionOverTrainingOptions = {}): Plot.PlotOptions {
  const op = 'attentionOverTrainingPlot';
  if (!Array.isArray(snapshots) || snapshots.length === 0) fail(op, 'needs at least one { step, trace } snapshot');
  options = viewOptions(op, options);
  checkOptions(op, options, { count: 'count', columns: 'count', spacing: ['even', 'log'] });
  need(options.steps === undefined || Array.isArray(options.steps), op, 'steps', 'an array of step numbers', options.steps);
  snapshots.forEach((s, i) => need(typeof s?.step === 'number' && s.trace !== null && typeof s.trace === 'object', op, `snapshots[${i}]`, '{ step, trace } with a number step and a Trace', s));
  let chosen: TraceSnapshot[];
  if (options.steps !== undefined) {
    chosen = options.steps.map((step) => {
      const s = snapshots.find((x) => x.step === step);
      if (!s) fail(op, `no snapshot at step ${step}; snapshots exist at steps ${snapshots.map((x) => x.step).join(', ')}`);
      return s;
    });
  } else chosen = pickSnapshots(snapshots, options.count ?? 6, options.spacing);
  const first = chosen[0].trace;
  const tokens = tokenLabels(op, first, options.tokens, options.batch);
  const mats = chosen.map((s) => {
    const entry = entryOf(op, s.trace, options);
    const m = tensorRows(entry.weights, options.batch);
    if (m.length !== tokens.length) fail(op, `every snapshot must trace the same ${tokens.length}-token probe input, got ${m.length} tokens at step ${s.step}`);
    return { step: s.step, matrix: m, mask: entry.mask ? tensorRows(entry.mask, options.batch).map((r) => r.map((x) => x === 0)) : undefined };
  });
  const columns = options.columns ?? (mats.length <= 6 ? mats.length : 4);
  if (!Number.isInteger(columns) || columns < 1) fail(op, `columns must be a positive integer, got ${columns}`);
  const which = first.attention.length > 1 ? ` (layer ${options.layer ?? 0}, head ${options.head ?? 0})` : '';
  const probe = tokens.length <= 8 ? `[${tokens.join(', ')}]` : `the ${tokens.length}-token probe`;
  return {
    ...base(options, {
      title: 'Attention over training',
      subtitle: `the weights${which} for ${probe} at ${mats.length} steps: query rows, key columns`,
      description: `${mats.length} attention-weight heatmaps of the probe input ${probe}${which}, at training steps ${mats.map((m) => m.step).join(', ')}, each ${tokens.length}×${tokens.length} with query rows and key columns; darker blue is more attention.`,
    }),
    ...panelsPlot({
      panels: mats.map((m, i) => ({ matrix: m.matrix, mask: m.mask, fx: i % columns, fy: Math.floor(i / columns) })),
      rowLabels: tokens, colLabels: tokens, xLabel: null, yLabel: null,
      color: weightsColor(options.scheme, tokens.length > 16 ? 'sqrt' : 'linear'), legendLabel: 'weight', values: options.values, digits: options.digits, maskedText: '0',
      maxSide: tokens.length > 16 ? 3 * tokens.length : 150,
      panelTitle: (_p, i) => `step ${mats[i].step}`,
    }),
  };
}

/**
 * Attention over training as a finished figure: {@link attentionOverTrainingPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(attentionOverTrainingFigure(snapshots));
 * ```
 */
export function attentionOverTrainingFigure(snapshots: readonly TraceSnapshot[], options: AttentionOverTrainingOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(attentionOverTrainingPlot(snapshots, options), options);
}
