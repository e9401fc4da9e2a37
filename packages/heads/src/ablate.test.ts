import { DecoderOnly, MultiHeadAttention, noGrad, tensor, type Tensor, traceForward, TutorialAttention } from '@attn/core';
import { sort, train } from '@attn/train';
import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../test/helpers.js';
import { attentionModules, clearHeadOverrides, headImportance, headMean, IMPORTANCE_THRESHOLD, patchHead } from './ablate.js';
import { analyzeHeads } from './analyze.js';

const attentionOf = (model: DecoderOnly, i: number) => model.blocks[i].selfAttn;

/** Head h's attended values `[batch, T, headDim]` of layer `layer` in a trace of `model` on `x`. */
function attended(model: DecoderOnly, x: Tensor, layer: number, h: number): Tensor {
  const e = traceForward(model, x).trace.attention.find((a) => a.layer === layer && a.head === h)!;
  return tensor(e.attended.data).reshape(e.attended.shape);
}

describe('headImportance', () => {
  const model = new DecoderOnly({ vocabSize: 6, maxLen: 6, dModel: 8, heads: 2, layers: 2, seed: 1 });
  const x = tensor([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]]);
  const inputs = tensor([[0, 1, 2, 3, 4, 5], [5, 1, 2, 0, 3, 3], [2, 2, 4, 1, 0, 5]]);
  // a task whose metric is one logit: every ablation moves it by a number we can compute with core
  const task = {
    evaluate: (m: DecoderOnly) => ({ logit: m.forward(x).data[7], testLoss: 0.5 }),
    metric: { name: 'logit', higherIsBetter: false },
  };

  it("headImportance(model, task, { inputs }) measures zero- and mean-ablation of each head as core's headOverride computes them", () => {
    const r = headImportance(model, task, { inputs });
    const base = noGrad(() => model.forward(x).data[7]);
    expect(r.baseline).toEqual({ metric: base, loss: 0.5, metrics: { logit: base, testLoss: 0.5 }, harm: 0 });
    expect(r.heads.map((a) => [a.layer, a.head, a.module])).toEqual([
      [0, 0, 'blocks.0.self_attn'], [0, 1, 'blocks.0.self_attn'], [1, 0, 'blocks.1.self_attn'], [1, 1, 'blocks.1.self_attn'],
    ]);
    for (const a of r.heads) {
      const mha = attentionOf(model, a.layer);
      const mean = attended(model, inputs, a.layer, a.head!).mean(0); // [T, headDim], the batch's mean at each position
      mha.headOverride = { [a.head!]: 'zero' };
      const zero = noGrad(() => model.forward(x).data[7]);
      mha.headOverride = { [a.head!]: mean };
      const meaned = noGrad(() => model.forward(x).data[7]);
      mha.headOverride = null;
      expect(a.zero.metric).toBe(zero);
      expect(a.mean.metric).toBe(meaned);
      // lower is better: harm is the relative rise
      expect(a.zero.harm).toBeCloseTo((zero - base) / Math.abs(base), 12);
      expect(a.harm).toBe(Math.max(a.zero.harm, a.mean.harm));
      expect(a.important).toBe(a.harm >= IMPORTANCE_THRESHOLD);
    }
    expect(r.layers.map((a) => [a.layer, a.head])).toEqual([[0, null], [1, null]]);
    attentionOf(model, 1).headOverride = { 0: 'zero', 1: 'zero' };
    expect(r.layers[1].zero.metric).toBe(noGrad(() => model.forward(x).data[7]));
    attentionOf(model, 1).headOverride = null;
    expect(r.ranked.map((a) => a.harm)).toEqual(r.heads.map((a) => a.harm).sort((p, q) => q - p));
  });

  it('headImportance leaves the model as it was: training mode, no overrides, the same outputs', () => {
    const before = noGrad(() => model.forward(x)).data;
    model.train();
    headImportance(model, task, { inputs, threshold: 0 });
    expect(model.training).toBe(true);
    expect(model.namedModules().every(([, m]) => !(m instanceof MultiHeadAttention) || m.headOverride === null)).toBe(true);
    expect(noGrad(() => model.forward(x)).data).toEqual(before);
  });

  it('headImportance keeps overrides the caller set: the baseline and every ablation run with them, and they are left in place', () => {
    const mha = attentionOf(model, 0);
    const mine = { 1: 'zero' as const };
    mha.headOverride = mine;
    const r = headImportance(model, task, { inputs });
    expect(r.baseline.metric).toBe(noGrad(() => model.forward(x).data[7]));
    mha.headOverride = { 0: 'zero', 1: 'zero' };
    expect(r.heads[0].zero.metric).toBe(noGrad(() => model.forward(x).data[7]));
    mha.headOverride = null;
    expect(r.heads[0].zero.metric).not.toBe(noGrad(() => model.forward(x).data[7]));
    expect(r.heads[3].zero.harm).not.toBe(0);
    mha.headOverride = mine;
    headImportance(model, task, { inputs });
    expect(mha.headOverride).toBe(mine);
    mha.headOverride = null;
  });

  it('headImportance refuses a task without metric, and mean-ablation without inputs, naming what it got', () => {
    expectAttnError(() => headImportance(model, { evaluate: () => ({}) } as never), 'ARGUMENT',
      'headImportance: task must have evaluate(model) and metric { name, higherIsBetter }, got object');
    expectAttnError(() => headImportance(model, task), 'ARGUMENT',
      'headImportance: mean-ablation needs inputs to take the means over: pass { inputs }, got a task whose sample() is missing');
    expectAttnError(() => headImportance(model, { ...task, metric: { name: 'accuracy', higherIsBetter: true } }, { inputs }), 'ARGUMENT',
      'headImportance: task.evaluate returned no metric "accuracy", got ["logit","testLoss"]');
  });

  it('headImportance(model trained on sort): ablating the attention hurts accuracy measurably, the heads are ranked, the roles say it', async () => {
    const task = sort({ length: 4 });
    const run = train({ task, seed: 0 });
    await run;
    const trained = run.model as DecoderOnly;
    const r = headImportance(trained, task);
    expect(r.metric).toEqual({ name: 'testAccuracy', higherIsBetter: true });
    expect(r.baseline.metrics).toEqual(task.evaluate(trained));
    // the answer positions can only learn the prompt's digits through attention
    for (const layer of r.layers) {
      expect(layer.important).toBe(true);
      expect(layer.zero.metric).toBeLessThan(r.baseline.metric * (1 - IMPORTANCE_THRESHOLD));
      expect(layer.zero.loss).toBeGreaterThan(r.baseline.loss!);
    }
    const heads = trained.blocks.length * trained.config.heads;
    expect(r.heads).toHaveLength(heads);
    expect(new Set(r.ranked)).toEqual(new Set(r.heads));
    for (let i = 1; i < heads; i++) expect(r.ranked[i - 1].harm).toBeGreaterThanOrEqual(r.ranked[i].harm);
    // analyzeHeads carries the importance into every head's role and sentence
    const { heads: roles } = analyzeHeads(trained, tensor([[3, 1, 4, 1, 10, 1, 1, 3]]), { importance: r });
    for (const role of roles) {
      const a = role.importance!;
      expect(a).toBe(r.heads.find((h) => h.layer === role.layer && h.head === role.head));
      const three = (v: number) => String(Number(v.toPrecision(3)));
      const worst = three(Math.min(a.zero.metric, a.mean.metric));
      const base = three(r.baseline.metric);
      expect(role.sentence).toMatch(a.important
        ? new RegExp(`; (zero|mean)-ablating it drops testAccuracy from ${base} to ${worst}$`)
        : new RegExp(`; ablating it barely changes testAccuracy \\(${base}, at worst ${worst}\\)$`));
    }
  }, 120_000);
});

