import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../test/helpers.js';
import { repeatedTokens } from './repeated.js';

describe('repeatedTokens', () => {
  it('repeatedTokens gives rows of distinct tokens repeated, the same for the same seed', () => {
    const x = repeatedTokens({ vocabSize: 6, length: 4, batch: 3, repeats: 3, seed: 5 });
    expect(x.shape).toEqual([3, 12]);
    for (const row of x.toArray() as number[][]) {
      const copy = row.slice(0, 4);
      expect(new Set(copy).size).toBe(4);
      for (const t of copy) expect(Number.isInteger(t) && t >= 0 && t < 6).toBe(true);
      expect(row).toEqual([...copy, ...copy, ...copy]);
    }
    expect(repeatedTokens({ vocabSize: 6, length: 4, batch: 3, repeats: 3, seed: 5 }).toArray()).toEqual(x.toArray());
    expect(repeatedTokens({ vocabSize: 6, length: 4, batch: 3, repeats: 3, seed: 6 }).toArray()).not.toEqual(x.toArray());
  });

  it('repeatedTokens rejects a vocabulary smaller than one copy, and bad sizes', () => {
    expectAttnError(() => repeatedTokens({ vocabSize: 3, length: 4 }), 'ARGUMENT',
      'repeatedTokens: vocabSize must be at least length for distinct tokens, got vocabSize 3 and length 4');
    expectAttnError(() => repeatedTokens({ vocabSize: 3, length: 0 }), 'ARGUMENT', 'repeatedTokens: length must be a positive integer, got 0');
    expectAttnError(() => repeatedTokens(null as never), 'ARGUMENT', 'repeatedTokens: options must be an object, got null');
  });
});
