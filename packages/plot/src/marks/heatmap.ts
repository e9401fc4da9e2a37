import * as Plot from '@observablehq/plot';
import { checkOptions, describe, fixed, fail, need, optionsOf } from './matrix.js';
import { checkColor, readableColor, textOn, weightsColor, type HeatmapColor } from './colors.js';

/** One cell of a heatmap: its row and column index, its value, and where it is facetted. */
export interface HeatmapCell {
  row: number;
  col: number;
  value: number;
  /** True when the cell is masked out (drawn grey, printed as `maskedText`). */
  masked: boolean;
  fx?: string | number;
  fy?: string | number;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  /** The color scale the cells use (the plot's `color` scale must match it); {@link weightsColor} by default. */
  color?: HeatmapColor;
  /** Print each value in its cell: `true`, `false`, or `'auto'` (default: when cells are large enough). */
  values?: boolean | 'auto';
  /** Decimals of printed values; 2 by default. */
  digits?: number;
  /** Cell edge in pixels, used by `values: 'auto'`; see {@link heatmapLayout}. */
  cellSize?: number;
  /** Cells to draw as masked (same shape as the matrix; true = masked). */
  mask?: readonly (readonly boolean[])[];
  /** What a masked cell reads: `'−∞'` (default) for scores, `'0'` for attention weights. */
  maskedText?: string;
  /** Facet value of every cell on fx / fy (for grids of heatmaps in one plot). */
  fx?: string | number;
  fy?: string | number;
}

/**
 * The cells of a `[rows, cols]` matrix as plain data, row-major.
 *
 * @example
 * ```ts
 * heatmapCells([[0.2, 0.8]]); // [{ row: 0, col: 0, value: 0.2, masked: false }, { row: 0, col: 1, value: 0.8, masked: false }]
 * ```
 */
export function heatmapCells(matrix: readonly (readonly number[])[], options: Pick<HeatmapOptions, 'mask' | 'fx' | 'fy'> = {}): HeatmapCell[] {
  return cellsOf('heatmapCells', matrix, options);
}

function cellsOf(op: string, matrix: readonly (readonly number[])[], options: Pick<HeatmapOptions, 'mask' | 'fx' | 'fy'> | undefined): HeatmapCell[] {
  options = optionsOf(op, options);
  if (!Array.isArray(matrix) || matrix.length === 0 || !Array.isArray(matrix[0])) fail(op, `matrix must be a non-empty array of rows, got ${Array.isArray(matrix) ? (matrix.length ? describe(matrix) : 'an empty array') : describe(matrix)}`);
  need(options.mask === undefined || Array.isArray(options.mask), op, 'mask', 'an array of rows of booleans', options.mask);
  const cols = matrix[0].length;
  const cells: HeatmapCell[] = [];
  matrix.forEach((r, row) => {
    if (!Array.isArray(r) || r.length !== cols) fail(op, `every row must have ${cols} values, got ${Array.isArray(r) ? r.length : describe(r)} in row ${row}`);
    r.forEach((value: number, col: number) => {
      if (typeof value !== 'number') fail(op, `values must be numbers, got ${describe(value)} at row ${row}, column ${col}`);
      const cell: HeatmapCell = { row, col, value, masked: options.mask?.[row]?.[col] === true };
      if (options.fx !== undefined) cell.fx = options.fx;
      if (options.fy !== undefined) cell.fy = options.fy;
      cells.push(cell);
    });
  });
  return cells;
}

/**
 * The smallest cell edge (pixels) at which {@link heatmap} prints values with `values: 'auto'`.
 *
 * @example
 * ```ts
 * heatmapLayout(8, 8).cellSize >= MIN_CELL_FOR_VALUES; // true: 8 tokens get printed weights
 * ```
 */
export const MIN_CELL_FOR_VALUES = 30;

/** Masked cells (causal −∞): light grey, with a grey label that still reads (4.5:1) on it. */
const MASKED = '#e6e6e6';
const MASKED_INK = readableColor('#6b6b6b', MASKED);

/**
 * A heatmap of a matrix as Plot marks: a `cell` per value (x = column index, y = row index, fill
 * = value on the plot's color scale) and, when cells are large enough, the value printed in each
 * cell in a color that stays readable on it. Compose it with {@link tokenAxes} for labels.
 * Shapes: `matrix [rows, cols]`.
 *
 * @example
 * ```ts
 * Plot.plot({
 *   color: colorScale(weightsColor(), 'weight'),
 *   marks: [heatmap([[0.5, 0.5], [0.1, 0.9]]), tokenAxes(['3', '5'], ['3', '5'])],
 * });
 * ```
 */
export function heatmap(matrix: readonly (readonly number[])[], options: HeatmapOptions = {}): Plot.CompoundMark {
  const op = 'heatmap';
  const cells = cellsOf(op, matrix, options);
  checkOptions(op, options, { values: [true, false, 'auto'], digits: 'count', cellSize: 'size', maskedText: 'string' });
  if (options.color !== undefined) checkColor(op, options.color);
  const color = options.color ?? weightsColor();
  const digits = options.digits ?? 2;
  const show = options.values === undefined || options.values === 'auto' ? (options.cellSize ?? MIN_CELL_FOR_VALUES) >= MIN_CELL_FOR_VALUES : options.values;
  const facet = {
    ...(options.fx !== undefined ? { fx: 'fx' } : {}),
    ...(options.fy !== undefined ? { fy: 'fy' } : {}),
  };
  const live = cells.filter((c) => !c.masked);
  const masked = cells.filter((c) => c.masked);
  const ink = textOn(color);
  // white gaps between cells help big cells and drown small ones
  const inset = (options.cellSize ?? MIN_CELL_FOR_VALUES) >= 10 ? 0.5 : 0;
  const marks: Plot.Markish[] = [
    Plot.cell(live, { x: 'col', y: 'row', fill: 'value', inset, ...facet, title: (c: HeatmapCell) => fixed(c.value, 4) }),
  ];
  if (masked.length) marks.push(Plot.cell(masked, { x: 'col', y: 'row', fill: MASKED, inset, ...facet }));
  if (show) {
    marks.push(Plot.text(live, { x: 'col', y: 'row', text: (c: HeatmapCell) => fixed(c.value, digits), fill: (c: HeatmapCell) => ink(c.value), ...facet }));
    if (masked.length) marks.push(Plot.text(masked, { x: 'col', y: 'row', text: () => options.maskedText ?? '−∞', fill: MASKED_INK, ...facet }));
  }
  return Plot.marks(...marks);
}

