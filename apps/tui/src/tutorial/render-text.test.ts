import { describe, expect, it } from 'vitest';
import { tensor, tensorRows, traceForward, TutorialAttention } from '@attn/core';
import { addTwo, train } from '@attn/train';
import { describeFocus, summarizeFocus, tokenNames, wrap } from './render-text.js';

describe('wrap', () => {
  it('wrap(text, width, indent) fills lines greedily to width columns, indent included', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('one two three', 9, '  ')).toEqual(['  one two', '  three']);
  });

  it('wrap counts terminal columns, so CJK text (two columns a character) wraps earlier, and never splits a word', () => {
    expect(wrap('注意力 is attention', 8)).toEqual(['注意力', 'is', 'attention']);
  });
});

describe('describeFocus and summarizeFocus', () => {
  const focus = (labels: string[], rows: number[][]) => rows.map((r, i) => ({ query: labels[i], weights: r.map((w, j) => ({ key: labels[j], weight: w })) }));

  it('describeFocus tells equal tokens apart by position: [5, 5] does not read "5 puts 50% on 5, 50% on 5"', () => {
    expect(describeFocus(focus(['5', '5'], [[0.5, 0.5], [0.25, 0.75]]))).toEqual([
      'Token 5 (1st) puts 50.0% on 5 (1st), 50.0% on 5 (2nd).',
      'Token 5 (2nd) puts 25.0% on 5 (1st), 75.0% on 5 (2nd).',
    ]);
    expect(describeFocus(focus(['3', '5'], [[0.5, 0.5], [0.5, 0.5]]))[0]).toBe('Token 3 puts 50.0% on 3, 50.0% on 5.');
    expect(tokenNames(['1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1'])[10]).toBe('1 (11th)');
  });

  it('summarizeFocus says in words whether attention is even, on one token (which one) or uneven', () => {
    expect(summarizeFocus([[0.5, 0.5], [0.49, 0.51]], [3, 5], { sum: true })).toBe(
      'It attends to both numbers equally (50.0% each, from every token): each number counts the same, which is right for a sum, because the order of the numbers does not change it.',
    );
    expect(summarizeFocus([[0.01, 0.99], [0.02, 0.98]], [3, 5])).toBe('It looks almost only at 5 (the largest number): 98.5% of the attention on average.');
    expect(summarizeFocus([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.9, 0.05, 0.05]], [4, 1, 9], { sum: true })).toMatch(/^It looks almost only at 4 \(the first number\): .*cannot add them up well\.$/);
    expect(summarizeFocus([[0.6, 0.4], [0.6, 0.4]], [7, 2])).toBe('Its attention is uneven: 7 (the largest number) gets the most, 60.0% on average.');
  });

  it('the untrained tutorial model looks almost only at one number, the trained one at both equally', async () => {
    const x = tensor([[3, 5]]);
    const weightsOf = (m: TutorialAttention) => tensorRows(traceForward(m, x).trace.attention[0].weights);
    const untrained = new TutorialAttention({ seed: 0 });
    expect(summarizeFocus(weightsOf(untrained), [3, 5], { sum: true })).toMatch(/^It looks almost only at/);
    const run = train({ task: addTwo(), seed: 0 });
    await run;
    expect(summarizeFocus(weightsOf(run.model as TutorialAttention), [3, 5], { sum: true })).toMatch(/^It attends to both numbers equally/);
  });
});
