import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HELP } from '../keys.js';
import { HelpOverlay, helpColumns } from './HelpOverlay.js';
import { fitHints, KeyHints } from './KeyHints.js';

describe('HelpOverlay and KeyHints', () => {
  it('<HelpOverlay> lists the keys by screen in two columns that fit 80×24 (19 lines below the header), the keys that work everywhere on its title line, and names the screen left out', () => {
    const frame = render(<HelpOverlay sections={HELP} first="Tutorial" width={80} height={19} theme={{ color: true, palette: 'cividis' } as const} />).lastFrame()!;
    for (const s of HELP.filter((h) => h.title !== 'Generate')) {
      if (!s.line) expect(frame).toContain(s.title);
      for (const k of s.keys) expect(frame).toContain(s.line ? `${k.key} ${k.label}` : `${k.key.padEnd(9)}  ${k.label}`);
    }
    expect(frame).not.toContain('temp, top-k/p');
    expect(frame).toContain('Generate: press ? on its screen');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain('1-5 screens · tab next · f save figures · o colours · q quit');
    expect(lines.find((l) => l.includes('Tutorial'))).toContain('Playground');
  });

  it('<HelpOverlay> shows the shown screen\'s keys first, never leaving them out', () => {
    const frame = render(<HelpOverlay sections={HELP} first="Generate" width={80} height={19} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines[2].startsWith('Generate')).toBe(true);
    for (const k of HELP.find((h) => h.title === 'Generate')!.keys) expect(frame).toContain(`${k.key.padEnd(9)}  ${k.label}`);
    expect(frame).toContain('Inspect: press ? on its screen');
    expect(lines.length).toBeLessThanOrEqual(19);
  });

  it('helpColumns puts each section in the first column with room, and makes room for the note when one is left out', () => {
    const s = (title: string, n: number) => ({ title, keys: Array.from({ length: n }, (_, i) => ({ key: String(i), label: '' })) });
    // sections of 4, 4, 3 lines (title and keys) in columns of 9 lines
    expect(helpColumns([s('a', 3), s('b', 3), s('c', 2)], 2, 9)).toEqual({ columns: [[s('a', 3), s('b', 3)], [s('c', 2)]], left: [], noteIn: 1 });
    const one = helpColumns([s('a', 3), s('b', 3), s('c', 2)], 1, 9);
    // no line for the note after a and b: b is left out too
    expect(one.columns).toEqual([[s('a', 3)]]);
    expect(one.left.map((x) => x.title)).toEqual(['b', 'c']);
    expect(helpColumns([s('a', 3), s('b', 3)], 1, 9, 'b').columns).toEqual([[s('b', 3), s('a', 3)]]);
  });

  it('<HelpOverlay> narrower than 80 columns puts the sections one below the other', () => {
    const frame = render(<HelpOverlay sections={HELP} width={60} height={60} theme={{ color: true, palette: 'cividis' } as const} />).lastFrame()!;
    expect(frame.split('\n').find((l) => l.includes('Tutorial'))).not.toContain('Playground');
  });

  it('fitHints keeps the hints that fit, in order; <KeyHints> joins them with dots', () => {
    const hints = [{ key: 'a', label: 'one' }, { key: 'b', label: 'two' }, { key: 'c', label: 'three' }];
    expect(fitHints(hints, 13).map((h) => h.key)).toEqual(['a', 'b']);
    expect(render(<KeyHints hints={hints} width={80} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()).toBe('a one · b two · c three');
  });

  it('<KeyHints> that cannot show every hint says where the rest are instead of dropping them silently', () => {
    const hints = [{ key: 'a', label: 'one' }, { key: 'b', label: 'two' }, { key: 'c', label: 'three' }, { key: 'd', label: 'four' }];
    expect(render(<KeyHints hints={hints} width={32} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()).toBe('a one · b two · c three · d four');
    expect(render(<KeyHints hints={hints} width={30} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()).toBe('a one · b two · ? more keys');
    expect(render(<KeyHints hints={hints} width={20} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()).toBe('a one · ? more keys');
  });
});
