import { Box, Text } from 'ink';
import { clip, int, short } from '../format.js';
import type { Point } from '../state/series.js';

export interface ChartOptions {
  /** Characters across, y labels included. */
  width: number;
  /** Lines of plot (the x axis line comes on top of these). */
  height: number;
  /** The steps the x axis spans; the points' own range by default. */
  xDomain?: readonly [number, number];
  /** Log-scale y: `'auto'` (the default) when all values are positive and span over 20×. */
  log?: boolean | 'auto';
}

/** A chart drawn as text: plot lines with y labels, and the x axis line. */
export interface ChartText {
  lines: string[];
  axis: string;
  log: boolean;
}

// Braille cells hold 2 × 4 dots; bit of the dot at (column, row) in a cell.
const DOT = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];
const LABEL = 8;

/**
 * Draws `points` as a braille line chart (each character 2 × 4 dots), connecting neighbours, with
 * the top and bottom y values as labels. Pure: the same points give the same text.
 *
 * @example
 * ```ts
 * chartText([{ step: 0, value: 1 }, { step: 10, value: 0 }], { width: 20, height: 4 }).lines.length; // 4
 * ```
 */
export function chartText(points: readonly Point[], o: ChartOptions): ChartText {
  const height = Math.max(2, o.height);
  const plotW = Math.max(4, o.width - LABEL);
  const ys = points.map((p) => p.value).filter(Number.isFinite);
  const positive = ys.length > 0 && ys.every((v) => v > 0);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  const log = o.log === 'auto' || o.log === undefined ? positive && hi / lo > 20 : o.log && positive;
  const f = (v: number) => (log ? Math.log10(v) : v);
  const blankAxis = `${' '.repeat(LABEL - 1)}└${'─'.repeat(plotW)}`;
  if (ys.length === 0) {
    return { lines: Array.from({ length: height }, (_, i) => `${' '.repeat(LABEL - 1)}│${i === Math.floor(height / 2) ? ' waiting for the first step…'.slice(0, plotW) : ''}`), axis: blankAxis, log: false };
  }
  if (hi === lo) {
    hi = lo + (lo === 0 ? 1 : Math.abs(lo) * 0.1);
    lo -= lo === 0 ? 0 : Math.abs(lo) * 0.1;
    if (log && lo <= 0) lo = hi / 10;
  }
  const [x0, x1] = o.xDomain ?? [points[0].step, points[points.length - 1].step];
  const xspan = Math.max(1e-9, x1 - x0);
  const W = plotW * 2;
  const H = height * 4;
  const grid = Array.from({ length: height }, () => new Array<number>(plotW).fill(0));
  const set = (x: number, y: number) => {
    if (x < 0 || x >= W || y < 0 || y >= H) return;
    grid[Math.floor(y / 4)][Math.floor(x / 2)] |= DOT[x % 2][y % 4];
  };
  const flo = f(lo);
  const fspan = f(hi) - flo;
  const px = (p: Point) => Math.round(((p.step - x0) / xspan) * (W - 1));
  const py = (p: Point) => Math.round((1 - (f(p.value) - flo) / fspan) * (H - 1));
  let prev: [number, number] | null = null;
  for (const p of points) {
    if (!Number.isFinite(p.value) || (log && p.value <= 0)) continue;
    const cur: [number, number] = [px(p), py(p)];
    if (prev) line(prev, cur, set);
    else set(cur[0], cur[1]);
    prev = cur;
  }
  const top = short(hi, LABEL - 2);
  const bottom = short(lo, LABEL - 2);
  const lines = grid.map((row, i) => {
    const label = i === 0 ? top : i === height - 1 ? bottom : '';
    return `${label.padStart(LABEL - 2)} ┤${row.map((b) => (b === 0 ? ' ' : String.fromCharCode(0x2800 + b))).join('')}`;
  });
  const left = int(x0);
  const right = int(x1);
  const axis = `${' '.repeat(LABEL - 1)}└${left}${'─'.repeat(Math.max(1, plotW - left.length - right.length))}${right}`;
  return { lines, axis, log };
}

/** Bresenham's line from a to b through `set`. */
function line([x0, y0]: [number, number], [x1, y1]: [number, number], set: (x: number, y: number) => void) {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    set(x0, y0);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

export interface LineChartProps extends ChartOptions {
  points: readonly Point[];
  title: string;
  color?: string;
}

/** A titled braille line chart (e.g. the loss curve), `height + 2` lines tall. */
export function LineChart({ points, title, color, ...options }: LineChartProps) {
  const { lines, axis, log } = chartText(points, options);
  return (
    <Box flexDirection="column" width={options.width}>
      <Text bold>{clip(`${title}${log ? ' (log scale)' : ''}`, options.width)}</Text>
      {lines.map((l, i) => (
        <Text key={i} color={color}>{l}</Text>
      ))}
      <Text dimColor>{axis}</Text>
    </Box>
  );
}

/**
 * The last values as a one-line bar sparkline, `▁` lowest to `█` highest.
 *
 * @example
 * ```ts
 * sparkline([1, 2, 3], 3); // '▁▄█'
 * ```
 */
export function sparkline(values: readonly number[], width: number): string {
  const vs = values.filter(Number.isFinite).slice(-width);
  if (vs.length === 0) return '';
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  const bars = '▁▂▃▄▅▆▇█';
  return vs.map((v) => bars[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)]).join('');
}
