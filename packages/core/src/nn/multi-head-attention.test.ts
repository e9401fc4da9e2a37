import { describe, expect, it } from 'vitest';
import { expectClose, gradcheckParameters, readReference, refInputs, refTensor, thrown } from '../../test/nn-testing.js';
import {
  attention, concat, gradcheck, linear, MultiHeadAttention, mul, randn, RotaryEmbedding, slice, stack, sum, tensor, Tensor,
  type AttentionOptions, type Module,
} from '../index.js';

const ref = readReference('multi_head_attention.json');

/** Gives every parameter random values (biases included, which start at 0). */
function randomize(m: Module, seed: number): void {
  m.loadStateDict(Object.fromEntries(m.namedParameters().map(([n, p], i) => [n, randn(p.shape, { seed: seed + i, std: 0.5 })])));
}

/**
 * Multi-head attention composed independently from attention() and linear(): project with the
 * row blocks of in_proj_weight, attend head by head, concatenate, project out.
 */
function composed(mha: MultiHeadAttention, x: Tensor, ctx: Tensor, options: AttentionOptions & { offset?: number } = {}) {
  const E = mha.dModel;
  const d = mha.headDim;
  const W = mha.inProjWeight;
  const b = mha.inProjBias!;
  const q = linear(x, slice(W, 0, 0, E), slice(b, 0, 0, E));
  const k = linear(ctx, slice(W, 0, E, 2 * E), slice(b, 0, E, 2 * E));
  const v = linear(ctx, slice(W, 0, 2 * E), slice(b, 0, 2 * E));
  const rope = mha.rotary ? new RotaryEmbedding(d) : null;
  const Tq = x.shape[x.rank - 2];
  const Tk = ctx.shape[ctx.rank - 2];
  const outputs: Tensor[] = [];
  const weights: Tensor[] = [];
  for (let h = 0; h < mha.heads; h++) {
    let qh = slice(q, -1, h * d, (h + 1) * d);
    let kh = slice(k, -1, h * d, (h + 1) * d);
    if (rope) {
      qh = rope.apply(qh, (options.offset ?? 0) + Tk - Tq);
      kh = rope.apply(kh, options.offset ?? 0);
    }
    const r = attention(qh, kh, slice(v, -1, h * d, (h + 1) * d), { scale: mha.scale, causal: options.causal, mask: options.mask });
    outputs.push(r.output);
    weights.push(r.weights);
  }
  return { output: linear(concat(outputs, -1), mha.outProj.weight, mha.outProj.bias), weights: stack(weights, 1) };
}

const tight = { atol: 1e-13, rtol: 1e-11 };

describe('MultiHeadAttention against PyTorch', () => {
  for (const c of ref.cases) {
    it(`MultiHeadAttention matches torch.nn.MultiheadAttention on ${c.name}: output, weights and every gradient`, () => {
      const x = refInputs(c);
      const E = x.x.shape[2];
      const mha = new MultiHeadAttention(E, c.params.heads as number);
      mha.loadStateDict({
        in_proj_weight: concat([x.wq, x.wk, x.wv], 0),
        in_proj_bias: concat([x.bq, x.bk, x.bv], 0),
        'out_proj.weight': x.wo,
        'out_proj.bias': x.bo,
      });
      const { output, weights } = mha.attend(x.x, { causal: c.params.causal === true });
      expectClose(output, c.outputs.out, ref.tolerance, 'out');
      expectClose(weights, c.outputs.weights, ref.tolerance, 'weights');
      sum(mul(output, refTensor(c.upstream.out))).backward();
      const tol = ref.tolerance;
      expectClose(x.x.grad, c.grads.x, tol, 'grad x');
      const W = mha.inProjWeight.grad!;
      const B = mha.inProjBias!.grad!;
      ['wq', 'wk', 'wv'].forEach((n, i) => expectClose(slice(W, 0, i * E, (i + 1) * E), c.grads[n], tol, `grad ${n}`));
      ['bq', 'bk', 'bv'].forEach((n, i) => expectClose(slice(B, 0, i * E, (i + 1) * E), c.grads[n], tol, `grad ${n}`));
      expectClose(mha.outProj.weight.grad, c.grads.wo, tol, 'grad wo');
      expectClose(mha.outProj.bias!.grad, c.grads.bo, tol, 'grad bo');
    });
  }
});