describe('patchHead', () => {
  const model = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 16, heads: 2, layers: 2, seed: 3 });
  const a = tensor([[1, 2, 3, 4, 5], [6, 7, 8, 9, 1]]);
  const b = tensor([[5, 4, 3, 2, 1], [2, 2, 2, 2, 2]]);

  it("patchHead(model, head, a, b) runs b with that head's values from a: as core's headOverride with a's trace computes it", () => {
    const p = patchHead(model, { layer: 1, head: 1 }, a, b);
    const clean = noGrad(() => model.forward(b));
    attentionOf(model, 1).headOverride = { 1: attended(model, a, 1, 1) };
    const patched = noGrad(() => model.forward(b));
    attentionOf(model, 1).headOverride = null;
    expect(p.clean.data).toEqual(clean.data);
    expect(p.patched.data).toEqual(patched.data);
    expect(p.source.data).toEqual(noGrad(() => model.forward(a)).data);
    const moved = patched.sub(clean);
    const apart = p.source.sub(clean);
    expect(p.change).toBeCloseTo(Math.sqrt(moved.pow(2).sum().item()), 12);
    expect(p.total).toBeCloseTo(Math.sqrt(apart.pow(2).sum().item()), 12);
    expect(p.recovered).toBeCloseTo(moved.mul(apart).sum().item() / p.total ** 2, 12);
    expect(p.change).toBeGreaterThan(0);
    expect(attentionOf(model, 1).headOverride).toBeNull();
  });

  it('patchHead from the same input changes nothing, and recovered is null', () => {
    const p = patchHead(model, { layer: 0, head: 0 }, a, a);
    expect(p.patched.data).toEqual(p.clean.data);
    expect([p.change, p.total, p.recovered]).toEqual([0, 0, null]);
  });

  it('patchHead refuses a head the model does not have', () => {
    expectAttnError(() => patchHead(model, { layer: 2, head: 0 }, a, b), 'RANGE', 'patchHead: no head 2.0, got layers 0, 1 of 2 heads');
    expectAttnError(() => patchHead(model, { layer: 0 } as never, a, b), 'ARGUMENT', 'patchHead: head must be { layer, head } integers, got object');
  });
});

