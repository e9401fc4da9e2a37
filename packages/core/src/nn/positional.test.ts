import { describe, expect, it } from 'vitest';
import { expectClose, readReference, thrown } from '../../test/nn-testing.js';
import { gradcheck, randn, RotaryEmbedding, sinusoidalEncoding, tensor, Tensor } from '../index.js';

const ref = readReference('positional_encoding.json');

describe('sinusoidalEncoding', () => {
  for (const c of ref.cases) {
    it(`sinusoidalEncoding matches PyTorch on ${c.name}`, () => {
      const pe = sinusoidalEncoding(c.params.length as number, c.params.dim as number);
      expectClose(pe, c.outputs.pe, ref.tolerance, 'pe');
    });
  }

  it('sinusoidalEncoding at position 0 is sin 0, cos 0, … = 0, 1, …', () => {
    expect(sinusoidalEncoding(1, 4).toArray()).toEqual([[0, 1, 0, 1]]);
  });

  it('sinusoidalEncoding with an odd dim ends with a sine column', () => {
    const pe = sinusoidalEncoding(3, 5).toArray() as number[][];
    const i = 2; // the last pair index: column 4 = sin(pos / 10000^(4/5))
    for (let pos = 0; pos < 3; pos++) expect(pe[pos][4]).toBeCloseTo(Math.sin(pos / 10000 ** ((2 * i) / 5)), 15);
    expect(pe[2][1]).toBeCloseTo(Math.cos(2), 15);
  });

  it('sinusoidalEncoding refuses lengths and dims that are not positive integers', () => {
    expect(thrown(() => sinusoidalEncoding(0, 4))).toMatchObject({ code: 'ARGUMENT', message: 'sinusoidalEncoding: length must be a positive integer, got 0' });
    expect(thrown(() => sinusoidalEncoding(2, 1.5))).toMatchObject({ code: 'ARGUMENT', message: 'sinusoidalEncoding: dim must be a positive integer, got 1.5' });
  });
});

/** Rotates one vector `x` (length dim) to position `pos`: pairs (i, i + dim/2) by pos·base^(−2i/dim). */
function rotateByHand(x: number[], pos: number, base = 10000): number[] {
  const h = x.length / 2;
  const out = x.slice();
  for (let i = 0; i < h; i++) {
    const a = pos * base ** ((-2 * i) / x.length);
    out[i] = x[i] * Math.cos(a) - x[i + h] * Math.sin(a);
    out[i + h] = x[i + h] * Math.cos(a) + x[i] * Math.sin(a);
  }
  return out;
}

