import { describe, expect, it } from 'vitest';
import { expectClose, randomize, thrown } from '../../test/nn-testing.js';
import {
  concat, DecoderOnly, linear, matmul, MultiHeadAttention, randn, slice, sum, tensor, Tensor, TransformerEncoderLayer, traceForward,
  type Trace,
} from '../index.js';

/** Head h's attended values `[batch, T, headDim]` from a trace of one MultiHeadAttention. */
function attendedOf(trace: Trace, h: number, layer = 0): Tensor {
  const e = trace.attention.find((a) => a.layer === layer && a.head === h)!;
  return new Tensor(Float64Array.from(e.attended.data), e.attended.shape);
}

/** The module's output by hand: the heads' values `[batch, T, headDim]` concatenated and projected out. */
function byHand(mha: MultiHeadAttention, heads: Tensor[]): Tensor {
  return linear(concat(heads, -1), mha.outProj.weight, mha.outProj.bias);
}

function setup() {
  const mha = new MultiHeadAttention(12, 3, { seed: 1 });
  randomize(mha, 10);
  const x = randn([2, 5, 12], { seed: 2 });
  const { output, trace } = traceForward(mha, x);
  const heads = [0, 1, 2].map((h) => attendedOf(trace, h));
  return { mha, x, output, trace, heads };
}

