import { describe, expect, it } from 'vitest';
import { expectAttnError, oneHot, REPEATED, traceOf, uniform } from '../test/helpers.js';
import { headMetrics } from './metrics.js';

const T = 8;

describe('headMetrics on hand-built patterns whose answer is known', () => {
  it('headMetrics(identity) gives self 1, offset 0 and entropy 0', () => {
    const [m] = headMetrics(traceOf([[[oneHot(T, (i) => i)]]]));
    expect(m.self).toBe(1);
    expect(m.offset).toBe(0);
    expect(m.entropy).toBe(0);
    expect(m.entropyFraction).toBe(0);
    expect(m.previous).toBe(0);
    expect(m.positional).toBe(1);
    expect(m.positionalOffset).toBe(0);
    expect(m.queries).toBe(T);
  });

  it('headMetrics(shifted identity) under a causal mask gives previous-token 1 and offset −1', () => {
    const [m] = headMetrics(traceOf([[[oneHot(T, (i) => Math.max(i - 1, 0))]]], { causal: true }));
    expect(m.previous).toBe(1);
    expect(m.offset).toBe(-1);
    expect(m.self).toBe(0);
    expect(m.positionalOffset).toBe(-1);
    // query 0 may attend only itself: it has no choice and counts toward nothing
    expect(m.queries).toBe(T - 1);
    expect(m.sink).toBeCloseTo(1 / (T - 1), 12);
  });

  it('headMetrics(uniform) under a causal mask gives entropy fraction 1, entropy the mean of ln(i + 1)', () => {
    const [m] = headMetrics(traceOf([[[uniform(T, true)]]], { causal: true }));
    expect(m.entropyFraction).toBeCloseTo(1, 12);
    const lns = Array.from({ length: T - 1 }, (_, i) => Math.log(i + 2));
    expect(m.entropy).toBeCloseTo(lns.reduce((a, b) => a + b) / (T - 1), 12);
    // expected j − i of uniform over 0..i is −i/2
    expect(m.offset).toBeCloseTo(-(T / 2) / 2, 12);
  });

  it('headMetrics(uniform) without a mask gives entropy ln T in nats and fraction 1', () => {
    const [m] = headMetrics(traceOf([[[uniform(T, false)]]]));
    expect(m.entropy).toBeCloseTo(Math.log(T), 12);
    expect(m.entropyFraction).toBeCloseTo(1, 12);
    expect(m.offset).toBeCloseTo(0, 12);
    expect(m.self).toBeCloseTo(1 / T, 12);
  });

  it('headMetrics(every query on the first token) gives sink 1', () => {
    const [m] = headMetrics(traceOf([[[oneHot(T, () => 0)]]], { causal: true }));
    expect(m.sink).toBe(1);
    expect(m.keyAttention).toBeNull();
  });

  it('headMetrics(pattern, { key }) reports the attention to that key, over the queries that may attend it', () => {
    const [open] = headMetrics(traceOf([[[oneHot(T, () => 3)]]]), { key: 3 });
    expect(open.keyAttention).toBe(1);
    // causal: queries 0..2 may not attend key 3; queries 3..7 put half on it
    const half = Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (i < 3 ? (j === 0 ? 1 : 0) : j === 3 && i > 3 ? 0.5 : j === i ? (i > 3 ? 0.5 : 1) : 0)));
    const [causal] = headMetrics(traceOf([[[half]]], { causal: true }), { key: 3 });
    expect(causal.keyAttention).toBeCloseTo((1 + 4 * 0.5) / 5, 12);
  });

  it('headMetrics(perfect induction pattern on a repeated sequence) gives induction 1', () => {
    // second copy (positions 4..7) attends the token after the earlier occurrence: p − 4 + 1
    const pattern = oneHot(T, (p) => (p < 4 ? 0 : p - 3));
    const [m] = headMetrics(traceOf([[[pattern]]], { causal: true, tokens: REPEATED }));
    expect(m.induction).toBe(1);
    expect(m.duplicate).toBe(0);
  });

  it('headMetrics(attending the earlier copy of the same token) gives duplicate-token 1', () => {
    const pattern = oneHot(T, (p) => (p < 4 ? 0 : p - 4));
    const [m] = headMetrics(traceOf([[[pattern]]], { causal: true, tokens: REPEATED }));
    expect(m.duplicate).toBe(1);
    expect(m.induction).toBe(0);
  });

  it('headMetrics(two tokens back) gives positional 1 at offset −2', () => {
    const [m] = headMetrics(traceOf([[[oneHot(T, (p) => Math.max(p - 2, 0))]]], { causal: true }));
    expect(m.positional).toBe(1);
    expect(m.positionalOffset).toBe(-2);
    expect(m.previous).toBeCloseTo(1 / (T - 1), 12);
  });

  it('headMetrics averages over every query of the batch', () => {
    // example 0 identity (self 1 at all 4 queries), example 1 all on key 0 (self only at query 0)
    const [m] = headMetrics(traceOf([[[oneHot(4, (i) => i), oneHot(4, () => 0)]]]));
    expect(m.queries).toBe(8);
    expect(m.self).toBe(5 / 8);
    expect(m.sink).toBe(5 / 8);
  });

  it('headMetrics reads every layer and head, in the trace\'s order', () => {
    const trace = traceOf([[oneHot(T, (i) => i), oneHot(T, () => 0)].map((p) => [p]), [[uniform(T, false)]]]);
    expect(headMetrics(trace).map((m) => [m.layer, m.head, m.module])).toEqual([[0, 0, 'blocks.0.self_attn'], [0, 1, 'blocks.0.self_attn'], [1, 0, 'blocks.1.self_attn']]);
  });

  it('headMetrics skips keys a padding mask hides, and queries that see no key at all', () => {
    // key 3 is padding: rows attend uniformly over keys 0..2; the mask of query 3 hides every key
    const mask = [[[1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]]];
    const third = [1 / 3, 1 / 3, 1 / 3, 0];
    const [m] = headMetrics(traceOf([[[[third, third, third, [Number.NaN, Number.NaN, Number.NaN, Number.NaN]]]]], { mask }));
    expect(m.queries).toBe(3);
    expect(m.entropyFraction).toBeCloseTo(1, 12);
    expect(m.entropy).toBeCloseTo(Math.log(3), 12);
  });

  it('headMetrics takes tokens from the options when the trace\'s input is not tokens', () => {
    const pattern = oneHot(T, (p) => (p < 4 ? 0 : p - 3));
    const trace = traceOf([[[pattern]]], { causal: true });
    expect(headMetrics(trace)[0].induction).toBeNull();
    expect(headMetrics(trace, { tokens: REPEATED })[0].induction).toBe(1);
    expect(headMetrics(trace, { tokens: { shape: [1, T], data: new Float64Array(REPEATED[0]) } })[0].induction).toBe(1);
  });
});