/** The rotation of one vector at one position through the module: [1, dim] with an offset. */
const rotate = (rope: RotaryEmbedding, x: number[], pos: number) => rope.apply(tensor([x]), pos).toFlat();
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('RotaryEmbedding', () => {
  it('RotaryEmbedding.apply rotates pairs (i, i + dim/2) by position · base^(−2i/dim)', () => {
    const rope = new RotaryEmbedding(6);
    const x = randn([2, 4, 6], { seed: 1 });
    const y = rope.apply(x, 3).toArray() as number[][][];
    const xs = x.toArray() as number[][][];
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 4; t++) expectClose(tensor(y[b][t]), tensor(rotateByHand(xs[b][t], t + 3)), { atol: 1e-14, rtol: 1e-13 });
    }
    const small = new RotaryEmbedding(4, { base: 100 });
    expectClose(tensor(rotate(small, [1, 2, 3, 4], 5)), tensor(rotateByHand([1, 2, 3, 4], 5, 100)), { atol: 1e-14, rtol: 1e-13 });
  });

  it('RotaryEmbedding.tables(T, offset) equals the rows offset … offset+T−1 of a table from 0, whatever was asked before', () => {
    const rope = new RotaryEmbedding(6, { base: 100 });
    const [cos3, sin3] = rope.tables(3, 5); // grows the cache to 8 positions
    const fresh = new RotaryEmbedding(6, { base: 100 });
    const [cosAll, sinAll] = fresh.tables(40); // one table from position 0
    expect(cos3.toArray()).toEqual(cosAll.slice(0, 5, 8).toArray());
    expect(sin3.toArray()).toEqual(sinAll.slice(0, 5, 8).toArray());
    const [cos1] = rope.tables(1, 30); // beyond the cache: it grows again
    expect(cos1.toArray()).toEqual(cosAll.slice(0, 30, 31).toArray());
    expect(cos1.shape).toEqual([1, 6]);
  });

  it('RotaryEmbedding leaves position 0 unchanged', () => {
    const x = randn([3, 4], { seed: 2 });
    expect(new RotaryEmbedding(4).apply(x).index(0).toFlat()).toEqual(x.index(0).toFlat());
  });

  it('RotaryEmbedding preserves the norm of each rotated pair', () => {
    const dim = 8;
    const x = randn([5, dim], { seed: 3 });
    const y = new RotaryEmbedding(dim).apply(x, 2).toArray() as number[][];
    const xs = x.toArray() as number[][];
    for (let t = 0; t < 5; t++) {
      for (let i = 0; i < dim / 2; i++) {
        expect(Math.hypot(y[t][i], y[t][i + dim / 2])).toBeCloseTo(Math.hypot(xs[t][i], xs[t][i + dim / 2]), 13);
      }
    }
  });

  it('RotaryEmbedding makes q·k depend only on the relative position: (m, n) and (m + s, n + s) agree', () => {
    const rope = new RotaryEmbedding(8);
    const q = randn([8], { seed: 4 }).toFlat();
    const k = randn([8], { seed: 5 }).toFlat();
    for (const [m, n] of [[3, 1], [0, 5], [7, 7]]) {
      const base = dot(rotate(rope, q, m), rotate(rope, k, n));
      for (const s of [1, 4, 100]) expect(dot(rotate(rope, q, m + s), rotate(rope, k, n + s))).toBeCloseTo(base, 11);
    }
    // … and does depend on it
    expect(Math.abs(dot(rotate(rope, q, 3), rotate(rope, k, 1)) - dot(rotate(rope, q, 3), rotate(rope, k, 2)))).toBeGreaterThan(1e-3);
  });

  it('RotaryEmbedding.apply over a sequence equals rotating each position alone', () => {
    const rope = new RotaryEmbedding(4);
    const x = randn([3, 4], { seed: 6 });
    const y = rope.apply(x, 2);
    for (let t = 0; t < 3; t++) expectClose(y.index(t), tensor(rotate(rope, x.index(t).toFlat(), 2 + t)));
  });

  it('RotaryEmbedding.apply gradients match finite differences', () => {
    const rope = new RotaryEmbedding(6);
    const r = gradcheck((x: Tensor) => rope.apply(x, 1), [randn([2, 3, 6], { seed: 7 })]);
    expect(r.mismatches).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('RotaryEmbedding.tables are [T, dim] cos and sin of the angles, duplicated over both halves', () => {
    const [cos, sin] = new RotaryEmbedding(4).tables(2, 1);
    expect(cos.shape).toEqual([2, 4]);
    const a = (p: number, i: number) => p * 10000 ** (-i / 2);
    expectClose(cos, tensor([[Math.cos(a(1, 0)), Math.cos(a(1, 1)), Math.cos(a(1, 0)), Math.cos(a(1, 1))],
      [Math.cos(a(2, 0)), Math.cos(a(2, 1)), Math.cos(a(2, 0)), Math.cos(a(2, 1))]]));
    expectClose(sin, tensor([[Math.sin(a(1, 0)), Math.sin(a(1, 1)), Math.sin(a(1, 0)), Math.sin(a(1, 1))],
      [Math.sin(a(2, 0)), Math.sin(a(2, 1)), Math.sin(a(2, 0)), Math.sin(a(2, 1))]]));
  });

  it('RotaryEmbedding refuses odd or bad dims, bases ≤ 1 and inputs of another width', () => {
    expect(thrown(() => new RotaryEmbedding(5))).toMatchObject({ code: 'ARGUMENT', message: 'RotaryEmbedding: dim must be even, got 5' });
    expect(thrown(() => new RotaryEmbedding(0))).toMatchObject({ code: 'ARGUMENT', message: 'RotaryEmbedding: dim must be a positive integer, got 0' });
    expect(thrown(() => new RotaryEmbedding(4, { base: 1 }))).toMatchObject({ code: 'ARGUMENT', message: 'RotaryEmbedding: base must be a number > 1, got 1' });
    expect(thrown(() => new RotaryEmbedding(4).apply(randn([2, 6])))).toMatchObject({
      code: 'SHAPE', message: 'RotaryEmbedding.apply: x must be [..., T, 4], got [2,6]',
    });
    expect(thrown(() => new RotaryEmbedding(4).apply(randn([4])))).toMatchObject({ code: 'SHAPE' });
  });
});
