import { describe, expect, it } from 'vitest';
import { expectClose, gradcheckParameters, readReference, refInputs, refTensor, thrown } from '../../test/nn-testing.js';
import {
  add, concat, crossEntropy, DecoderOnly, gradcheck, mul, randn, Rng, RotaryEmbedding, slice, sum, tensor, Tensor, TransformerEncoderLayer,
  traceForward, type Activation, type PositionalKind,
} from '../index.js';

const ref = readReference('transformer_encoder_layer.json');

const tokens = (rows: number[][]) => tensor(rows);
const randomTokens = (B: number, T: number, vocab: number, seed: number) => {
  const rng = new Rng(seed);
  return tensor(Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(vocab))));
};

describe('TransformerEncoderLayer against PyTorch', () => {
  for (const c of ref.cases) {
    it(`TransformerEncoderLayer matches torch on ${c.name}: output and the gradient of x and every parameter`, () => {
      const x = refInputs(c);
      const E = x.x.shape[2];
      const layer = new TransformerEncoderLayer(E, c.params.heads as number, {
        ff: x.w1.shape[0], normFirst: c.params.norm_first === true, activation: c.params.activation as Activation, eps: c.params.eps as number,
      });
      layer.loadStateDict({
        'self_attn.in_proj_weight': concat([x.wq, x.wk, x.wv], 0),
        'self_attn.in_proj_bias': concat([x.bq, x.bk, x.bv], 0),
        'self_attn.out_proj.weight': x.wo, 'self_attn.out_proj.bias': x.bo,
        'linear1.weight': x.w1, 'linear1.bias': x.b1, 'linear2.weight': x.w2, 'linear2.bias': x.b2,
        'norm1.weight': x.ln1_gamma, 'norm1.bias': x.ln1_beta, 'norm2.weight': x.ln2_gamma, 'norm2.bias': x.ln2_beta,
      });
      const y = layer.forward(x.x, { causal: c.params.causal === true });
      const tol = ref.tolerance;
      expectClose(y, c.outputs.y, tol, 'y');
      sum(mul(y, refTensor(c.upstream.y))).backward();
      expectClose(x.x.grad, c.grads.x, tol, 'grad x');
      const W = layer.selfAttn.inProjWeight.grad!;
      const B = layer.selfAttn.inProjBias!.grad!;
      ['wq', 'wk', 'wv'].forEach((n, i) => expectClose(slice(W, 0, i * E, (i + 1) * E), c.grads[n], tol, `grad ${n}`));
      ['bq', 'bk', 'bv'].forEach((n, i) => expectClose(slice(B, 0, i * E, (i + 1) * E), c.grads[n], tol, `grad ${n}`));
      const byName: Record<string, Tensor | null> = {
        wo: layer.selfAttn.outProj.weight.grad, bo: layer.selfAttn.outProj.bias!.grad,
        w1: layer.linear1!.weight.grad, b1: layer.linear1!.bias!.grad, w2: layer.linear2!.weight.grad, b2: layer.linear2!.bias!.grad,
        ln1_gamma: layer.norm1.weight.grad, ln1_beta: layer.norm1.bias.grad, ln2_gamma: layer.norm2!.weight.grad, ln2_beta: layer.norm2!.bias.grad,
      };
      for (const [n, g] of Object.entries(byName)) expectClose(g, c.grads[n], tol, `grad ${n}`);
      // every parameter of the layer is covered by the reference
      expect(layer.namedParameters()).toHaveLength(12);
    });
  }
});

