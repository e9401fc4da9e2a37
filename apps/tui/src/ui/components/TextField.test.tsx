import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { TextField, visibleWindow } from './TextField.js';

const frame = (props: { value: string; cursor?: number; width: number }) =>
  render(<TextField label="input" focused theme={{ color: false, palette: 'cividis' } as const} {...props} />).lastFrame();

describe('<TextField>', () => {
  it('shows all of a value that fits, the cursor anywhere in it', () => {
    for (const cursor of [0, 1, 3]) expect(frame({ value: '3 5', cursor, width: 40 })).toBe('input › 3 5');
    expect(visibleWindow('3 5', 0, 4)).toEqual({ from: 0, to: 3 }); // the cursor cell after the end fits too
  });

  it('scrolls a line too long to fit so that the cursor stays in view, marking cut text with …', () => {
    const value = '1 2 3 4 5 6 7 8 9 10 11 12'; // 26 characters
    // 20 columns: 'input › ' (8) and 11 cells for the text, the ellipses and the cursor
    expect(frame({ value, width: 20 })).toBe('input › … 10 11 12'); // and the cursor cell after the end
    expect(frame({ value, cursor: 0, width: 20 })).toBe('input › 1 2 3 4 5 …');
    const middle = frame({ value, cursor: 10, width: 20 })!;
    expect(middle).toMatch(/^input › ….*6.*…$/);
    for (let cursor = 0; cursor <= value.length; cursor++) {
      const { from, to } = visibleWindow(value, cursor, 11);
      expect(from <= cursor && (cursor < to || cursor === value.length), `cursor ${cursor} in [${from}, ${to})`).toBe(true);
      const cells = to - from + (from > 0 ? 1 : 0) + (to < value.length ? 1 : 0) + (cursor === value.length ? 1 : 0);
      expect(cells, `cursor ${cursor}`).toBe(11); // fills the room exactly, never more
    }
  });
});
