import { describe, expect, it } from 'vitest';
import { createDocument, renderToSvg } from '../node.js';
import { expectAttnError, parseSvg, texts, tutorialTrace, decoderTrace } from '../../test/helpers.js';
import { inputFigure } from './input.js';
import { qkvFigure } from './qkv.js';
import { scoresFigure } from './scores.js';
import { attendedFigure } from './attended.js';
import { outputFigure, outputPlot } from './output.js';
import { stepByStepFigure, tutorialPlots } from './step-by-step.js';
import { weightsPlot } from './weights.js';

const document = createDocument();
const svgOf = (el: Element) => parseSvg(renderToSvg(el));
const cellsOf = (svg: Document) => Array.from(svg.querySelectorAll('g[aria-label="cell"] rect'));

describe('the tutorial views', () => {
  const trace = tutorialTrace([3, 5]);
  const a = trace.attention[0];

  it('inputFigure(trace) draws a bar per position, labelled with the token and its value', () => {
    const svg = svgOf(inputFigure(trace, { document }));
    expect(svg.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(2);
    expect(texts(svg, 'g[aria-label="x-axis tick label"] text')).toEqual(['3', '5']);
    expect(texts(svg, 'g[aria-label="text"] text')).toEqual(['3', '5']);
  });

  it('qkvFigure(trace) draws Q, K and V as three T×d heatmaps with the values printed, titled by their formulas', () => {
    const svg = svgOf(qkvFigure(trace, { document }));
    expect(cellsOf(svg)).toHaveLength(3 * 2 * 4);
    const printed = texts(svg, 'g[aria-label="text"] text').filter((t) => /^−?\d+\.\d\d$/.test(t));
    expect(printed).toEqual([...a.q.data, ...a.k.data, ...a.v.data].map((v) => v.toFixed(2).replace('-', '−')));
    expect(texts(svg, 'g[aria-label="text"] text')).toEqual(expect.arrayContaining(['Q = x·W_q', 'K = x·W_k', 'V = x·W_v']));
  });

  it('scoresFigure(trace) prints Q·Kᵀ with one decimal; scoresFigure(trace, { which: "scaled" }) the scaled scores', () => {
    const svg = svgOf(scoresFigure(trace, { document }));
    expect(texts(svg, 'g[aria-label="text"] text')).toEqual(a.scores.data.map((v) => v.toFixed(1).replace('-', '−')));
    const sqrt = tutorialTrace([3, 5]);
    sqrt.attention[0].scaled.data = sqrt.attention[0].scaled.data.map((v) => v / 2);
    const scaled = svgOf(scoresFigure(sqrt, { document, which: 'scaled' }));
    expect(texts(scaled, 'g[aria-label="text"] text')).toEqual(sqrt.attention[0].scaled.data.map((v) => v.toFixed(1).replace('-', '−')));
  });

  it('scoresFigure of a causal model prints the masked pairs as −∞ (what softmax sees), the others with one decimal', () => {
    const seq = decoderTrace(4, { layers: 1, heads: 1 });
    const groups = Array.from(svgOf(scoresFigure(seq, { document, which: 'scaled' })).querySelectorAll('g[aria-label="text"]'))
      .map((g) => Array.from(g.querySelectorAll('text'), (t) => t.textContent ?? ''));
    expect(groups.map((g) => g.length)).toEqual([10, 6]); // 4·5/2 allowed pairs, 6 masked
    expect(groups[1]).toEqual(Array(6).fill('−∞'));
    expect(groups[0].every((t) => /^−?\d+\.\d$/.test(t))).toBe(true);
  });

  it('attendedFigure(trace) draws a row per token and the sum Σ the network reads', () => {
    const svg = svgOf(attendedFigure(trace, { document }));
    expect(cellsOf(svg)).toHaveLength(3 * 4);
    expect(texts(svg, 'g[aria-label="y-axis tick label"] text')).toEqual(['3', '5', 'Σ']);
    const printed = texts(svg, 'g[aria-label="text"] text');
    expect(printed.slice(8)).toEqual(trace.values.sum.data.map((v) => v.toFixed(2).replace('-', '−')));
  });

  it('outputFigure(trace, { expected }) draws the output against the expected value', () => {
    const svg = svgOf(outputFigure(trace, { document, expected: 8 }));
    expect(texts(svg, 'g[aria-label="y-axis tick label"] text')).toEqual(['output', 'expected']);
    const out = trace.output.data[0];
    expect(texts(svg, 'g[aria-label="text"] text')).toEqual([String(Number(out.toPrecision(4))), '8']);
  });

  it('outputPlot checks that expected fits the output', () => {
    expectAttnError(() => outputPlot(trace, { expected: [1, 2] }), 'ARGUMENT', 'outputPlot: expected must have one value per output (1), got 2');
  });

  it('outputFigure of a sequence model draws the output scores per position with the expected classes circled', () => {
    const seq = decoderTrace(5, { layers: 1, heads: 1 });
    const svg = svgOf(outputFigure(seq, { document, expected: [NaN, NaN, 3, 4, 5] }));
    expect(cellsOf(svg)).toHaveLength(5 * 11);
    expect(svg.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3);
  });

  it('tutorialPlots(trace) lists the six views in the tutorial\'s order with numbered titles', () => {
    expect(tutorialPlots(trace).map((s) => [s.name, s.plot.title])).toEqual([
      ['input', '1 · Input'], ['qkv', '2–4 · Queries, keys and values'], ['scores', '5 · Scores'],
      ['weights', '6 · Attention weights'], ['attended', '7 · Attended output'], ['output', '8 · Output'],
    ]);
  });

  it('stepByStepFigure(trace) lays the six views out in one SVG under one title, in order', () => {
    const svg = svgOf(stepByStepFigure(trace, { document, expected: 8 }));
    expect(svg.querySelector('svg > title')!.textContent).toBe('Attention, step by step, for [3, 5]');
    expect(svg.querySelector('svg > desc')!.textContent).toMatch(/^The seed tutorial's steps for the input \[3, 5\]: 1 the input values/);
    const titles = texts(svg, 'svg > text').filter((t) => /^\d/.test(t));
    expect(titles).toEqual(['1 · Input', '2–4 · Queries, keys and values', '5 · Scores', '6 · Attention weights', '7 · Attended output', '8 · Output']);
    // each view is a nested <svg> placed inside the figure's bounds, none overlapping the next in its row
    const root = svg.querySelector('svg')!;
    const [W, H] = [Number(root.getAttribute('width')), Number(root.getAttribute('height'))];
    const plots = Array.from(root.children).filter((c) => c.tagName.toLowerCase() === 'svg' && c.getAttribute('aria-label'));
    expect(plots).toHaveLength(6);
    for (const p of plots) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(p.getAttribute(k)));
      expect(x + w).toBeLessThanOrEqual(W);
      expect(y + h).toBeLessThanOrEqual(H);
    }
  });

  it('views name the layer and head they draw, and say which exist when asked for a missing one', () => {
    expectAttnError(() => weightsPlot(trace, { layer: 1 }), 'ARGUMENT', 'weightsPlot: no attention entry for layer 1, head 0, got a trace with layer/head 0/0');
    expectAttnError(() => weightsPlot({ ...trace, format: 'x' } as never), 'ARGUMENT', "weightsPlot: expected a Trace (format 'attn.trace'), got an object with format \"x\"");
    expectAttnError(() => weightsPlot(trace, { tokens: ['a'] }), 'ARGUMENT', 'weightsPlot: tokens must be 2 labels, one per position, got 1');
    expectAttnError(() => weightsPlot(trace, { batch: 1 }), 'RANGE', 'tensorRows: example must be an integer in [0, 0], got 1');
  });

  it('figure functions without a document say how to get one', () => {
    expectAttnError(() => inputFigure(trace), 'ARGUMENT', "plotFigure: no document: pass { document } (in Node: createDocument() from '@attn/plot/node')");
  });
});
