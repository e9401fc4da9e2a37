import { Rng, Tensor, type DecoderOnly } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { train } from '../trainer/train.js';
import { digitsAdd } from './digits-add.js';
import { IGNORE, type TokenModel } from './sequence.js';

/** The sum's digits, least significant first, read back as a number. */
const sumOf = (answer: number[]) => answer[0] + 10 * answer[1] + 100 * answer[2];

describe('digitsAdd', () => {
  it('digitsAdd().item(100a + b) holds the digits of a and b and the 3 digits of a + b, least significant first', () => {
    const task = digitsAdd();
    expect(task.item(47 * 100 + 85)).toEqual({ prompt: [4, 7, 8, 5], answer: [2, 3, 1] });
    expect(task.item(0)).toEqual({ prompt: [0, 0, 0, 0], answer: [0, 0, 0] });
    for (let a = 0; a < 100; a++) {
      for (let b = 0; b < 100; b++) {
        const { prompt, answer } = task.item(a * 100 + b);
        expect(prompt[0] * 10 + prompt[1]).toBe(a);
        expect(prompt[2] * 10 + prompt[3]).toBe(b);
        expect(sumOf(answer)).toBe(a + b);
      }
    }
  });

  it('digitsAdd() holds out a fixed 10% of the 10,000 problems and trains on the other 9,000', () => {
    const task = digitsAdd();
    expect(task.trainSize).toBe(9000);
    expect(new Set(task.testIndices).size).toBe(1000);
    expect(digitsAdd().testIndices).toEqual(task.testIndices);
    const rng = new Rng(4);
    const drawn = new Set<number>();
    for (let k = 0; k < 2000; k++) for (const i of task.sampleIndices(rng, 64)) drawn.add(i);
    expect([...drawn].filter((i) => task.isHeldOut(i))).toEqual([]);
    expect(drawn.size).toBe(9000); // 128,000 draws reach every training problem
  });

  it('digitsAdd().sample(rng, n) targets the sum digits after the separator and ignores the prompt', () => {
    const task = digitsAdd();
    const batch = task.sample(new Rng(1), 16);
    expect(batch.inputs.shape).toEqual([16, 7]);
    const inputs = batch.inputs.toArray() as number[][];
    const targets = batch.targets.toArray() as number[][];
    inputs.forEach((row, k) => {
      const a = row[0] * 10 + row[1];
      const b = row[2] * 10 + row[3];
      expect(row[4]).toBe(task.separator);
      expect(targets[k].slice(0, 4)).toEqual([IGNORE, IGNORE, IGNORE, IGNORE]);
      expect(sumOf(targets[k].slice(4))).toBe(a + b);
      expect(row.slice(5)).toEqual(targets[k].slice(4, 6));
    });
    expect(task.sample(new Rng(1), 16).inputs.toArray()).toEqual(inputs);
  });

  it('digitsAdd().examples(model) reports numbers: input [a, b], target a + b, the decoded sum as prediction', () => {
    const task = digitsAdd();
    // always answers the digits 1, 2, 3 (least significant first): the number 321
    const stub: TokenModel = {
      forward(tokens) {
        const [B, T] = tokens.shape;
        const logits = new Float64Array(B * T * 11);
        for (let b = 0; b < B; b++) logits[(b * T + T - 1) * 11 + T - 4] = 1; // 1, 2, 3 at context lengths 5, 6, 7
        return new Tensor(logits, [B, T, 11]);
      },
    };
    const ex = task.examples(stub as unknown as DecoderOnly);
    expect(ex.length).toBeGreaterThan(0);
    ex.forEach((e, k) => {
      const i = task.testIndices[k];
      expect(e).toEqual({ input: [Math.floor(i / 100), i % 100], target: Math.floor(i / 100) + (i % 100), prediction: 321 });
    });
  });

  it('digitsAdd() trains to ≥ 95% held-out accuracy with its defaults', async () => {
    const task = digitsAdd();
    let model: DecoderOnly | undefined;
    const result = await train({ task, plugins: [{ name: 'keep-model', onTrainEnd: (_r, ctx) => { model = ctx.model as DecoderOnly; } }] });
    expect(result.steps).toBe(task.defaults.steps);
    expect(result.metrics.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.metrics.tokenAccuracy).toBeGreaterThanOrEqual(result.metrics.testAccuracy);
    const right = task.examples(model!).filter((e) => e.prediction === e.target);
    expect(right.length).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
