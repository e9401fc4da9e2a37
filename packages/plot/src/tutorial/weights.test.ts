import { describe, expect, it } from 'vitest';
import { createDocument, renderToSvg } from '../node.js';
import { parseSvg, texts, tutorialTrace, decoderTrace } from '../../test/helpers.js';
import { weightsFigure, weightsPlot } from './weights.js';
import * as Plot from '@observablehq/plot';

const document = createDocument();

describe('weightsFigure', () => {
  for (const input of [[3, 5], [1, 2, 3], [4, 0.5, -2, 7, 1]]) {
    const T = input.length;
    it(`weightsFigure(trace) of a ${T}-token input has ${T}×${T} cells whose printed values and titles match the trace`, () => {
      const trace = tutorialTrace(input);
      const svg = parseSvg(renderToSvg(weightsFigure(trace, { document })));
      const cells = Array.from(svg.querySelectorAll('g[aria-label="cell"] rect'));
      expect(cells).toHaveLength(T * T);
      const weights = trace.attention[0].weights.data;
      // printed values, row-major (query rows, key columns), with a real minus sign where needed
      expect(texts(svg, 'g[aria-label="text"] text')).toEqual(weights.map((w) => w.toFixed(2)));
      // each cell's title carries the weight to 4 decimals: rows sum to 1 as drawn
      const titled = cells.map((c) => Number(c.querySelector('title')!.textContent));
      expect(titled).toEqual(weights.map((w) => Number(w.toFixed(4))));
      for (let r = 0; r < T; r++) expect(titled.slice(r * T, r * T + T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    });
  }

  it('weightsFigure(trace) labels both axes with the input tokens, keys on top and queries on the left', () => {
    const svg = parseSvg(renderToSvg(weightsFigure(tutorialTrace([3, 5]), { document })));
    expect(texts(svg, 'g[aria-label="x-axis tick label"] text')).toEqual(['3', '5']);
    expect(texts(svg, 'g[aria-label="y-axis tick label"] text')).toEqual(['3', '5']);
    expect(texts(svg, 'g[aria-label="x-axis label"] text')).toEqual(['key']);
    expect(texts(svg, 'g[aria-label="y-axis label"] text')).toEqual(['query']);
  });

  it('weightsFigure(trace, { tokens }) uses the given labels, repeated tokens included', () => {
    const svg = parseSvg(renderToSvg(weightsFigure(tutorialTrace([1, 2, 1]), { document, tokens: ['a', 'b', 'a'] })));
    expect(texts(svg, 'g[aria-label="x-axis tick label"] text')).toEqual(['a', 'b', 'a']);
    expect(svg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(9);
  });

  it('weightsFigure has a title, a subtitle and an accessible description', () => {
    const svg = parseSvg(renderToSvg(weightsFigure(tutorialTrace(), { document })));
    expect(svg.querySelector('svg > title')!.textContent).toBe('Attention weights');
    expect(svg.querySelector('svg > desc')!.textContent).toMatch(/^Heatmap of the attention weights, 2×2: a row per query token and a column per key token \(3, 5\)/);
    // the composer wraps the subtitle to the figure's width: join its lines
    expect(texts(svg, 'svg > text').join(' ')).toContain('weights = softmax(scores): each query row sums to 1');
  });

  it('weightsFigure of a causal model draws masked pairs grey reading 0 (the weight softmax gives them), not −∞ (their score)', () => {
    const trace = decoderTrace(4, { layers: 1, heads: 1 });
    const svg = parseSvg(renderToSvg(weightsFigure(trace, { document })));
    const groups = Array.from(svg.querySelectorAll('g[aria-label="cell"]'));
    expect(groups.map((g) => g.querySelectorAll('rect').length)).toEqual([10, 6]); // 4·5/2 allowed, 6 masked
    const textGroups = Array.from(svg.querySelectorAll('g[aria-label="text"]')).map((g) => Array.from(g.querySelectorAll('text'), (t) => t.textContent));
    expect(textGroups.map((g) => g.length)).toEqual([10, 6]);
    expect(textGroups[1]).toEqual(Array(6).fill('0'));
    expect(textGroups.flat()).not.toContain('−∞');
  });

  it('weightsFigure of 64 tokens shrinks cells, hides values and thins labels so they do not overlap', () => {
    const svg = parseSvg(renderToSvg(weightsFigure(decoderTrace(64, { layers: 1, heads: 1 }), { document })));
    expect(Array.from(svg.querySelectorAll('g[aria-label="cell"] rect')).length).toBe(64 * 64);
    expect(svg.querySelectorAll('g[aria-label="text"]')).toHaveLength(0);
    const labels = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"] text'));
    expect(labels.length).toBeGreaterThan(8);
    expect(labels.length).toBeLessThan(64);
    const xs = labels.map((l) => Number(/translate\(([-\d.]+)/.exec(l.getAttribute('transform')!)![1]));
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(14);
  });

  it('weightsPlot(trace) returns Plot options that compose with other marks', () => {
    const options = weightsPlot(tutorialTrace());
    const figure = Plot.plot({ ...options, document, marks: [...(options.marks ?? []), Plot.frame({ stroke: 'red' })] });
    expect(figure.querySelector('[aria-label="frame"]')).not.toBeNull();
    expect(figure.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(4);
  });
});
