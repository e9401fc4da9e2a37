import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { bar, ProgressBar } from './ProgressBar.js';

describe('ProgressBar', () => {
  it.each([[0, '░░░░░░░░'], [0.5, '████░░░░'], [0.53, '████▎░░░'], [1, '████████'], [2, '████████'], [Number.NaN, '░░░░░░░░']])('bar(%d, 8) is %j', (f, s) => {
    expect(bar(f, 8)).toBe(s);
    expect([...bar(f, 8)]).toHaveLength(8);
  });

  it('<ProgressBar> renders the bar at its width', () => {
    expect(render(<ProgressBar fraction={0.25} width={12} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()).toBe('███░░░░░░░░░');
  });
});