describe('headMetrics validates its input', () => {
  it('headMetrics(not a trace) names what it got', () => {
    expectAttnError(() => headMetrics({} as never), 'ARGUMENT', 'headMetrics: trace must be a Trace (from traceForward), got object');
  });

  it('headMetrics(trace without attention) says so', () => {
    const trace = { ...traceOf([[[uniform(2, false)]]]), attention: [] };
    expectAttnError(() => headMetrics(trace), 'ARGUMENT', 'headMetrics: the trace has no attention entries, got model "HandBuilt"');
  });

  it('headMetrics rejects rows that do not sum to 1', () => {
    const trace = traceOf([[[[[0.5, 0.5], [0.2, 0.5]]]]]);
    expectAttnError(() => headMetrics(trace), 'ARGUMENT', 'headMetrics: weights of layer 0 head 0 must be rows summing to 1, got 0.7 at example 0, query 1');
  });

  it('headMetrics rejects weight on a masked key', () => {
    const trace = traceOf([[[[[0.5, 0.5], [0.5, 0.5]]]]], { causal: true });
    expectAttnError(() => headMetrics(trace), 'ARGUMENT', 'headMetrics: weights of layer 0 head 0 must be probabilities, 0 on masked keys, got 0.5 at example 0, query 0, key 1');
  });

  it('headMetrics rejects a trace where no query has a choice of keys', () => {
    expectAttnError(() => headMetrics(traceOf([[[[[1]]]]])), 'ARGUMENT',
      'headMetrics: no query of layer 0 head 0 may attend two keys or more, so there is nothing to measure, got weights [1, 1, 1]');
  });

  it('headMetrics rejects tokens that do not fit the keys', () => {
    const trace = traceOf([[[uniform(4, false)]]]);
    expectAttnError(() => headMetrics(trace, { tokens: [[1, 2, 3]] }), 'SHAPE', 'headMetrics: tokens must be [1, 4] like the keys of layer 0, got [1, 3]');
    expectAttnError(() => headMetrics(trace, { tokens: 'abc' as never }), 'SHAPE',
      'headMetrics: tokens must be [batch, T] (a Tensor, { shape, data } or rows of numbers), got "abc"');
    expectAttnError(() => headMetrics(trace, { tokens: [[1, 2, Number.NaN, 4]] }), 'ARGUMENT', 'headMetrics: tokens must be finite numbers, got NaN');
  });

  it('headMetrics rejects a key outside the sequence', () => {
    const trace = traceOf([[[uniform(4, false)]]]);
    expectAttnError(() => headMetrics(trace, { key: 4 }), 'RANGE', 'headMetrics: key must be in [0, 3] for layer 0, got 4');
    expectAttnError(() => headMetrics(trace, { key: -1 }), 'RANGE', 'headMetrics: key must be a non-negative integer, got -1');
  });
});
