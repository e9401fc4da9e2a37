import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Heatmap, legendWidth, normalize, probability, rampDomain } from './Heatmap.js';

const color = { color: true, palette: 'cividis' } as const;
const plain = { color: false, palette: 'cividis' } as const;

describe('Heatmap', () => {
  it('<Heatmap> prints labels, every value and, for weights, each row\'s sum', () => {
    const { lastFrame } = render(
      <Heatmap name="weights" rows={['3', '5']} cols={['3', '5']} values={[[0.25, 0.75], [0.5, 0.5]]} domain={[0, 1]} cellWidth={7} format={probability} rowSums theme={color} />,
    );
    expect(lastFrame()!.split('\n')).toEqual([
      'weights       3      5 │     Σ',
      '      3   0.250  0.750 │ 1.000',
      '      5   0.500  0.500 │ 1.000',
    ]);
  });

  it('<Heatmap> without colour (NO_COLOR) marks each cell\'s intensity with a shade glyph', () => {
    const { lastFrame } = render(<Heatmap rows={['a', 'b']} cols={['x', 'y']} values={[[0, 1], [0.5, 0.75]]} cellWidth={6} theme={plain} />);
    expect(lastFrame()!.split('\n').slice(1)).toEqual([
      'a   0.00 █1.00',
      'b  ▒0.50 ▓0.75',
    ]);
  });

  it('<Heatmap legend> says what the colours mean after the header: the ramp\'s lowest value, the ramp, its highest', () => {
    const scores = [[-7.76, -12.93], [-12.93, -21.56]];
    const frame = render(<Heatmap name="scores" rows={['3', '5']} cols={['3', '5']} values={scores} cellWidth={8} legend theme={plain} />).lastFrame()!;
    expect(frame.split('\n')[0]).toMatch(/^scores +3 +5 {3}-21\.56  ░▒▓█ -7\.76$/);
    // the legend's ends are the ramp's: a given domain, or the table's own range widened to minSpan
    expect(rampDomain(scores)).toEqual([-21.56, -7.76]);
    expect(rampDomain([[1e-6, 3e-6]], undefined, undefined, 1)).toEqual([2e-6 - 0.5, 2e-6 + 0.5]);
    expect(rampDomain(scores, [0, 1])).toEqual([0, 1]);
    const weights = render(<Heatmap name="weights" rows={['3']} cols={['3']} values={[[1]]} domain={[0, 1]} cellWidth={7} format={probability} rowSums legend theme={plain} />).lastFrame()!;
    expect(weights.split('\n')[0]).toMatch(/│ +Σ {3}0  ░▒▓█ 1$/);
    expect(legendWidth('-21.56', '-7.76')).toBe('-21.56  ░▒▓█ -7.76'.length);
  });

  it('<Heatmap> draws masked cells (a causal mask) as dots', () => {
    const { lastFrame } = render(
      <Heatmap rows={['1', '2']} cols={['1', '2']} values={[[1, 0], [0.4, 0.6]]} mask={[[1, 0], [1, 1]]} domain={[0, 1]} cellWidth={5} format={probability} theme={color} />,
    );
    expect(lastFrame()!.split('\n')[1]).toBe('1  1.00    ·');
  });

  it('normalize maps a table onto [0, 1] by its own range (masked cells aside), or by a given domain', () => {
    expect(normalize([[2, 4], [6, 10]])).toEqual([[0, 0.25], [0.5, 1]]);
    expect(normalize([[1, 1]])).toEqual([[0.5, 0.5]]);
    expect(normalize([[0, 99]], undefined, [[1, 0]])).toEqual([[0.5, 0.5]]);
    expect(normalize([[0.2]], [0, 1])).toEqual([[0.2]]);
  });

  it('normalize with minSpan widens a narrow range about its middle: a trained model\'s scores near 1e-6 stay mid-ramp', () => {
    const trained = normalize([[1e-6, 2e-6], [2e-6, 4e-6]], undefined, undefined, 1).flat();
    for (const t of trained) expect(Math.abs(t - 0.5)).toBeLessThan(1e-5);
    // a range wider than minSpan is left as it is
    expect(normalize([[-7.76, -12.93], [-12.93, -21.56]], undefined, undefined, 1)).toEqual(normalize([[-7.76, -12.93], [-12.93, -21.56]]));
  });

  it.each([[0.5, 5, '0.500'], [0.5, 4, '0.50'], [0.051, 3, '.05'], [0.999, 3, '1.0'], [1, 6, '1.000']])('probability(%d, %d) is %j', (v, w, s) => {
    expect(probability(v, w)).toBe(s);
  });
});
