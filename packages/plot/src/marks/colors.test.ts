import * as Plot from '@observablehq/plot';
import { color as parseColor } from 'd3-color';
import { describe, expect, it } from 'vitest';
import { inkOn, readableColor, ROLE_COLORS, signedColor, textOn, weightsColor, type HeatmapColor } from './colors.js';

/** WCAG 2 contrast ratio, written out here from the definition (relative luminance of sRGB). */
function wcag(a: string, b: string): number {
  const l = (css: string) => {
    const c = parseColor(css)!.rgb();
    const [r, g, bl] = [c.r, c.g, c.b].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [l(a), l(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('readableColor', () => {
  it('readableColor(grey) keeps #767676, the lightest grey with 4.5:1 on white, and darkens #777777 (4.48:1) to it', () => {
    expect(wcag('#767676', 'white')).toBeCloseTo(4.54, 2); // WebAIM's published ratio
    expect(readableColor('#767676')).toBe('#767676');
    expect(readableColor('#777777')).toBe('#767676');
  });

  it('readableColor(series color) reaches the ratio on white, keeps the hue, and mixes no more than needed', () => {
    for (const c of ['#D55E00', '#E69F00', '#56B4E9', '#009E73', '#CC79A7', '#F0E442', '#999']) {
      const r = readableColor(c);
      expect(wcag(r, 'white'), `${c} → ${r}`).toBeGreaterThanOrEqual(4.5);
      // one step lighter (towards the original) falls short
      const lighter = parseColor(r)!.rgb();
      const original = parseColor(c)!.rgb();
      const back = `rgb(${[lighter.r, lighter.g, lighter.b].map((v, i) => v + Math.sign([original.r, original.g, original.b][i] - v)).join(',')})`;
      expect(wcag(back, 'white'), `${c} → ${r}`).toBeLessThan(4.5);
      const hue = (css: string) => parseColor(css)!.formatHsl().match(/hsl\(([\d.]+)/)![1];
      expect(Math.abs(Number(hue(r)) - Number(hue(c))), `${c} → ${r}`).toBeLessThan(1); // the same hue, up to rounding to whole bytes
    }
    expect(readableColor('#0072B2')).toBe('#0072B2'); // Okabe–Ito blue: 5.1:1 already
  });

  it('readableColor(color, dark background) lightens, and honours min', () => {
    const r = readableColor('#6A737D', '#161618');
    expect(wcag(r, '#161618')).toBeGreaterThanOrEqual(4.5);
    expect(parseColor(r)!.rgb().r).toBeGreaterThan(0x6a);
    expect(wcag(readableColor('#D55E00', 'white', 7), 'white')).toBeGreaterThanOrEqual(7);
    expect(readableColor('#D55E00', 'white', 3)).toBe('#D55E00'); // 3.9:1: enough for large text
  });

  it('readableColor refuses what is not an opaque color, and a ratio outside [1, 21]', () => {
    expect(() => readableColor('nope')).toThrow('readableColor: color must be an opaque CSS color, got "nope"');
    expect(() => readableColor('#fff', 'rgba(0, 0, 0, 0.5)')).toThrow(/readableColor: background must be an opaque CSS color/);
    expect(() => readableColor('#fff', 'black', 22)).toThrow(/readableColor: min must be a contrast ratio in \[1, 21\], got 22/);
  });
});

describe('text on colored cells', () => {
  const cellColor = (color: HeatmapColor) => {
    const scale = Plot.scale({ color: { type: color.type, scheme: color.scheme as Plot.ColorScheme, domain: color.domain, ...(color.pivot !== undefined ? { pivot: color.pivot } : {}) } });
    return (v: number) => String(scale.apply(v));
  };

  it('textOn(scale) gives every cell of blues, sqrt blues and PuOr a label with at least 4.5:1 contrast', () => {
    for (const color of [weightsColor(), weightsColor('blues', 'sqrt'), signedColor([-13, 13])]) {
      const fill = cellColor(color);
      const ink = textOn(color);
      const [lo, hi] = color.domain;
      for (let i = 0; i <= 200; i++) {
        const v = lo + ((hi - lo) * i) / 200;
        expect(wcag(ink(v), fill(v)), `${color.scheme} ${v}: ${ink(v)} on ${fill(v)}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('inkOn(role color) labels every head role with at least 4.5:1 contrast', () => {
    for (const [role, fill] of Object.entries(ROLE_COLORS)) expect(wcag(inkOn(fill), fill), role).toBeGreaterThanOrEqual(4.5);
  });
});
