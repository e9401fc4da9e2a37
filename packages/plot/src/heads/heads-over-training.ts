import * as Plot from '@observablehq/plot';
import { ROLE_THRESHOLDS, type HeadMetrics } from '@attn/heads';
import { LINE_COLORS, readableColor } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions, type Labels } from '../marks/figure.js';
import { checkLabels, describe, fail, need, optionsOf, short } from '../marks/matrix.js';
import { checkHistory, type TrainingHistory } from '../training/history.js';

/**
 * The metrics of every head at one training step: what the `headsOverTraining()` plugin of
 * @attn/heads records (its `history`), or any `{ step, heads: headMetrics(trace) }` of your own.
 */
export interface HeadsAtStep {
  step: number;
  heads: readonly HeadMetrics[];
}

/** A metric of {@link HeadMetrics} that {@link headsOverTrainingPlot} can draw. */
export type HeadMetricName = 'induction' | 'duplicate' | 'previous' | 'self' | 'sink' | 'positional' | 'keyAttention' | 'entropyFraction' | 'entropy' | 'offset';

/** A vertical rule at a step, labelled: a phase change, a learning-rate drop, a checkpoint. */
export interface StepMarker {
  step: number;
  /** The label beside the rule; `step N` by default. */
  label?: string;
}

/** Options of {@link headsOverTrainingPlot}. */
export interface HeadsOverTrainingOptions extends Labels {
  /** The metric to draw, a line per head: `induction` by default. */
  metric?: HeadMetricName;
  /**
   * The training loss to draw alongside, in grey on its own axis on the right (linear, from 0):
   * a training history (`history()` of @attn/train) as the other training figures take.
   */
  loss?: TrainingHistory;
  /** Labelled vertical rules at these steps, e.g. `[{ step: 300, label: 'induction heads form' }]`; given, no threshold crossing is computed. */
  phases?: readonly StepMarker[];
  /**
   * The level whose crossing marks the phase change: drawn as a dashed horizontal rule, and,
   * unless `phases` are given, a vertical rule at the first recorded step where the largest value
   * over the heads reaches it (≥) after the record before was below it (none when it starts at or
   * above it). By default the threshold of the metric's role in `ROLE_THRESHOLDS` of @attn/heads
   * (induction and duplicate 0.4; previous, self, sink and positional 0.5) and none for the other
   * metrics; `null` for none.
   */
  threshold?: number | null;
}

const METRICS: Record<HeadMetricName, { label: string; unit: boolean; threshold?: number }> = {
  induction: { label: 'induction score', unit: true, threshold: ROLE_THRESHOLDS.induction },
  duplicate: { label: 'duplicate-token score', unit: true, threshold: ROLE_THRESHOLDS.duplicate },
  previous: { label: 'previous-token score', unit: true, threshold: ROLE_THRESHOLDS.previous },
  self: { label: 'self score', unit: true, threshold: ROLE_THRESHOLDS.self },
  sink: { label: 'sink score', unit: true, threshold: ROLE_THRESHOLDS.sink },
  positional: { label: 'positional score', unit: true, threshold: ROLE_THRESHOLDS.positional },
  keyAttention: { label: 'attention to the key', unit: true },
  entropyFraction: { label: 'entropy fraction', unit: true },
  entropy: { label: 'entropy (nats)', unit: false },
  offset: { label: 'mean offset', unit: false },
};

const LOSS_COLOR = '#999';

/**
 * A head metric over training: one line per head (`layer.head` in the key, with its last value)
 * of the chosen metric at every recorded step, optionally with the training loss on a right-hand
 * axis and a labelled vertical rule at the phase change: the given `phases`, or the first step
 * where the largest value over the heads crosses `threshold` (see
 * {@link HeadsOverTrainingOptions.threshold}). Reads `history[].heads[][metric]`; null scores
 * (no query to average over) leave gaps.
 *
 * @example
 * ```ts
 * const head = headMetrics(trace)[0]; // any head's metrics, from @attn/heads
 * const at = (step: number, induction: number) => ({ step, heads: [{ ...head, induction }] });
 * Plot.plot(headsOverTrainingPlot([at(0, 0.05), at(100, 0.1), at(200, 0.7)])); // a rule at step 200: max ≥ 0.4
 * ```
 */
