import * as Plot from '@observablehq/plot';
import type { Role } from '@attn/heads';
import { color as parseColor } from 'd3-color';
import { need } from './matrix.js';

/**
 * A color scale for heatmaps: Plot's `color` scale options plus the one property Plot does not
 * need but text on cells does (which values get light text).
 */
export interface HeatmapColor {
  type: 'linear' | 'sqrt' | 'diverging';
  /** A Plot color scheme name, e.g. `blues` or `puor`. */
  scheme: string;
  domain: [number, number];
  /** The value at the neutral center (diverging only). */
  pivot?: number;
}

/**
 * The color scale of attention weights: sequential blues over `[0, 1]` (ColorBrewer, safe for
 * colour-blind readers), so equal weights look equal across heatmaps. `type: 'sqrt'` spreads
 * small weights apart (for long sequences, where most weights are near 1/T).
 *
 * @example
 * ```ts
 * Plot.plot({ color: { ...weightsColor(), legend: true }, marks: [heatmap([[0.5, 0.5]])] });
 * ```
 */
export function weightsColor(scheme = 'blues', type: 'linear' | 'sqrt' = 'linear'): HeatmapColor {
  need(typeof scheme === 'string', 'weightsColor', 'scheme', 'a Plot color scheme name', scheme);
  need(type === 'linear' || type === 'sqrt', 'weightsColor', 'type', "'linear' or 'sqrt'", type);
  return { type, scheme, domain: [0, 1] };
}

/**
 * A diverging color scale centered on 0 for signed values (Q, K, V, scores): purple–orange
 * (ColorBrewer PuOr, safe for colour-blind readers), symmetric so that 0 is white.
 * `values` are the numbers to cover; the domain reaches at least ±`floor` (and ±1 for an all-zero
 * input), so that values that are all nearly 0 are drawn as nearly white rather than stretched.
 *
 * @example
 * ```ts
 * signedColor([-2, 0.5]).domain; // [-2, 2]
 * signedColor([1e-6, -2e-6], 'puor', 1).domain; // [-1, 1]
 * ```
 */
export function signedColor(values: Iterable<number>, scheme = 'puor', floor = 0): HeatmapColor {
  need(typeof (values as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] === 'function' && typeof values !== 'string', 'signedColor', 'values', 'an iterable of numbers', values);
  need(typeof scheme === 'string', 'signedColor', 'scheme', 'a Plot color scheme name', scheme);
  need(typeof floor === 'number' && floor >= 0 && Number.isFinite(floor), 'signedColor', 'floor', 'a finite number ≥ 0', floor);
  let m = floor;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  if (m === 0) m = 1;
  return { type: 'diverging', scheme, domain: [-m, m], pivot: 0 };
}

/**
 * Plot's `color` scale options for a {@link HeatmapColor}, with a legend labelled `label`.
 *
 * @example
 * ```ts
 * Plot.plot({ color: colorScale(weightsColor(), 'weight'), marks: [heatmap([[1]])] });
 * ```
 */
export function colorScale(color: HeatmapColor, label?: string): Plot.ScaleOptions {
  checkColor('colorScale', color);
  need(label === undefined || typeof label === 'string', 'colorScale', 'label', 'a string', label);
  // margins keep the first and last tick labels of the ramp inside the legend
  return { type: color.type, scheme: color.scheme as Plot.ColorScheme, domain: color.domain, ...(color.pivot !== undefined ? { pivot: color.pivot } : {}), legend: true, label, marginLeft: 12, marginRight: 12 } as Plot.ScaleOptions;
}

/** @internal Checks that `color` is a {@link HeatmapColor}: a known type, a scheme name, a domain of two finite numbers. */
export function checkColor(op: string, color: HeatmapColor): void {
  const c = color as Partial<HeatmapColor> | null;
  need(c !== null && typeof c === 'object' && ['linear', 'sqrt', 'diverging'].includes(c.type as string) && typeof c.scheme === 'string'
    && Array.isArray(c.domain) && c.domain.length === 2 && c.domain.every(Number.isFinite) && (c.pivot === undefined || Number.isFinite(c.pivot)),
  op, 'color', "{ type: 'linear' | 'sqrt' | 'diverging', scheme, domain: [lo, hi] } (see weightsColor)", color);
}

/**
 * @internal Text color for a cell of value `v`: white or black, whichever contrasts more with the
 * cell's color (WCAG contrast ratio; one of the two always reaches 4.5:1).
 */
