import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { DecoderOnly, stateFromJSON, stateToJSON, tensor, Tensor, type StateDict } from '../index.js';

const through = (sd: StateDict) => stateFromJSON(JSON.parse(JSON.stringify(stateToJSON(sd))));
const flat = (sd: StateDict) => Object.fromEntries(Object.entries(sd).map(([n, t]) => [n, [t.shape, t.toFlat()]]));
const fail = (json: unknown) => thrown(() => stateFromJSON(json));

describe('stateToJSON and stateFromJSON', () => {
  it('stateToJSON gives plain, versioned data with tensors sorted by name', () => {
    expect(stateToJSON({ w: tensor([[1, 2]]), b: tensor([3]) })).toEqual({
      format: 'attn.state', version: 1, tensors: { b: { shape: [1], data: [3] }, w: { shape: [1, 2], data: [1, 2] } },
    });
    expect(Object.keys(stateToJSON({ w: tensor([1]), b: tensor([1]) }).tensors)).toEqual(['b', 'w']);
  });

  it('a state survives JSON text exactly, extreme float64 values included', () => {
    const extremes = tensor([0.1, 1 / 3, 5e-324, 1.7976931348623157e308, -2.5e-300, 123456789.12345679]);
    expect(through({ x: extremes }).x.toFlat()).toEqual(extremes.toFlat());
    const sd = new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 8, heads: 2, layers: 1, ff: 8, seed: 1 }).stateDict();
    const back = through(sd);
    expect(flat(back)).toEqual(flat(sd));
    expect(Object.values(back).every((t) => t.dtype === 'float64')).toBe(true);
    expect(through({ s: tensor(4) }).s.shape).toEqual([]);
  });

  it('a model restored from JSON computes the same outputs', () => {
    const make = (seed: number) => new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 8, heads: 2, layers: 1, ff: 8, seed });
    const source = make(1);
    const target = make(2);
    target.loadStateDict(through(source.stateDict()));
    const x = tensor([[0, 1, 2, 3]]);
    expect(target.forward(x).toFlat()).toEqual(source.forward(x).toFlat());
  });

  it('stateToJSON refuses non-tensors and values JSON cannot hold, naming the tensor', () => {
    expect(thrown(() => stateToJSON({ w: [1] as unknown as Tensor }))).toMatchObject({
      code: 'ARGUMENT', message: "stateToJSON: 'w' is not a Tensor, got [1]",
    });
    expect(thrown(() => stateToJSON({ w: tensor([1, NaN]) }))).toMatchObject({
      code: 'ARGUMENT', message: "stateToJSON: 'w' holds NaN, which JSON cannot represent",
    });
    expect(thrown(() => stateToJSON({ v: tensor([-Infinity]) }))).toMatchObject({
      code: 'ARGUMENT', message: "stateToJSON: 'v' holds -Infinity, which JSON cannot represent",
    });
  });

  it('stateFromJSON refuses data that is not a version 1 attn.state', () => {
    expect(fail(null)).toMatchObject({ code: 'FORMAT', message: "stateFromJSON: expected an object with format 'attn.state', got null" });
    expect(fail({ format: 'attn.trace', version: 1, tensors: {} })).toMatchObject({
      code: 'FORMAT', message: `stateFromJSON: expected an object with format 'attn.state', got "attn.trace"`,
    });
    expect(fail('text')).toMatchObject({ code: 'FORMAT', message: `stateFromJSON: expected an object with format 'attn.state', got "text"` });
    expect(fail({ format: 'attn.state', version: 2, tensors: {} })).toMatchObject({
      code: 'FORMAT', message: 'stateFromJSON: unsupported version 2, this reader knows version 1',
    });
    expect(fail({ format: 'attn.state', version: 1, tensors: null })).toMatchObject({
      code: 'FORMAT', message: "stateFromJSON: 'tensors' must be an object, got null",
    });
  });

  it('stateFromJSON refuses malformed tensors with messages naming the tensor', () => {
    const withTensor = (t: unknown) => ({ format: 'attn.state', version: 1, tensors: { ok: { shape: [1], data: [0] }, 'layer.w': t } });
    expect(fail(withTensor({ shape: [2] }))).toMatchObject({ code: 'FORMAT', message: "stateFromJSON: 'layer.w' must be { shape, data }, got object" });
    expect(fail(withTensor(7))).toMatchObject({ code: 'FORMAT', message: "stateFromJSON: 'layer.w' must be { shape, data }, got 7" });
    expect(fail(withTensor({ shape: [2, -1], data: [] }))).toMatchObject({
      code: 'FORMAT', message: "stateFromJSON: 'layer.w' has a malformed shape [2,-1]",
    });
    expect(fail(withTensor({ shape: [1.5], data: [1] }))).toMatchObject({ code: 'FORMAT', message: "stateFromJSON: 'layer.w' has a malformed shape [1.5]" });
    expect(fail(withTensor({ shape: [2, 2], data: [1, 2, 3] }))).toMatchObject({
      code: 'FORMAT', message: "stateFromJSON: 'layer.w' has 3 values for shape [2,2]",
    });
    expect(fail(withTensor({ shape: [2], data: [1, 'a'] }))).toMatchObject({
      code: 'FORMAT', message: `stateFromJSON: 'layer.w' has a non-number "a" at index 1`,
    });
    // NaN written by JSON.stringify comes back as null
    expect(fail(JSON.parse(JSON.stringify(withTensor({ shape: [1], data: [NaN] }))))).toMatchObject({
      code: 'FORMAT', message: "stateFromJSON: 'layer.w' has a non-number null at index 0",
    });
  });
});
