import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectClose, thrown } from '../../test/nn-testing.js';
import {
  attention, DecoderOnly, fromTraceTensor, linear, MultiHeadAttention, randn, RotaryEmbedding, slice, tensor, Tensor, toTraceTensor,
  TraceRecorder, traceForward, TutorialAttention, type TraceTensor,
} from '../index.js';

const asTensor = (t: TraceTensor | undefined) => fromTraceTensor(t!);
const gpt = (positional: 'learned' | 'rotary' = 'learned') =>
  new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 2, ff: 8, positional, seed: 1 });

describe('traceForward', () => {
  it('traceForward on TutorialAttention records one attention entry with the shapes of each step', () => {
    const model = new TutorialAttention({ seed: 1 });
    const { output, trace } = traceForward(model, tensor([[3, 5]]));
    expect(trace).toMatchObject({ format: 'attn.trace', version: 1, model: 'TutorialAttention', input: { shape: [1, 2], data: [3, 5] } });
    expect(trace.attention).toHaveLength(1);
    const [a] = trace.attention;
    expect(a).toMatchObject({ layer: 0, head: 0, module: '', scale: 1, causal: false });
    expect(a.input).toEqual({ shape: [1, 2, 1], data: [3, 5] });
    for (const step of [a.q, a.k, a.v, a.attended]) expect(step.shape).toEqual([1, 2, 4]);
    for (const step of [a.scores, a.scaled, a.weights]) expect(step.shape).toEqual([1, 2, 2]);
    expect(a.mask).toBeUndefined();
    const w = a.weights.data;
    expect(w[0] + w[1]).toBeCloseTo(1, 15);
    expect(w[2] + w[3]).toBeCloseTo(1, 15);
    expect(trace.values.sum.shape).toEqual([1, 4]);
    expect(trace.values.output).toEqual(toTraceTensor(output));
    expect(trace.output).toEqual({ shape: [1, 1], data: output.toFlat() });
    // the steps are consistent with each other: q = x·W_q, weights·V = attended
    expectClose(asTensor(a.q), tensor([[[3], [5]]]).matmul(model.wQ.detach()));
    expectClose(asTensor(a.attended), asTensor(a.weights).matmul(asTensor(a.v)));
    expectClose(asTensor(trace.values.sum), asTensor(a.attended).sum(1));
  });

  it('traceForward gives the same output as forward without a trace', () => {
    const model = new TutorialAttention({ seed: 2 });
    const x = tensor([[1, -2, 3]]);
    // untraced, the tutorial model runs its attention as one fused node: equal up to rounding
    const fused = model.forward(x).toFlat();
    traceForward(model, x).output.toFlat().forEach((v, i) => expect(v).toBeCloseTo(fused[i], 12));
    const g = gpt();
    const tokens = tensor([[1, 2, 3]]);
    expect(traceForward(g, tokens).output.toFlat()).toEqual(g.forward(tokens).toFlat());
  });

  it('a trace survives a JSON round trip unchanged, masked and causal traces too', () => {
    const tutorial = new TutorialAttention({ seed: 3 });
    const masked = { forward: (x: Tensor, o = {}) => tutorial.forward(x, { ...o, mask: tensor([[1, 1, 0]]) }) };
    const traces = [
      traceForward(tutorial, tensor([[3, 5]])).trace,
      traceForward(masked, tensor([[3, 5, 0]]), 'masked').trace,
      traceForward(gpt(), tensor([[1, 2, 3, 4]])).trace,
    ];
    expect(traces[1].attention[0].mask?.data).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 0]);
    expect(traces[2].attention[0].mask?.data.slice(0, 4)).toEqual([1, 0, 0, 0]);
    for (const trace of traces) {
      const text = JSON.stringify(trace);
      expect(text).not.toMatch(/null|Infinity|NaN/);
      expect(JSON.parse(text)).toEqual(trace);
    }
  });

  it('traceForward on a DecoderOnly with 2 layers × 2 heads gives 4 entries, one per layer and head', () => {
    const { trace } = traceForward(gpt(), tensor([[1, 2, 3], [4, 5, 0]]));
    expect(trace.model).toBe('DecoderOnly');
    expect(trace.attention.map((a) => [a.layer, a.head, a.module, a.causal])).toEqual([
      [0, 0, 'blocks.0.self_attn', true], [0, 1, 'blocks.0.self_attn', true],
      [1, 0, 'blocks.1.self_attn', true], [1, 1, 'blocks.1.self_attn', true],
    ]);
    for (const a of trace.attention) {
      expect(a.q.shape).toEqual([2, 3, 4]);
      expect(a.weights.shape).toEqual([2, 3, 3]);
      expect(a.input?.shape).toEqual([2, 3, 8]);
      expect(a.scale).toBeCloseTo(0.5, 15);
    }
  });

  it("each head's q, k, v in the trace are the head's slice of the full projection of the module's input", () => {
    const model = gpt();
    const { trace } = traceForward(model, tensor([[1, 2, 3], [4, 5, 0]]));
    for (const a of trace.attention) {
      const mha = model.blocks[a.layer].selfAttn;
      const x = asTensor(a.input);
      const cols = [a.head * 4, (a.head + 1) * 4];
      ['q', 'k', 'v'].forEach((name, i) => {
        const W = slice(mha.inProjWeight.detach(), 0, i * 8, (i + 1) * 8);
        const b = slice(mha.inProjBias!.detach(), 0, i * 8, (i + 1) * 8);
        expectClose(asTensor(a[name as 'q' | 'k' | 'v']), slice(linear(x, W, b), -1, cols[0], cols[1]), { atol: 1e-14, rtol: 1e-12 }, `${name} of ${a.layer}.${a.head}`);
      });
    }
  });

  it('with rotary, the traced q and k are the rotated slices of the projection', () => {
    const model = gpt('rotary');
    const { trace } = traceForward(model, tensor([[1, 2, 3]]));
    const rope = new RotaryEmbedding(4);
    const a = trace.attention[3];
    const mha = model.blocks[1].selfAttn;
    const x = asTensor(a.input);
    const q = slice(linear(x, slice(mha.inProjWeight.detach(), 0, 0, 8), slice(mha.inProjBias!.detach(), 0, 0, 8)), -1, 4, 8);
    expectClose(asTensor(a.q), rope.apply(q), { atol: 1e-14, rtol: 1e-12 });
  });

  it("the traced weights of a MultiHeadAttention are the per-head slices of attend's weights", () => {
    const mha = new MultiHeadAttention(6, 3, { seed: 4 });
    const rec = new TraceRecorder();
    const x = randn([2, 4, 6], { seed: 5 });
    const { weights } = mha.attend(x, { trace: rec, keyPadding: tensor([[1, 1, 1, 0], [1, 1, 1, 1]]) });
    expect(rec.attention).toHaveLength(3);
    rec.attention.forEach((a, h) => {
      expect(a.weights).toEqual(toTraceTensor(slice(weights, 1, h, h + 1).reshape([2, 4, 4])));
      expect(a.mask?.data.slice(0, 4)).toEqual([1, 1, 1, 0]);
      expect(a.module).toBe('');
    });
  });

  it('a recorder numbers attention modules by first call, and keeps numbering when a module is called again', () => {
    const a = new MultiHeadAttention(4, 1, { seed: 6 });
    const b = new MultiHeadAttention(4, 1, { seed: 7 });
    const rec = new TraceRecorder();
    const x = randn([1, 2, 4], { seed: 8 });
    b.forward(x, { trace: rec });
    a.forward(x, { trace: rec });
    b.forward(x, { trace: rec });
    expect(rec.attention.map((e) => e.layer)).toEqual([0, 1, 0]);
    const trace = rec.finish('two', x, x);
    expect(trace.attention).toHaveLength(3);
    expect(trace.attention).not.toBe(rec.attention);
  });
});

