import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { decodeSafetensors, DecoderOnly, encodeSafetensors, Linear, reshape, tensor, Tensor, TutorialAttention, type StateDict } from '../index.js';

/**
 * A safetensors file built byte by byte as the spec says: an unsigned 64-bit little-endian header
 * length N, N bytes of UTF-8 JSON header, then the data section.
 */
function buildFile(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const n = headerLength ?? json.length;
  const out = new Uint8Array(8 + json.length + data.length);
  let len = n;
  for (let i = 0; i < 8; i++) {
    out[i] = len % 256; // least significant byte first
    len = Math.floor(len / 256);
  }
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian bytes of numbers written by a DataView setter of `width` bytes. */
function bytesOf(values: number[], width: 2 | 4 | 8, kind: 'f' | 'i' | 'u' = 'f'): Uint8Array {
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const at = i * width;
    if (kind === 'f') (width === 8 ? view.setFloat64(at, v, true) : view.setFloat32(at, v, true));
    else if (width === 8) view.setBigInt64(at, BigInt(v), true);
    else if (width === 4) view.setInt32(at, v, true);
    else if (kind === 'i') view.setInt16(at, v, true);
    else view.setUint16(at, v, true);
  });
  return out;
}

const concatBytes = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const headerOf = (bytes: Uint8Array) => {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { n, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown> };
};

const model = () => new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 8, heads: 2, layers: 1, ff: 8, seed: 3 });
const flat = (sd: StateDict) => Object.fromEntries(Object.entries(sd).map(([n, t]) => [n, [t.shape, t.toFlat()]]));
const fail = (bytes: Uint8Array) => thrown(() => decodeSafetensors(bytes));

describe('decodeSafetensors reads files built by the spec', () => {
  it('decodeSafetensors reads a hand-built file with an F32 and an F64 tensor and __metadata__', () => {
    const header = {
      __metadata__: { format: 'pt', note: 'hand-built' },
      small: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      wide: { dtype: 'F64', shape: [1, 2], data_offsets: [8, 24] },
    };
    const bytes = buildFile(header, concatBytes(bytesOf([1.5, -2.25], 4), bytesOf([Math.PI, 1e-300], 8)));
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', note: 'hand-built' });
    expect(Object.keys(tensors).sort()).toEqual(['small', 'wide']);
    expect(tensors.small.dtype).toBe('float32');
    expect(tensors.small.shape).toEqual([2]);
    expect(tensors.small.toFlat()).toEqual([1.5, -2.25]);
    expect(tensors.wide.dtype).toBe('float64');
    expect(tensors.wide.shape).toEqual([1, 2]);
    expect(tensors.wide.toFlat()).toEqual([Math.PI, 1e-300]);
  });

  it('decodeSafetensors reads a file whose data does not start 8-byte aligned and one in a larger buffer', () => {
    const bytes = buildFile('{"x":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}', bytesOf([-0.5], 8));
    expect((bytes.length - 8 - 8) % 8).not.toBe(0);
    expect(decodeSafetensors(bytes).tensors.x.toFlat()).toEqual([-0.5]);
    const inner = new Uint8Array(bytes.length + 16);
    inner.set(bytes, 5);
    expect(decodeSafetensors(inner.subarray(5, 5 + bytes.length)).tensors.x.shape).toEqual([]);
  });

  it('decodeSafetensors turns F16, BF16 and integer tensors into float64', () => {
    const header = {
      h: { dtype: 'F16', shape: [6], data_offsets: [0, 12] },
      bf: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
      i64: { dtype: 'I64', shape: [2], data_offsets: [16, 32] },
      i32: { dtype: 'I32', shape: [1], data_offsets: [32, 36] },
      i16: { dtype: 'I16', shape: [1], data_offsets: [36, 38] },
      i8: { dtype: 'I8', shape: [1], data_offsets: [38, 39] },
      u8: { dtype: 'U8', shape: [1], data_offsets: [39, 40] },
      b: { dtype: 'BOOL', shape: [2], data_offsets: [40, 42] },
    };
    // F16: 1, −2, 65504 (largest), 2^−24 (smallest subnormal), +Inf, NaN; BF16: 1, −3
    const data = concatBytes(
      bytesOf([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x7e00], 2, 'u'), bytesOf([0x3f80, 0xc040], 2, 'u'),
      bytesOf([-5, 2 ** 40], 8, 'i'), bytesOf([-7], 4, 'i'), bytesOf([-300], 2, 'i'), new Uint8Array([0xff, 200, 1, 0]),
    );
    const { tensors } = decodeSafetensors(buildFile(header, data));
    expect(tensors.h.toFlat()).toEqual([1, -2, 65504, 2 ** -24, Infinity, NaN]);
    expect(tensors.bf.toFlat()).toEqual([1, -3]);
    expect(tensors.i64.toFlat()).toEqual([-5, 2 ** 40]);
    expect([tensors.i32.item(), tensors.i16.item(), tensors.i8.item(), tensors.u8.item()]).toEqual([-7, -300, -1, 200]);
    expect(tensors.b.toFlat()).toEqual([1, 0]);
    expect(Object.values(tensors).every((t) => t.dtype === 'float64')).toBe(true);
  });

  it('decodeSafetensors accepts an empty tensor that shares its start offset with another tensor', () => {
    const header = {
      big: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
      empty: { dtype: 'F64', shape: [0], data_offsets: [0, 0] },
    };
    const { tensors } = decodeSafetensors(buildFile(header, bytesOf([2], 8)));
    expect(tensors.big.toFlat()).toEqual([2]);
    expect(tensors.empty.shape).toEqual([0]);
  });
});

