import { describe, expect, it } from 'vitest';
import { expectClose, readReference, refInputs, refTensor, thrown } from '../../test/nn-testing.js';
import {
  attention, causalMask, concat, gradcheck, matmul, mul, randn, slice, softmax, sum, tensor, Tensor, TraceRecorder, transpose,
} from '../index.js';

const sdpa = readReference('scaled_dot_product_attention.json');

describe('attention', () => {
  for (const c of sdpa.cases) {
    it(`attention(q, k, v) matches PyTorch on ${c.name}: output, weights and grads of q, k, v`, () => {
      const x = refInputs(c);
      const mask = c.inputs.mask ? refTensor(c.inputs.mask) : undefined;
      const { output, weights } = attention(x.q, x.k, x.v, { causal: c.params.causal === true, mask });
      expectClose(output, c.outputs.out, sdpa.tolerance, 'out');
      expectClose(weights, c.outputs.weights, sdpa.tolerance, 'weights');
      sum(mul(output, refTensor(c.upstream.out))).backward();
      for (const name of ['q', 'k', 'v']) expectClose(x[name].grad, c.grads[name], sdpa.tolerance, `grad ${name}`);
    });
  }

  it("attention(x, x, x, { scale: 'none' }) is softmax(x·xᵀ)·x computed by hand", () => {
    const x = tensor([[3], [5]]);
    const { output, weights } = attention(x, x, x, { scale: 'none' });
    // scores [[9, 15], [15, 25]]
    const row = (a: number, b: number) => [1 / (1 + Math.exp(b - a)), 1 / (1 + Math.exp(a - b))];
    const w = [row(9, 15), row(15, 25)];
    expectClose(weights, tensor(w), { atol: 1e-15, rtol: 1e-12 });
    expectClose(output, tensor([[3 * w[0][0] + 5 * w[0][1]], [3 * w[1][0] + 5 * w[1][1]]]), { atol: 1e-14, rtol: 1e-12 });
  });

  it("attention scales the scores by 1/√d by default, by nothing with 'none' and by a given number", () => {
    const q = randn([3, 4], { seed: 1 });
    const k = randn([5, 4], { seed: 2 });
    const v = randn([5, 2], { seed: 3 });
    const raw = matmul(q, transpose(k));
    const byHand = (factor: number) => matmul(softmax(mul(raw, factor)), v);
    expectClose(attention(q, k, v).output, byHand(0.5));
    expectClose(attention(q, k, v, { scale: 'sqrt' }).output, byHand(0.5));
    expectClose(attention(q, k, v, { scale: 'none' }).output, byHand(1));
    expectClose(attention(q, k, v, { scale: 0.1 }).output, byHand(0.1));
  });

  it('attention rows of weights sum to 1 over the keys', () => {
    const { weights } = attention(randn([2, 3, 4], { seed: 4 }), randn([2, 6, 4], { seed: 5 }), randn([2, 6, 3], { seed: 6 }));
    expect(weights.shape).toEqual([2, 3, 6]);
    for (const s of sum(weights, -1).toFlat()) expect(s).toBeCloseTo(1, 14);
  });

  it('attention over a batch equals attention on each item alone', () => {
    const q = randn([2, 3, 4], { seed: 7 });
    const k = randn([2, 5, 4], { seed: 8 });
    const v = randn([2, 5, 2], { seed: 9 });
    const all = attention(q, k, v, { causal: true });
    for (let b = 0; b < 2; b++) {
      const one = attention(q.index(b), k.index(b), v.index(b), { causal: true });
      expect(all.output.index(b).toFlat()).toEqual(one.output.toFlat());
      expect(all.weights.index(b).toFlat()).toEqual(one.weights.toFlat());
    }
  });

  it('attention with causal: true gives exactly 0 weight to later keys and the first output is v[0]', () => {
    const q = randn([4, 3], { seed: 10 });
    const v = randn([4, 2], { seed: 11 });
    const { output, weights } = attention(q, q, v, { causal: true });
    const w = weights.toArray() as number[][];
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) expect(w[i][j]).toBe(0);
    expect(output.index(0).toFlat()).toEqual(v.index(0).toFlat());
  });

  it('attention with causal: true and Tq < Tk lets the last query see every key', () => {
    const { weights } = attention(randn([2, 3], { seed: 12 }), randn([4, 3], { seed: 13 }), randn([4, 3], { seed: 14 }), { causal: true });
    const zeroAt = (weights.toArray() as number[][]).map((row) => row.map((w) => (w === 0 ? 0 : 1)));
    expect(zeroAt).toEqual([[1, 1, 1, 0], [1, 1, 1, 1]]);
  });

  it('attention with a mask gives exactly 0 weight to masked keys and equals attention over the kept keys', () => {
    const q = randn([2, 3, 4], { seed: 15 });
    const k = randn([2, 4, 4], { seed: 16 });
    const v = randn([2, 4, 2], { seed: 17 });
    const mask = tensor([1, 0, 1, 1]); // broadcasts over batch and queries
    const { output, weights } = attention(q, k, v, { mask });
    for (const row of (weights.toArray() as number[][][]).flat()) expect(row[1]).toBe(0);
    const keep = (t: Tensor) => concat([slice(t, 1, 0, 1), slice(t, 1, 2)], 1);
    expectClose(output, attention(q, keep(k), keep(v)).output);
  });

  it('attention combines causal and mask: a key is attended only when both allow it', () => {
    const q = randn([3, 2], { seed: 18 });
    const mask = tensor([[1, 1, 1], [0, 1, 1], [1, 0, 1]]);
    const { weights } = attention(q, q, q, { causal: true, mask });
    const allowed = (weights.toArray() as number[][]).map((row) => row.map((w) => (w === 0 ? 0 : 1)));
    expect(allowed).toEqual([[1, 0, 0], [0, 1, 0], [1, 0, 1]]);
  });

  it('attention gives NaN weights to a query whose every key is masked, like PyTorch', () => {
    const q = randn([2, 2], { seed: 19 });
    const { weights } = attention(q, q, q, { mask: tensor([[1, 1], [0, 0]]) });
    expect(weights.index(0).toFlat().every(Number.isFinite)).toBe(true);
    expect(weights.index(1).toFlat().every(Number.isNaN)).toBe(true);
  });

  it('attention gradients match finite differences with causal and mask', () => {
    const mask = tensor([[1, 1, 0, 1], [1, 1, 1, 1], [0, 1, 1, 1]]);
    const r = gradcheck((q, k, v) => attention(q, k, v, { causal: true, mask }).output,
      [randn([2, 3, 4], { seed: 20 }), randn([2, 4, 4], { seed: 21 }), randn([2, 4, 3], { seed: 22 })]);
    expect(r.mismatches).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('attention records one trace entry per call when given a recorder, and none otherwise', () => {
    const rec = new TraceRecorder();
    const q = randn([2, 3], { seed: 23 });
    const { weights } = attention(q, q, q, { causal: true, trace: rec, scale: 0.5 });
    expect(rec.attention).toHaveLength(1);
    const [e] = rec.attention;
    expect(e).toMatchObject({ layer: 0, head: 0, module: '', scale: 0.5, causal: true });
    expect(e.q).toEqual({ shape: [1, 2, 3], data: q.toFlat() });
    expect(e.weights).toEqual({ shape: [1, 2, 2], data: weights.toFlat() });
    expect(e.mask).toEqual({ shape: [1, 2, 2], data: [1, 0, 1, 1] });
    attention(q, q, q);
    expect(rec.attention).toHaveLength(1);
  });

  it('attention refuses bad arguments naming the op, the argument and what it got', () => {
    const q = randn([2, 3], { seed: 24 });
    expect(thrown(() => attention(tensor([1, 2]), q, q))).toMatchObject({
      code: 'ARGUMENT', message: "attention: argument 'q' must be a Tensor [..., T, d], got [2]",
    });
    expect(thrown(() => attention(q, 'k' as unknown as Tensor, q))).toMatchObject({
      code: 'ARGUMENT', message: `attention: argument 'k' must be a Tensor [..., T, d], got "k"`,
    });
    expect(thrown(() => attention(q, randn([2, 4]), q))).toMatchObject({
      code: 'SHAPE', message: 'attention: q and k must have the same last axis, got q [2,3] and k [2,4]',
    });
    expect(thrown(() => attention(q, q, randn([3, 3])))).toMatchObject({
      code: 'SHAPE', message: 'attention: k and v must have the same number of keys, got k [2,3] and v [3,3]',
    });
    expect(thrown(() => attention(q, q, q, { scale: 'cube' as 'sqrt' }))).toMatchObject({
      code: 'ARGUMENT', message: `attention: scale must be 'sqrt', 'none' or a finite number, got "cube"`,
    });
    expect(thrown(() => attention(q, q, q, { scale: NaN }))).toMatchObject({ code: 'ARGUMENT' });
    expect(thrown(() => attention(q, q, q, { mask: tensor([1, 1, 1]) }))).toMatchObject({
      code: 'SHAPE', message: 'attention: mask must broadcast to the scores [2,2], got [3]',
    });
    // a mask that would grow the scores is refused too
    expect(thrown(() => attention(q, q, q, { mask: tensor([[[1, 1], [1, 1]], [[1, 1], [1, 1]]]) }))).toMatchObject({
      code: 'SHAPE', message: 'attention: mask must broadcast to the scores [2,2], got [2,2,2]',
    });
    expect(thrown(() => attention(q, q, q, { mask: [1, 1] as unknown as Tensor }))).toMatchObject({
      code: 'ARGUMENT', message: 'attention: mask must be a Tensor, got [1,1]',
    });
  });
});

describe('causalMask', () => {
  it('causalMask(3) is lower triangular', () => {
    expect(causalMask(3).toArray()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
  });
  it('causalMask(tq, tk) aligns the last query with the last key', () => {
    expect(causalMask(2, 4).toArray()).toEqual([[1, 1, 1, 0], [1, 1, 1, 1]]);
    expect(causalMask(3, 2).toArray()).toEqual([[0, 0], [1, 0], [1, 1]]);
  });
  it('causalMask refuses lengths that are not positive integers', () => {
    expect(thrown(() => causalMask(0))).toMatchObject({
      code: 'ARGUMENT', message: 'causalMask: lengths must be positive integers, got 0 and 0',
    });
    expect(thrown(() => causalMask(2, 1.5))).toMatchObject({
      code: 'ARGUMENT', message: 'causalMask: lengths must be positive integers, got 2 and 1.5',
    });
  });
});
