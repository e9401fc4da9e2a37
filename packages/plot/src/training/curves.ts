// @internal Line charts over training steps with direct labels instead of a legend.
import * as Plot from '@observablehq/plot';
import { readableColor } from '../marks/colors.js';
import { short } from '../marks/matrix.js';

/** @internal One line of a curve chart. */
export interface Series {
  name: string;
  color: string;
  points: { step: number; value: number }[];
  /** Draw a dot at every point (for sparse series such as evaluations). */
  dots?: boolean;
}

/** @internal Plot options (no labels) for lines over steps. */
export function curvesPlot(series: Series[], options: { log: boolean; yLabel: string }): Plot.PlotOptions {
  const shown = series.map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.value) && (!options.log || p.value > 0)) })).filter((s) => s.points.length > 0);
  const rows = shown.flatMap((s) => s.points.map((p) => ({ ...p, series: s.name })));
  // A key in the top-right corner, a line per series with its last value: end-of-line labels
  // collide when the lines end close together.
  const key = shown.map((s, i) => ({ text: `${s.name}: ${short(s.points[s.points.length - 1].value)} at step ${s.points[s.points.length - 1].step}`, color: readableColor(s.color), i }));
  return {
    width: 520,
    height: 260,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 20 + 15 * key.length,
    marginBottom: 36,
    x: { label: 'step', labelAnchor: 'right', labelArrow: 'none', nice: false },
    y: {
      type: options.log ? 'log' : 'linear', grid: true, label: options.yLabel, labelArrow: 'none',
      ...(options.log ? { tickFormat: logTick } : { nice: true }),
    },
    marks: [
      ...(options.log ? [] : [Plot.ruleY([0], { stroke: '#bbb' })]),
      ...shown.map((s) => Plot.lineY(rows.filter((r) => r.series === s.name), { x: 'step', y: 'value', stroke: s.color, strokeWidth: 1.5 })),
      ...shown.filter((s) => s.dots).map((s) => Plot.dot(rows.filter((r) => r.series === s.name), { x: 'step', y: 'value', fill: s.color, r: 3 })),
      ...key.map((k) => Plot.text([k], { frameAnchor: 'top-right', text: 'text', fill: 'color', dy: -8 - 15 * (key.length - 1 - k.i), fontWeight: 'bold' })),
    ],
  };
}

/** Log-axis tick labels: plain numbers from 0.01 to 1000, else powers of ten like 1e−5 (not SI's µ and n). */
function logTick(v: number): string {
  if (v >= 0.01 && v <= 1000) return short(v);
  const e = Math.round(Math.log10(v));
  const m = v / 10 ** e;
  return `${Math.abs(m - 1) < 1e-9 ? '' : `${short(m)}×`}1e${e < 0 ? '−' : ''}${Math.abs(e)}`;
}
