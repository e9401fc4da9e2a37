import { describe, expect, it } from 'vitest';
import { expectClose, randomize, thrown } from '../../test/nn-testing.js';
import {
  concat, DecoderOnly, KVCache, MultiHeadAttention, noGrad, randn, Rng, slice, tensor, Tensor, TransformerEncoderLayer,
  type DecoderOnlyOptions, type PositionalKind,
} from '../index.js';

/** float64 agreement of a cached pass with the full one: only the order of a few sums differs. */
const TIGHT = { atol: 1e-12, rtol: 1e-12 };

const randomTokens = (B: number, T: number, vocab: number, seed: number) => {
  const rng = new Rng(seed);
  return tensor(Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(vocab))));
};

/** Runs `x [batch, T, …]` through `step` in pieces of the given lengths along axis 1, and joins the outputs. */
function inPieces(x: Tensor, lengths: number[], step: (piece: Tensor) => Tensor): Tensor {
  const outs: Tensor[] = [];
  let at = 0;
  for (const n of lengths) {
    outs.push(step(slice(x, 1, at, at + n)));
    at += n;
  }
  expect(at).toBe(x.shape[1]);
  return concat(outs, 1);
}

/** A prompt of `prompt` positions, then one at a time up to T. */
const promptThenOnes = (prompt: number, T: number) => [prompt, ...Array<number>(T - prompt).fill(1)];

const gpt = (options: Partial<DecoderOnlyOptions> = {}) => {
  const model = new DecoderOnly({ vocabSize: 9, maxLen: 8, dModel: 8, heads: 2, layers: 2, ff: 12, seed: 1, ...options });
  randomize(model, 20); // biases start at 0: random ones make a misplaced bias show
  return model;
};

describe('MultiHeadAttention with a KVCache', () => {
  for (const rotary of [false, true]) {
    it(`MultiHeadAttention${rotary ? ' (rotary)' : ''} fed a prompt and then one position at a time with a KVCache gives the causal full-sequence output`, () => {
      const mha = new MultiHeadAttention(8, 2, { seed: 2, rotary });
      randomize(mha, 3);
      const x = randn([2, 6, 8], { seed: 4 });
      const full = mha.forward(x, { causal: true });
      const cache = new KVCache();
      expect(cache.length).toBe(0);
      const pieces = inPieces(x, promptThenOnes(3, 6), (p) => mha.forward(p, { causal: true, cache }));
      expectClose(pieces, full, TIGHT);
      expect(cache.length).toBe(6);
      expect(cache.keys!.shape).toEqual([2, 2, 6, 4]);
      expect(cache.values!.shape).toEqual([2, 2, 6, 4]);
    });
  }

  it('MultiHeadAttention with a KVCache starts rotary positions at offset + cache length', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 5, rotary: true });
    const x = randn([1, 4, 8], { seed: 6 });
    const full = mha.forward(x, { causal: true, offset: 3 });
    const cache = new KVCache();
    expectClose(inPieces(x, [2, 1, 1], (p) => mha.forward(p, { causal: true, offset: 3, cache })), full, TIGHT);
  });

  it('MultiHeadAttention with a KVCache takes keyPadding over the cached and the new positions', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 7 });
    randomize(mha, 8);
    const x = randn([2, 5, 8], { seed: 9 });
    const pad = tensor([[1, 1, 1, 1, 1], [0, 1, 1, 1, 1]]);
    const full = mha.forward(x, { causal: true, keyPadding: pad });
    const cache = new KVCache();
    const a = mha.forward(slice(x, 1, 0, 3), { causal: true, cache, keyPadding: slice(pad, 1, 0, 3) });
    const b = mha.forward(slice(x, 1, 3, 5), { causal: true, cache, keyPadding: pad });
    expectClose(concat([a, b], 1), full, TIGHT);
  });

  it('MultiHeadAttention head overrides count positions from the first cached one', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 10 });
    randomize(mha, 11);
    const x = randn([1, 5, 8], { seed: 12 });
    mha.headOverride = { 1: randn([5, 4], { seed: 13 }) }; // one value per position
    const full = mha.forward(x, { causal: true });
    const cache = new KVCache();
    expectClose(inPieces(x, [2, 1, 1, 1], (p) => mha.forward(p, { causal: true, cache })), full, TIGHT);
    mha.headOverride = { 1: randn([4, 4], { seed: 13 }) }; // too few positions for the fifth
    const short = new KVCache();
    mha.forward(slice(x, 1, 0, 4), { causal: true, cache: short });
    expect(thrown(() => mha.forward(slice(x, 1, 4), { causal: true, cache: short }))).toMatchObject({
      code: 'SHAPE', message: "MultiHeadAttention: headOverride[1] must be 'zero', [4], [T, 4] or [1, T, 4] with T ≥ 5, got [4,4]",
    });
  });

  it('MultiHeadAttention refuses a cache that is no KVCache, one with a context, and one of another shape, leaving the cache as it was', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 14 });
    const x = randn([2, 3, 8], { seed: 15 });
    expect(thrown(() => mha.forward(x, { cache: {} as KVCache }))).toMatchObject({
      code: 'ARGUMENT', message: 'MultiHeadAttention: cache must be a KVCache, for self-attention only, got object',
    });
    expect(thrown(() => mha.forward(x, { cache: new KVCache(), context: x }))).toMatchObject({
      code: 'ARGUMENT', message: 'MultiHeadAttention: cache must be a KVCache, for self-attention only, got a context',
    });
    const cache = new KVCache();
    mha.forward(x, { causal: true, cache });
    expect(thrown(() => mha.forward(randn([3, 1, 8]), { cache }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: cache holds keys [2,2,3,4], expected [3, 2, T, 4] for x [3,1,8]',
    });
    expect(thrown(() => new MultiHeadAttention(8, 4).forward(randn([2, 1, 8]), { cache }))).toMatchObject({
      code: 'SHAPE', message: 'MultiHeadAttention: cache holds keys [2,2,3,4], expected [2, 4, T, 2] for x [2,1,8]',
    });
    expect(thrown(() => mha.forward(randn([2, 1, 8]), { cache, keyPadding: tensor([[1, 1]]) }))).toMatchObject({ code: 'SHAPE' });
    expect(cache.length).toBe(3);
  });
});

