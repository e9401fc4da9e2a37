import { describe, expect, it } from 'vitest';
import { gradcheckParameters, thrown } from '../../test/nn-testing.js';
import { fromTraceTensor, gradcheck, tensor, Tensor, TraceRecorder, traceForward, TutorialAttention, zeros, type TraceTensor } from '../index.js';

/** A hand-set model: d = 2, hidden = 3, every weight chosen by hand. */
const P = {
  wq: [0.1, -0.2],
  wk: [0.3, 0.1],
  wv: [1, -0.5],
  w1: [[1, 0.5], [-1, 2], [0.25, -0.25]],
  b1: [0.1, -0.2, 0.3],
  w2: [[1, -2, 0.5]],
  b2: [0.05],
};

function handSet(options: { scale?: 'sqrt' | 'none' } = {}): TutorialAttention {
  const model = new TutorialAttention({ d: 2, hidden: 3, ...options });
  model.loadStateDict({
    w_q: tensor([P.wq]), w_k: tensor([P.wk]), w_v: tensor([P.wv]),
    'mlp.layers.0.weight': tensor(P.w1), 'mlp.layers.0.bias': tensor(P.b1),
    'mlp.layers.1.weight': tensor(P.w2), 'mlp.layers.1.bias': tensor(P.b2),
  });
  return model;
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Every step of the tutorial for one sequence, in plain numbers. */
function byHand(x: number[], factor = 1) {
  const q = x.map((xi) => P.wq.map((w) => xi * w));
  const k = x.map((xi) => P.wk.map((w) => xi * w));
  const v = x.map((xi) => P.wv.map((w) => xi * w));
  const scores = q.map((qi) => k.map((kj) => dot(qi, kj)));
  const weights = scores.map((row) => {
    const e = row.map((s) => Math.exp(s * factor));
    const z = e.reduce((a, b) => a + b);
    return e.map((ei) => ei / z);
  });
  const attended = weights.map((wi) => [0, 1].map((c) => dot(wi, v.map((vj) => vj[c]))));
  const sum = [0, 1].map((c) => attended.reduce((s, a) => s + a[c], 0));
  const hidden = P.w1.map((row, h) => Math.max(0, dot(row, sum) + P.b1[h]));
  const output = dot(P.w2[0], hidden) + P.b2[0];
  return { q, k, v, scores, weights, attended, sum, hidden, output };
}

/** Expects a trace tensor to hold `want` (nested per position) to 1e-14. */
function expectTrace(got: TraceTensor | undefined, shape: number[], want: number[]) {
  expect(got?.shape).toEqual(shape);
  got!.data.forEach((g, i) => expect(g).toBeCloseTo(want[i], 14));
}

describe('TutorialAttention', () => {
  it('TutorialAttention on [3, 5] computes q, k, v, scores, weights, attended, sum and output as by hand', () => {
    const model = handSet();
    const want = byHand([3, 5]);
    const { output, trace } = traceForward(model, tensor([[3, 5]]));
    const [a] = trace.attention;
    expectTrace(a.input, [1, 2, 1], [3, 5]);
    expectTrace(a.q, [1, 2, 2], want.q.flat());
    expectTrace(a.k, [1, 2, 2], want.k.flat());
    expectTrace(a.v, [1, 2, 2], want.v.flat());
    // q·k = x_i·x_j·(wq·wk) = 0.01·x_i·x_j, unscaled by default
    expectTrace(a.scores, [1, 2, 2], [0.09, 0.15, 0.15, 0.25]);
    expect(a.scale).toBe(1);
    expect(a.scaled.data).toEqual(a.scores.data);
    expectTrace(a.weights, [1, 2, 2], want.weights.flat());
    expectTrace(a.attended, [1, 2, 2], want.attended.flat());
    expectTrace(trace.values.sum, [1, 2], want.sum);
    expect(output.shape).toEqual([1, 1]);
    expect(output.item()).toBeCloseTo(want.output, 14);
    expect(trace.values.output.data[0]).toBe(output.item());
  });

  it('TutorialAttention on a batch computes each row as by hand', () => {
    const y = handSet().forward(tensor([[3, 5], [-1, 2]])).toFlat();
    expect(y[0]).toBeCloseTo(byHand([3, 5]).output, 14);
    expect(y[1]).toBeCloseTo(byHand([-1, 2]).output, 14);
  });

  it("TutorialAttention with scale: 'sqrt' divides the scores by √d", () => {
    const model = handSet({ scale: 'sqrt' });
    const want = byHand([3, 5], 1 / Math.SQRT2);
    const { output, trace } = traceForward(model, tensor([[3, 5]]));
    const [a] = trace.attention;
    expect(a.scale).toBeCloseTo(1 / Math.SQRT2, 15);
    expectTrace(a.scaled, [1, 2, 2], [0.09, 0.15, 0.15, 0.25].map((s) => s / Math.SQRT2));
    expectTrace(a.weights, [1, 2, 2], want.weights.flat());
    expect(output.item()).toBeCloseTo(want.output, 14);
    expect(output.item()).not.toBeCloseTo(byHand([3, 5]).output, 6);
  });

  it('TutorialAttention with a mask: [3, 5, 0] with mask [1, 1, 0] gives exactly the output of [3, 5]', () => {
    const model = handSet();
    const plain = model.forward(tensor([[3, 5]])).toFlat();
    expect(model.forward(tensor([[3, 5, 0]]), { mask: tensor([[1, 1, 0]]) }).toFlat()).toEqual(plain);
    // whatever sits in the padding
    expect(model.forward(tensor([[3, 5, 100]]), { mask: tensor([[1, 1, 0]]) }).toFlat()).toEqual(plain);
    // unbatched, with a mask shaped like the input
    expect(model.forward(tensor([3, 5, 0]), { mask: tensor([1, 1, 0]) }).toFlat()).toEqual(plain);
  });

  it('TutorialAttention with a mask excludes padding from attention and from the sum', () => {
    const model = handSet();
    const { trace } = traceForward({ forward: (x, o) => model.forward(x, { ...o, mask: tensor([[1, 1, 0]]) }) }, tensor([[3, 5, 7]]), 'masked');
    const [a] = trace.attention;
    const w = a.weights.data;
    expect([w[2], w[5], w[8]]).toEqual([0, 0, 0]);
    expect(a.mask).toEqual({ shape: [1, 3, 3], data: [1, 1, 0, 1, 1, 0, 1, 1, 0] });
    expectTrace(trace.values.sum, [1, 2], byHand([3, 5]).sum);
  });

  it('TutorialAttention with a batch of different lengths equals each sequence alone', () => {
    const model = handSet();
    const y = model.forward(tensor([[3, 5, 0], [2, 4, 6]]), { mask: tensor([[1, 1, 0], [1, 1, 1]]) }).toFlat();
    expect(y[0]).toBe(model.forward(tensor([[3, 5]])).item());
    expect(y[1]).toBe(model.forward(tensor([[2, 4, 6]])).item());
  });

  it('TutorialAttention traced runs the computation it trains: the same output and gradients, bit for bit', () => {
    for (const scale of ['none', 'sqrt', 0.3] as const) {
      const model = new TutorialAttention({ d: 3, hidden: 5, scale, seed: 7 });
      const x = new Tensor(Float64Array.from([3, 5, 0, 1.5, -2, 4, 0.25, 7, 2]), [3, 3], true);
      const mask = tensor([[1, 1, 0], [1, 1, 1], [0, 1, 1]]);
      const run = (traced: boolean) => {
        model.zeroGrad();
        x.grad = null;
        const trace = traced ? new TraceRecorder() : undefined;
        const out = model.forward(x, { mask, trace });
        out.mul(tensor([[1], [-2], [0.5]])).sum().backward();
        return { out: out.toFlat(), grads: [x, ...model.parameters()].map((p) => p.grad!.toFlat()), trace };
      };
      const trained = run(false);
      const traced = run(true);
      expect(traced.out, `scale ${scale}`).toEqual(trained.out);
      expect(traced.grads, `scale ${scale}`).toEqual(trained.grads);
      // and the trace holds that computation's numbers: its sum gives the output through the network
      const sum = traced.trace!.finish('TutorialAttention', x, tensor(traced.out)).values.sum;
      expect(model.mlp.forward(tensor(sum.data, { shape: sum.shape })).toFlat()).toEqual(trained.out);
    }
  });

  it('TutorialAttention on 1-D input [2] gives shape [1], the batched value', () => {
    const model = handSet();
    const y = model.forward(tensor([2]));
    expect(y.shape).toEqual([1]);
    expect(y.toFlat()).toEqual(model.forward(tensor([[2]])).toFlat());
    expect(y.item()).toBeCloseTo(byHand([2]).output, 14);
  });

  it('TutorialAttention defaults: d 4, hidden 16, unscaled, parameters w_q, w_k, w_v [1, d] and the MLP', () => {
    const model = new TutorialAttention();
    expect([model.d, model.hidden, model.scale]).toEqual([4, 16, 'none']);
    expect(model.namedParameters().map(([n, p]) => `${n} [${p.shape}]`)).toEqual([
      'w_q [1,4]', 'w_k [1,4]', 'w_v [1,4]',
      'mlp.layers.0.weight [16,4]', 'mlp.layers.0.bias [16]', 'mlp.layers.1.weight [1,16]', 'mlp.layers.1.bias [1]',
    ]);
    const again = new TutorialAttention();
    expect(again.parameters().map((p) => p.toFlat())).toEqual(model.parameters().map((p) => p.toFlat()));
  });

  it('TutorialAttention gradients of the whole model match finite differences for every parameter', () => {
    const model = new TutorialAttention({ d: 3, hidden: 4, activation: 'tanh', seed: 3 });
    const x = tensor([[3, 5, 0], [1, -2, 0.5]]);
    const mask = tensor([[1, 1, 0], [1, 1, 1]]);
    const r = gradcheckParameters(model, () => model.forward(x, { mask }));
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(model.numParameters());
    const sqrt = new TutorialAttention({ d: 2, hidden: 3, scale: 'sqrt', seed: 4 });
    expect(gradcheckParameters(sqrt, () => sqrt.forward(tensor([0.5, -1]))).mismatches).toEqual([]);
  });

  it('TutorialAttention gradients with respect to the input match finite differences', () => {
    const model = new TutorialAttention({ d: 3, hidden: 4, activation: 'tanh', seed: 5 });
    const r = gradcheck((x: Tensor) => model.forward(x), [tensor([[0.3, -0.7, 1.1]])]);
    expect(r.mismatches).toEqual([]);
  });

  it('TutorialAttention refuses bad inputs, masks and options, naming what it got', () => {
    const model = handSet();
    expect(thrown(() => model.forward(tensor([[[3]]])))).toMatchObject({
      code: 'SHAPE', message: 'TutorialAttention: input must be numbers [batch, T] or [T], got [1,1,1]',
    });
    expect(thrown(() => model.forward([3, 5] as unknown as Tensor))).toMatchObject({
      code: 'SHAPE', message: 'TutorialAttention: input must be numbers [batch, T] or [T], got [3,5]',
    });
    expect(thrown(() => model.forward(tensor([[3, 5]]), { mask: tensor([[1, 1, 0]]) }))).toMatchObject({
      code: 'SHAPE', message: "TutorialAttention: mask must have the input's shape [1,2], got [1,3]",
    });
    expect(thrown(() => model.forward(tensor([3, 5]), { mask: tensor([[1, 1]]) }))).toMatchObject({
      code: 'SHAPE', message: "TutorialAttention: mask must have the input's shape [2], got [1,2]",
    });
    expect(thrown(() => model.forward(tensor([[3, 5]]), { mask: [[1, 1]] as unknown as Tensor }))).toMatchObject({
      code: 'SHAPE', message: "TutorialAttention: mask must have the input's shape [1,2], got [[1,1]]",
    });
    expect(thrown(() => model.forward(tensor([[3, 5]]), { mask: tensor([[1, 0.5]]) }))).toMatchObject({
      code: 'ARGUMENT', message: 'TutorialAttention: mask must hold 0 (padding) or 1 (a number), got 0.5 at [0, 1]',
    });
    expect(thrown(() => model.forward(tensor([[3, 5], [1, 2]]), { mask: tensor([[1, 1], [0, 0]]) }))).toMatchObject({
      code: 'ARGUMENT', message: 'TutorialAttention: mask row 1 is all padding; each row needs a number',
    });
    expect(thrown(() => new TutorialAttention({ scale: 'cube' as 'sqrt' }))).toMatchObject({
      code: 'ARGUMENT', message: `TutorialAttention: scale must be 'sqrt', 'none' or a finite number, got "cube"`,
    });
    expect(thrown(() => new TutorialAttention({ d: 0 }))).toMatchObject({
      code: 'ARGUMENT', message: 'TutorialAttention: d must be a positive integer, got 0',
    });
  });
});

describe('TutorialAttention.headOverride', () => {
  const model = () => new TutorialAttention({ seed: 0 });
  it('zero leaves the network only its biases: every input gives network(0)', () => {
    const m = model();
    m.headOverride = { 0: 'zero' };
    const zero = m.mlp.forward(zeros([1, 4])).item();
    for (const x of [[3, 5], [1, 9], [0, 0, 7]]) expect(m.forward(tensor([x])).item()).toBe(zero);
  });

  it('patching the attended vectors from another input gives that input\'s answer; a [d] vector stands in at every position', () => {
    const m = model();
    const other = tensor([[1, 9]]);
    const { trace, output } = traceForward(m, other);
    m.headOverride = { 0: fromTraceTensor(trace.attention[0].attended) };
    expect(m.forward(tensor([[3, 5]])).item()).toBeCloseTo(output.item(), 12);
    // one vector v at each of T positions sums to T·v
    const v = tensor([0.5, -1, 2, 0.25]);
    m.headOverride = { 0: v };
    expect(m.forward(tensor([[3, 5, 7]])).item()).toBeCloseTo(m.mlp.forward(tensor([[1.5, -3, 6, 0.75]])).item(), 12);
    // masked positions are not summed
    expect(m.forward(tensor([[3, 5, 7]]), { mask: tensor([[1, 1, 0]]) }).item()).toBeCloseTo(m.mlp.forward(tensor([[1, -2, 4, 0.5]])).item(), 12);
    m.headOverride = null;
    expect(m.forward(tensor([[3, 5]])).item()).toBe(model().forward(tensor([[3, 5]])).item());
  });

  it('refuses a head other than 0 and values of the wrong shape', () => {
    const m = model();
    m.headOverride = { 1: 'zero' };
    expect(() => m.forward(tensor([[3, 5]]))).toThrow('TutorialAttention: headOverride has no head 1, got 1 head');
    m.headOverride = { 0: tensor([1, 2]) };
    expect(() => m.forward(tensor([[3, 5]]))).toThrow(/^TutorialAttention: headOverride\[0\] must be 'zero', \[4\], \[T, 4\] or \[1, T, 4\]/);
  });
});