describe('recording is off by default', () => {
  afterEach(() => vi.restoreAllMocks());

  it('forward without a trace records nothing: the recorder sees no calls', () => {
    const att = vi.spyOn(TraceRecorder.prototype, 'recordAttention');
    const val = vi.spyOn(TraceRecorder.prototype, 'recordValue');
    new TutorialAttention({ seed: 1 }).forward(tensor([[3, 5]]));
    gpt().forward(tensor([[1, 2]]));
    new MultiHeadAttention(4, 2).forward(randn([1, 3, 4]));
    const q = randn([2, 2]);
    attention(q, q, q);
    expect(att).not.toHaveBeenCalled();
    expect(val).not.toHaveBeenCalled();
    traceForward(new TutorialAttention({ seed: 1 }), tensor([[3, 5]]));
    expect(att).toHaveBeenCalledTimes(1);
    expect(val).toHaveBeenCalledTimes(5); // the network's two layers and its activation, the sum, the output
  });
});

describe('toTraceTensor and fromTraceTensor', () => {
  it('toTraceTensor copies shape and data into plain arrays; fromTraceTensor turns them back', () => {
    const t = randn([2, 3], { seed: 9 });
    const plain = toTraceTensor(t);
    expect(Array.isArray(plain.data) && Array.isArray(plain.shape)).toBe(true);
    expect(plain).toEqual({ shape: [2, 3], data: t.toFlat() });
    const back = fromTraceTensor(plain);
    expect(back.shape).toEqual([2, 3]);
    expect(back.toFlat()).toEqual(t.toFlat());
    expect(fromTraceTensor(JSON.parse(JSON.stringify(plain))).toFlat()).toEqual(t.toFlat());
    t.data[0] = 99;
    expect(plain.data[0]).not.toBe(99);
    expect(back.data[0]).not.toBe(99);
    expect(toTraceTensor(tensor(7))).toEqual({ shape: [], data: [7] });
  });

  it('fromTraceTensor refuses data that is not { shape, data }', () => {
    expect(thrown(() => fromTraceTensor({ shape: [2] } as TraceTensor))).toMatchObject({
      code: 'FORMAT', message: 'fromTraceTensor: expected { shape, data }, got object',
    });
    expect(thrown(() => fromTraceTensor(null as unknown as TraceTensor))).toMatchObject({ code: 'FORMAT' });
    expect(thrown(() => fromTraceTensor({ shape: [3], data: [1, 2] }))).toMatchObject({ code: 'SHAPE' });
  });
});