describe('MultiHeadAttention.headOverride', () => {
  it("headOverride { h: 'zero' } gives the output without head h: the normal output minus head h's values times its block of out_proj.weight", () => {
    const { mha, x, output, heads } = setup();
    const d = mha.headDim;
    mha.headOverride = { 1: 'zero' };
    const { output: ablated, trace } = traceForward(mha, x);
    expectClose(ablated, byHand(mha, [heads[0], heads[1].mul(0), heads[2]]));
    const contribution = matmul(heads[1], slice(mha.outProj.weight, 1, d, 2 * d).transpose());
    expectClose(output.sub(ablated), contribution, { atol: 1e-12, rtol: 1e-9 });
    // the trace shows the ablation: head 1 attended nothing, the other heads as before
    expect(attendedOf(trace, 1).data.every((v) => v === 0)).toBe(true);
    expect(attendedOf(trace, 0).data).toEqual(heads[0].data);
    // its weights are still recorded: the head attends, its values are thrown away
    expect(trace.attention.find((a) => a.head === 1)!.weights.data.some((w) => w > 0)).toBe(true);
  });

  it('headOverride with a [headDim] mean and a [T, headDim] per-position mean replaces the head by those values', () => {
    const { mha, x, heads } = setup();
    const overall = heads[2].mean([0, 1]); // [headDim]
    const perPosition = heads[2].mean(0); // [T, headDim]
    mha.headOverride = { 2: overall };
    const a = traceForward(mha, x);
    expectClose(a.output, byHand(mha, [heads[0], heads[1], overall.expand(heads[2].shape)]));
    expectClose(attendedOf(a.trace, 2), overall.expand(heads[2].shape));
    mha.headOverride = { 2: perPosition };
    expectClose(mha.forward(x), byHand(mha, [heads[0], heads[1], perPosition.expand(heads[2].shape)]));
  });

  it('headOverride with a tensor longer than the input uses its first Tq positions', () => {
    const { mha, x, heads } = setup();
    const perPosition = heads[0].mean(0); // [5, headDim]
    mha.headOverride = { 0: perPosition };
    const short = slice(x, 1, 0, 3);
    const { output } = traceForward(mha, short);
    mha.headOverride = null;
    const normal = traceForward(mha, short);
    expectClose(output, byHand(mha, [slice(perPosition, 0, 0, 3).expand([2, 3, 4]), attendedOf(normal.trace, 1), attendedOf(normal.trace, 2)]));
  });

  it("headOverride patching head h with its values recorded on input A equals A's head h with the other heads run on B", () => {
    const { mha, x: xa, heads: fromA } = setup();
    const xb = randn([2, 5, 12], { seed: 3 });
    const fromB = [0, 1, 2].map((h) => attendedOf(traceForward(mha, xb).trace, h));
    mha.headOverride = { 0: fromA[0] };
    expectClose(mha.forward(xb), byHand(mha, [fromA[0], fromB[1], fromB[2]]));
    // patching every head from A gives A's output exactly: out_proj sees only the heads
    const onA = (mha.headOverride = null, mha.forward(xa));
    mha.headOverride = fromA;
    expect(mha.forward(xb).data).toEqual(onA.data);
  });

  it('headOverride null (the default) and {} give the same bits as a fresh module, outputs and gradients', () => {
    const run = (override: MultiHeadAttention['headOverride'] | 'set then cleared') => {
      const mha = new MultiHeadAttention(8, 2, { seed: 4 });
      randomize(mha, 20);
      if (override === 'set then cleared') {
        mha.headOverride = { 0: 'zero' };
        mha.forward(randn([1, 3, 8], { seed: 6 }));
        mha.headOverride = null;
      } else mha.headOverride = override;
      const x = randn([2, 4, 8], { seed: 5, requiresGrad: true });
      const out = mha.forward(x, { causal: true });
      sum(out.mul(out)).backward();
      return [out.data, x.grad!.data, ...mha.parameters().map((p) => p.grad!.data)];
    };
    const fresh = run(null);
    expect(run('set then cleared')).toEqual(fresh);
    expect(run({})).toEqual(fresh);
    expect(run({ 0: undefined })).toEqual(fresh);
  });

  it("headOverride { h: 'zero' } stops every gradient into head h's rows of in_proj_weight, and only those", () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 7 });
    randomize(mha, 30);
    mha.headOverride = { 1: 'zero' };
    sum(mha.forward(randn([2, 4, 8], { seed: 8 })).pow(2)).backward();
    const g = mha.inProjWeight.grad!;
    for (const block of [0, 8, 16]) {
      // rows block + 4 … block + 7 make head 1's q, k and v
      expect(slice(g, 0, block + 4, block + 8).data.every((v) => v === 0)).toBe(true);
      expect(slice(g, 0, block, block + 4).data.some((v) => v !== 0)).toBe(true);
    }
  });

  it('headOverride on every head ablates the whole layer: zeros leave out_proj.bias at every position', () => {
    const { mha, x } = setup();
    mha.headOverride = { 0: 'zero', 1: 'zero', 2: 'zero' };
    expectClose(mha.forward(x), mha.outProj.bias!.expand([2, 5, 12]), { atol: 0, rtol: 0 });
  });

  it("headOverride set on a DecoderOnly's block reaches traceForward: that layer's attended shows it, the layer before is unchanged", () => {
    const model = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 16, heads: 2, layers: 2, seed: 9 });
    const tokens = tensor([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]]);
    const normal = traceForward(model, tokens);
    const attn = new Map(model.namedModules().filter(([, m]) => m instanceof MultiHeadAttention)) as Map<string, MultiHeadAttention>;
    expect([...attn.keys()]).toEqual(['blocks.0.self_attn', 'blocks.1.self_attn']);
    attn.get('blocks.1.self_attn')!.headOverride = { 0: 'zero' };
    const ablated = traceForward(model, tokens);
    expect(attendedOf(ablated.trace, 0, 1).data.every((v) => v === 0)).toBe(true);
    expect(attendedOf(ablated.trace, 1, 1).data).toEqual(attendedOf(normal.trace, 1, 1).data);
    expect(attendedOf(ablated.trace, 0, 0).data).toEqual(attendedOf(normal.trace, 0, 0).data);
    expect(ablated.output.sub(normal.output).abs().max().item()).toBeGreaterThan(1e-6);
  });

  it('headOverride works in a TransformerEncoderLayer on unbatched input', () => {
    const layer = new TransformerEncoderLayer(8, 2, { seed: 11 });
    const x = randn([4, 8], { seed: 12 });
    const before = layer.forward(x);
    layer.selfAttn.headOverride = { 0: 'zero', 1: 'zero' };
    const ablated = layer.forward(x);
    layer.selfAttn.headOverride = null;
    expect(layer.forward(x).data).toEqual(before.data);
    expect(ablated.shape).toEqual([4, 8]);
    expect(ablated.sub(before).abs().max().item()).toBeGreaterThan(1e-6);
  });

  it('headOverride refuses heads out of range and tensors of the wrong shape, naming what it got', () => {
    const { mha, x } = setup();
    mha.headOverride = { 3: 'zero' };
    expect(thrown(() => mha.forward(x))).toMatchObject({
      code: 'ARGUMENT', message: 'MultiHeadAttention: headOverride has no head 3, got 3 heads',
    });
    mha.headOverride = { 0: randn([5, 3]) };
    expect(thrown(() => mha.forward(x))).toMatchObject({
      code: 'SHAPE', message: "MultiHeadAttention: headOverride[0] must be 'zero', [4], [T, 4] or [2, T, 4] with T ≥ 5, got [5,3]",
    });
    mha.headOverride = { 0: randn([4, 4]) };
    expect(thrown(() => mha.forward(x))).toMatchObject({ code: 'SHAPE' });
    mha.headOverride = { 0: randn([3, 5, 4]) };
    expect(thrown(() => mha.forward(x))).toMatchObject({ code: 'SHAPE' });
    mha.headOverride = { '-1': 'zero' };
    expect(thrown(() => mha.forward(x))).toMatchObject({ code: 'ARGUMENT', message: 'MultiHeadAttention: headOverride has no head -1, got 3 heads' });
    mha.headOverride = { 0: randn([1, 1, 5, 4]) };
    expect(thrown(() => mha.forward(x))).toMatchObject({ code: 'SHAPE' });
    mha.headOverride = { 0: 'one' as 'zero' };
    expect(thrown(() => mha.forward(x))).toMatchObject({ code: 'SHAPE', message: expect.stringContaining('got "one"') });
  });
});
