import {
  attention, DecoderOnly, index, log, mean, mul, MultiHeadAttention, neg, randn, sum, tensor, type Tensor, type ForwardOptions,
  TransformerEncoderLayer, TutorialAttention, traceForward,
} from '@attn/core';
import { describe, expect, it } from 'vitest';
import { analyzeHeads } from './analyze.js';
import { headMetrics } from './metrics.js';
import { repeatedTokens } from './repeated.js';
import { headRoles } from './roles.js';

/** Mean over queries of −Σ w ln w, computed with core's ops on a `[..., Tq, Tk]` weights tensor. */
function entropyByOps(weights: Tensor): number {
  return mean(neg(sum(mul(weights, log(weights)), -1))).item();
}

describe('headMetrics reads the traces of every model kind of @attn/core', () => {
  it('headMetrics(MultiHeadAttention trace) gives every head the entropy of the weights attend() returns', () => {
    const mha = new MultiHeadAttention(8, 2, { seed: 3 });
    const x = randn([3, 5, 8], { seed: 4 });
    const { weights } = mha.attend(x); // [batch, heads, T, T]
    const metrics = headMetrics(traceForward(mha, x).trace);
    expect(metrics.map((m) => [m.layer, m.head, m.causal, m.queries])).toEqual([[0, 0, false, 15], [0, 1, false, 15]]);
    for (const m of metrics) {
      expect(m.entropy).toBeCloseTo(entropyByOps(index(weights, m.head, 1)), 12);
      // tokens: the input is vectors, so there are none
      expect(m.duplicate).toBeNull();
      expect(m.induction).toBeNull();
    }
  });

  it('headMetrics(TransformerEncoderLayer trace) respects its causal mask and takes tokens from the options', () => {
    const layer = new TransformerEncoderLayer(8, 2, { causal: true, seed: 5 });
    const tokens = repeatedTokens({ vocabSize: 8, length: 3, batch: 2, seed: 1 });
    const x = randn([2, 6, 8], { seed: 6 });
    const { trace } = traceForward(layer, x);
    const metrics = headMetrics(trace, { tokens });
    expect(metrics).toHaveLength(2);
    for (const m of metrics) {
      expect(m.causal).toBe(true);
      expect(m.queries).toBe(2 * 5); // query 0 of each example sees one key
      expect(m.offset).toBeLessThan(0); // a causal head can only look back
      expect(m.entropyFraction).toBeGreaterThan(0);
      expect(m.entropyFraction).toBeLessThanOrEqual(1 + 1e-12);
      expect(m.induction).not.toBeNull();
      expect(m.duplicate).not.toBeNull();
    }
  });

  it('headMetrics(DecoderOnly trace) reads every block and takes the tokens from the trace', () => {
    const model = new DecoderOnly({ vocabSize: 10, maxLen: 12, dModel: 16, heads: 2, layers: 3, seed: 7 });
    const tokens = repeatedTokens({ vocabSize: 10, length: 5, batch: 2, seed: 2 });
    const { trace } = traceForward(model, tokens);
    const metrics = headMetrics(trace);
    expect(metrics.map((m) => `${m.module}/${m.head}`)).toEqual([
      'blocks.0.self_attn/0', 'blocks.0.self_attn/1', 'blocks.1.self_attn/0', 'blocks.1.self_attn/1', 'blocks.2.self_attn/0', 'blocks.2.self_attn/1',
    ]);
    expect(metrics.map((m) => m.induction)).toEqual(headMetrics(trace, { tokens }).map((m) => m.induction));
    for (const m of metrics) expect(m.induction).not.toBeNull();
  });

  it('headMetrics(DecoderOnly with key padding) skips the padded keys', () => {
    const model = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 8, heads: 2, layers: 1, seed: 8 });
    const tokens = tensor([[1, 2, 3, 4], [5, 6, 0, 0]]);
    const keyPadding = tensor([[1, 1, 1, 1], [1, 1, 0, 0]]);
    const traced = { forward: (x: Tensor, o: ForwardOptions = {}) => model.forward(x, { ...o, keyPadding }) };
    const [m] = headMetrics(traceForward(traced, tokens).trace);
    // example 0: queries 1..3 have a choice; example 1: queries 1..3 see keys 0..1 only
    expect(m.queries).toBe(6);
  });

  it('headMetrics(TutorialAttention trace) reads the tutorial model: two numbers, one head', () => {
    const { trace } = traceForward(new TutorialAttention({ seed: 1 }), tensor([[3, 5], [2, 7]]));
    const [m] = headMetrics(trace);
    expect([m.layer, m.head, m.causal, m.queries]).toEqual([0, 0, false, 4]);
    expect(m.entropy).toBeGreaterThan(0);
    expect(m.entropy).toBeLessThanOrEqual(Math.log(2) + 1e-12);
  });

  it('headMetrics(attention() trace) reads a call of the bare function', () => {
    const causalSelf = { forward: (x: Tensor, o: ForwardOptions = {}) => attention(x, x, x, { causal: true, trace: o.trace }).output };
    const [m] = headMetrics(traceForward(causalSelf, randn([1, 4, 3], { seed: 9 })).trace);
    expect(m.causal).toBe(true);
    expect(m.queries).toBe(3);
  });
});

describe('analyzeHeads', () => {
  it('analyzeHeads(model, tokens) traces the model and returns the roles of headRoles(headMetrics(trace))', () => {
    const model = new DecoderOnly({ vocabSize: 16, maxLen: 16, dModel: 16, heads: 2, layers: 2, seed: 0 });
    const tokens = repeatedTokens({ vocabSize: 16, length: 6, batch: 4 });
    const { output, trace, heads } = analyzeHeads(model, tokens, { thresholds: { diffuse: 0.99 } });
    expect(output.shape).toEqual([4, 12, 16]);
    expect(heads).toEqual(headRoles(headMetrics(trace), { diffuse: 0.99 }));
    expect(heads.map((h) => `${h.layer}.${h.head}`)).toEqual(['0.0', '0.1', '1.0', '1.1']);
    for (const h of heads) expect(h.sentence.startsWith(`head ${h.layer}.${h.head} `)).toBe(true);
  });
});
