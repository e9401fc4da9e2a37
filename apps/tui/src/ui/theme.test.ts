import { describe, expect, it } from 'vitest';
import { forceColorLevel, rampColor, shade, textOn, themeFor } from './theme.js';

describe('theme', () => {
  it('themeFor respects NO_COLOR (any non-empty value) and TERM=dumb', () => {
    expect(themeFor({})).toEqual({ color: true });
    expect(themeFor({ NO_COLOR: '1' })).toEqual({ color: false });
    expect(themeFor({ NO_COLOR: '' })).toEqual({ color: true });
    expect(themeFor({ TERM: 'dumb' })).toEqual({ color: false });
  });

  it('forceColorLevel gives Ink 256 colours, truecolor when the terminal says so, none under NO_COLOR, and keeps FORCE_COLOR', () => {
    expect(forceColorLevel({ TERM: 'screen' })).toBe('2');
    expect(forceColorLevel({ COLORTERM: 'truecolor' })).toBe('3');
    expect(forceColorLevel({ NO_COLOR: '1', COLORTERM: 'truecolor' })).toBe('0');
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

  it('shade gives a glyph per intensity for NO_COLOR heatmaps', () => {
    expect([0, 0.3, 0.5, 0.8, 1].map(shade)).toEqual([' ', '░', '▒', '▓', '█']);
  });
});
