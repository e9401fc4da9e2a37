// The sort page's own figures, built from @attn/plot's marks, colours (colour-blind safe) and
// figure styling: what each answer position attends to, and the held-out accuracy over training.
import * as Plot from '@observablehq/plot';
import { headsOf, layersOf, tensorRows, type Trace } from '@attn/core';
import { colorScale, heatmap, plotFigure, readableColor, SERIES_COLORS, tokenAxes, weightsColor } from '@attn/plot';

const STYLE = { fontSize: '11px', fontFamily: 'system-ui, sans-serif' };

export interface AnswerAttentionOptions {
  /** Digits in the prompt. */
  promptLength: number;
  /** The separator token (drawn as `|`). */
  separator: number;
  /** The digit each answer row writes, in order (the trace's input lacks the last one). */
  answer: readonly number[];
  title: string;
  subtitle?: string;
  /** Room in pixels: the cells shrink and the heads stack to fit it. */
  width: number;
}

const MARGIN_LEFT = 68;
const MARGIN_RIGHT = 8;

/**
 * What each answer position attends to: for every layer and head, the rows of the attention
 * weights that write an answer digit (the separator's row writes the first one, each answer
 * digit's row the next), over every key position the causal mask lets them see.
 */
export function answerAttentionFigure(trace: Trace, o: AnswerAttentionOptions): HTMLElement | SVGSVGElement {
  const tokens = trace.input.data;
  const T = trace.input.shape[1];
  const P = o.promptLength;
  const rows = T - P; // the separator's row and every answer row but the last input token's
  const colLabels = tokens.map((t) => (t === o.separator ? '|' : String(t)));
  const rowLabels = o.answer.slice(0, rows).map((d) => `writes ${d}`);
  const layers = layersOf(trace);
  const heads = headsOf(trace);
  // side by side when every head fits with cells big enough to print the weights, else one under the other
  const gap = 24;
  const sideCell = Math.floor((o.width - MARGIN_LEFT - MARGIN_RIGHT - (heads.length - 1) * gap) / (heads.length * T));
  const stacked = sideCell < 30;
  const cell = Math.max(16, Math.min(32, stacked ? Math.floor((o.width - MARGIN_LEFT - MARGIN_RIGHT) / T) : sideCell));
  const panels = trace.attention.map((a) => {
    const matrix = tensorRows(a.weights).slice(P);
    const mask = matrix.map((_, i) => Array.from({ length: T }, (_, k) => k > P + i)); // causal: no later token
    const panel = { layer: a.layer, head: a.head, title: layers.length > 1 ? `layer ${a.layer} · head ${a.head}` : `head ${a.head}` };
    return { ...panel, matrix, mask, fx: stacked ? 0 : a.head, fy: stacked ? `${a.layer}.${a.head}` : `${a.layer}` };
  });
  const fxs = [...new Set(panels.map((p) => p.fx))];
  const fys = [...new Set(panels.map((p) => p.fy))];
  const titleRoom = 18;
  const labelRoom = 22;
  const panelW = T * cell;
  const panelH = rows * cell;
  const vgap = titleRoom + labelRoom + 12;
  const color = weightsColor();
  const plot: Plot.PlotOptions = {
    className: 'attn-plot',
    style: STYLE,
    title: o.title,
    ...(o.subtitle ? { subtitle: o.subtitle } : {}),
    ariaLabel: o.title,
    ariaDescription: `Attention weights of the answer positions, ${panels.length} panel${panels.length > 1 ? 's' : ''} (one per layer and head): a row per answer digit written (${o.answer.join(', ')}), a column per input token (${colLabels.join(' ')}); darker blue is more attention, grey cells are hidden by the causal mask.`,
    width: MARGIN_LEFT + fxs.length * panelW + (fxs.length - 1) * gap + MARGIN_RIGHT,
    height: titleRoom + labelRoom + fys.length * panelH + (fys.length - 1) * vgap + 8,
    marginTop: titleRoom + labelRoom,
    marginBottom: 8,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    x: { type: 'band', domain: [...Array(T).keys()], padding: 0, round: false },
    y: { type: 'band', domain: [...Array(rows).keys()], padding: 0, round: false },
    fx: { domain: fxs, padding: gap / (panelW + gap), axis: null, round: false },
    fy: { domain: fys, padding: vgap / (panelH + vgap), axis: null, round: false },
    color: { ...colorScale(color, 'attention weight'), width: Math.min(240, o.width - 16) } as Plot.ScaleOptions,
    marks: [
      ...panels.map((p) => heatmap(p.matrix, { color, cellSize: cell, mask: p.mask, maskedText: '0', fx: p.fx, fy: p.fy })),
      tokenAxes(colLabels, rowLabels, { cellSize: cell }),
      Plot.text(panels, { fx: 'fx', fy: 'fy', text: 'title', frameAnchor: 'top-left', dy: -(labelRoom + 8), textAnchor: 'start', fontWeight: 'bold' }),
    ],
  };
  return plotFigure(plot);
}

export interface AccuracyOptions {
  totalSteps: number;
  /** The accuracy at which the task counts as solved (a fraction). */
  target: number;
  width: number;
}

/** The held-out accuracy (whole sequences right) at each evaluation, against the target. */
export function accuracyFigure(evals: readonly { step: number; accuracy: number }[], o: AccuracyOptions): HTMLElement | SVGSVGElement {
  const points = evals.map((e) => ({ step: e.step, percent: 100 * e.accuracy }));
  const last = points[points.length - 1];
  const target = 100 * o.target;
  return plotFigure({
    className: 'attn-plot',
    style: STYLE,
    title: 'Held-out accuracy',
    subtitle: 'sequences answered exactly right, of 1,000 never trained on',
    ariaLabel: 'Held-out accuracy',
    ariaDescription: `Line chart of the held-out accuracy at ${points.length} evaluations: ${points.map((p) => `${p.percent.toFixed(1)}% at step ${p.step}`).join(', ')}; the target is ${target}%.`,
    width: o.width,
    height: 220,
    marginLeft: 40,
    marginRight: 16,
    marginTop: 28,
    marginBottom: 36,
    x: { domain: [0, o.totalSteps], label: 'step', labelAnchor: 'right', labelArrow: 'none' },
    y: { domain: [0, 100], label: 'accuracy (%)', labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleY([target], { stroke: '#666', strokeDasharray: '4,3' }),
      Plot.text([target], { y: (d: number) => d, frameAnchor: 'right', dx: -4, dy: 10, text: () => `target ${target}%`, fill: '#555', textAnchor: 'end' }),
      Plot.line(points, { x: 'step', y: 'percent', stroke: SERIES_COLORS.eval, strokeWidth: 1.5 }),
      Plot.dot(points, { x: 'step', y: 'percent', fill: SERIES_COLORS.eval, r: 3 }),
      Plot.text([last], { frameAnchor: 'top-right', dy: -18, text: () => `${last.percent.toFixed(1)}% at step ${last.step}`, fill: readableColor(SERIES_COLORS.eval), fontWeight: 'bold' }),
    ],
  });
}