export function headsOverTrainingPlot(history: readonly HeadsAtStep[], options: HeadsOverTrainingOptions = {}): Plot.PlotOptions {
  const op = 'headsOverTrainingPlot';
  options = optionsOf(op, options);
  checkLabels(op, options);
  need(options.phases === undefined || Array.isArray(options.phases), op, 'phases', 'an array of { step, label? }', options.phases);
  const metric = options.metric ?? 'induction';
  if (!Object.hasOwn(METRICS, metric)) fail(op, `metric must be one of ${Object.keys(METRICS).join(', ')}, got ${describe(metric)}`);
  const info = METRICS[metric];
  if (!Array.isArray(history as unknown) || history.length === 0) fail(op, `history must be a non-empty array of { step, heads }, got ${describe(history)}`);
  history.forEach((h, i) => {
    if (h === null || typeof h !== 'object' || !Number.isFinite(h.step) || !Array.isArray(h.heads as unknown)) fail(op, `history[${i}] must have a finite number step and an array heads, got ${describe(h)}`);
    h.heads.forEach((m, j) => {
      if (m === null || typeof m !== 'object' || !Number.isInteger(m.layer) || !Number.isInteger(m.head)) fail(op, `history[${i}].heads[${j}] must be head metrics with integer layer and head, got ${describe(m)}`);
      const v = m[metric];
      if (v !== null && v !== undefined && typeof v !== 'number') fail(op, `history[${i}].heads[${j}].${metric} must be a number or null, got ${describe(v)}`);
    });
  });
  const threshold = options.threshold === undefined ? info.threshold : options.threshold ?? undefined;
  if (threshold !== undefined && !Number.isFinite(threshold)) fail(op, `threshold must be a finite number or null, got ${describe(threshold)}`);
  (options.phases ?? []).forEach((p, i) => {
    if (p === null || typeof p !== 'object' || !Number.isFinite(p.step)) fail(op, `phases[${i}] must be { step, label? } with a finite step, got ${describe(p)}`);
  });
  if (options.loss !== undefined) checkHistory(op, options.loss);

  const records = [...history].sort((a, b) => a.step - b.step);
  const names = new Map<string, { layer: number; head: number }>();
  for (const r of records) for (const m of r.heads) names.set(`${m.layer}.${m.head}`, m);
  const heads = [...names.entries()].sort((a, b) => a[1].layer - b[1].layer || a[1].head - b[1].head).map(([name]) => name);
  // NaN, not a missing point, where a head has no score: Plot breaks the line there
  const rows = records.flatMap((r) => r.heads.map((m) => ({ step: r.step, name: `${m.layer}.${m.head}`, value: typeof m[metric] === 'number' ? (m[metric] as number) : Number.NaN })));
  const finite = rows.filter((r) => Number.isFinite(r.value));
  if (finite.length === 0) fail(op, `no head has a ${metric} score in the history (all null)${metric === 'induction' || metric === 'duplicate' ? ': it needs the input tokens, with repeats (repeatedTokens of @attn/heads)' : ''}`);
  const maxAt = records.map((r) => ({ step: r.step, max: Math.max(-Infinity, ...r.heads.map((m) => m[metric]).filter((v): v is number => typeof v === 'number')) }));
  const crossing = threshold === undefined ? undefined : maxAt.find((m, i) => i > 0 && m.max >= threshold && maxAt[i - 1].max < threshold);
  const markers: StepMarker[] = options.phases !== undefined
    ? options.phases.map((p) => ({ step: p.step, label: p.label ?? `step ${p.step}` }))
    : crossing ? [{ step: crossing.step, label: `max ≥ ${short(threshold!)} at step ${crossing.step}` }] : [];

  const values = finite.map((r) => r.value);
  const y0 = Math.min(0, ...values, ...(threshold !== undefined ? [threshold] : []));
  const y1 = Math.max(info.unit ? 1 : 0, ...values, ...(threshold !== undefined ? [threshold] : []));
  const yDomain: [number, number] = y0 === y1 ? [y0 - 1, y1 + 1] : [y0, y1];

  // the loss, mapped from [0, its max] onto the metric's axis, with its own ticks on the right
  const lossPoints = (options.loss?.steps ?? []).filter((s) => Number.isFinite(s.loss) && s.loss >= 0);
  const lossMax = Math.max(0, ...lossPoints.map((s) => s.loss));
  const toY = (loss: number) => yDomain[0] + (loss / (lossMax || 1)) * (yDomain[1] - yDomain[0]);
  const lossTicks = lossPoints.length ? niceTicks(lossMax || 1) : [];

  const lastOf = (name: string) => [...finite].reverse().find((r) => r.name === name);
  const key: { text: string; color: string; i: number }[] = heads.map((name, i) => ({ text: `${name}: ${lastOf(name) ? short(lastOf(name)!.value) : '—'}`, color: readableColor(LINE_COLORS[i % LINE_COLORS.length]), i }));
  if (lossPoints.length) key.push({ text: `loss: ${short(lossPoints[lossPoints.length - 1].loss)}`, color: readableColor(LOSS_COLOR), i: key.length });
  const longest = Math.max(...key.map((k) => k.text.length));
  const keyLeft = lossPoints.length ? 52 : 16;
  const marginRight = keyLeft + 7 * longest + 8;
  const marginTop = 20 + (markers.length ? 14 : 0);
  const height = Math.max(260, marginTop + 15 * key.length + 36);

  const first = records[0].step;
  const last = records[records.length - 1].step;
  const top = [...heads].map((name) => lastOf(name)).filter((r) => r !== undefined).sort((a, b) => b.value - a.value)[0];
  const markerText = markers.length ? ` Vertical rules mark ${markers.map((m) => m.label).join('; ')}.` : '';
  const crossingText = options.phases === undefined && threshold !== undefined && !crossing
    ? (maxAt[0].max >= threshold ? ` The largest ${info.label} is at or above ${short(threshold)} from the first recorded step.` : ` No head reaches ${short(threshold)}.`)
    : '';
  const lossText = lossPoints.length ? ` The training loss, on the right axis, goes from ${short(lossPoints[0].loss)} at step ${lossPoints[0].step} to ${short(lossPoints[lossPoints.length - 1].loss)} at step ${lossPoints[lossPoints.length - 1].step}.` : '';
  return {
    ...base(options, {
      title: `${info.label[0].toUpperCase()}${info.label.slice(1)} over training`,
      subtitle: `the ${info.label} of each of ${heads.length} head${heads.length > 1 ? 's' : ''} (layer.head) at ${records.length} recorded steps${lossPoints.length ? ', the training loss in grey on the right' : ''}${threshold !== undefined ? `; dashed: ${short(threshold)}` : ''}`,
      description: `Line chart of the ${info.label} of ${heads.length} attention heads over ${records.length} recorded steps, from step ${first} to ${last}; at the end head ${top.name} is highest, at ${short(top.value)}.${markerText}${crossingText}${lossText}`,
    }),
    width: 420 + marginRight,
    height,
    marginLeft: 56,
    marginRight,
    marginTop,
    marginBottom: 36,
    // the axes' own labels sit at the far edge of the margins, beyond the key: drawn as text instead
    x: { label: null, nice: false },
    y: { domain: yDomain, label: info.label, labelArrow: 'none' },
    marks: [
      Plot.gridY({ stroke: '#000', strokeOpacity: 0.1 }),
      Plot.axisY({ anchor: 'left', label: info.label, labelArrow: 'none' }),
      ...(lossTicks.length ? [
        Plot.axisY(lossTicks.map(toY), { anchor: 'right', label: 'loss', labelArrow: 'none', labelOffset: 40, tickFormat: (_v: number, i: number) => short(lossTicks[i]), color: readableColor(LOSS_COLOR) }),
        Plot.lineY(lossPoints.map((s) => ({ step: s.step, y: toY(s.loss) })), { x: 'step', y: 'y', stroke: LOSS_COLOR, strokeWidth: 1 }),
      ] : []),
      ...(y0 < 0 ? [Plot.ruleY([0], { stroke: '#bbb' })] : []),
      ...(threshold !== undefined ? [Plot.ruleY([threshold], { stroke: '#777', strokeDasharray: '4,3' })] : []),
      ...heads.map((name, i) => Plot.lineY(rows.filter((r) => r.name === name), {
        x: 'step', y: 'value', stroke: LINE_COLORS[i % LINE_COLORS.length], strokeWidth: 1.5,
        ...(i >= LINE_COLORS.length ? { strokeDasharray: '5,3' } : {}),
      })),
      ...markers.flatMap((m) => [
        Plot.ruleX([m.step], { stroke: '#333', strokeDasharray: '2,2' }),
        Plot.text([m], { x: 'step', frameAnchor: 'top', text: 'label', textAnchor: 'start', dx: 4, dy: -10, fill: '#333' }),
      ]),
      Plot.text(['step'], { frameAnchor: 'bottom-right', text: (d: string) => d, textAnchor: 'end', lineAnchor: 'bottom', dy: 33 }),
      ...key.map((k) => Plot.text([k], { frameAnchor: 'top-right', text: 'text', fill: 'color', textAnchor: 'start', dx: keyLeft, dy: 15 * k.i, fontWeight: 'bold' })),
    ],
  };
}

/**
 * A head metric over training as a finished figure: {@link headsOverTrainingPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * // history: [{ step, heads: headMetrics(trace) }, …], e.g. recorded every 50 steps; h: history() of @attn/train
 * document.body.append(headsOverTrainingFigure(history, { loss: h }));
 * ```
 */
export function headsOverTrainingFigure(history: readonly HeadsAtStep[], options: HeadsOverTrainingOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(headsOverTrainingPlot(history, options), options);
}

/** Round ticks from 0 to at least `max`: about five, at 1, 2 or 5 times a power of ten. */
function niceTicks(max: number): number[] {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  // integer multiples, so 0.30000000000000004 never reaches a label
  for (let i = 0; i * step <= max * (1 + 1e-9); i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