describe('TransformerEncoderLayer', () => {
  it("TransformerEncoderLayer uses PyTorch's parameter names and a 4·dModel feed-forward by default", () => {
    const layer = new TransformerEncoderLayer(8, 2);
    expect(layer.namedParameters().map(([n, p]) => `${n} [${p.shape}]`)).toEqual([
      'self_attn.in_proj_weight [24,8]', 'self_attn.in_proj_bias [24]', 'self_attn.out_proj.weight [8,8]', 'self_attn.out_proj.bias [8]',
      'linear1.weight [32,8]', 'linear1.bias [32]', 'linear2.weight [8,32]', 'linear2.bias [8]',
      'norm1.weight [8]', 'norm1.bias [8]', 'norm2.weight [8]', 'norm2.bias [8]',
    ]);
    expect(layer.normFirst).toBe(false);
    expect(layer.norm1.eps).toBe(1e-5);
  });

  it('TransformerEncoderLayer with causal: true always masks, like forward with { causal: true }', () => {
    const always = new TransformerEncoderLayer(8, 2, { seed: 1, causal: true, ff: 16 });
    const sometimes = new TransformerEncoderLayer(8, 2, { seed: 1, ff: 16 });
    const x = randn([2, 4, 8], { seed: 2 });
    expect(always.forward(x).toFlat()).toEqual(sometimes.forward(x, { causal: true }).toFlat());
    expect(always.forward(x).toFlat()).not.toEqual(sometimes.forward(x).toFlat());
  });

  it('TransformerEncoderLayer gradients match finite differences for x (pre-norm, gelu, rotary)', () => {
    const layer = new TransformerEncoderLayer(4, 2, { seed: 3, ff: 6, normFirst: true, activation: 'gelu', rotary: true });
    const r = gradcheck((t: Tensor) => layer.forward(t, { causal: true }), [randn([2, 3, 4], { seed: 4 })]);
    expect(r.mismatches).toEqual([]);
  });

  it('TransformerEncoderLayer records its intermediates in a trace, in the order a post-norm block computes them', () => {
    const layer = new TransformerEncoderLayer(8, 2, { seed: 1, ff: 16 });
    const x = randn([1, 3, 8], { seed: 2 });
    const { output, trace } = traceForward(layer, x);
    expect(Object.entries(trace.values).map(([name, t]) => `${name} [${t.shape.join(',')}]`)).toEqual([
      'self_attn [1,3,8]', 'residual1 [1,3,8]', 'norm1 [1,3,8]', 'linear1 [1,3,16]', 'activation [1,3,16]', 'linear2 [1,3,8]', 'residual2 [1,3,8]', 'norm2 [1,3,8]',
    ]);
    expect(trace.values.residual1.data).toEqual(add(x, layer.selfAttn.forward(x)).toFlat());
    expect(trace.values.norm2.data).toEqual(output.toFlat());
    expect(trace.attention).toHaveLength(2);
  });

  it('TransformerEncoderLayer records a pre-norm block as norm1, self_attn, residual1, norm2, linear1, activation, linear2, residual2', () => {
    const layer = new TransformerEncoderLayer(8, 2, { seed: 1, ff: 16, normFirst: true });
    const x = randn([1, 3, 8], { seed: 2 });
    const { output, trace } = traceForward(layer, x);
    expect(Object.keys(trace.values)).toEqual(['norm1', 'self_attn', 'residual1', 'norm2', 'linear1', 'activation', 'linear2', 'residual2']);
    expect(trace.values.norm1.data).toEqual(layer.norm1.forward(x).toFlat());
    expect(trace.values.residual2.data).toEqual(output.toFlat());
    // without a trace nothing is recorded anywhere: the forward pass is the same numbers
    expect(layer.forward(x).toFlat()).toEqual(output.toFlat());
  });

  it('TransformerEncoderLayer with ff: 0 is attention only: x + self_attn(norm1(x)) pre-norm, norm1(x + self_attn(x)) post-norm, no linear1, linear2, norm2', () => {
    const x = randn([2, 3, 8], { seed: 2 });
    const pre = new TransformerEncoderLayer(8, 2, { seed: 1, ff: 0, normFirst: true });
    expect(Object.keys(pre.stateDict()).filter((k) => !k.startsWith('self_attn.'))).toEqual(['norm1.weight', 'norm1.bias']);
    expect([pre.linear1, pre.linear2, pre.norm2, pre.ff]).toEqual([null, null, null, 0]);
    const { output, trace } = traceForward(pre, x);
    expect(Object.keys(trace.values)).toEqual(['norm1', 'self_attn', 'residual1']);
    expect(output.toFlat()).toEqual(add(x, pre.selfAttn.forward(pre.norm1.forward(x))).toFlat());
    const post = new TransformerEncoderLayer(8, 2, { seed: 1, ff: 0 });
    expect(post.forward(x).toFlat()).toEqual(post.norm1.forward(add(x, post.selfAttn.forward(x))).toFlat());
    // the attention weights are those of a full block of the same seed: only the feed-forward is gone
    const full = new TransformerEncoderLayer(8, 2, { seed: 1, ff: 16, normFirst: true });
    expect(pre.selfAttn.forward(x).toFlat()).toEqual(full.selfAttn.forward(x).toFlat());
  });

  it('TransformerEncoderLayer refuses a bad feed-forward width', () => {
    for (const ff of [-1, 2.5, Number.NaN]) {
      expect(thrown(() => new TransformerEncoderLayer(8, 2, { ff }))).toMatchObject({
        code: 'ARGUMENT', message: `TransformerEncoderLayer: ff must be a positive integer, or 0 for no feed-forward sublayer, got ${ff}`,
      });
    }
    expect(thrown(() => new TransformerEncoderLayer(8, 3))).toMatchObject({ code: 'ARGUMENT' });
  });
});