/** Options of {@link tokenAxes}. */
export interface TokenAxesOptions {
  /** Label of the x axis (columns), e.g. `key`. */
  xLabel?: string | null;
  /** Label of the y axis (rows), e.g. `query`. */
  yLabel?: string | null;
  /** Cell edge in pixels: below about 14, every n-th label is shown so they do not overlap. */
  cellSize?: number;
  /** Where the column labels go; `top` by default. */
  xAnchor?: 'top' | 'bottom';
}

/** @internal Indices 0…n-1 keeping every `step`-th, where `step` keeps labels `min` pixels apart. */
export function thinned(n: number, cellSize: number, min: number): number[] {
  const step = Math.max(1, Math.ceil(min / Math.max(cellSize, 1e-9)));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

/**
 * Axes that label a heatmap's columns (on top) and rows (on the left) with tokens instead of
 * indices; labels thin out when cells are small. Shapes: `columns [cols]`, `rows [rows]`.
 *
 * @example
 * ```ts
 * Plot.plot({ marks: [heatmap([[0.5, 0.5], [0.1, 0.9]]), tokenAxes(['3', '5'], ['3', '5'], { xLabel: 'key', yLabel: 'query' })] });
 * ```
 */
export function tokenAxes(columns: readonly string[], rows: readonly string[], options: TokenAxesOptions = {}): Plot.CompoundMark {
  const op = 'tokenAxes';
  options = optionsOf(op, options);
  need(Array.isArray(columns), op, 'columns', 'an array of labels', columns);
  need(Array.isArray(rows), op, 'rows', 'an array of labels', rows);
  checkOptions(op, options, { cellSize: 'size', xAnchor: ['top', 'bottom'] });
  for (const name of ['xLabel', 'yLabel'] as const) need(options[name] == null || typeof options[name] === 'string', op, name, 'a string or null', options[name]);
  const size = options.cellSize ?? 40;
  return Plot.marks(
    Plot.axisX({
      anchor: options.xAnchor ?? 'top', ticks: thinned(columns.length, size, 16), tickFormat: (i: number) => columns[i] ?? '',
      tickSize: 0, label: options.xLabel ?? null, labelAnchor: 'center', labelArrow: 'none',
      ...(columns.some((c) => c.length > 2) && size < 40 ? { tickRotate: -90, textAnchor: (options.xAnchor ?? 'top') === 'top' ? 'start' : 'end' } : {}),
    }),
    Plot.axisY({
      anchor: 'left', ticks: thinned(rows.length, size, 12), tickFormat: (i: number) => rows[i] ?? '',
      tickSize: 0, label: options.yLabel ?? null, labelAnchor: 'center', labelArrow: 'none',
    }),
  );
}

/** Plot options that size a heatmap so its cells are square. */
export interface HeatmapLayout {
  /** The cell edge in pixels. */
  cellSize: number;
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
}

/** Options of {@link heatmapLayout}. */
export interface HeatmapLayoutOptions {
  /** Largest cell edge; 44 by default. */
  maxCell?: number;
  /** Smallest cell edge; 4 by default (64 tokens still fit in 256 pixels). */
  minCell?: number;
  /** The matrix should take at most this many pixels on its longer side; 360 by default. */
  maxSide?: number;
  /** Pixels for the left labels; 40 by default. */
  marginLeft?: number;
  /** Pixels for the top labels; 36 by default. */
  marginTop?: number;
}

/**
 * The size of a heatmap of `rows × cols` cells: cells shrink from 44 pixels as the matrix grows
 * so that it stays readable (and labels thin out via {@link tokenAxes}).
 *
 * @example
 * ```ts
 * heatmapLayout(2, 2).cellSize;  // 44
 * heatmapLayout(64, 64).cellSize; // 5
 * ```
 */
export function heatmapLayout(rows: number, cols: number, options: HeatmapLayoutOptions = {}): HeatmapLayout {
  const op = 'heatmapLayout';
  options = optionsOf(op, options);
  need(Number.isInteger(rows) && rows > 0, op, 'rows', 'a positive integer', rows);
  need(Number.isInteger(cols) && cols > 0, op, 'cols', 'a positive integer', cols);
  checkOptions(op, options, { maxCell: 'size', minCell: 'size', maxSide: 'size', marginLeft: 'count', marginTop: 'count' });
  const maxCell = options.maxCell ?? 44;
  const minCell = options.minCell ?? 4;
  const maxSide = options.maxSide ?? 360;
  const cellSize = Math.max(minCell, Math.min(maxCell, Math.floor(maxSide / Math.max(rows, cols))));
  const marginLeft = options.marginLeft ?? 40;
  const marginTop = options.marginTop ?? 36;
  const marginRight = 8;
  const marginBottom = 8;
  return {
    cellSize,
    width: marginLeft + cols * cellSize + marginRight,
    height: marginTop + rows * cellSize + marginBottom,
    marginTop, marginRight, marginBottom, marginLeft,
  };
}
