import { describe, expect, it } from 'vitest';
import { MultiHeadAttention, noGrad, Rng, tensor, type Tensor, type Traceable } from '@attn/core';
import { addTwo, sort } from '@attn/train';
import { applyAblations, clearAblations, evaluateMetric, measureImportance, openInspect } from './inspect.js';

const outputOf = (model: Traceable, x: Tensor) => Array.from(model.forward(x).data);

describe('inspect session', () => {
  it('openInspect names every head of a sort model and knows each layer\'s MultiHeadAttention', () => {
    const task = sort();
    const o = openInspect(task, task.createModel(new Rng(0)));
    expect(o.heads.map((h) => `${h.layer}.${h.head}`)).toEqual(['0.0', '0.1']);
    expect(o.noAblation).toBeNull();
    expect(o.session.layers.get(0)).toBeInstanceOf(MultiHeadAttention);
    expect(o.probe?.tokens).toEqual(['3', '1', '4', '1', '5', '→', '1', '1', '3', '4']);
    expect(o.probe?.maps[0].weights[0][0]).toBe(1);
  });

  it('applyAblations knocks heads out of the live model and clearAblations gives back the very same outputs', () => {
    const task = sort();
    const { session } = openInspect(task, task.createModel(new Rng(0)));
    const x = session.inputs;
    const intact = outputOf(session.model, x);
    applyAblations(session, { '0.1': 'zero' });
    expect(session.layers.get(0)!.headOverride).toEqual({ 1: 'zero' });
    expect(outputOf(session.model, x)).not.toEqual(intact);
    applyAblations(session, { '0.0': 'mean' });
    expect(outputOf(session.model, x)).not.toEqual(intact);
    clearAblations(session);
    expect(session.layers.get(0)!.headOverride).toBeNull();
    expect(outputOf(session.model, x)).toEqual(intact);
  });

  it('measureImportance measures on the intact model and puts the learner\'s ablations back afterwards', () => {
    const task = sort();
    const { session } = openInspect(task, task.createModel(new Rng(0)));
    applyAblations(session, { '0.0': 'zero' });
    const m = measureImportance(session, { '0.0': 'zero' });
    expect(Object.keys(m.heads)).toEqual(['0.0', '0.1']);
    expect(m.sentences['0.0']).toMatch(/ablating it/);
    expect(session.layers.get(0)!.headOverride).toEqual({ 0: 'zero' });
  });

  it('openInspect on add-two (TutorialAttention) knocks out its one head: zeroed, the network sees no input and the answer is the same for every pair', () => {
    const task = addTwo();
    const model = task.createModel(new Rng(0));
    const o = openInspect(task, model);
    expect(o.noAblation).toBeNull();
    expect(o.session.layers.size).toBe(1);
    applyAblations(o.session, { '0.0': 'zero' });
    expect(model.headOverride).toEqual({ 0: 'zero' });
    const answers = [[3, 5], [1, 9], [7, 0]].map((x) => noGrad(() => model.forward(tensor([x])).item()));
    expect(new Set(answers).size).toBe(1);
    expect(evaluateMetric(o.session)).not.toBe(o.baseline);
    clearAblations(o.session);
    expect(model.headOverride).toBeNull();
  });
});
