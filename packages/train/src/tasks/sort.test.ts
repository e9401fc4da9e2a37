import { Rng, type DecoderOnly } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { train } from '../trainer/train.js';
import { IGNORE } from './sequence.js';
import { sort } from './sort.js';

describe('sort', () => {
  it('sort().item(i) is the 5 digits of i followed by the same digits in ascending order', () => {
    const task = sort();
    expect(task.item(31415)).toEqual({ prompt: [3, 1, 4, 1, 5], answer: [1, 1, 3, 4, 5] });
    expect(task.item(7)).toEqual({ prompt: [0, 0, 0, 0, 7], answer: [0, 0, 0, 0, 7] });
    const rng = new Rng(0);
    for (let k = 0; k < 2000; k++) {
      const i = rng.int(100_000);
      const { prompt, answer } = task.item(i);
      expect(Number(prompt.join(''))).toBe(i);
      expect(answer.every((d, j) => j === 0 || answer[j - 1] <= d)).toBe(true);
      expect(answer.slice().sort()).toEqual(prompt.slice().sort());
    }
  });

  it('sort().sample(rng, n) targets the sorted digits after the separator and ignores the prompt', () => {
    const task = sort();
    const batch = task.sample(new Rng(1), 8);
    expect(batch.inputs.shape).toEqual([8, 10]);
    const inputs = batch.inputs.toArray() as number[][];
    const targets = batch.targets.toArray() as number[][];
    inputs.forEach((row, b) => {
      const prompt = row.slice(0, 5);
      const sorted = prompt.slice().sort((x, y) => x - y);
      expect(row[5]).toBe(task.separator);
      expect(row.slice(6)).toEqual(sorted.slice(0, 4));
      expect(targets[b]).toEqual([IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, ...sorted]);
    });
  });

  it('sort() never draws its 1,000 held-out sequences for training', () => {
    const task = sort();
    expect(task.testIndices).toHaveLength(1000);
    const rng = new Rng(2);
    for (let k = 0; k < 300; k++) {
      for (const i of task.sampleIndices(rng, 64)) expect(task.isHeldOut(i)).toBe(false);
    }
  });

  it('sort() draws the same batches from the same seed', () => {
    const task = sort();
    expect(task.sample(new Rng(9), 32).inputs.toArray()).toEqual(sort().sample(new Rng(9), 32).inputs.toArray());
  });

  it('sort() trains to ≥ 95% held-out accuracy with its defaults', async () => {
    const task = sort();
    let model: DecoderOnly | undefined;
    const result = await train({ task, plugins: [{ name: 'keep-model', onTrainEnd: (_r, ctx) => { model = ctx.model as DecoderOnly; } }] });
    expect(result.steps).toBe(task.defaults.steps);
    expect(result.metrics.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.metrics.tokenAccuracy).toBeGreaterThanOrEqual(result.metrics.testAccuracy);
    const right = task.examples(model!).filter((e) => JSON.stringify(e.prediction) === JSON.stringify(e.target));
    expect(right.length).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
