import { describe, expect, it } from 'vitest';
import { appReducer, initialApp } from './app.js';

const theme = { color: true, palette: 'cividis' } as const;

describe('appReducer', () => {
  it('appReducer cycles through tutorial, train, playground, inspect and generate in both directions and closes help', () => {
    let s = initialApp('tutorial', 80, 24, theme);
    s = appReducer(s, { type: 'help' });
    expect(s.help).toBe(true);
    s = appReducer(s, { type: 'cycle', by: 1 });
    expect(s).toMatchObject({ screen: 'train', help: false });
    s = appReducer(s, { type: 'cycle', by: 1 });
    expect(s.screen).toBe('playground');
    s = appReducer(s, { type: 'cycle', by: 1 });
    expect(s.screen).toBe('inspect');
    s = appReducer(s, { type: 'cycle', by: 1 });
    expect(s.screen).toBe('generate');
    s = appReducer(s, { type: 'cycle', by: 1 });
    expect(s.screen).toBe('tutorial');
    expect(appReducer(s, { type: 'cycle', by: -1 }).screen).toBe('generate');
  });

  it('appReducer go opens a screen; going to the shown screen returns the same state', () => {
    const s = initialApp('tutorial', 80, 24, theme);
    expect(appReducer(s, { type: 'go', screen: 'tutorial' })).toBe(s);
    expect(appReducer(s, { type: 'go', screen: 'playground' }).screen).toBe('playground');
  });

  it('appReducer resize keeps the last good size when the terminal reports none', () => {
    const s = initialApp('train', 0, Number.NaN, theme);
    expect(s).toMatchObject({ columns: 80, rows: 24 });
    const big = appReducer(s, { type: 'resize', columns: 132, rows: 43 });
    expect(big).toMatchObject({ columns: 132, rows: 43 });
    expect(appReducer(big, { type: 'resize', columns: 0, rows: 50 })).toMatchObject({ columns: 132, rows: 50 });
    expect(appReducer(big, { type: 'resize', columns: 132, rows: 43 })).toBe(big);
  });

  it('appReducer: the visual settings and the help are never open together; theme turns colour on/off and cycles the palettes, keeping the other setting', () => {
    let s = appReducer(initialApp('tutorial', 80, 24, { color: false, palette: 'cividis' }), { type: 'help' });
    s = appReducer(s, { type: 'settings' });
    expect(s).toMatchObject({ settings: true, help: false });
    s = appReducer(s, { type: 'theme', change: 'color' });
    expect(s.theme).toEqual({ color: true, palette: 'cividis' });
    s = appReducer(s, { type: 'theme', change: 'palette' });
    expect(s.theme).toEqual({ color: true, palette: 'grey' });
    s = appReducer(s, { type: 'theme', change: 'palette' });
    expect(s.theme).toEqual({ color: true, palette: 'cividis' });
    expect(appReducer(s, { type: 'help' })).toMatchObject({ help: true, settings: false });
    expect(appReducer(s, { type: 'go', screen: 'train' })).toMatchObject({ screen: 'train', settings: false, theme: { color: true } });
    expect(appReducer(s, { type: 'settings' }).settings).toBe(false);
  });
});
