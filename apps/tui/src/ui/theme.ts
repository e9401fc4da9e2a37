// Colours of the terminal UI: whether to use them at all (NO_COLOR, or the learner's visual
// settings), and the ramp the heatmaps are drawn with.
import { lab, rgb } from 'd3-color';

/** The heatmaps' ramps: cividis (colour-blind safe, the default) and grey (black to white). */
export const PALETTES = ['cividis', 'grey'] as const;
export type Palette = (typeof PALETTES)[number];

/** How the UI may colour its output: NO_COLOR sets it at start, the visual settings (`o`) change it. */
export interface Theme {
  /** False when NO_COLOR is set (or the terminal is dumb): no colours, only bold/inverse and glyphs. */
  color: boolean;
  /** The heatmaps' ramp. */
  palette: Palette;
}

/** The theme for an environment: colours unless `NO_COLOR` is set to anything non-empty or `TERM=dumb`; cividis. */
export function themeFor(env: Record<string, string | undefined>): Theme {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: !noColor && env.TERM !== 'dumb', palette: 'cividis' };
}

/**
 * The chalk colour level Ink should use, as a `FORCE_COLOR` value: `3` for truecolor terminals,
 * otherwise `2` (256 colours — every terminal emulator and tmux in use today; chalk's own guess
 * would give tmux's `TERM=screen` only 16, which turns a ramp into blotches). The same under
 * NO_COLOR: the app draws no colour then (its theme says so; bold and inverse still mark the shown
 * tab and the selected row — NO_COLOR is about colour, not emphasis), and a learner who turns
 * colour on in the visual settings gets the full ramp. `0` for `TERM=dumb`. An explicit
 * `FORCE_COLOR` wins.
 */
export function forceColorLevel(env: Record<string, string | undefined>): string {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR;
  if (env.TERM === 'dumb') return '0';
  return /^(truecolor|24bit)$/i.test(env.COLORTERM ?? '') ? '3' : '2';
}

type RGB = readonly [number, number, number];

// cividis (Nuñez, Anderton & Renslow 2018): a sequential ramp that reads the same with every
// common colour-vision deficiency and in greyscale; 9 stops of matplotlib's table, interpolated.
// grey: from near black to near white, for a learner who wants no hue at all but still shaded cells.
const RAMPS: Record<Palette, readonly RGB[]> = {
  cividis: [
    [0, 34, 78], [18, 53, 112], [59, 73, 108], [87, 93, 109], [112, 113, 115],
    [138, 134, 120], [165, 156, 116], [195, 179, 105], [254, 232, 56],
  ],
  grey: [[20, 20, 20], [240, 240, 240]],
};

/** The ramp's colour at `t` in [0, 1] (clamped; NaN is 0) as `#rrggbb`; cividis unless `palette` says otherwise. */
export function rampColor(t: number, palette: Palette = 'cividis'): string {
  const ramp = RAMPS[palette];
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = x * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(f));
  const u = f - i;
  const a = ramp[i];
  const b = ramp[i + 1];
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
