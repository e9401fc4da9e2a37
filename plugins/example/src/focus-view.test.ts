import { describe, expect, it } from 'vitest';
import { Rng, tensor, TutorialAttention, traceForward } from '@attn/core';
import type { ViewInput } from '@attn/train';
import { focusView } from './focus-view.js';

const input = (over: Partial<ViewInput>): ViewInput => ({ task: 'max-two', step: 1, totalSteps: 10, loss: 1, metrics: {}, trace: null, losses: [], width: 34, height: 8, ...over });

describe('focusView', () => {
  it('focusView().render draws, per number of the probe, its attention weight on the larger number', () => {
    const model = new TutorialAttention({ rng: new Rng(0) });
    const { trace } = traceForward(model, tensor([[3, 5]]));
    const w = trace.attention[0].weights.data; // [1, 2, 2]
    const lines = focusView().render(input({ trace, metrics: { focus: 0.987 } }));
    expect(lines[0]).toBe('probe [3, 5]: weight on 5, the larger');
    expect(lines[1]).toMatch(new RegExp(`^  3 [█░]{20} ${(100 * w[1]).toFixed(1)}%$`));
    expect(lines[2]).toMatch(new RegExp(`^  5 [█░]{20} ${(100 * w[3]).toFixed(1)}%$`));
    expect(lines).toContain('held-out focus 0.987');
  });

  it('focusView().render waits for a trace and names the task it follows', () => {
    expect(focusView().render(input({}))).toEqual(['waiting for the first probe trace…']);
    expect(focusView().render(input({ task: 'add-two' }))).toEqual(['this view follows max-two runs, not add-two']);
  });
});