describe('encodeSafetensors', () => {
  it('encodeSafetensors writes an 8-aligned little-endian header with dtype, shape and contiguous offsets, sorted by name', () => {
    const bytes = encodeSafetensors({ w: tensor([[1, 2], [3, 4]]), b: tensor([0.5]) }, { metadata: { format: 'pt' } });
    const { n, json } = headerOf(bytes);
    expect(n % 8).toBe(0);
    expect(bytes[0] + bytes[1] * 256).toBe(n); // little-endian
    expect(bytes.subarray(2, 8).every((b) => b === 0)).toBe(true);
    expect(json).toEqual({
      __metadata__: { format: 'pt' },
      b: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
      w: { dtype: 'F64', shape: [2, 2], data_offsets: [8, 40] },
    });
    expect(bytes.length).toBe(8 + n + 40);
    const data = new DataView(bytes.buffer, bytes.byteOffset + 8 + n);
    expect([0, 1, 2, 3, 4].map((i) => data.getFloat64(i * 8, true))).toEqual([0.5, 1, 2, 3, 4]);
  });

  it('encodeSafetensors gives the same bytes for the same tensors, whatever the key order', () => {
    const a = tensor([1, 2]);
    const b = tensor([[3]]);
    expect(encodeSafetensors({ a, b })).toEqual(encodeSafetensors({ b, a }));
    expect(encodeSafetensors(model().stateDict())).toEqual(encodeSafetensors(model().stateDict()));
  });

  it("encodeSafetensors keeps each tensor's dtype unless told: float32 as F32", () => {
    const bytes = encodeSafetensors({ s: tensor([1.25], { dtype: 'float32' }), d: tensor([1.25]) });
    const { json } = headerOf(bytes);
    expect(json.s).toMatchObject({ dtype: 'F32', data_offsets: [8, 12] });
    expect(json.d).toMatchObject({ dtype: 'F64', data_offsets: [0, 8] });
    expect(headerOf(encodeSafetensors({ d: tensor([1]) }, { dtype: 'F32' })).json.d).toMatchObject({ dtype: 'F32' });
  });

  it('a model state survives F64 exactly, and F32 within float32 precision', () => {
    const sd = model().stateDict();
    const f64 = decodeSafetensors(encodeSafetensors(sd)).tensors;
    expect(flat(f64)).toEqual(flat(sd));
    const f32 = decodeSafetensors(encodeSafetensors(sd, { dtype: 'F32' })).tensors;
    expect(Object.keys(f32).sort()).toEqual(Object.keys(sd).sort());
    for (const [n, t] of Object.entries(sd)) {
      expect(f32[n].dtype).toBe('float32');
      expect(f32[n].shape).toEqual(t.shape);
      t.toFlat().forEach((v, i) => {
        expect(f32[n].data[i]).toBe(Math.fround(v));
        expect(Math.abs(f32[n].data[i] - v)).toBeLessThanOrEqual(2 ** -24 * Math.abs(v));
      });
    }
  });

  it('model.loadStateDict(decodeSafetensors(bytes).tensors) restores a model that computes the same outputs', () => {
    const source = model();
    const target = new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 8, heads: 2, layers: 1, ff: 8, seed: 99 });
    const x = tensor([[1, 2, 3, 4]]);
    expect(target.forward(x).toFlat()).not.toEqual(source.forward(x).toFlat());
    target.loadStateDict(decodeSafetensors(encodeSafetensors(source.stateDict())).tensors);
    expect(target.forward(x).toFlat()).toEqual(source.forward(x).toFlat());
    const tutorial = new TutorialAttention({ seed: 1 });
    const copy = new TutorialAttention({ seed: 2 });
    copy.loadStateDict(decodeSafetensors(encodeSafetensors(tutorial.stateDict(), { dtype: 'F32' })).tensors);
    const y = tutorial.forward(tensor([[3, 5]])).item();
    expect(copy.forward(tensor([[3, 5]])).item()).toBeCloseTo(y, 5);
  });

  it('loading a file with missing, extra or misshapen tensors fails with a STATE error naming them', () => {
    const sd = new Linear(3, 2).stateDict();
    const bytes = encodeSafetensors({ weight: reshape(sd.weight, [3, 2]), extra: tensor([1]) });
    const layer = new Linear(3, 2);
    expect(thrown(() => layer.loadStateDict(decodeSafetensors(bytes).tensors))).toMatchObject({
      code: 'STATE', message: 'loadStateDict: state does not fit Linear: missing bias; unexpected extra; weight has shape [3,2], expected [2,3]',
    });
  });

  it('encodeSafetensors refuses non-tensors, the reserved name, non-string metadata and unknown dtypes', () => {
    expect(thrown(() => encodeSafetensors({ a: [1] as unknown as Tensor }))).toMatchObject({
      code: 'ARGUMENT', message: "encodeSafetensors: 'a' is not a Tensor, got [1]",
    });
    expect(thrown(() => encodeSafetensors({ __metadata__: tensor([1]) }))).toMatchObject({
      code: 'ARGUMENT', message: "encodeSafetensors: '__metadata__' is reserved and cannot name a tensor",
    });
    expect(thrown(() => encodeSafetensors({}, { metadata: { n: 1 as unknown as string } }))).toMatchObject({
      code: 'ARGUMENT', message: "encodeSafetensors: metadata values must be strings, got 1 for 'n'",
    });
    expect(thrown(() => encodeSafetensors({}, { metadata: 'pt' as unknown as Record<string, string> }))).toMatchObject({
      code: 'ARGUMENT', message: 'encodeSafetensors: metadata must be an object of strings, got "pt"',
    });
    expect(thrown(() => encodeSafetensors({}, { dtype: 'F16' as 'F32' }))).toMatchObject({
      code: 'ARGUMENT', message: `encodeSafetensors: dtype must be 'F32' or 'F64', got "F16"`,
    });
    expect(thrown(() => encodeSafetensors(null as unknown as StateDict))).toMatchObject({ code: 'ARGUMENT' });
  });
});

