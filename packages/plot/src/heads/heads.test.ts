import { describe, expect, it } from 'vitest';
import { createDocument, renderToSvg } from '../node.js';
import { decoderTrace, expectAttnError, parseSvg, texts, translateOf } from '../../test/helpers.js';
import { headsFigure, headsPlot } from './heads.js';

const document = createDocument();

describe('headsFigure', () => {
  it('headsFigure(trace) draws one T×T weights heatmap per (layer, head), titled, with the tokens on both axes', () => {
    const trace = decoderTrace(6, { layers: 2, heads: 3 });
    const svg = parseSvg(renderToSvg(headsFigure(trace, { document, tokens: ['a', 'b', 'c', 'd', 'e', '|'] })));
    const groups = Array.from(svg.querySelectorAll('g[aria-label="cell"]'));
    const cells = groups.reduce((n, g) => n + g.querySelectorAll('rect').length, 0);
    expect(cells).toBe(6 * 6 * 6);
    expect(texts(svg, 'g[aria-label="text"] text').filter((t) => t.startsWith('layer')).sort()).toEqual([
      'layer 0 · head 0', 'layer 0 · head 1', 'layer 0 · head 2', 'layer 1 · head 0', 'layer 1 · head 1', 'layer 1 · head 2',
    ]);
    // key labels over each column of heads, query labels left of each row of layers
    const x = texts(svg, 'g[aria-label="x-axis tick label"] text');
    const y = texts(svg, 'g[aria-label="y-axis tick label"] text');
    expect(x).toEqual(Array(3).fill(['a', 'b', 'c', 'd', 'e', '|']).flat());
    expect(y).toEqual(Array(2).fill(['a', 'b', 'c', 'd', 'e', '|']).flat());
  });

  it('headsFigure of 64 tokens stays readable: small cells, no values, labels thinned and apart', () => {
    const trace = decoderTrace(64, { layers: 2, heads: 2 });
    const svg = parseSvg(renderToSvg(headsFigure(trace, { document })));
    const cells = Array.from(svg.querySelectorAll('g[aria-label="cell"]')).reduce((n, g) => n + g.querySelectorAll('rect').length, 0);
    expect(cells).toBe(4 * 64 * 64);
    expect(texts(svg, 'g[aria-label="text"] text').every((t) => t.startsWith('layer'))).toBe(true);
    const ticks = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"]'))[0].querySelectorAll('text');
    const xs = Array.from(ticks).map((t) => translateOf(t)[0]).slice(0, ticks.length / 2); // first column of heads
    expect(xs.length).toBeGreaterThan(8);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(14);
    const root = svg.querySelector('svg')!;
    expect(Number(root.getAttribute('width'))).toBeLessThan(1000);
  });

  it('headsFigure(trace, { maxSide }) makes each heatmap at most maxSide pixels, so four heads fit a phone', () => {
    const trace = decoderTrace(6, { layers: 1, heads: 4 });
    const wide = Number(parseSvg(renderToSvg(headsFigure(trace, { document }))).querySelector('svg')!.getAttribute('width'));
    const narrow = Number(parseSvg(renderToSvg(headsFigure(trace, { document, maxSide: 60 }))).querySelector('svg')!.getAttribute('width'));
    expect(wide).toBeGreaterThan(800);
    expect(narrow).toBeLessThanOrEqual(4 * 60 + 3 * 40 + 60);
  });

  it('headsPlot(trace, { layers }) draws only those layers and names the layers that exist otherwise', () => {
    const trace = decoderTrace(4, { layers: 2, heads: 2 });
    const marks = headsPlot(trace, { layers: [1] }).marks!;
    expect(marks.length).toBe(2 + 2); // two heads, the axes, the panel titles
    expectAttnError(() => headsPlot(trace, { layers: [5] }), 'ARGUMENT', 'headsPlot: no attention entries for layers [5]; the trace has layers 0, 1');
  });
});
