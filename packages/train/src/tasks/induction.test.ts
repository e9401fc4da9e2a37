import { AttnError, DecoderOnly, Rng, Tensor } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { induction } from './induction.js';
import { IGNORE } from './sequence.js';

const rowsOf = (t: Tensor) => t.toArray() as number[][];

describe('induction', () => {
  it('induction() samples a segment of distinct tokens at a random place, at once repeated, amid random tokens; only the copy after its first token is a target', () => {
    const task = induction();
    const { inputs, targets } = task.sample(new Rng(3), 200);
    expect(inputs.shape).toEqual([200, task.length]);
    const lengths = new Set<number>();
    const starts = new Set<number>();
    rowsOf(inputs).forEach((row, b) => {
      const target = rowsOf(targets)[b];
      const kept = target.flatMap((t, i) => (t === IGNORE ? [] : [i]));
      // the targets are consecutive: the copy's tokens 2 … L, predicted from the positions before them
      const L = kept.length + 1;
      lengths.add(L);
      const copy = kept[0];
      const start = copy - L;
      expect(kept).toEqual(Array.from({ length: L - 1 }, (_, i) => copy + i));
      const segment = row.slice(start, start + L);
      expect(new Set(segment).size).toBe(L);
      expect(row.slice(copy, copy + L)).toEqual(segment);
      kept.forEach((i) => expect(target[i]).toBe(row[i + 1]));
      starts.add(start);
      expect(row.every((t) => t >= 0 && t < 8 && Number.isInteger(t))).toBe(true);
    });
    expect([...lengths].sort()).toEqual([3, 4, 5, 6]);
    expect(starts.size).toBeGreaterThan(5);
  });

  it('induction() draws the same batch for the same seed and its model is a 2-layer attention-only DecoderOnly of 2 heads with rotary positions', () => {
    const task = induction();
    expect(task.sample(new Rng(1), 4).inputs.toArray()).toEqual(task.sample(new Rng(1), 4).inputs.toArray());
    const model = task.createModel(new Rng(0));
    expect(model).toBeInstanceOf(DecoderOnly);
    expect(model.config).toMatchObject({ layers: 2, heads: 2, ff: 0, positional: 'rotary', vocabSize: 8, maxLen: 12 });
    expect(Object.keys(model.stateDict()).some((k) => k.includes('linear1'))).toBe(false);
    expect(induction({ model: { heads: 1 } }).createModel(new Rng(0)).config.heads).toBe(1);
  });

  it('induction() evaluates accuracy and loss on the predictable positions of its held-out sequences', () => {
    const task = induction();
    const untrained = task.evaluate(task.createModel(new Rng(0)));
    expect(Object.keys(untrained)).toEqual(['testAccuracy', 'testLoss']);
    // an untrained model guesses: about 1 in 8 right, loss near ln 8
    expect(untrained.testAccuracy).toBeLessThan(0.3);
    expect(untrained.testLoss).toBeGreaterThan(1.5);
    // a model that reads the answer from the targets scores 1 and a loss near 0
    const oracle = {
      forward(tokens: Tensor) {
        const [B, T] = tokens.shape;
        const logits = new Float64Array(B * T * 8);
        // the copy is the only run of repeated tokens: find it, then copy from the segment
        rowsOf(tokens).forEach((row, b) => {
          for (let L = 6; L >= 3; L--) {
            for (let s = 0; s + 2 * L <= T; s++) {
              if (!row.slice(s, s + L).every((t, i) => row[s + L + i] === t)) continue;
              for (let i = 1; i < L; i++) logits[(b * T + s + L + i - 1) * 8 + row[s + i]] = 50;
            }
          }
        });
        return new Tensor(logits, [B, T, 8]);
      },
    } as unknown as DecoderOnly;
    const perfect = task.evaluate(oracle);
    expect(perfect.testAccuracy).toBe(1);
    expect(perfect.testLoss).toBeLessThan(1e-6);
  });

  it('induction() probes with its probe tokens and offers probeInputs of every segment length', () => {
    const task = induction();
    const model = task.createModel(new Rng(0));
    const trace = task.probe!(model);
    expect(trace.input.data).toEqual(task.probeTokens);
    expect(task.probeTokens.slice(0, 6)).toEqual(task.probeTokens.slice(6));
    expect(new Set(task.probeTokens).size).toBe(6);
    expect(task.probeInputs.shape).toEqual([32, 12]);
  });

  it("induction()'s playground reads 2 to 12 tokens and answers with the model's next token and the copy's", () => {
    const { input, answer, createModel } = induction();
    expect(input!.parse('3 7 1 6 3')).toEqual({ values: [3, 7, 1, 6, 3], warnings: [] });
    expect(input!.parse('3 7 1').warnings).toEqual(['the last token, 1, does not occur earlier: there is nothing to copy']);
    expect(input!.parse('3').missing).toBe('type at least 2, up to 12 tokens');
    expect(() => input!.parse('3 8')).toThrow(new AttnError('ARGUMENT', "induction: reads tokens 0–7, got '8'"));
    expect(() => input!.parse('3 x')).toThrow("induction: reads tokens 0–7, got 'x'");
    expect(() => input!.parse(Array(13).fill(1).join(' '))).toThrow('induction: reads at most 12 tokens, got 13');
    const r = answer!(createModel(new Rng(0)), [3, 7, 1, 6, 3]);
    expect(r).toMatchObject({ target: 7, expected: '7', tokens: ['3', '7', '1', '6', '3'], note: '3 was followed by 7 before: an induction head copies 7' });
    expect(r.correct).toBe(r.prediction === 7);
    expect(r.trace.input.shape).toEqual([1, 5]);
  });

  it('induction() refuses options it cannot draw from', () => {
    expect(() => induction({ vocabSize: 5 })).toThrow('induction: the longest segment (6) must fit vocabSize (5): its tokens are distinct');
    expect(() => induction({ lengths: [5, 3] })).toThrow('induction: lengths must be integers [shortest, longest] with 2 ≤ shortest ≤ longest, got [5, 3]');
  });
});
