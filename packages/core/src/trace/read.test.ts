import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import {
  attentionOf, DecoderOnly, headsOf, headWeights, layersOf, MultiHeadAttention, randn, slice, tensor, tensorRows, TraceRecorder,
  traceForward, type AttentionTrace, type Trace, type TraceTensor,
} from '../index.js';

/** A trace with the given (layer, head) entries, each with weights `[1, 1, 1]` holding 10·layer + head. */
function handTrace(entries: [number, number][]): Trace {
  const t = (v: number): TraceTensor => ({ shape: [1, 1, 1], data: [v] });
  const attention = entries.map(([layer, head]): AttentionTrace => ({
    layer, head, module: '', scale: 1, causal: false,
    q: t(0), k: t(0), v: t(0), scores: t(0), scaled: t(0), weights: t(10 * layer + head), attended: t(0),
  }));
  return { format: 'attn.trace', version: 1, model: 'Hand', input: t(0), attention, values: {}, output: t(0) };
}

describe('tensorRows', () => {
  it('tensorRows(t, example) reads example `example` of a [batch, T, d] tensor as T rows of d', () => {
    const t = { shape: [2, 3, 2], data: Array.from({ length: 12 }, (_, i) => i) };
    expect(tensorRows(t)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(tensorRows(t, 1)).toEqual([[6, 7], [8, 9], [10, 11]]);
  });

  it('tensorRows reads a [batch, T] tensor as T rows of one number', () => {
    expect(tensorRows({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, 1)).toEqual([[4], [5], [6]]);
  });

  it('tensorRows refuses other ranks, examples outside the batch and non-tensors', () => {
    expect(thrown(() => tensorRows({ shape: [4], data: [1, 2, 3, 4] }))).toMatchObject({
      code: 'SHAPE', message: 'tensorRows: expected [batch, T, d] or [batch, T], got [4]',
    });
    expect(thrown(() => tensorRows({ shape: [2, 1, 1], data: [1, 2] }, 2))).toMatchObject({
      code: 'RANGE', message: 'tensorRows: example must be an integer in [0, 1], got 2',
    });
    expect(thrown(() => tensorRows({ shape: [2, 1, 1], data: [1, 2] }, 0.5))).toMatchObject({ code: 'RANGE' });
    expect(thrown(() => tensorRows(null as unknown as TraceTensor))).toMatchObject({ code: 'SHAPE', message: 'tensorRows: expected [batch, T, d] or [batch, T], got null' });
  });
});

describe('attentionOf and headWeights', () => {
  it('attentionOf finds the entry of a layer and head, (0, 0) by default', () => {
    const trace = handTrace([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(attentionOf(trace).weights.data).toEqual([0]);
    expect(attentionOf(trace, { layer: 1, head: 1 }).weights.data).toEqual([11]);
    expect(attentionOf(trace, { head: 1 }).weights.data).toEqual([1]);
  });

  it('attentionOf names the entries that exist when the one asked for is missing', () => {
    expect(thrown(() => attentionOf(handTrace([[0, 0], [0, 1]]), { layer: 2 }))).toMatchObject({
      code: 'ARGUMENT', message: 'attentionOf: no attention entry for layer 2, head 0; the trace has layer/head 0/0, 0/1',
    });
    expect(thrown(() => attentionOf(handTrace([])))).toMatchObject({
      code: 'ARGUMENT', message: 'attentionOf: the trace has no attention entries, got model Hand',
    });
    expect(thrown(() => attentionOf({ format: 'other' } as unknown as Trace))).toMatchObject({
      code: 'FORMAT', message: 'attentionOf: expected a Trace, got "other"',
    });
  });

  it("headWeights of a traced MultiHeadAttention are the head's slice of attend's weights, example by example", () => {
    const mha = new MultiHeadAttention(6, 3, { seed: 4 });
    const x = randn([2, 4, 6], { seed: 5 });
    const recorder = new TraceRecorder();
    const { weights } = mha.attend(x, { trace: recorder }); // [batch, heads, Tq, Tk]
    const trace = recorder.finish('mha', x, x);
    for (let h = 0; h < 3; h++) {
      for (let b = 0; b < 2; b++) {
        const expected = slice(slice(weights, 1, h, h + 1), 0, b, b + 1).reshape([4, 4]).toArray();
        expect(headWeights(trace, { head: h, example: b })).toEqual(expected);
      }
    }
  });

  it('headWeights of a causal DecoderOnly are lower-triangular rows that each sum to 1', () => {
    const model = new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
    const { trace } = traceForward(model, tensor([[1, 2, 3, 4]]));
    const rows = headWeights(trace, { layer: 1, head: 1 });
    expect(rows).toHaveLength(4);
    rows.forEach((row, q) => {
      expect(row.slice(q + 1)).toEqual(new Array(3 - q).fill(0));
      expect(row.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
    });
  });
});

describe('layersOf and headsOf', () => {
  it('layersOf and headsOf list what a real trace holds, in order', () => {
    const model = new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 3, ff: 8, seed: 1 });
    const { trace } = traceForward(model, tensor([[1, 2]]));
    expect(layersOf(trace)).toEqual([0, 1, 2]);
    expect(headsOf(trace)).toEqual([0, 1]);
  });

  it('headsOf(trace, layer) lists the heads of that layer only', () => {
    const trace = handTrace([[0, 0], [1, 0], [1, 1], [1, 2]]);
    expect(headsOf(trace, 0)).toEqual([0]);
    expect(headsOf(trace, 1)).toEqual([0, 1, 2]);
    expect(headsOf(trace, 5)).toEqual([]);
    expect(layersOf(handTrace([]))).toEqual([]);
  });
});
