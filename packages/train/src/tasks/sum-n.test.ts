import { describe, expect, it } from 'vitest';
import { noGrad, Rng, tensor } from '@attn/core';
import { train } from '../trainer/train.js';
import { sequences, sumN } from './sum-n.js';

describe('sumN', () => {
  it('sequences() pads to the longest length, masks the padding and sums only the numbers', () => {
    const b = sequences(new Rng(3), 200, 2, 5, 10);
    expect(b.inputs.shape).toEqual([200, 5]);
    expect(b.mask.shape).toEqual([200, 5]);
    const lengths = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const row = Array.from(b.inputs.data.slice(i * 5, i * 5 + 5));
      const mask = Array.from(b.mask.data.slice(i * 5, i * 5 + 5));
      const n = mask.reduce((s, m) => s + m, 0);
      lengths.add(n);
      expect(mask).toEqual([...Array(n).fill(1), ...Array(5 - n).fill(0)]); // numbers first, then padding
      expect(row.slice(n).every((v) => v === 0)).toBe(true);
      row.slice(0, n).forEach((v) => expect(v >= 0 && v < 10).toBe(true));
      expect(b.targets.data[i]).toBeCloseTo(row.slice(0, n).reduce((s, v) => s + v, 0), 12);
    }
    expect([...lengths].sort()).toEqual([2, 3, 4, 5]);
  });

  it('sumN() draws the same batches for the same seed and reports longer lengths separately', () => {
    const task = sumN({ lengths: [2, 3], maxEvalLength: 5 });
    const a = task.sample(new Rng(9), 8);
    const b = task.sample(new Rng(9), 8);
    expect(Array.from(a.inputs.data)).toEqual(Array.from(b.inputs.data));
    const metrics = task.evaluate(task.createModel(new Rng(0)));
    expect(Object.keys(metrics).sort()).toEqual(['longMse', 'mse@4', 'mse@5', 'testMse']);
    expect(metrics.longMse).toBeCloseTo((metrics['mse@4'] + metrics['mse@5']) / 2, 12);
  });

  it('train({ task: sumN() }) learns sums of 2–5 numbers and generalizes to 10 (held-out MSE < 0.01)', async () => {
    const task = sumN();
    const run = train({ task, seed: 0 });
    const result = await run;
    expect(result.metrics.testMse).toBeLessThan(task.metric.target!);
    // measured, longer than any training sequence: the mechanism is length-independent
    expect(result.metrics['mse@10']).toBeLessThan(0.05);
    const eight = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(noGrad(() => run.model.forward(tensor([eight])).item())).toBeCloseTo(36, 0);
  });
});