describe('decodeSafetensors refuses malformed files with clear messages', () => {
  const ok = { x: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } };
  const data = bytesOf([1, 2], 8);

  it('decodeSafetensors refuses a file shorter than the 8-byte header length', () => {
    expect(fail(new Uint8Array(5))).toMatchObject({
      code: 'FORMAT', message: 'decodeSafetensors: file is truncated: 5 bytes, the header length alone needs 8',
    });
  });

  it('decodeSafetensors refuses a header length beyond the end of the file', () => {
    expect(fail(buildFile('{}', new Uint8Array(0), 1000))).toMatchObject({
      code: 'FORMAT', message: 'decodeSafetensors: header length 1000 exceeds the 2 bytes after it (truncated or not a safetensors file)',
    });
    const huge = new Uint8Array(16).fill(0xff);
    expect(fail(huge)).toMatchObject({ code: 'FORMAT' });
  });

  it('decodeSafetensors refuses a data section shorter than the offsets (a truncated file)', () => {
    const bytes = buildFile(ok, data);
    expect(fail(bytes.subarray(0, bytes.length - 4))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: tensor 'x' needs bytes 0–16 but the data section has 12 (truncated file)",
    });
  });

  it('decodeSafetensors refuses holes and trailing bytes in the data section, like the reference reader', () => {
    const hole = { x: { dtype: 'F64', shape: [1], data_offsets: [8, 16] } };
    expect(fail(buildFile(hole, data))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: bytes 0–8 of the data section belong to no tensor (before 'x')",
    });
    const trailing = new Uint8Array(24);
    trailing.set(data);
    expect(fail(buildFile(ok, trailing))).toMatchObject({
      code: 'FORMAT', message: 'decodeSafetensors: the data section has 24 bytes but the tensors cover 16 (trailing bytes)',
    });
  });

  it('decodeSafetensors refuses a header that is not a JSON object', () => {
    const notJson = fail(buildFile('{"x": {', data));
    expect(notJson.code).toBe('FORMAT');
    expect(notJson.message).toMatch(/^decodeSafetensors: header is not valid JSON \(.+\)$/);
    expect(fail(buildFile('[1,2]'))).toMatchObject({ code: 'FORMAT', message: 'decodeSafetensors: header must be a JSON object, got [1,2]' });
    expect(fail(buildFile('null'))).toMatchObject({ code: 'FORMAT', message: 'decodeSafetensors: header must be a JSON object, got null' });
    const badUtf8 = buildFile('{}');
    badUtf8[8] = 0xff;
    expect(fail(badUtf8).message).toMatch(/^decodeSafetensors: header is not valid JSON/);
  });

  it('decodeSafetensors refuses unknown dtypes, including names inherited by every object', () => {
    for (const dtype of ['F8', 'constructor', 7]) {
      expect(fail(buildFile({ x: { dtype, shape: [1], data_offsets: [0, 8] } }, data))).toMatchObject({
        code: 'FORMAT', message: `decodeSafetensors: tensor 'x' has unsupported dtype ${JSON.stringify(dtype)}`,
      });
    }
  });

  it('decodeSafetensors refuses entries, shapes and offsets that are malformed', () => {
    expect(fail(buildFile({ x: 5 }))).toMatchObject({ code: 'FORMAT', message: "decodeSafetensors: entry 'x' must be an object, got 5" });
    expect(fail(buildFile({ x: { dtype: 'F64', shape: [-1], data_offsets: [0, 8] } }, data))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: tensor 'x' has a malformed shape [-1]",
    });
    expect(fail(buildFile({ x: { dtype: 'F64', shape: [1], data_offsets: [8, 0] } }, data))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: tensor 'x' has malformed data_offsets [8,0]",
    });
    expect(fail(buildFile({ x: { dtype: 'F64', shape: [1] } }, data))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: tensor 'x' has malformed data_offsets undefined",
    });
  });

  it('decodeSafetensors refuses a shape that does not fit its bytes', () => {
    expect(fail(buildFile({ x: { dtype: 'F64', shape: [3], data_offsets: [0, 16] } }, data))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: tensor 'x' of shape [3] and dtype F64 needs 24 bytes, got 16",
    });
    expect(fail(buildFile({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 16] } }, data))).toMatchObject({
      code: 'FORMAT', message: "decodeSafetensors: tensor 'x' of shape [2] and dtype F32 needs 8 bytes, got 16",
    });
  });

  it('decodeSafetensors refuses overlapping offsets', () => {
    const header = {
      a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
    };
    expect(fail(buildFile(header, data))).toMatchObject({ code: 'FORMAT', message: "decodeSafetensors: tensors 'a' and 'b' overlap" });
  });

  it('decodeSafetensors refuses __metadata__ that is not a map of strings', () => {
    expect(fail(buildFile({ __metadata__: { n: 1 }, ...ok }, data))).toMatchObject({
      code: 'FORMAT', message: 'decodeSafetensors: __metadata__ must map strings to strings, got object',
    });
    expect(fail(buildFile({ __metadata__: 'pt', ...ok }, data))).toMatchObject({
      code: 'FORMAT', message: 'decodeSafetensors: __metadata__ must map strings to strings, got "pt"',
    });
    expect(fail(buildFile({ __metadata__: ['pt'], ...ok }, data))).toMatchObject({
      code: 'FORMAT', message: 'decodeSafetensors: __metadata__ must map strings to strings, got ["pt"]',
    });
  });

  it('decodeSafetensors refuses what is not bytes', () => {
    expect(thrown(() => decodeSafetensors('abc' as unknown as Uint8Array))).toMatchObject({
      code: 'ARGUMENT', message: 'decodeSafetensors: expected a Uint8Array or an ArrayBuffer, got "abc"',
    });
  });
});
