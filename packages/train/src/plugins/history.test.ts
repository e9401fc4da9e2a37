import { describe, expect, it } from 'vitest';
import { line } from '../../test/helpers.js';
import type { StepEvent, TrainEvent } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import { history } from './history.js';

describe('history', () => {
  it('history() records every step (loss, gradNorm, lr) and every evaluation, matching the events', async () => {
    const h = history();
    const events: TrainEvent[] = [];
    for await (const e of train({ task: line(), steps: 5, evalEvery: 2, schedule: { kind: 'warmup', steps: 2 }, plugins: [h] })) events.push(e);
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    expect(h.steps).toEqual(steps.map((e) => ({ step: e.step, loss: e.loss, gradNorm: e.gradNorm, lr: e.lr })));
    expect(h.steps.map((s) => s.lr)).toEqual([0.05, 0.1, 0.1, 0.1, 0.1]);
    expect(h.evals.map((e) => e.step)).toEqual([2, 4, 5]);
    expect(h.evals.at(-1)!.metrics).toEqual((events.at(-1) as { result: { metrics: unknown } }).result.metrics);
  });

  it('history({ every }) keeps every n-th step and the last one', async () => {
    const h = history({ every: 3 });
    await train({ task: line(), steps: 10, plugins: [h] });
    expect(h.steps.map((s) => s.step)).toEqual([3, 6, 9, 10]);
    expect(h.evals).toHaveLength(10); // evalEvery defaults to ⌈10/10⌉ = 1
  });
});
