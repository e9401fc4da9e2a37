// Fuzzing the argument checks of a few core ops: arbitrary JS values as arguments give either a
// correct result or an AttnError — never a TypeError or RangeError. Fixed seed in CI;
// ATTN_FUZZ_RUNS=100000 for a longer run on demand.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, AttnError, matmul, mul, reshape, softmax, sum, tensor, Tensor, zeros } from './index.js';

const RUNS = Number(process.env.ATTN_FUZZ_RUNS ?? 2000);
const SEED = 20261205;
const TIMEOUT = 60_000 + RUNS * 10;

/** Any JS value, plus tensors of a few shapes and shape-like arrays with hostile entries. */
const value = fc.oneof(
  fc.anything(),
  fc.constantFrom(NaN, -1, 0.5, 1e6, 2 ** 53, -0, Infinity, null, undefined, '2', [2, '3'], [1e6, 1e6], [-1], [NaN]),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).map((s) => zeros(s)),
);

/** Runs `f`; a thrown AttnError is a refusal, anything else thrown fails the property. */
function resultOrRefusal(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof AttnError && /^[A-Za-z.]+: /.test(e.message)) return e;
    throw e;
  }
}

const ops: [string, (a: unknown, b: unknown) => unknown][] = [
  ['add', (a, b) => add(a as never, b as never)],
  ['mul', (a, b) => mul(a as never, b as never)],
  ['matmul', (a, b) => matmul(a as never, b as never)],
  ['reshape', (a, b) => reshape(a as never, b as never)],
  ['softmax', (a, b) => softmax(a as never, b as never)],
  ['sum', (a, b) => sum(a as never, b as never)],
  ['zeros', (a, b) => zeros(a as never, b as never)],
  ['tensor', (a, b) => tensor(a as never, b as never)],
  ['Tensor', (a, b) => new Tensor(a as never, b as never)],
];

describe('core ops given arbitrary values', () => {
  for (const [name, op] of ops) {
    it(`${name}(a, b) returns a Tensor or throws an AttnError for any a and b`, () => {
      // biome-ignore lint/nursery/noFloatingPromises: a synchronous property: fc.assert returns nothing to await
      fc.assert(fc.property(value, value, (a, b) => {
        const r = resultOrRefusal(() => op(a, b));
        expect(r instanceof Tensor || r instanceof AttnError).toBe(true);
      }), { seed: SEED, numRuns: RUNS });
    }, TIMEOUT);
  }

  it('add(t, x) of a tensor and a number is the elementwise sum, whatever else is refused', () => {
    const t = tensor([1, 2, 3]);
    // biome-ignore lint/nursery/noFloatingPromises: a synchronous property: fc.assert returns nothing to await
    fc.assert(fc.property(fc.oneof(fc.double(), fc.anything()), (x) => {
      const r = resultOrRefusal(() => add(t, x as never));
      if (typeof x === 'number') expect((r as Tensor).toFlat()).toEqual([1 + x, 2 + x, 3 + x]);
      else expect(r).toBeInstanceOf(AttnError);
    }), { seed: SEED, numRuns: RUNS });
  }, TIMEOUT);
});