describe('clearHeadOverrides', () => {
  it("sets every headOverride to null, so the outputs are the intact model's again", () => {
    const model = new DecoderOnly({ vocabSize: 6, maxLen: 6, dModel: 8, heads: 2, layers: 2, seed: 1 });
    const x = tensor([[1, 2, 3, 4, 5]]);
    const intact = noGrad(() => model.forward(x)).data;
    attentionOf(model, 0).headOverride = { 0: 'zero' };
    attentionOf(model, 1).headOverride = { 1: 'zero' };
    expect(noGrad(() => model.forward(x)).data).not.toEqual(intact);
    expect(clearHeadOverrides(model)).toBe(2);
    expect([attentionOf(model, 0).headOverride, attentionOf(model, 1).headOverride]).toEqual([null, null]);
    expect(noGrad(() => model.forward(x)).data).toEqual(intact);
  });

  it("clears the tutorial model's one attention too, and a model without attention has none to clear", () => {
    const tutorial = new TutorialAttention({ seed: 0 });
    tutorial.headOverride = { 0: 'zero' };
    expect(clearHeadOverrides(tutorial)).toBe(1);
    expect(tutorial.headOverride).toBeNull();
    expect(clearHeadOverrides(new MultiHeadAttention(4, 2, { seed: 0 }).outProj)).toBe(0);
  });
});

describe('headMean', () => {
  it('is the mean over the batch at each position for MultiHeadAttention, over batch and positions for the position-free TutorialAttention', () => {
    const tutorial = new TutorialAttention({ seed: 0 });
    const inputs = tensor([[3, 5], [1, 2]]);
    const [layer] = attentionModules(tutorial, traceForward(tutorial, inputs).trace);
    const a = layer.attended[0].toArray() as number[][][];
    const byHand = [0, 1, 2, 3].map((k) => (a[0][0][k] + a[0][1][k] + a[1][0][k] + a[1][1][k]) / 4);
    expect(Array.from(headMean(layer, 0).data)).toEqual(byHand.map((v) => expect.closeTo(v, 14)));
    // it stands in for every position, so inputs longer than the batch's can be mean-ablated
    tutorial.headOverride = { 0: headMean(layer, 0) };
    expect(Number.isFinite(tutorial.forward(tensor([[1, 2, 3, 4, 5]])).item())).toBe(true);
    const mha = new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 4, heads: 2, layers: 1, seed: 0 });
    const [l] = attentionModules(mha, traceForward(mha, tensor([[1, 2, 3], [3, 2, 1]])).trace);
    expect(headMean(l, 1).shape).toEqual([3, 2]);
    expect(() => headMean(l, 2)).toThrow('headMean: no head 2 in layer 0, got 2 heads');
  });
});
