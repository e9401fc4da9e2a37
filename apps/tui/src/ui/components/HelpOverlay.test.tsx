import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HELP } from '../keys.js';
import { HelpOverlay } from './HelpOverlay.js';
import { fitHints, KeyHints } from './KeyHints.js';

describe('HelpOverlay and KeyHints', () => {
  it('<HelpOverlay> lists every key of every screen in two columns that fit 80×24 (19 lines below the header), the keys that work everywhere on its title line', () => {
    const frame = render(<HelpOverlay sections={HELP} width={80} height={19} theme={{ color: true, palette: 'cividis' } as const} />).lastFrame()!;
    for (const s of HELP) {
      if (!s.line) expect(frame).toContain(s.title);
      for (const k of s.keys) expect(frame).toContain(s.line ? `${k.key} ${k.label}` : `${k.key.padEnd(9)}  ${k.label}`);
    }
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain('1-4 screens · tab next · f save figures · o colours · q quit');
    expect(lines.find((l) => l.includes('Tutorial'))).toContain('Playground');
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