describe('TransformerEncoderLayer with a KVCache', () => {
  for (const normFirst of [false, true]) {
    for (const ff of [16, 0]) {
      it(`a causal ${normFirst ? 'pre' : 'post'}-norm layer${ff ? '' : ' without feed-forward'} fed in pieces with a KVCache gives the full-sequence output`, () => {
        const layer = new TransformerEncoderLayer(8, 2, { seed: 16, ff, normFirst, causal: true, rotary: true });
        randomize(layer, 17);
        const x = randn([2, 7, 8], { seed: 18 });
        const cache = new KVCache();
        expectClose(inPieces(x, [3, 1, 2, 1], (p) => layer.forward(p, { cache })), layer.forward(x), TIGHT);
      });
    }
  }
});

describe('DecoderOnly with a cache', () => {
  for (const positional of ['learned', 'sinusoidal', 'rotary'] as PositionalKind[]) {
    for (const ff of [12, 0]) {
      it(`DecoderOnly (${positional}${ff ? '' : ', ff: 0'}): a prompt and then one token at a time with the cache give the logits of the full forward`, () => {
        const model = gpt({ positional, ff });
        const x = randomTokens(3, 8, 9, 21);
        const full = model.forward(x);
        const cache = model.createCache();
        expect(cache.layers).toHaveLength(2);
        const pieces = inPieces(x, promptThenOnes(4, 8), (p) => model.forward(p, { cache }));
        expectClose(pieces, full, TIGHT);
        expect(cache.length).toBe(8);
      });
    }
  }

  it('DecoderOnly with a cache gives the same logits in any split of the sequence, also under noGrad and with tied weights', () => {
    const model = gpt({ positional: 'rotary', tieWeights: true });
    const x = randomTokens(2, 8, 9, 22);
    const full = model.forward(x);
    for (const lengths of [[8], [1, 1, 1, 1, 1, 1, 1, 1], [5, 3], [2, 4, 2]]) {
      const cache = model.createCache();
      expectClose(noGrad(() => inPieces(x, lengths, (p) => model.forward(p, { cache }))), full, TIGHT);
    }
  });

  it('DecoderOnly with a cache carries gradients into the parameters like the full forward', () => {
    const model = gpt({ layers: 1 });
    const x = randomTokens(1, 5, 9, 23);
    const grads = (run: () => Tensor) => {
      model.zeroGrad();
      run().mul(randn([1, 5, 9], { seed: 24 })).sum().backward();
      return model.parameters().map((p) => p.grad!);
    };
    const full = grads(() => model.forward(x));
    const cached = grads(() => {
      const cache = model.createCache();
      return inPieces(x, [3, 1, 1], (p) => model.forward(p, { cache }));
    });
    full.forEach((g, i) => expectClose(cached[i], g, TIGHT));
  });

  it('DecoderOnly refuses a cache past maxLen, from another model, of another batch, or not a cache, and leaves it unchanged', () => {
    const model = gpt();
    const cache = model.createCache();
    model.forward(randomTokens(2, 6, 9, 25), { cache });
    expect(thrown(() => model.forward(randomTokens(2, 3, 9, 26), { cache }))).toMatchObject({
      code: 'SHAPE', message: 'DecoderOnly: sequence length 6 cached + 3 exceeds maxLen 8',
    });
    expect(thrown(() => model.forward(randomTokens(3, 1, 9, 27), { cache }))).toMatchObject({
      code: 'SHAPE', message: 'DecoderOnly: the cache holds a batch of 2, got tokens [3,1]',
    });
    expect(thrown(() => gpt().forward(randomTokens(2, 1, 9, 28), { cache }))).toMatchObject({
      code: 'ARGUMENT', message: "DecoderOnly: cache must come from this model's createCache(), got another model's cache",
    });
    expect(thrown(() => model.forward(randomTokens(2, 1, 9, 28), { cache: new KVCache() as never }))).toMatchObject({
      code: 'ARGUMENT', message: "DecoderOnly: cache must come from this model's createCache(), got object",
    });
    expect(cache.length).toBe(6);
    model.forward(randomTokens(2, 2, 9, 29), { cache });
    expect(cache.length).toBe(8);
    expect(thrown(() => model.forward(randomTokens(2, 1, 9, 30), { cache }))).toMatchObject({
      code: 'SHAPE', message: 'DecoderOnly: sequence length 8 cached + 1 exceeds maxLen 8',
    });
  });
});