export function textOn(color: HeatmapColor): (v: number) => string {
  const scale = Plot.scale({ color: { type: color.type, scheme: color.scheme as Plot.ColorScheme, domain: color.domain, ...(color.pivot !== undefined ? { pivot: color.pivot } : {}) } });
  return (v) => inkOn(String(scale.apply(v)));
}

/**
 * @internal White or black, whichever contrasts more with the CSS color `fill` (WCAG contrast
 * ratio). Black, not a softer near-black: on a mid-tone cell (purple of PuOr around −3) only pure
 * black or white reaches 4.5:1, and a near-black fell to 4.38.
 */
export function inkOn(fill: string): string {
  return contrast(fill, 'white') > contrast(fill, 'black') ? 'white' : 'black';
}

/**
 * The color nearest `color` that text can be written in on `background`: `color` itself when its
 * WCAG 2 contrast ratio with `background` is at least `min` already, else `color` mixed with black
 * (on a light background) or white (on a dark one), just enough to reach `min`. For labels in a
 * series' color, such as a line's name in the line's color.
 *
 * @param color a CSS color, e.g. `'#D55E00'`
 * @param background the CSS color behind the text; white by default, as behind every figure
 * @param min the contrast ratio to reach: 4.5 (WCAG AA for normal text) by default, 3 for large text
 * @returns a CSS color: `color` unchanged, or a `#rrggbb` color
 *
 * @example
 * ```ts
 * readableColor('#D55E00'); // '#c35600' (Okabe–Ito vermilion, 3.9:1 on white, darkened to 4.5:1)
 * readableColor('#0072B2'); // '#0072B2' (already 5.1:1)
 * readableColor('#6A737D', '#161618'); // '#778089' (lightened on a dark background)
 * ```
 */
export function readableColor(color: string, background = 'white', min = 4.5): string {
  const c = parseColor(color)?.rgb();
  const bg = parseColor(background)?.rgb();
  need(typeof color === 'string' && c !== undefined && c.opacity === 1, 'readableColor', 'color', 'an opaque CSS color', color);
  need(typeof background === 'string' && bg !== undefined && bg.opacity === 1, 'readableColor', 'background', 'an opaque CSS color', background);
  need(typeof min === 'number' && min >= 1 && min <= 21, 'readableColor', 'min', 'a contrast ratio in [1, 21]', min);
  if (contrast(color, background) >= min) return color;
  const target = contrast('black', background) >= contrast('white', background) ? 0 : 255;
  const mix = (t: number) => {
    const [r, g, b] = [c!.r, c!.g, c!.b].map((v) => Math.round(v + (target - v) * t));
    return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  };
  // the contrast grows with t: the smallest mix that reaches min, to 1/256
  let [lo, hi] = [0, 1];
  while (hi - lo > 1 / 256) {
    const t = (lo + hi) / 2;
    if (contrast(mix(t), background) >= min) hi = t;
    else lo = t;
  }
  return mix(hi);
}

/** WCAG 2 contrast ratio of two CSS colors (1 … 21). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG relative luminance (0 black … 1 white) of a CSS color; 1 when it does not parse. */
function luminance(css: string): number {
  const rgb = parseColor(css)?.rgb();
  if (!rgb) return 1;
  const [r, g, b] = [rgb.r, rgb.g, rgb.b].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Two colors that colour-blind readers tell apart (Okabe–Ito blue and vermilion), for train and eval lines.
 *
 * @example
 * ```ts
 * Plot.lineY(losses, { x: 'step', y: 'loss', stroke: SERIES_COLORS.train });
 * ```
 */
export const SERIES_COLORS = { train: '#0072B2', eval: '#D55E00' } as const;

/**
 * The color of each head role of `@attn/heads`, in the order its rules try them: the Okabe–Ito
 * palette (told apart by colour-blind readers) with light grey for `diffuse`, the head that looks
 * at nothing in particular. The same role has the same color in every figure.
 *
 * @example
 * ```ts
 * ROLE_COLORS.induction; // '#D55E00' (vermilion)
 * ```
 */
export const ROLE_COLORS: Readonly<Record<Role, string>> = Object.freeze({
  diffuse: '#D9D9D9',
  induction: '#D55E00',
  duplicate: '#CC79A7',
  'previous-token': '#0072B2',
  self: '#56B4E9',
  sink: '#F0E442',
  positional: '#009E73',
  content: '#E69F00',
});

/**
 * @internal Colors of many lines (one per head): Okabe–Ito without its yellow, too pale for a
 * line on white; lines past the seventh are dashed as well.
 */
export const LINE_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
