// One or more heatmaps that share axes and a color scale, facetted in a grid: the building
// block of the heatmap views (one panel), Q/K/V (three), head grids and training snapshots.
import * as Plot from '@observablehq/plot';
import { checkColor, colorScale, type HeatmapColor } from './colors.js';
import { checkOptions, need, optionsOf } from './matrix.js';
import { heatmap, heatmapLayout, MIN_CELL_FOR_VALUES, tokenAxes } from './heatmap.js';

/** One heatmap of a {@link panelsPlot} grid: `matrix` is `[rows][cols]`, `mask` true where a cell is hidden. */
export interface Panel {
  matrix: number[][];
  mask?: boolean[][];
  /** Facet keys (column and row of the grid); omit both for a single heatmap. */
  fx?: string | number;
  fy?: string | number;
}

/** Options of {@link panelsPlot}: the panels and what they share (labels, color scale, cell size). */
export interface PanelSpec {
  panels: Panel[];
  rowLabels: readonly string[];
  colLabels: readonly string[];
  xLabel: string | null;
  yLabel: string | null;
  color: HeatmapColor;
  legendLabel: string;
  values?: boolean | 'auto';
  digits?: number;
  /** What masked cells read (see {@link heatmap}); `'−∞'` by default. */
  maskedText?: string;
  /** Longest side of one panel in pixels. */
  maxSide?: number;
  maxCell?: number;
  /** The title over each panel (needed when there is more than one). */
  panelTitle?: (panel: Panel, index: number) => string;
  /** Where the column labels go: over each panel (default) or under it. */
  xAnchor?: 'top' | 'bottom';
}

/**
 * Heatmaps side by side (or in a grid) with shared row and column labels and one color scale:
 * a panel per `fx` (column of the grid) and `fy` (row), sized so the longest side fits
 * `maxSide`. Any matrix shape works (Tq×Tk weights, T×dHead queries). It sets no title: spread
 * {@link plotLabels} beside it.
 *
 * @example
 * ```ts
 * const panels = trace.attention.map((a) => ({ matrix: tensorRows(a.q), fx: a.head }));
 * plotFigure({
 *   ...plotLabels({ title: 'Q of every head', description: 'One heatmap of queries per head.' }),
 *   ...panelsPlot({ panels, rowLabels: ['a', 'b'], colLabels: ['0', '1'], xLabel: null, yLabel: 'token', color: signedColor(trace.attention.flatMap((a) => a.q.data)), legendLabel: 'query', panelTitle: (p) => `head ${p.fx}` }),
 * }, { document });
 * ```
 */
export function panelsPlot(spec: PanelSpec): Plot.PlotOptions {
  const op = 'panelsPlot';
  optionsOf(op, spec, 'spec');
  need(Array.isArray(spec.panels) && spec.panels.every((p) => p !== null && typeof p === 'object'), op, 'panels', 'an array of { matrix, mask?, fx?, fy? }', spec.panels);
  for (const name of ['rowLabels', 'colLabels'] as const) need(Array.isArray(spec[name]), op, name, 'an array of labels', spec[name]);
  for (const name of ['xLabel', 'yLabel'] as const) need(spec[name] == null || typeof spec[name] === 'string', op, name, 'a string or null', spec[name]);
  checkColor(op, spec.color);
  checkOptions(op, spec, { legendLabel: 'string', values: [true, false, 'auto'], digits: 'count', maskedText: 'string', maxSide: 'size', maxCell: 'size', xAnchor: ['top', 'bottom'] });
  need(spec.panelTitle === undefined || typeof spec.panelTitle === 'function', op, 'panelTitle', 'a function', spec.panelTitle);
  const rows = spec.rowLabels.length;
  const cols = spec.colLabels.length;
  const layout = heatmapLayout(rows, cols, { maxSide: spec.maxSide, maxCell: spec.maxCell });
  const cell = layout.cellSize;
  const fxs = unique(spec.panels.map((p) => p.fx));
  const fys = unique(spec.panels.map((p) => p.fy));
  const nx = Math.max(1, fxs.length);
  const ny = Math.max(1, fys.length);
  const titled = spec.panelTitle !== undefined;
  const gap = Math.max(titled && fys.length > 1 ? 40 : 20, Math.round(cell * 0.6));
  const facetTop = titled ? 20 : 0;
  const xOnTop = (spec.xAnchor ?? 'top') === 'top';
  const rotate = spec.colLabels.some((c) => c.length > 2) && cell < 40;
  const labelRoom = rotate ? 8 + 7 * Math.max(...spec.colLabels.map((c) => c.length)) : 22;
  const marginTop = facetTop + (xOnTop ? labelRoom + (spec.xLabel ? 14 : 0) : 8);
  const marginBottom = xOnTop ? 8 : labelRoom + (spec.xLabel ? 14 : 0);
  const longestRow = Math.max(1, ...spec.rowLabels.map((r) => r.length));
  const marginLeft = Math.max(28, 10 + 7 * Math.min(longestRow, 10)) + (spec.yLabel ? 16 : 0);
  const panelW = cols * cell;
  const panelH = rows * cell;
  const marginRight = 8;
  const width = marginLeft + nx * panelW + (nx - 1) * gap + marginRight;
  const height = marginTop + ny * panelH + (ny - 1) * gap + marginBottom;
  const show = spec.values === undefined || spec.values === 'auto' ? cell >= MIN_CELL_FOR_VALUES : spec.values;
  const axes = tokenAxes(spec.colLabels, spec.rowLabels, { xLabel: spec.xLabel, yLabel: spec.yLabel, cellSize: cell, xAnchor: spec.xAnchor });
  const options: Plot.PlotOptions = {
    width, height, marginTop, marginBottom, marginLeft, marginRight,
    x: { type: 'band', domain: range(cols), padding: 0, round: false },
    y: { type: 'band', domain: range(rows), padding: 0, round: false },
    color: { ...colorScale(spec.color, spec.legendLabel), width: Math.min(240, Math.max(140, width - 16)) } as Plot.ScaleOptions,
    marks: [
      ...spec.panels.map((p) => heatmap(p.matrix, { color: spec.color, cellSize: cell, values: show, digits: spec.digits, mask: p.mask, maskedText: spec.maskedText, fx: p.fx, fy: p.fy })),
      axes,
      ...(titled ? [Plot.text(spec.panels.map((p, i) => ({ ...p, title: spec.panelTitle!(p, i) })), {
        ...(fxs.length ? { fx: 'fx' } : {}), ...(fys.length ? { fy: 'fy' } : {}), text: 'title', frameAnchor: 'top-left', dy: -(xOnTop ? labelRoom + (spec.xLabel ? 14 : 0) + 10 : 12), textAnchor: 'start', fontWeight: 'bold',
      })] : []),
    ],
  };
  // Panels are titled by text marks, so the facet scales draw no axes of their own.
  if (fxs.length) options.fx = { domain: fxs, padding: gap / (panelW + gap), axis: null, round: false };
  if (fys.length) options.fy = { domain: fys, padding: gap / (panelH + gap), axis: null, round: false };
  return options;
}

function unique(values: (string | number | undefined)[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const v of values) if (v !== undefined && !out.includes(v)) out.push(v);
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
