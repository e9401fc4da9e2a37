// What the "Beyond the tutorial" widgets share: reading the reader's word as tokens, printing
// numbers the way the figures do, and the page's two series colours. Nothing here computes a
// model's numbers; @attn/core does.
import { onBeforeUnmount, onMounted, ref, watch, type Ref, type WatchSource } from 'vue';
import type * as AttnCore from '@attn/core';
import type * as ObservablePlot from '@observablehq/plot';
import type * as AttnPlot from '@attn/plot';
import type { HeatmapColor } from '@attn/plot';

/** The tokens a word may hold: a–z are ids 0–25, the space is 26. */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';

/** A word read as tokens: their ids for an Embedding, and labels for the figures' axes. */
export interface Letters {
  ids: number[];
  labels: string[];
}

/** The reader's word as tokens, or a sentence saying what to type instead. */
export function lettersOf(word: string, maxLength: number): Letters | { error: string } {
  const w = word.toLowerCase();
  if (w.length < 2) return { error: 'Type a word of at least two letters.' };
  if (w.length > maxLength) return { error: `Type at most ${maxLength} letters (got ${w.length}).` };
  const bad = [...w].find((ch) => !ALPHABET.includes(ch));
  if (bad !== undefined) return { error: `Only the letters a–z and spaces, please (got “${bad}”).` };
  return { ids: [...w].map((ch) => ALPHABET.indexOf(ch)), labels: [...w].map((ch) => (ch === ' ' ? '␣' : ch)) };
}

/** A number with `digits` decimals and a real minus sign; never "−0.000". */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(digits);
  return (Number(s) === 0 ? (0).toFixed(digits) : s).replace('-', '−');
}

/** A shape as the pages write it: `[1, 5, 8]`. */
export const shapeOf = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Okabe–Ito blue and vermilion: two series that colour-blind readers tell apart. */
export const BLUE = '#0072B2';
export const VERMILION = '#D55E00';

/** The figures' font, as @attn/plot's figures use it. */
export const FIGURE_STYLE = { fontSize: '12px', fontFamily: 'system-ui, sans-serif' } as const;

/** Width available to a figure inside its widget (the figure box minus its padding). */
export function widthOf(el: HTMLElement | null, fallback = 640): number {
  return el ? Math.max(280, el.clientWidth - 8) : fallback;
}

/** What {@link matrixFigure} draws. */
export interface MatrixFigureSpec {
  matrix: number[][];
  /** Labels of the rows (tokens, positions) and the columns (dimensions by default). */
  rows: readonly string[];
  cols?: readonly string[];
  title: string;
  subtitle?: string;
  description: string;
  color: HeatmapColor;
  /** Square cells: the largest edge, and the longest side of the matrix, in pixels. */
  maxCell?: number;
  maxSide?: number;
  /** Cells of this width and height instead of squares (long matrices stay readable). */
  cellWidth?: number;
  cellHeight?: number;
  xLabel?: string | null;
  yLabel?: string | null;
  /** Print values in cells (when they are big enough); false by default. */
  values?: boolean;
  /** A cell to outline: `[row, col]`. */
  highlight?: readonly [number, number];
  /** The colour legend's label; `null` for no legend. */
  legend?: string | null;
  /** Marks drawn over the cells, on the same band scales (x = column, y = row), e.g. text on them. */
  over?: ObservablePlot.Markish[];
}

/** Every `step`-th index of 0…n−1, with step chosen so that labels stay `min` pixels apart. */
const every = (n: number, cell: number, min: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % Math.ceil(min / cell) === 0);

/**
 * One heatmap with labelled rows and columns, from @attn/plot's building blocks (heatmap,
 * heatmapLayout, colorScale, plotFigure). The modules are passed in because the widgets load
 * them lazily.
 */
