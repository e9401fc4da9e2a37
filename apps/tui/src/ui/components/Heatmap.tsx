import { Box, Text } from 'ink';
import { compact, fit } from '../format.js';
import { rampColor, shade, textOn, type Theme } from '../theme.js';

/** Formats a value into at most `width` characters. */
export type CellFormat = (v: number, width: number) => string;

export interface HeatmapProps {
  /** Row labels (e.g. the query tokens) and column labels (the key tokens, or d0 … d3). */
  rows: readonly string[];
  cols: readonly string[];
  /** `values[r][c]`, one row per label. */
  values: readonly (readonly number[])[];
  /** 0 where a cell is masked (drawn as `·`, no colour); absent when nothing is. */
  mask?: readonly (readonly number[])[];
  /** The values the ramp runs over; the table's own minimum and maximum by default. */
  domain?: readonly [number, number];
  /**
   * The least span of that own range, widened about its middle: scores enter a softmax, where
   * differences well below 1 barely matter, so a trained model's scores near 1e-6 should not
   * look as contrasted as an untrained model's -7.8 and -21.6.
   */
  minSpan?: number;
  /** Characters per cell, its one space of padding included. */
  cellWidth: number;
  format?: CellFormat;
  /** Printed above the row labels, e.g. `weights`. */
  name?: string;
  /** Add a column with each row's sum (e.g. `Σ 1.000` for attention weights). */
  rowSums?: boolean;
  /** Show what the colours mean after the header: the ramp between its lowest and highest value. */
  legend?: boolean;
  theme: Theme;
}

/**
 * Formats a probability (attention weight) to `width` characters, at most 3 decimals:
 * `0.500` at 5 or more, `0.50` at 4, `.05` at 3.
 *
 * @example
 * ```ts
 * probability(0.5, 4);   // '0.50'
 * probability(0.051, 3); // '.05'
 * ```
 */
export function probability(v: number, width: number): string {
  if (!Number.isFinite(v)) return fit(v, width);
  if (width >= 4) return v.toFixed(Math.min(3, width - 2));
  if (v >= 0.995) return '1.0'.slice(0, width);
  return `.${String(Math.round(v * 100)).padStart(2, '0')}`.slice(0, Math.max(1, width));
}

/**
 * The values the ramp runs over, `[lo, hi]`: `domain`, or the table's own range (masked and
 * non-finite cells aside) widened to at least `minSpan` about its middle.
 */
export function rampDomain(values: readonly (readonly number[])[], domain?: readonly [number, number], mask?: readonly (readonly number[])[], minSpan = 0): [number, number] {
  if (domain) return [domain[0], domain[1]];
  let [lo, hi] = [Infinity, -Infinity];
  values.forEach((row, r) => row.forEach((v, c) => {
    if (mask && mask[r]?.[c] === 0) return;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }));
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    [lo, hi] = [mid - minSpan / 2, mid + minSpan / 2];
  }
  return [lo, hi];
}

/** The ramp position of every value: (v − lo) / (hi − lo) over {@link rampDomain}, 0.5 for a flat table. */
export function normalize(values: readonly (readonly number[])[], domain?: readonly [number, number], mask?: readonly (readonly number[])[], minSpan = 0): number[][] {
  const [lo, hi] = rampDomain(values, domain, mask, minSpan);
  const span = hi - lo;
  return values.map((row) => row.map((v) => (span > 0 && Number.isFinite(span) ? (v - lo) / span : 0.5)));
}

/** Positions along the ramp that a legend shows. */
const LEGEND_STEPS = [0, 0.25, 0.5, 0.75, 1];

/** The width of {@link RampLegend} for a domain: the two ends, the ramp and the spaces between. */
export function legendWidth(lo: string, hi: string): number {
  return lo.length + hi.length + LEGEND_STEPS.length + 2;
}

/**
 * What the colours of a heatmap mean, on one line: the lowest value of its ramp, the ramp
 * (blocks in the cells' cividis colours, or their shade glyphs without colour), the highest, e.g.
 * `-21.6 ░▒▓█ -7.8`.
 */
export function RampLegend({ lo, hi, theme }: { lo: string; hi: string; theme: Theme }) {
  return (
    <Text>
      <Text dimColor>{`${lo} `}</Text>
      {LEGEND_STEPS.map((t) => (theme.color ? <Text key={t} color={rampColor(t, theme.palette)}>█</Text> : <Text key={t}>{shade(t)}</Text>))}
      <Text dimColor>{` ${hi}`}</Text>
    </Text>
  );
}

/**
 * A matrix as a terminal heatmap: each cell shows its value on a colour-blind-safe (cividis)
 * background; without colour (NO_COLOR) a shade glyph (░▒▓█) before the value carries the
 * intensity instead.
 */
export function Heatmap({ rows, cols, values, mask, domain, minSpan, cellWidth, format = fit, name = '', rowSums = false, legend = false, theme }: HeatmapProps) {
  const label = Math.max(name.length, ...rows.map((r) => r.length));
  const [lo, hi] = rampDomain(values, domain, mask, minSpan);
  const t = normalize(values, [lo, hi]);
  const w = Math.max(2, cellWidth);
  // without colour one character of each cell holds the shade glyph
  const digits = theme.color ? w - 1 : w - 2;
  const sumWidth = 6;
  const head = `${name.padStart(label)} ${cols.map((c) => c.slice(0, w - 1).padStart(w)).join('')}${rowSums ? ' │' + 'Σ'.padStart(sumWidth) : ''}`;
  return (
    <Box flexDirection="column">
      <Text>
        <Text dimColor>{head}</Text>
        {legend ? <Text>{'   '}<RampLegend lo={compact(lo)} hi={compact(hi)} theme={theme} /></Text> : null}
      </Text>
      {values.map((row, r) => (
        <Text key={r}>
          <Text>{`${rows[r].padStart(label)} `}</Text>
          {row.map((v, c) => {
            const masked = mask !== undefined && mask[r]?.[c] === 0;
            if (masked) return <Text key={c} dimColor>{'·'.padStart(w)}</Text>;
            const text = format(v, digits).padStart(digits);
            if (!theme.color) return <Text key={c}>{` ${shade(t[r][c])}${text}`}</Text>;
            const bg = rampColor(t[r][c], theme.palette);
            return (
              <Text key={c}>
                {' '}
                <Text backgroundColor={bg} color={textOn(bg)}>{text}</Text>
              </Text>
            );
          })}
          {rowSums ? <Text dimColor>{` │${fit(row.reduce((s, v) => s + v, 0), sumWidth - 1).padStart(sumWidth)}`}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}

/** The width a heatmap takes: labels, cells and the optional sum column. */
export function heatmapWidth(rows: readonly string[], cols: number, cellWidth: number, name = '', rowSums = false): number {
  return Math.max(name.length, ...rows.map((r) => r.length)) + 1 + cols * cellWidth + (rowSums ? 8 : 0);
}
