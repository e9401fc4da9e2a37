import { describe, expect, it } from 'vitest';
import { DecoderOnly, noGrad, tensor, traceForward } from '@attn/core';
import { bpeTokenizer, charTokenizer } from '@attn/train';
import { cell, clip, compact, duration, fit, int, short, traceTokenLabels, vocabularyLabels } from './format.js';

describe('format', () => {
  it.each([
    [0.123456, 6, '0.1235'], [-12.5, 4, '-13'], [0.00001, 6, '1.0e-5'], [8, 7, '8.0000'], [123456789, 6, '1.2e+8'], [0, 3, '0.0'],
    [-0.00001, 4, '…'], [Number.NaN, 5, 'NaN'], [Infinity, 3, '∞'], [-0.00004, 6, '-4e-5'],
  ])('fit(%d, %d) is %j', (v, w, s) => {
    expect(fit(v, w)).toBe(s);
    expect(fit(v, w).length).toBeLessThanOrEqual(w);
  });

  it.each([
    [1.6043e-7, 6, '1.6e-7'], [101.94, 6, '101.9'], [0.0123, 6, '0.0123'], [2e-10, 6, '2e-10'], [0, 6, '0'], [123456, 6, '123456'], [1234567, 6, '1.2e+6'],
    [123456, 5, '1e+5'], [3, 5, '3'], [0.5, 5, '0.5'], [-0.1234, 5, '-0.12'], [Infinity, 6, '∞'], [Number.NaN, 6, 'NaN'],
  ])('short(%d, %d) is %j', (v, w, s) => {
    expect(short(v, w)).toBe(s);
  });

  it('int, duration, compact and cell format for stats lines', () => {
    expect(int(1234567.4)).toBe('1,234,567');
    expect([duration(0.44), duration(42.4), duration(125), duration(Number.NaN)]).toEqual(['0.4 s', '42 s', '2 min 05 s', '–']);
    expect([compact(0.0123456), compact(7.13e-7), compact(2000), compact(123456)]).toEqual(['0.01235', '7.13e-7', '2000', '1.23e+5']);
    expect([compact(-0), compact(99999.5), compact(-1.2345), compact(0.5)]).toEqual(['0', '100000', '-1.235', '0.5']);
    expect([cell('abcdef', 4), cell('ab', 4), cell('ab', 4, 'right')]).toEqual(['abc…', 'ab  ', '  ab']);
  });

  it('clip and cell count terminal columns: a CJK character takes two, ANSI styles none', () => {
    expect([clip('attention', 5), clip('attention', 9), clip('attention', 0)]).toEqual(['atte…', 'attention', '']);
    // 注意力 is 6 columns: in 4 fit 注 and the ellipsis, since 意 would overflow
    expect([clip('注意力', 4), clip('注意力', 5), clip('注意力', 6)]).toEqual(['注…', '注意…', '注意力']);
    expect([cell('注意', 5), cell('注意力機制', 6, 'right')]).toEqual(['注意 ', ' 注意…']);
    const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
    expect(cell(bold('ab'), 4)).toBe(`${bold('ab')}  `);
    expect(clip(bold('abcdef'), 4)).toBe(`${bold('abc')}…`);
  });
  it('vocabularyLabels shows a text task\'s tokens with spaces, newlines and tabs made visible; traceTokenLabels labels a trace with them', () => {
    const chars = charTokenizer('ab \n\t\u0007');
    expect(vocabularyLabels(chars)).toEqual(['·', '⇥', '↵', '␣', 'a', 'b', '\uFFFD']); // code point order: U+0007, tab, newline, space, …
    expect(vocabularyLabels(bpeTokenizer(' the the', { vocabSize: 258 })).slice(256)).toEqual(['␣t', 'he']); // ' t' first (the smallest of the pairs seen twice), then 'he' (smaller than '␣t'+'h')
    const model = new DecoderOnly({ vocabSize: 7, maxLen: 4, dModel: 8, heads: 2, layers: 1, seed: 0 });
    const { trace } = noGrad(() => traceForward(model, tensor([[4, 3, 5, 1]])));
    expect(traceTokenLabels(trace, 4, vocabularyLabels(chars))).toEqual(['a', '␣', 'b', '⇥']);
    // without a vocabulary: token ids, a sequence task's separator (10 and up) as →
    expect(traceTokenLabels(trace, 4)).toEqual(['4', '3', '5', '1']);
  });
});