export function matrixFigure(plot: typeof AttnPlot, Plot: typeof ObservablePlot, spec: MatrixFigureSpec): HTMLElement | SVGSVGElement {
  const R = spec.matrix.length;
  const C = spec.matrix[0].length;
  const cols = spec.cols ?? Array.from({ length: C }, (_, i) => String(i));
  const longest = Math.max(...spec.rows.map((r) => r.length));
  const marginLeft = 14 + 7 * longest + (spec.yLabel ? 16 : 0);
  const marginTop = 24 + (spec.xLabel ? 14 : 0);
  const square = plot.heatmapLayout(R, C, { maxCell: spec.maxCell ?? 30, maxSide: spec.maxSide ?? 300 }).cellSize;
  const cw = spec.cellWidth ?? square;
  const ch = spec.cellHeight ?? square;
  const width = marginLeft + C * cw + 8;
  // columns given with blank labels are labelled exactly where they have one
  const labelled = cols.flatMap((c, i) => (c ? [i] : []));
  const marks: ObservablePlot.Markish[] = [
    plot.heatmap(spec.matrix, { color: spec.color, cellSize: Math.min(cw, ch), values: spec.values === true ? 'auto' : false }),
    Plot.axisX({ anchor: 'top', ticks: labelled.length < C ? labelled : every(C, cw, 18), tickFormat: (i: number) => cols[i] ?? '', tickSize: 0, label: spec.xLabel ?? null, labelAnchor: 'center', labelArrow: 'none' }),
    Plot.axisY({ anchor: 'left', ticks: every(R, ch, 12), tickFormat: (i: number) => spec.rows[i] ?? '', tickSize: 0, label: spec.yLabel ?? null, labelAnchor: 'center', labelArrow: 'none' }),
  ];
  if (spec.over) marks.push(...spec.over);
  if (spec.highlight) {
    marks.push(Plot.cell([{ row: spec.highlight[0], col: spec.highlight[1] }], { x: 'col', y: 'row', fill: 'none', stroke: '#000', strokeWidth: 2.5 }));
  }
  return plot.plotFigure({
    className: plot.PLOT_CLASS,
    style: FIGURE_STYLE,
    title: spec.title,
    ...(spec.subtitle ? { subtitle: spec.subtitle } : {}),
    ariaLabel: spec.title,
    ariaDescription: spec.description,
    width, height: marginTop + R * ch + 8, marginLeft, marginTop, marginRight: 8, marginBottom: 8,
    x: { type: 'band', domain: Array.from({ length: C }, (_, i) => i), padding: 0, round: false },
    y: { type: 'band', domain: Array.from({ length: R }, (_, i) => i), padding: 0, round: false },
    color: spec.legend === null ? { ...plot.colorScale(spec.color), legend: false } : ({ ...plot.colorScale(spec.color, spec.legend ?? 'value'), width: Math.min(240, Math.max(160, width)) } as ObservablePlot.ScaleOptions), // a legend's width: not in Plot's types
    marks,
  }, { document });
}

/** Row-major `data` as `rows` rows of `cols` numbers. */
export function rowsOf(data: readonly number[], rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => data.slice(i * cols, (i + 1) * cols));
}

const SUPERSCRIPTS = '⁻⁰¹²³⁴⁵⁶⁷⁸⁹';
/** An integer in superscript digits: −7 → ⁻⁷. */
export const superscript = (n: number) => String(n).replace(/[-0-9]/g, (c) => SUPERSCRIPTS['-0123456789'.indexOf(c)]);

/** A number in scientific notation as people write it: 4.7 × 10⁻⁷ (and 8.3 for 8.3e0). */
export function sci(v: number, digits = 1): string {
  const [mantissa, exponent] = v.toExponential(digits).split('e');
  const e = Number(exponent);
  return (e === 0 ? mantissa : `${mantissa} × 10${superscript(e)}`).replace('-', '−');
}

/** The libraries a widget draws with, loaded after it mounts. */
export interface Libraries {
  core: typeof AttnCore;
  plot: typeof AttnPlot;
  Plot: typeof ObservablePlot;
}

/**
 * A widget's drawing, kept live: once the widget is mounted, loads @attn/core, @attn/plot and
 * Observable Plot lazily (so a page stays light until its widget shows) and calls
 * `draw(libraries, elements)` with the `elements` refs' elements, then again whenever one of
 * `sources` changes. Draws that would land after unmount, or with an element gone, are skipped.
 * The returned ref holds what the reader should read instead of the figure: the string `draw`
 * returns (an input it cannot draw), or the message of what it threw; '' after a good draw.
 */
export function useLiveDraw<const E extends readonly Ref<HTMLElement | null>[]>(
  sources: readonly WatchSource[],
  elements: E,
  draw: (libraries: Libraries, elements: { -readonly [K in keyof E]: HTMLElement }) => string | undefined,
): Ref<string> {
  const error = ref('');
  let alive = true;
  async function redraw(): Promise<void> {
    const [core, plot, Plot] = await Promise.all([import('@attn/core'), import('@attn/plot'), import('@observablehq/plot')]);
    const els = elements.map((e) => e.value);
    if (!alive || els.some((el) => !el)) return;
    try {
      error.value = draw({ core, plot, Plot }, els as { -readonly [K in keyof E]: HTMLElement }) ?? '';
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }
  onMounted(() => {
    void redraw();
    watch(sources, () => void redraw());
  });
  onBeforeUnmount(() => { alive = false; });
  return error;
}
