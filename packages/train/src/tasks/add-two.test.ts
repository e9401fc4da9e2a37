import { describe, expect, it } from 'vitest';
import { noGrad, Rng, tensor, type TutorialAttention } from '@attn/core';
import type { TrainContext } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import { addTwo } from './add-two.js';

describe('addTwo', () => {
  // The seed tutorial's claim, with the task's defaults (2,000 Adam steps, cosine schedule).
  for (const seed of [0, 1, 2, 3, 4]) {
    it(`train({ task: addTwo(), seed: ${seed} }) learns a + b: |f(3, 5) − 8| < 0.05 and held-out MSE < 1e-3`, async () => {
      let model: TutorialAttention | null = null;
      const result = await train({
        task: addTwo(), seed,
        plugins: [{ name: 'keep', onTrainEnd: (_r, ctx: TrainContext) => { model = ctx.model as TutorialAttention; } }],
      });
      expect(result).toMatchObject({ steps: 2000, reason: 'done' });
      const prediction = noGrad(() => model!.forward(tensor([[3, 5]])).item());
      expect(Math.abs(prediction - 8)).toBeLessThan(0.05);
      expect(result.metrics.error35).toBe(Math.abs(prediction - 8));
      expect(result.metrics.testMse).toBeLessThan(1e-3);
    });
  }

  it('addTwo() draws pairs in [0, max) with their sums, and an untrained model is far off', () => {
    const task = addTwo({ max: 4 });
    const batch = task.sample(new Rng(1), 50);
    expect(batch.inputs.shape).toEqual([50, 2]);
    expect(batch.targets.shape).toEqual([50, 1]);
    for (let i = 0; i < 50; i++) {
      const [a, b] = [batch.inputs.data[2 * i], batch.inputs.data[2 * i + 1]];
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(4);
      expect(batch.targets.data[i]).toBe(a + b);
    }
    const model = task.createModel(new Rng(0));
    expect(task.evaluate(model).testMse).toBeGreaterThan(1);
    expect(task.loss(model, batch).shape).toEqual([]);
  });

  it('addTwo().examples and probe describe the model on [3, 5] and a few other pairs', () => {
    const task = addTwo();
    const model = task.createModel(new Rng(0));
    const examples = task.examples(model);
    expect(examples.map((e) => [e.input, e.target])).toEqual([[[3, 5], 8], [[1, 2], 3], [[9.5, 0.25], 9.75], [[4, 4], 8]]);
    expect(examples[0].prediction).toBe(noGrad(() => model.forward(tensor([[3, 5]])).item()));
    const trace = task.probe!(model);
    expect(trace.input.data).toEqual([3, 5]);
    expect(trace.output.data).toEqual([examples[0].prediction]);
  });
});
