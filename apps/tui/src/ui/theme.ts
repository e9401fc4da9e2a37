// Colours of the terminal UI: whether to use them at all (NO_COLOR), and the colour-blind-safe
// ramp the heatmaps are drawn with.
import { lab, rgb } from 'd3-color';

/** How the UI may colour its output. */
export interface Theme {
  /** False when NO_COLOR is set (or the terminal is dumb): no colours, only bold/inverse and glyphs. */
  color: boolean;
}

/** The theme for an environment: colours unless `NO_COLOR` is set to anything non-empty or `TERM=dumb`. */
export function themeFor(env: Record<string, string | undefined>): Theme {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: !noColor && env.TERM !== 'dumb' };
}

/**
 * The chalk colour level Ink should use, as a `FORCE_COLOR` value: `3` for truecolor terminals,
 * otherwise `2` (256 colours — every terminal emulator and tmux in use today; chalk's own guess
 * would give tmux's `TERM=screen` only 16, which turns a ramp into blotches). Under NO_COLOR `1`:
 * the app draws no colour then (the theme says so), but bold and inverse still mark the shown tab
 * and the selected row — NO_COLOR is about colour, not emphasis. `0` for `TERM=dumb`. An
 * explicit `FORCE_COLOR` wins.
 */
export function forceColorLevel(env: Record<string, string | undefined>): string {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR;
  if (env.TERM === 'dumb') return '0';
  if (!themeFor(env).color) return '1';
  return /^(truecolor|24bit)$/i.test(env.COLORTERM ?? '') ? '3' : '2';
}

type RGB = readonly [number, number, number];

// cividis (Nuñez, Anderton & Renslow 2018): a sequential ramp that reads the same with every
// common colour-vision deficiency and in greyscale; 9 stops of matplotlib's table, interpolated.
const CIVIDIS: readonly RGB[] = [
  [0, 34, 78], [18, 53, 112], [59, 73, 108], [87, 93, 109], [112, 113, 115],
  [138, 134, 120], [165, 156, 116], [195, 179, 105], [254, 232, 56],
];

/** The ramp's colour at `t` in [0, 1] (clamped; NaN is 0) as `#rrggbb`. */
export function rampColor(t: number): string {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = x * (CIVIDIS.length - 1);
  const i = Math.min(CIVIDIS.length - 2, Math.floor(f));
  const u = f - i;
  const a = CIVIDIS[i];
  const b = CIVIDIS[i + 1];
  return rgb(a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u).formatHex();
}

// textOn's answers: a heatmap redrawn every frame asks about the same few hundred colours again
const contrast = new Map<string, string>();

/** Black or white, whichever contrasts more (WCAG contrast ratio) with the CSS colour `background`. */
export function textOn(background: string): string {
  let text = contrast.get(background);
  if (text === undefined) {
    if (contrast.size >= 4096) contrast.clear();
    // black wins when (Y + 0.05)² > 1.05 · 0.05 for relative luminance Y, that is Y > 0.179: CIE L* > 49.4
    text = lab(background).l > 49.4 ? '#000000' : '#ffffff';
    contrast.set(background, text);
  }
  return text;
}

/** Shade glyphs from low to high: the heatmap's intensity when there is no colour. */
export const SHADES = [' ', '░', '▒', '▓', '█'] as const;

/** The shade glyph for `t` in [0, 1]. */
export function shade(t: number): string {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  return SHADES[Math.min(SHADES.length - 1, Math.round(x * (SHADES.length - 1)))];
}
