// Fuzzing the safetensors reader: arbitrary bytes, and real files with bytes flipped, cut off,
// or headers rewritten, are either read or refused with an AttnError — never another error,
// never a hang. Fixed seed in CI; ATTN_FUZZ_RUNS=100000 for a longer run on demand.
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { AttnError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

const RUNS = Number(process.env.ATTN_FUZZ_RUNS ?? 2000);
const SEED = 20261204;
/** Generous: the budget is a number of cases, not a time (a long run on demand takes minutes). */
const TIMEOUT = 60_000 + RUNS * 10;

/** Decodes, and turns "refused with an AttnError" into a value; anything else fails the property. */
function readOrRefuse(bytes: Uint8Array): 'read' | 'refused' {
  try {
    decodeSafetensors(bytes);
    return 'read';
  } catch (e) {
    if (e instanceof AttnError && e.code === 'FORMAT') return 'refused';
    throw e;
  }
}

const file = encodeSafetensors({
  'layer.weight': new Tensor(Float64Array.from({ length: 12 }, (_, i) => i / 7), [3, 4]),
  'layer.bias': new Tensor(Float32Array.from([1, -2, 3]), [3]),
  empty: new Tensor(new Float64Array(0), [0, 5]),
}, { metadata: { format: 'pt' } });
const headerEnd = 8 + Number(new DataView(file.buffer).getBigUint64(0, true));

/** A valid file whose header JSON is replaced by `header` (the length prefix fixed up). */
function withHeader(header: string, data = file.subarray(headerEnd)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function fuzz(property: fc.IProperty<[Uint8Array]>): void {
  // biome-ignore lint/nursery/noFloatingPromises: a synchronous property: fc.assert returns nothing to await
  fc.assert(property, { seed: SEED, numRuns: RUNS });
}

describe('decodeSafetensors under fuzzing', () => {
  it('arbitrary bytes are refused with a FORMAT error (or read, if they happen to be a file)', () => {
    fuzz(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => { readOrRefuse(b); }));
  }, TIMEOUT);

  it('a real file with any byte changed, or cut anywhere, is read or refused cleanly', () => {
    expect(readOrRefuse(file)).toBe('read');
    fuzz(fc.property(fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
      const b = file.slice();
      b[i] ^= x;
      return b;
    }), (b) => { readOrRefuse(b); }));
    for (let n = 0; n < file.length; n++) expect(readOrRefuse(file.subarray(0, n))).toBe('refused');
  }, TIMEOUT);

  it('lying headers (any JSON in place of the real one: odd shapes, offsets, dtypes, names) are read or refused cleanly', () => {
    const entry = fc.record({
      dtype: fc.oneof(fc.constantFrom('F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I8', 'U8', 'BOOL', 'X9'), fc.anything()),
      shape: fc.oneof(fc.array(fc.oneof(fc.nat(6), fc.constantFrom(-1, 2 ** 53, 1e300, 0.5, NaN)), { maxLength: 4 }), fc.anything()),
      data_offsets: fc.oneof(fc.tuple(fc.nat(200), fc.nat(200)), fc.anything()),
    }, { requiredKeys: [] });
    const header = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__metadata__', '__proto__', 'constructor', 'layer.weight')), fc.oneof(entry, fc.anything()), { maxKeys: 4 });
    fuzz(fc.property(header.map((h) => withHeader(JSON.stringify(h) ?? 'null')), (b) => { readOrRefuse(b); }));
  }, TIMEOUT);

  it('a tensor named __proto__ is read as a tensor of that name, not as the prototype', () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setFloat64(0, 2.5, true);
    const { tensors } = decodeSafetensors(withHeader('{"__proto__":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}', data));
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Array.from(Object.getOwnPropertyDescriptor(tensors, '__proto__')?.value.data)).toEqual([2.5]);
  }, TIMEOUT);
});