describe('MultiHeadAttention', () => {
  it("MultiHeadAttention has PyTorch's parameters: in_proj_weight [3E, E] (xavier), in_proj_bias and out_proj.bias at 0", () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 1 });
    expect(mha.namedParameters().map(([n, p]) => `${n} [${p.shape}]`)).toEqual([
      'in_proj_weight [24,8]', 'in_proj_bias [24]', 'out_proj.weight [8,8]', 'out_proj.bias [8]',
    ]);
    expect(mha.headDim).toBe(4);
    const bound = Math.sqrt(6 / (8 + 24));
    expect(Math.max(...mha.inProjWeight.toFlat().map(Math.abs))).toBeLessThan(bound);
    expect(Math.max(...mha.inProjWeight.toFlat().map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(mha.inProjBias!.toFlat().every((v) => v === 0)).toBe(true);
    expect(mha.outProj.bias!.toFlat().every((v) => v === 0)).toBe(true);
    const noBias = new MultiHeadAttention(8, 2, { bias: false });
    expect(noBias.namedParameters().map(([n]) => n)).toEqual(['in_proj_weight', 'out_proj.weight']);
  });

  it('MultiHeadAttention with the same seed has the same weights', () => {
    const a = new MultiHeadAttention(4, 2, { seed: 3 }).stateDict();
    const b = new MultiHeadAttention(4, 2, { seed: 3 }).stateDict();
    for (const n of Object.keys(a)) expect(b[n].toFlat()).toEqual(a[n].toFlat());
  });

  it('MultiHeadAttention self-attention equals the composition from attention() and linear(), with a [batch, Tq, Tk] mask', () => {
    const mha = new MultiHeadAttention(6, 3, { seed: 2 });
    randomize(mha, 10);
    const x = randn([2, 4, 6], { seed: 3 });
    const mask = tensor([[[1, 1, 0, 1], [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 0, 1]], [[1, 1, 1, 1], [1, 0, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]]]);
    const got = mha.attend(x, { mask, causal: true });
    const want = composed(mha, x, x, { mask, causal: true });
    expectClose(got.output, want.output, tight, 'output');
    expectClose(got.weights, want.weights, tight, 'weights');
  });

  it('MultiHeadAttention cross-attention with a context of another length equals the composition, gradients too', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 4 });
    randomize(mha, 20);
    const x = randn([2, 3, 8], { seed: 5 }).requireGrad();
    const ctx = randn([2, 5, 8], { seed: 6 }).requireGrad();
    const up = randn([2, 3, 8], { seed: 7 });
    const got = mha.attend(x, { context: ctx });
    expect(got.output.shape).toEqual([2, 3, 8]);
    expect(got.weights.shape).toEqual([2, 2, 3, 5]);
    sum(mul(got.output, up)).backward();
    const grads = [x, ctx, ...mha.parameters()].map((t) => t.grad!);
    [x, ctx].forEach((t) => t.zeroGrad());
    mha.zeroGrad();
    const want = composed(mha, x, ctx);
    expectClose(got.output, want.output, tight, 'output');
    expectClose(got.weights, want.weights, tight, 'weights');
    sum(mul(want.output, up)).backward();
    [x, ctx, ...mha.parameters()].forEach((t, i) => expectClose(t.grad, grads[i], tight, `grad ${i}`));
  });

  it('MultiHeadAttention cross-attention with causal aligns the last query with the last key', () => {
    const mha = new MultiHeadAttention(4, 1, { seed: 8 });
    const { weights } = mha.attend(randn([1, 2, 4], { seed: 9 }), { context: randn([1, 4, 4], { seed: 10 }), causal: true });
    const attended = (weights.toArray() as number[][][][])[0][0].map((row) => row.map((w) => (w === 0 ? 0 : 1)));
    expect(attended).toEqual([[1, 1, 1, 0], [1, 1, 1, 1]]);
  });

  it('MultiHeadAttention keyPadding gives padded keys exactly 0 weight, as if they were not there', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 11 });
    randomize(mha, 30);
    const x = randn([2, 4, 8], { seed: 12 });
    const keyPadding = tensor([[1, 1, 1, 0], [1, 1, 0, 0]]);
    const { output, weights } = mha.attend(x, { keyPadding });
    const w = weights.toArray() as number[][][][];
    for (let h = 0; h < 2; h++) {
      for (let i = 0; i < 4; i++) {
        expect(w[0][h][i][3]).toBe(0);
        expect([w[1][h][i][2], w[1][h][i][3]]).toEqual([0, 0]);
        expect(w[1][h][i][0]).toBeGreaterThan(0);
      }
    }
    // batch item b attends only its first n keys: cross-attention to that prefix
    [3, 2].forEach((n, b) => {
      const xb = x.index(b);
      expectClose(output.index(b), mha.attend(xb, { context: slice(xb, 0, 0, n) }).output, tight, `item ${b}`);
    });
  });

  it('MultiHeadAttention keyPadding combines with causal', () => {
    const mha = new MultiHeadAttention(4, 2, { seed: 13 });
    const { weights } = mha.attend(randn([1, 3, 4], { seed: 14 }), { causal: true, keyPadding: tensor([[0, 1, 1]]) });
    const attended = (weights.toArray() as number[][][][])[0][1].map((row) => row.map((w) => (Number.isNaN(w) ? 'NaN' : w === 0 ? 0 : 1)));
    // query 0 may only see key 0, which is padding: all masked, NaN like PyTorch
    expect(attended).toEqual([['NaN', 'NaN', 'NaN'], [0, 1, 0], [0, 1, 1]]);
  });

  it('MultiHeadAttention on unbatched [T, E] input equals the batched result for [1, T, E]', () => {
    const mha = new MultiHeadAttention(6, 2, { seed: 15 });
    randomize(mha, 40);
    const x = randn([5, 6], { seed: 16 });
    const one = mha.attend(x, { causal: true });
    const batched = mha.attend(x.reshape([1, 5, 6]), { causal: true });
    expect(one.output.shape).toEqual([5, 6]);
    expect(one.weights.shape).toEqual([2, 5, 5]);
    expect(one.output.toFlat()).toEqual(batched.output.toFlat());
    expect(one.weights.toFlat()).toEqual(batched.weights.toFlat());
    const ctx = randn([3, 6], { seed: 17 });
    expect(mha.forward(x, { context: ctx }).toFlat()).toEqual(mha.forward(x.reshape([1, 5, 6]), { context: ctx.reshape([1, 3, 6]) }).toFlat());
  });

  it("MultiHeadAttention with scale: 'none' does not divide the scores by √dHead", () => {
    const mha = new MultiHeadAttention(4, 2, { seed: 18, scale: 'none' });
    const x = randn([1, 3, 4], { seed: 19 });
    expectClose(mha.attend(x).weights, composed(mha, x, x).weights, tight);
    const sqrt = new MultiHeadAttention(4, 2, { seed: 18 });
    expect(sqrt.attend(x).weights.toFlat()).not.toEqual(mha.attend(x).weights.toFlat());
  });

  it('MultiHeadAttention with rotary rotates q and k per head: it changes the result and equals the composition', () => {
    const plain = new MultiHeadAttention(8, 2, { seed: 20 });
    const rotary = new MultiHeadAttention(8, 2, { seed: 20, rotary: true });
    expect(rotary.rotary).toBeInstanceOf(RotaryEmbedding);
    randomize(plain, 50);
    randomize(rotary, 50);
    const x = randn([2, 5, 8], { seed: 21 });
    const a = plain.attend(x, { causal: true });
    const b = rotary.attend(x, { causal: true });
    expect(Math.max(...a.output.sub(b.output).abs().toFlat())).toBeGreaterThan(1e-3);
    const want = composed(rotary, x, x, { causal: true });
    expectClose(b.output, want.output, tight, 'output');
    expectClose(b.weights, want.weights, tight, 'weights');
  });

  it('MultiHeadAttention with rotary depends only on relative positions: the offset does not change self-attention', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 22, rotary: true });
    randomize(mha, 60);
    const x = randn([1, 4, 8], { seed: 23 });
    const a = mha.attend(x, { causal: true });
    expectClose(mha.attend(x, { causal: true, offset: 9 }).output, a.output, { atol: 1e-12, rtol: 1e-10 });
    expectClose(mha.attend(x, { causal: true, offset: 9 }).weights, a.weights, { atol: 1e-12, rtol: 1e-10 });
  });

  for (const rotary of [false, true]) {
    it(`MultiHeadAttention with causal${rotary ? ' and rotary' : ''}: changing token t changes no output before t`, () => {
      const mha = new MultiHeadAttention(8, 2, { seed: 24, rotary });
      randomize(mha, 70);
      const x = randn([1, 5, 8], { seed: 25 });
      const before = mha.forward(x, { causal: true }).toArray() as number[][][];
      for (const t of [0, 2, 4]) {
        const changed = x.toArray() as number[][][];
        changed[0][t] = changed[0][t].map((v) => v + 1);
        const after = mha.forward(tensor(changed), { causal: true }).toArray() as number[][][];
        for (let i = 0; i < t; i++) expect(after[0][i]).toEqual(before[0][i]);
        for (let i = t; i < 5; i++) expect(after[0][i]).not.toEqual(before[0][i]);
      }
    });
  }

  it('MultiHeadAttention gradients match finite differences for the input and every parameter', () => {
    const mha = new MultiHeadAttention(4, 2, { seed: 26, rotary: true });
    randomize(mha, 80);
    const x = randn([2, 3, 4], { seed: 27 });
    const keyPadding = tensor([[1, 1, 1], [1, 0, 1]]);
    const rx = gradcheck((t: Tensor) => mha.forward(t, { causal: true, keyPadding }), [x]);
    expect(rx.mismatches).toEqual([]);
    const rp = gradcheckParameters(mha, () => mha.forward(x, { causal: true, keyPadding }));
    expect(rp.mismatches).toEqual([]);
    expect(rp.checked).toBe(mha.numParameters());
  });

  it('MultiHeadAttention refuses bad sizes and bad shapes, naming what it got', () => {
    expect(thrown(() => new MultiHeadAttention(6, 4))).toMatchObject({
      code: 'ARGUMENT', message: 'MultiHeadAttention: dModel must be divisible by heads, got dModel 6 and heads 4',
    });
    expect(thrown(() => new MultiHeadAttention(8, 0))).toMatchObject({
      code: 'ARGUMENT', message: 'MultiHeadAttention: heads must be a positive integer, got 0',
    });
    const mha = new MultiHeadAttention(8, 2);
    expect(thrown(() => mha.attend(randn([2, 3, 5])))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: x must be [batch, T, 8] or [T, 8], got [2,3,5]',
    });
    expect(thrown(() => mha.attend(randn([8])))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: x must be [batch, T, 8] or [T, 8], got [8]',
    });
    expect(thrown(() => mha.attend(randn([1, 2, 3, 8])))).toMatchObject({ code: 'SHAPE' });
    const x = randn([2, 4, 8]);
    expect(thrown(() => mha.attend(x, { keyPadding: tensor([[1, 1, 1], [1, 1, 1]]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: keyPadding must be [2, 4], got [2,3]',
    });
    expect(thrown(() => mha.attend(x, { keyPadding: tensor([1, 1, 1, 1]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: keyPadding must be [2, 4], got [4]',
    });
    expect(thrown(() => mha.attend(x, { context: randn([3, 5, 8]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: context batch must match x, got x [2,4,8] and context [3,5,8]',
    });
    expect(thrown(() => mha.attend(x, { context: randn([2, 5, 4]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: context must be shaped like x ([batch, Tk, 8]), got [2,5,4]',
    });
    expect(thrown(() => mha.attend(randn([4, 8]), { context: randn([1, 5, 8]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: context must be shaped like x ([Tk, 8]), got [1,5,8]',
    });
    expect(thrown(() => mha.attend(x, { mask: tensor([1, 1, 1, 1]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: mask must be [Tq, Tk] or [batch, Tq, Tk], got [4]',
    });
    expect(thrown(() => mha.attend(x, { mask: tensor([[1, 1, 1], [1, 1, 1]]) }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: mask must broadcast to the scores [2,2,4,4], got [2,3]',
    });
  });
});
