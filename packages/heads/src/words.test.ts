import { tensor, tensorRows, traceForward, TutorialAttention } from '@attn/core';
import { addTwo, train } from '@attn/train';
import { describe, expect, it } from 'vitest';
import { describeFocus, summarizeFocus, tokenNames } from './words.js';

describe('tokenNames and describeFocus', () => {
  it('describeFocus tells equal tokens apart by position: [5, 5] does not read "5 puts 50% on 5, 50% on 5"', () => {
    expect(describeFocus([[0.5, 0.5], [0.25, 0.75]], ['5', '5'])).toEqual([
      'Token 5 (1st) puts 50.0% on 5 (1st), 50.0% on 5 (2nd).',
      'Token 5 (2nd) puts 25.0% on 5 (1st), 75.0% on 5 (2nd).',
    ]);
    expect(describeFocus([[0.5, 0.5], [0.5, 0.5]], ['3', '5'])[0]).toBe('Token 3 puts 50.0% on 3, 50.0% on 5.');
    expect(tokenNames(Array(12).fill('1'))[10]).toBe('1 (11th)');
    expect(tokenNames(Array(13).fill('1')).slice(0, 3)).toEqual(['1 (1st)', '1 (2nd)', '1 (3rd)']);
    expect(tokenNames(Array(13).fill('1'))[12]).toBe('1 (13th)');
  });

  it('refuses weights that are not one row of one finite weight per token', () => {
    expect(() => describeFocus([[0.5, 0.5]], ['3', '5'])).toThrow('describeFocus: weights must be 2 rows of 2 finite numbers (one per token), got [[0.5,0.5]]');
    expect(() => describeFocus([[0.5, Number.NaN], [0.5, 0.5]], ['3', '5'])).toThrow(/^describeFocus: weights must be/);
    expect(() => tokenNames([3 as never])).toThrow('tokenNames: labels must be an array of strings, got [3]');
  });
});

describe('summarizeFocus', () => {
  it('says in words whether attention is even, on one number (which one) or uneven', () => {
    expect(summarizeFocus([[0.5, 0.5], [0.49, 0.51]], [3, 5], { sum: true })).toBe(
      'It attends to both numbers equally (50.0% each, from every token): each number counts the same, which is right for a sum, because the order of the numbers does not change it.',
    );
    expect(summarizeFocus([[0.01, 0.99], [0.02, 0.98]], [3, 5])).toBe('It looks almost only at 5 (the largest number): 98.5% of the attention on average.');
    expect(summarizeFocus([[0.99, 0.01], [0.98, 0.02]], [3, 5])).toBe('It looks almost only at 3 (the smallest number): 98.5% of the attention on average.');
    expect(summarizeFocus([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.9, 0.05, 0.05]], [4, 1, 9], { sum: true })).toMatch(/^It looks almost only at 4 \(the first number\): 90\.0% .*cannot add them up well\.$/);
    expect(summarizeFocus([[0.05, 0.05, 0.9], [0.05, 0.05, 0.9], [0.05, 0.05, 0.9]], [4, 9, 1])).toBe('It looks almost only at 1 (the smallest number): 90.0% of the attention on average.');
    expect(summarizeFocus([[0.05, 0.05, 0.9], [0.05, 0.05, 0.9], [0.05, 0.05, 0.9]], [4, 1, 2])).toBe('It looks almost only at 2 (the last number): 90.0% of the attention on average.');
    expect(summarizeFocus([[0.6, 0.4], [0.6, 0.4]], [7, 2])).toBe('Its attention is uneven: 7 (the largest number) gets the most, 60.0% on average.');
    expect(summarizeFocus([[1]], [4])).toBe('With one number there is nothing to choose: it attends to itself.');
  });

  it('names equal numbers by position, and writes numbers with the labels given', () => {
    expect(summarizeFocus([[0.1, 0.9], [0.1, 0.9]], [5, 5])).toBe('It looks almost only at 5 (2nd): 90.0% of the attention on average.');
    expect(summarizeFocus([[0.1, 0.9], [0.1, 0.9]], [1 / 3, 2 / 3], { labels: ['0.33', '0.67'] })).toMatch(/^It looks almost only at 0\.67 \(the largest number\)/);
  });

  it('refuses input that is not finite numbers, labels of the wrong length and weights of the wrong shape', () => {
    expect(() => summarizeFocus([[0.5, 0.5], [0.5, 0.5]], [3, Number.POSITIVE_INFINITY])).toThrow('summarizeFocus: input must be a non-empty array of finite numbers, got [3,Infinity]');
    expect(() => summarizeFocus([[0.5, 0.5], [0.5, 0.5]], [3, 5], { labels: ['3'] })).toThrow('summarizeFocus: labels must be one string per number (2), got ["3"]');
    expect(() => summarizeFocus([[0.5, 0.5, 0], [0.5, 0.5, 0]], [3, 5])).toThrow(/^summarizeFocus: weights must be 2 rows of 2 finite numbers/);
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