const small = (positional: PositionalKind, seed = 0) =>
  new DecoderOnly({ vocabSize: 7, maxLen: 6, dModel: 8, heads: 2, layers: 2, ff: 16, positional, seed });

describe('DecoderOnly', () => {
  it('DecoderOnly maps tokens [batch, T] to logits [batch, T, vocabSize]', () => {
    const gpt = small('learned');
    expect(gpt.forward(tokens([[1, 2, 3], [4, 5, 6]])).shape).toEqual([2, 3, 7]);
    expect(gpt.forward(tokens([[0, 1, 2, 3, 4, 5]])).shape).toEqual([1, 6, 7]);
  });

  it("DecoderOnly's trace names each block's intermediates by the block's path", () => {
    const { trace } = traceForward(small('learned'), tensor([[1, 2, 3]]));
    expect(Object.keys(trace.values).filter((k) => k.endsWith('.residual2'))).toEqual(['blocks.0.residual2', 'blocks.1.residual2']);
    expect(trace.values['blocks.1.linear1'].shape).toEqual([1, 3, 16]);
  });

  it('DecoderOnly names its parameters tok_emb, pos_emb, blocks.i.*, norm, head', () => {
    const names = small('learned').namedParameters().map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(['tok_emb.weight', 'pos_emb.weight', 'blocks.0.self_attn.in_proj_weight']);
    expect(names).toContain('blocks.1.norm2.bias');
    expect(names.slice(-4)).toEqual(['norm.weight', 'norm.bias', 'head.weight', 'head.bias']);
    expect(small('sinusoidal').namedParameters().map(([n]) => n)).not.toContain('pos_emb.weight');
    expect(small('rotary').namedParameters().map(([n]) => n)).not.toContain('pos_emb.weight');
    expect(small('rotary').blocks.every((b) => b.selfAttn.rotary instanceof RotaryEmbedding)).toBe(true);
    expect(small('learned').blocks.every((b) => b.selfAttn.rotary === null && b.normFirst && b.causal)).toBe(true);
  });

  it('DecoderOnly has the documented defaults', () => {
    const gpt = new DecoderOnly({ vocabSize: 5, maxLen: 3 });
    expect(gpt.config).toEqual({ vocabSize: 5, maxLen: 3, dModel: 32, heads: 4, layers: 2, ff: 128, positional: 'learned', activation: 'gelu', tieWeights: false, dtype: 'float64' });
  });

  for (const [positional, tieWeights] of [['learned', false], ['sinusoidal', true], ['rotary', false]] as [PositionalKind, boolean][]) {
    it(`DecoderOnly with dtype 'float32' (${positional} positions${tieWeights ? ', tied' : ''}) computes in float32 and matches the float64 model of its seed within float32 precision, logits and every gradient`, () => {
      const options = { vocabSize: 11, maxLen: 8, dModel: 16, heads: 2, layers: 2, positional, tieWeights, seed: 9 };
      const f64 = new DecoderOnly(options);
      const f32 = new DecoderOnly({ ...options, dtype: 'float32' });
      expect(f32.config.dtype).toBe('float32');
      expect(f32.modelConfig().options.dtype).toBe('float32');
      const wide = f64.namedParameters();
      f32.namedParameters().forEach(([name, p], i) => {
        expect(p.dtype, name).toBe('float32');
        expect(Array.from(p.data), name).toEqual(Array.from(Float32Array.from(wide[i][1].data)));
      });
      const x = randomTokens(3, 8, 11, 10);
      const target = randomTokens(3, 8, 11, 11);
      const logits32 = f32.forward(x);
      expect(logits32.dtype).toBe('float32');
      // the float32 model starts from the rounded weights: give the float64 one the same
      f64.loadStateDict(Object.fromEntries(f32.namedParameters()));
      const loss64 = crossEntropy(f64.forward(x), target);
      const loss32 = crossEntropy(logits32, target);
      expect(loss32.dtype).toBe('float32');
      expect(Math.abs(loss32.item() - loss64.item())).toBeLessThan(1e-5 * loss64.item());
      loss32.backward();
      loss64.backward();
      const grads64 = new Map(f64.namedParameters());
      for (const [name, p] of f32.namedParameters()) {
        const want = grads64.get(name)!.grad!;
        expect(p.grad!.dtype, name).toBe('float32');
        const scale = Math.max(...Array.from(want.data, Math.abs));
        expectClose(p.grad, want, { atol: 1e-4 * scale, rtol: 1e-3 }, `${name} gradient`);
      }
    });
  }

  it("DecoderOnly refuses a dtype other than 'float64' and 'float32'", () => {
    expect(thrown(() => new DecoderOnly({ vocabSize: 5, maxLen: 3, dtype: 'int8' as 'float32' }))).toMatchObject({
      code: 'ARGUMENT', message: 'DecoderOnly: dtype must be \'float64\' or \'float32\', got "int8"',
    });
  });

  it('DecoderOnly with tieWeights: true has no head parameters and computes the logits of a head that holds tok_emb.weight and no bias', () => {
    const options = { vocabSize: 7, maxLen: 6, dModel: 8, heads: 2, layers: 1, ff: 16, seed: 4 };
    const tied = new DecoderOnly({ ...options, tieWeights: true });
    const untied = new DecoderOnly(options);
    expect(tied.head).toBeNull();
    const names = tied.namedParameters().map(([n]) => n);
    expect(names).toEqual(untied.namedParameters().map(([n]) => n).filter((n) => !n.startsWith('head.')));
    expect(tied.parameters().filter((p) => p === tied.tokEmb.weight)).toHaveLength(1);
    expect(tied.numParameters()).toBe(untied.numParameters() - 7 * 8 - 7);
    untied.loadStateDict({ ...tied.stateDict(), 'head.weight': tied.tokEmb.weight, 'head.bias': tensor([0, 0, 0, 0, 0, 0, 0]) });
    const x = randomTokens(2, 6, 7, 5);
    expectClose(tied.forward(x), untied.forward(x), { atol: 1e-15, rtol: 1e-12 });
  });

  it("DecoderOnly with tieWeights: true sends both uses' gradients into tok_emb.weight, matching finite differences", () => {
    const options = { vocabSize: 5, maxLen: 3, dModel: 4, heads: 2, layers: 1, ff: 4, seed: 6 };
    const tied = new DecoderOnly({ ...options, tieWeights: true });
    const x = tokens([[1, 4, 2]]);
    const y = tokens([[4, 2, 0]]);
    const r = gradcheckParameters(tied, () => crossEntropy(tied.forward(x), y));
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(tied.numParameters());
    // the shared matrix's gradient is the embedding's plus the head's of an untied copy
    const untied = new DecoderOnly(options);
    untied.loadStateDict({ ...tied.stateDict(), 'head.weight': tied.tokEmb.weight, 'head.bias': tensor([0, 0, 0, 0, 0]) });
    crossEntropy(tied.forward(x), y).backward();
    crossEntropy(untied.forward(x), y).backward();
    expectClose(tied.tokEmb.weight.grad, add(untied.tokEmb.weight.grad!, untied.head!.weight.grad!), { atol: 1e-15, rtol: 1e-12 });
  });

  for (const kind of ['learned', 'sinusoidal', 'rotary'] as const) {
    it(`DecoderOnly (${kind}) is causal: changing token t changes no logit before t, and changes the logits at t`, () => {
      const gpt = small(kind, 1);
      const base = [[3, 1, 4, 1, 5, 2]];
      const before = gpt.forward(tokens(base)).toArray() as number[][][];
      for (const t of [1, 3, 5]) {
        const changed = base.map((r) => r.slice());
        changed[0][t] = (changed[0][t] + 3) % 7;
        const after = gpt.forward(tokens(changed)).toArray() as number[][][];
        for (let i = 0; i < t; i++) expect(after[0][i]).toEqual(before[0][i]);
        expect(after[0][t]).not.toEqual(before[0][t]);
      }
    });

    it(`DecoderOnly (${kind}) knows positions: the same token at two positions gets different logits`, () => {
      const logits = small(kind, 2).forward(tokens([[4, 4]])).toArray() as number[][][];
      expect(logits[0][1]).not.toEqual(logits[0][0]);
    });
  }

  it('DecoderOnly gradients reach every parameter', () => {
    for (const kind of ['learned', 'sinusoidal', 'rotary'] as const) {
      const gpt = small(kind, 3);
      const x = randomTokens(2, 5, 7, 4);
      const loss = crossEntropy(gpt.forward(x), randomTokens(2, 5, 7, 5));
      loss.backward();
      for (const [name, p] of gpt.namedParameters()) {
        expect(p.grad, `${kind} ${name}`).toBeInstanceOf(Tensor);
        const g = p.grad!.toFlat();
        expect(g.every(Number.isFinite), `${kind} ${name} finite`).toBe(true);
        expect(g.some((v) => v !== 0), `${kind} ${name} non-zero`).toBe(true);
      }
    }
  });

  it('DecoderOnly gradients of every parameter match finite differences', () => {
    const gpt = new DecoderOnly({ vocabSize: 4, maxLen: 3, dModel: 4, heads: 2, layers: 1, ff: 4, seed: 6 });
    const x = tokens([[1, 3, 2]]);
    const y = tokens([[3, 2, 0]]);
    const r = gradcheckParameters(gpt, () => crossEntropy(gpt.forward(x), y));
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(gpt.numParameters());
  });

  it('DecoderOnly with the same seed has the same weights, another seed other weights', () => {
    const flat = (m: DecoderOnly) => m.parameters().map((p) => p.toFlat());
    expect(flat(small('learned', 9))).toEqual(flat(small('learned', 9)));
    expect(flat(small('learned', 9))).not.toEqual(flat(small('learned', 10)));
    const x = tokens([[1, 2, 3]]);
    expect(small('rotary', 9).forward(x).toFlat()).toEqual(small('rotary', 9).forward(x).toFlat());
  });

  it('DecoderOnly refuses sequences longer than maxLen and tokens of the wrong shape or range', () => {
    const gpt = small('learned');
    expect(thrown(() => gpt.forward(tokens([[1, 2, 3, 4, 5, 6, 0]])))).toMatchObject({
      code: 'SHAPE', message: 'DecoderOnly: sequence length 7 exceeds maxLen 6',
    });
    expect(thrown(() => small('sinusoidal').forward(tokens([[1, 2, 3, 4, 5, 6, 0]])))).toMatchObject({ code: 'SHAPE' });
    expect(thrown(() => gpt.forward(tensor([1, 2])))).toMatchObject({ code: 'SHAPE', message: 'DecoderOnly: tokens must be [batch, T], got [2]' });
    expect(thrown(() => gpt.forward(tokens([[1, 7]])))).toMatchObject({
      code: 'RANGE', message: 'gatherRows: indices must be integers in [0, 7), got 7 at position 1',
    });
  });

  it('DecoderOnly with ff: 0 has attention-only blocks: the same parameter names without linear1, linear2, norm2, and gradients that match finite differences', () => {
    const gpt = new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 4, heads: 2, layers: 2, ff: 0, seed: 3 });
    const names = Object.keys(gpt.stateDict());
    const full = Object.keys(new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 4, heads: 2, layers: 2, ff: 8, seed: 3 }).stateDict());
    expect(names).toEqual(full.filter((k) => !/\.(linear1|linear2|norm2)\./.test(k)));
    expect(gpt.config.ff).toBe(0);
    const x = tokens([[1, 4, 0, 2]]);
    expect(gpt.forward(x).shape).toEqual([1, 4, 5]);
    const y = tensor([[4, 0, 2, 1]]);
    const r = gradcheckParameters(gpt, () => crossEntropy(gpt.forward(x), y));
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(gpt.numParameters());
  });

  it('DecoderOnly refuses bad options', () => {
    expect(thrown(() => new DecoderOnly({ vocabSize: 0, maxLen: 4 }))).toMatchObject({
      code: 'ARGUMENT', message: 'DecoderOnly: vocabSize must be a positive integer, got 0',
    });
    expect(thrown(() => new DecoderOnly({ vocabSize: 4, maxLen: 4, positional: 'alibi' as PositionalKind }))).toMatchObject({
      code: 'ARGUMENT', message: `DecoderOnly: positional must be 'learned', 'sinusoidal' or 'rotary', got "alibi"`,
    });
    expect(thrown(() => new DecoderOnly({ vocabSize: 4, maxLen: 4, dModel: 6, heads: 4 }))).toMatchObject({
      code: 'ARGUMENT', message: 'MultiHeadAttention: dModel must be divisible by heads, got dModel 6 and heads 4',
    });
    expect(thrown(() => new DecoderOnly(null as never))).toMatchObject({ code: 'ARGUMENT', message: 'DecoderOnly: options must be an object, got null' });
    expect(thrown(() => new DecoderOnly({ vocabSize: 4, maxLen: 4, tieWeights: 'yes' as never }))).toMatchObject({
      code: 'ARGUMENT', message: 'DecoderOnly: tieWeights must be a boolean, got "yes"',
    });
  });
});
