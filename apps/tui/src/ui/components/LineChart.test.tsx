import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { chartText, LineChart, sparkline } from './LineChart.js';

describe('chartText', () => {
  it('chartText draws a falling line from the top-left to the bottom-right in braille, with y labels', () => {
    const { lines, axis, log } = chartText([{ step: 0, value: 1 }, { step: 100, value: 0 }], { width: 12, height: 2 });
    expect(log).toBe(false);
    // 4 columns × 2 lines of braille cells: 8 × 8 dots
    expect(lines).toEqual([
      '     1 ┤⠑⢄  ',
      '     0 ┤  ⠑⢄',
    ]);
    expect(axis).toBe('       └0─100');
  });

  it('chartText uses a log scale when positive values span more than 20×, and says so', () => {
    const points = [1, 10, 100, 1000].map((v, i) => ({ step: i, value: 1 / v }));
    const { lines, log } = chartText(points, { width: 16, height: 3 });
    expect(log).toBe(true);
    expect(lines[0].startsWith('     1 ┤')).toBe(true);
    expect(lines[2].startsWith(' 0.001 ┤')).toBe(true);
    expect(chartText(points, { width: 16, height: 3, log: false }).log).toBe(false);
  });

  it('chartText spans the x axis over the whole run, so a young run fills only the left', () => {
    const { lines } = chartText([{ step: 0, value: 2 }, { step: 10, value: 1 }], { width: 18, height: 2, xDomain: [0, 100] });
    const plot = lines.map((l) => l.slice(8));
    expect(plot.every((row) => row.slice(2).trim() === '')).toBe(true);
  });

  it('chartText with no points yet says it is waiting', () => {
    expect(chartText([], { width: 40, height: 3 }).lines[1]).toContain('waiting for the first step');
  });

  it('sparkline scales the last `width` values from ▁ to █', () => {
    expect(sparkline([1, 2, 3], 3)).toBe('▁▅█');
    expect(sparkline([5, 0, 1, 2, 3], 3)).toBe('▁▅█');
    expect(sparkline([2, 2], 4)).toBe('▄▄');
    expect(sparkline([], 4)).toBe('');
  });
});

describe('LineChart', () => {
  it('<LineChart> shows its title (with the scale), the plot and the x axis', () => {
    const { lastFrame } = render(<LineChart title="loss" points={[{ step: 1, value: 1 }, { step: 2, value: 1e-3 }]} width={20} height={3} />);
    const lines = lastFrame()!.split('\n');
    expect(lines[0]).toBe('loss (log scale)');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^ {7}└1─+2$/);
  });
});
