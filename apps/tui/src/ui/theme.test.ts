import { describe, expect, it } from 'vitest';
import { forceColorLevel, rampColor, shade, textOn, themeFor } from './theme.js';

describe('theme', () => {
  it('themeFor respects NO_COLOR (any non-empty value) and TERM=dumb', () => {
    expect(themeFor({})).toEqual({ color: true, palette: 'cividis' });
    expect(themeFor({ NO_COLOR: '1' })).toEqual({ color: false, palette: 'cividis' });
    expect(themeFor({ NO_COLOR: '' })).toEqual({ color: true, palette: 'cividis' });
    expect(themeFor({ TERM: 'dumb' })).toEqual({ color: false, palette: 'cividis' });
  });

  it('forceColorLevel gives Ink 256 colours, truecolor when the terminal says so (under NO_COLOR too: the theme draws none, the visual settings may turn it on), nothing on a dumb terminal, and keeps FORCE_COLOR', () => {
    expect(forceColorLevel({ TERM: 'screen' })).toBe('2');
    expect(forceColorLevel({ COLORTERM: 'truecolor' })).toBe('3');
    expect(forceColorLevel({ NO_COLOR: '1', TERM: 'screen' })).toBe('2');
    expect(forceColorLevel({ NO_COLOR: '1', COLORTERM: 'truecolor' })).toBe('3');
    expect(forceColorLevel({ TERM: 'dumb' })).toBe('0');
    expect(forceColorLevel({ FORCE_COLOR: '1' })).toBe('1');
  });

  it('rampColor runs cividis from dark blue to yellow, clamped, and gets lighter all the way', () => {
    expect(rampColor(0)).toBe('#00224e');
    expect(rampColor(1)).toBe('#fee838');
    expect(rampColor(-3)).toBe(rampColor(0));
    expect(rampColor(Number.NaN)).toBe(rampColor(0));
    const lum = (hex: string) => {
      const n = Number.parseInt(hex.slice(1), 16);
      return 0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
    };
    const ls = Array.from({ length: 21 }, (_, i) => lum(rampColor(i / 20)));
    for (let i = 1; i < ls.length; i++) expect(ls[i]).toBeGreaterThan(ls[i - 1]);
    expect([textOn(rampColor(0)), textOn(rampColor(1))]).toEqual(['#ffffff', '#000000']);
  });

  it("rampColor's grey palette runs from near black to near white with no hue, lighter all the way", () => {
    expect([rampColor(0, 'grey'), rampColor(1, 'grey')]).toEqual(['#141414', '#f0f0f0']);
    for (let i = 0; i <= 20; i++) {
      const [r, g, b] = [1, 3, 5].map((j) => Number.parseInt(rampColor(i / 20, 'grey').slice(j, j + 2), 16));
      expect(r === g && g === b, rampColor(i / 20, 'grey')).toBe(true);
      if (i > 0) expect(r).toBeGreaterThan(Number.parseInt(rampColor((i - 1) / 20, 'grey').slice(1, 3), 16));
    }
    expect([textOn(rampColor(0, 'grey')), textOn(rampColor(1, 'grey'))]).toEqual(['#ffffff', '#000000']);
  });

  it('textOn picks whichever of black and white has the higher WCAG contrast ratio', () => {
    // WCAG 2 relative luminance and contrast ratio, from the definitions
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((s) => (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const backgrounds = [...Array.from({ length: 101 }, (_, i) => rampColor(i / 100)), '#767676', '#777777', '#ff0000', '#0000ff', '#00ff00'];
    for (const bg of backgrounds) {
      const best = contrast(bg, '#000000') > contrast(bg, '#ffffff') ? '#000000' : '#ffffff';
      expect(textOn(bg), bg).toBe(best);
    }
    expect(textOn('rebeccapurple')).toBe('#ffffff');
  });

  it('shade gives a glyph per intensity for NO_COLOR heatmaps', () => {
    expect([0, 0.3, 0.5, 0.8, 1].map(shade)).toEqual([' ', '░', '▒', '▓', '█']);
  });
});
