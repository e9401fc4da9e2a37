import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/helpers.js';
import { bpeTokenizer, MAX_BPE_VOCAB } from './bpe.js';
import { charTokenizer } from './char.js';
import { tokenizerFromJSON, type BpeTokenizerJSON, type Tokenizer } from './tokenizer.js';

const SEED = 20261207;
const RUNS = Number(process.env.ATTN_FUZZ_RUNS ?? 200);
function check<T extends unknown[]>(property: fc.IProperty<T>): void {
  // biome-ignore lint/nursery/noFloatingPromises: synchronous properties: fc.assert returns nothing to await
  fc.assert(property, { seed: SEED, numRuns: RUNS });
}

/** Any well-formed text: every code point (no lone surrogates), grapheme clusters (emoji, combining marks), and a few fixed hard cases. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', 'e\u0301 n\u0303', '👩‍👩‍👧 🇫🇷 👍🏽', 'a\u0000b', '\uFFFD', '日本語のテキスト', 'Z\u0351\u0352\u0353'),
);
const roundTrips = (t: Tokenizer, s: string) => {
  expect(t.decode(t.encode(s))).toBe(s);
};

describe('charTokenizer', () => {
  it('charTokenizer(corpus) has one id per distinct code point, in code point order, and one for unknown characters', () => {
    const t = charTokenizer('banana 🍌');
    expect(t.vocabSize).toBe(6); // ' ', a, b, n, 🍌 and the unknown one
    expect(t.encode('nab 🍌')).toEqual([3, 1, 2, 0, 4]);
    expect([0, 1, 2, 3, 4].map((i) => t.token(i))).toEqual([' ', 'a', 'b', 'n', '🍌']);
  });
  it('decode(encode(s)) is s for any text written in the corpus\' characters', () => {
    check(fc.property(text, text, (corpus, other) => {
      const t = charTokenizer(corpus + other);
      roundTrips(t, corpus);
      roundTrips(t, other + corpus);
    }));
  });
  it('a character the corpus lacks is the last id and decodes to U+FFFD; the rest of the text survives', () => {
    check(fc.property(text, text, (corpus, s) => {
      const t = charTokenizer(corpus);
      const known = new Set(corpus);
      const ids = t.encode(s);
      expect(ids.length).toBe([...s].length);
      expect(t.decode(ids)).toBe([...s].map((c) => (known.has(c) ? c : '\uFFFD')).join(''));
      expect(ids.every((id, i) => (id === t.vocabSize - 1) === !known.has([...s][i]))).toBe(true);
    }));
  });
  it('combining marks and emoji are code points: e + U+0301 is two tokens, 👍🏽 two', () => {
    const t = charTokenizer('e\u0301👍🏽');
    expect(t.encode('e\u0301').length).toBe(2);
    expect(t.encode('👍🏽').length).toBe(2);
  });
});

describe('bpeTokenizer', () => {
  it('bpeTokenizer learns the most frequent pair first and encodes text with its merges', () => {
    const t = bpeTokenizer('low lower lowest', { vocabSize: 258 });
    // 'lo' and 'ow' occur 3 times each; the tie goes to the smaller pair: l=108, o=111 before o, w=119
    expect((t.toJSON() as BpeTokenizerJSON).merges).toEqual([[108, 111], [256, 119]]);
    expect(t.encode('low')).toEqual([257]);
    expect(t.encode('slow')).toEqual([115, 257]);
    expect(t.token(257)).toBe('low');
  });
  it('bpeTokenizer merges a run of one byte left to right without overlap, in training and in encode', () => {
    // 9 a's: 'aa' ×4 and an 'a'; then 'aa'+'aa' ×2 and an 'a'; then no pair occurs twice
    const t = bpeTokenizer('aaaaaaaaa', { vocabSize: 300 });
    expect((t.toJSON() as BpeTokenizerJSON).merges).toEqual([[97, 97], [256, 256]]);
    expect(t.encode('aaaaaaaaa')).toEqual([257, 257, 97]);
    expect(t.encode('aaaaa')).toEqual([257, 97]);
    expect(t.encode('aaa')).toEqual([256, 97]);
  });
  it('decode(encode(s)) is s for any well-formed text, seen in training or not', () => {
    const trained = bpeTokenizer('the quick brown fox jumps over the lazy dog; é, ü, 日本, 👍🏽 '.repeat(20), { vocabSize: 400 });
    check(fc.property(text, (s) => roundTrips(trained, s)));
    check(fc.property(text, text, fc.integer({ min: 256, max: 320 }), (corpus, s, vocabSize) => {
      const t = bpeTokenizer(corpus, { vocabSize });
      roundTrips(t, corpus);
      roundTrips(t, s);
    }));
  });
  it('a merge makes text shorter, never longer: encode(s) has at most as many ids as s has UTF-8 bytes', () => {
    const t = bpeTokenizer('abcabcabc abc abcd', { vocabSize: 300 });
    check(fc.property(text, (s) => {
      expect(t.encode(s).length).toBeLessThanOrEqual(new TextEncoder().encode(s).length);
    }));
    expect(t.encode('abcabcabc abc abcd').length).toBeLessThan(18 / 3);
  });
  it('a lone surrogate, which UTF-8 cannot write, comes back as U+FFFD; a character tokenizer keeps it', () => {
    expect(bpeTokenizer('ab', { vocabSize: 256 }).decode(bpeTokenizer('ab', { vocabSize: 256 }).encode('a\uD800b'))).toBe('a\uFFFDb');
    const chars = charTokenizer('a\uD800b');
    expect(chars.decode(chars.encode('b\uD800a'))).toBe('b\uD800a');
  });
  it('training stops when no pair occurs twice: the vocabulary may be smaller than asked', () => {
    expect(bpeTokenizer('abcd', { vocabSize: 1000 }).vocabSize).toBe(256);
    expect(bpeTokenizer('abab', { vocabSize: 1000 }).vocabSize).toBe(257);
  });
  it('a token that is part of a character shows as its bytes', () => {
    const t = bpeTokenizer('é', { vocabSize: 256 });
    expect(t.token(0xc3)).toBe('<0xC3>');
    expect(t.token(97)).toBe('a');
  });
  it('bpeTokenizer refuses a vocabulary size that is not an integer in [256, 65536]', () => {
    for (const v of [255, 0, -1, 256.5, Number.NaN, MAX_BPE_VOCAB + 1, '512']) {
      expectAttnError(() => bpeTokenizer('abc', { vocabSize: v as number }), 'ARGUMENT', /^bpeTokenizer: vocabSize must be an integer in \[256, 65536\].*got/);
    }
    expectAttnError(() => bpeTokenizer('abc', undefined as never), 'ARGUMENT', /got undefined/);
  });
});

describe('tokenizerFromJSON', () => {
  it('tokenizerFromJSON(t.toJSON()) encodes and decodes as t does, through JSON text too', () => {
    check(fc.property(text, text, (corpus, s) => {
      for (const t of [charTokenizer(corpus), bpeTokenizer(corpus, { vocabSize: 300 })]) {
        const back = tokenizerFromJSON(JSON.parse(JSON.stringify(t)));
        expect(back.vocabSize).toBe(t.vocabSize);
        expect(back.encode(s)).toEqual(t.encode(s));
        expect(tokenizerFromJSON(JSON.stringify(t)).decode(t.encode(s))).toBe(t.decode(t.encode(s)));
      }
    }));
  });
  it('tokenizerFromJSON refuses malformed data with a FORMAT error naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      ['{"kind": "char"', /not valid JSON/],
      [null, /expected a tokenizer object.*got null/],
      [[1, 2], /expected a tokenizer object/],
      [{ kind: 'char', version: 2, alphabet: 'ab' }, /unsupported version 2/],
      [{ kind: 'word', version: 1 }, /kind must be 'char' or 'bpe', got "word"/],
      [{ kind: 'char', version: 1, alphabet: 3 }, /alphabet must be a string, got 3/],
      [{ kind: 'char', version: 1, alphabet: 'aba' }, /holds "a" twice/],
      [{ kind: 'bpe', version: 1, merges: 'x' }, /merges must be an array/],
      [{ kind: 'bpe', version: 1, merges: [[97, 256]] }, /merge 0 must be a pair of token ids below 256.*got \[97, 256\]/],
      [{ kind: 'bpe', version: 1, merges: [[97, 98, 99]] }, /merge 0 must be a pair/],
      [{ kind: 'bpe', version: 1, merges: [[97, 98], [97, 98]] }, /merge 1, \[97, 98\], repeats an earlier merge/],
    ];
    for (const [json, message] of cases) expectAttnError(() => tokenizerFromJSON(json as never), 'FORMAT', new RegExp(`^tokenizerFromJSON: .*${message.source}`));
  });
  it('decode refuses ids outside the vocabulary, naming the index and the id', () => {
    const t = charTokenizer('ab');
    expectAttnError(() => t.decode([0, 3]), 'ARGUMENT', /^charTokenizer\.decode: ids\[1\] must be a token id in \[0, 3\), got 3/);
    expectAttnError(() => bpeTokenizer('ab', { vocabSize: 256 }).decode([1.5]), 'ARGUMENT', /^bpeTokenizer\.decode: ids\[0\] .* got 1\.5/);
    expectAttnError(() => t.encode(7 as never), 'ARGUMENT', /^charTokenizer\.encode: text must be a string, got 7/);
  });
});
