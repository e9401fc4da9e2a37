import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { Rng } from '../random/rng.js';
import { arange, eye, full, ones, rand, randn, tensor, zeros } from './create.js';
import type { NestedArray } from './tensor.js';
import type { DType } from './storage.js';

describe('tensor()', () => {
  it('tensor(nested) infers the shape and stores row-major float64', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(t.toFlat()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensor([[[1], [2]], [[3], [4]]]).shape).toEqual([2, 2, 1]);
  });

  it('tensor(number) is a scalar of shape []', () => {
    const t = tensor(2.5);
    expect(t.shape).toEqual([]);
    expect(t.item()).toBe(2.5);
  });

  it('tensor([]) and tensor([[], []]) have empty axes', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(tensor([[], []]).size).toBe(0);
  });

  it('tensor(flat, { shape }) lays out a flat array or typed array', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tensor(new Float32Array([1, 2]), { shape: [1, 2] }).toArray()).toEqual([[1, 2]]);
    expect(tensor(7, { shape: [] }).item()).toBe(7);
    expect(tensor([7], { shape: [1, 1, 1] }).shape).toEqual([1, 1, 1]);
  });

  it('tensor(typed arrays) reads typed arrays at any depth', () => {
    expect(tensor(new Float64Array([1, 2, 3])).toArray()).toEqual([1, 2, 3]);
    // typed arrays nested in an array are read too, though NestedArray does not spell it out
    const rows = [new Float64Array([1, 2]), new Float64Array([3, 4])] as unknown as NestedArray;
    expect(tensor(rows).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('tensor() copies its input, so later changes to the array do not leak in', () => {
    const src = [1, 2, 3];
    const t = tensor(src);
    src[0] = 99;
    const flat = new Float64Array([1, 2]);
    const u = tensor(flat, { shape: [2] });
    flat[0] = 99;
    expect(t.toFlat()).toEqual([1, 2, 3]);
    expect(u.toFlat()).toEqual([1, 2]);
  });

  it('tensor(x, { dtype: "float32" }) rounds to float32 storage', () => {
    const t = tensor([0.1, 1 / 3], { dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.toFlat()).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
  });

  it('tensor(x, { requiresGrad }) makes a leaf that collects gradients', () => {
    expect(tensor([1]).requiresGrad).toBe(false);
    const t = tensor([1], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.grad).toBe(null);
  });

  it('tensor() accepts NaN and ±Infinity as numbers', () => {
    const t = tensor([NaN, Infinity, -Infinity]);
    expect(t.toFlat()).toEqual([NaN, Infinity, -Infinity]);
  });

  it('tensor() names where a ragged nested array goes wrong', () => {
    expectAttnError(() => tensor([[1, 2], [3]]), 'SHAPE', 'tensor: ragged nested array, expected length 2 at [1], got length 1');
    expectAttnError(() => tensor([[1], 2]), 'SHAPE', 'tensor: ragged nested array, expected length 1 at [1], got 2');
    expectAttnError(() => tensor([[[1, 2]], [[3, 4], [5, 6]]]), 'SHAPE', 'tensor: ragged nested array, expected length 1 at [1], got length 2');
    expectAttnError(() => tensor([[[1, 2]], [[3]]]), 'SHAPE', 'tensor: ragged nested array, expected length 2 at [1][0], got length 1');
  });

  it('tensor() rejects values that are not numbers, naming where they are', () => {
    expectAttnError(() => tensor([[1, 'a' as unknown as number]]), 'ARGUMENT', 'tensor: value at [0][1] must be a number, got "a"');
    expectAttnError(() => tensor([1, [2]]), 'ARGUMENT', 'tensor: value at [1] must be a number, got [2]');
    expectAttnError(() => tensor(null as unknown as number), 'ARGUMENT', 'tensor: value at the top must be a number, got null');
    expectAttnError(() => tensor([true as unknown as number]), 'ARGUMENT', 'tensor: value at [0] must be a number, got true');
    expectAttnError(() => tensor([1, undefined as unknown as number], { shape: [2] }), 'ARGUMENT', 'tensor: value at index 1 must be a number, got undefined');
  });

  it('tensor(flat, { shape }) rejects a count that does not fill the shape, and bad shapes', () => {
    expectAttnError(() => tensor([1, 2, 3], { shape: [2, 2] }), 'SHAPE', 'tensor: 3 values do not fill shape [2,2] (4 elements)');
    expectAttnError(() => tensor([1, 2], { shape: [-1, -2] }), 'SHAPE', 'tensor: shape must hold non-negative integers, got [-1,-2]');
    expectAttnError(() => tensor([1, 2], { shape: [2.5] }), 'SHAPE', 'tensor: shape must hold non-negative integers, got [2.5]');
  });

  it('every constructor rejects a dtype other than float32 and float64', () => {
    const bad = { dtype: 'int32' as DType };
    expectAttnError(() => tensor([1], bad), 'ARGUMENT', `tensor: dtype must be 'float32' or 'float64', got "int32"`);
    expectAttnError(() => zeros([1], bad), 'ARGUMENT', `zeros: dtype must be 'float32' or 'float64', got "int32"`);
    expectAttnError(() => rand([1], bad), 'ARGUMENT', `rand: dtype must be 'float32' or 'float64', got "int32"`);
  });
});

describe('filled constructors', () => {
  it('zeros, ones and full fill a fresh tensor of the shape and dtype', () => {
    expect(zeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7.5).toArray()).toEqual([7.5, 7.5]);
    expect(full([], -1).item()).toBe(-1);
    expect(ones([2], { dtype: 'float32' }).dtype).toBe('float32');
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(zeros([0, 3]).size).toBe(0);
  });

  it('zeros, ones, full and eye reject negative and non-integer shapes', () => {
    expectAttnError(() => zeros([2, -1]), 'SHAPE', 'zeros: shape must hold non-negative integers, got [2,-1]');
    expectAttnError(() => ones([1.5]), 'SHAPE', 'ones: shape must hold non-negative integers, got [1.5]');
    expectAttnError(() => full([-3], 0), 'SHAPE', 'full: shape must hold non-negative integers, got [-3]');
    expectAttnError(() => eye(-1), 'SHAPE', 'eye: shape must hold non-negative integers, got [-1,-1]');
    expectAttnError(() => full([2], '1' as unknown as number), 'ARGUMENT', 'full: value must be a number, got "1"');
  });

  it('arange(start, end, step) gives ceil((end - start) / step) values like torch.arange', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.5).toArray()).toEqual([1, 1.5]);
    expect(arange(5, 0, -1).toArray()).toEqual([5, 4, 3, 2, 1]);
    expect(arange(3, 1).toArray()).toEqual([]);
    expect(arange(0).toArray()).toEqual([]);
    expect(arange(0, 1, 0.1).size).toBe(10);
    expect(arange(0, 0.3, 0.1).size).toBe(3); // 0.3/0.1 is 2.9999999999999996 in floating point
    expect(arange(-1, 1, 0.25).toArray()).toEqual([-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75]);
    expect(arange(3, undefined, 1, { dtype: 'float32' }).dtype).toBe('float32');
  });

  it('arange rejects non-finite bounds and a zero step', () => {
    expectAttnError(() => arange(0, 1, 0), 'ARGUMENT', 'arange: start, end and step must be finite and step non-zero, got 0 and 1 and 0');
    expectAttnError(() => arange(Infinity), 'ARGUMENT', 'arange: start, end and step must be finite and step non-zero, got 0 and Infinity and 1');
    expectAttnError(() => arange(0, NaN), 'ARGUMENT', 'arange: start, end and step must be finite and step non-zero, got 0 and NaN and 1');
  });

  it('eye(n, m) has ones on the main diagonal only', () => {
    expect(eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, 2).toArray()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(eye(0).shape).toEqual([0, 0]);
  });
});

describe('random constructors', () => {
  it('rand(shape, { seed }) is the seeded Rng\'s uniform stream, in row-major order', () => {
    const r = new Rng(5);
    const want = Array.from({ length: 6 }, () => r.uniform());
    expect(rand([2, 3], { seed: 5 }).toFlat()).toEqual(want);
    expect(rand([2, 3], { seed: 5 }).toFlat()).toEqual(rand([2, 3], { seed: 5 }).toFlat());
    expect(rand([3]).toFlat()).toEqual(rand([3], { seed: 0 }).toFlat()); // default seed 0
  });

  it('rand(shape, { low, high }) stays in [low, high)', () => {
    const t = rand([1000], { seed: 1, low: -2, high: 3 });
    expect(Math.min(...t.toFlat())).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...t.toFlat())).toBeLessThan(3);
    const mean = t.toFlat().reduce((a, b) => a + b) / t.size;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.2);
  });

  it('rand(shape, { rng }) draws from and advances the given generator', () => {
    const rng = new Rng(3);
    const a = rand([2], { rng });
    const b = rand([2], { rng });
    const ref = new Rng(3);
    expect([...a.toFlat(), ...b.toFlat()]).toEqual([ref.uniform(), ref.uniform(), ref.uniform(), ref.uniform()]);
  });

  it('rand(shape, { dtype: "float32" }) never rounds up to 1', () => {
    // the largest value uniform() can return; in float32 it rounds to exactly 1
    class Top extends Rng {
      override uniform(): number {
        return 1 - 2 ** -53;
      }
    }
    const t = rand([3], { rng: new Top(), dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    for (const v of t.toFlat()) expect(v).toBeLessThan(1);
    expect(rand([3], { rng: new Top() }).toFlat()).toEqual([1 - 2 ** -53, 1 - 2 ** -53, 1 - 2 ** -53]);
  });

  it('randn(shape, { seed, mean, std }) is mean + std · the seeded normal stream', () => {
    const r = new Rng(9);
    const want = Array.from({ length: 4 }, () => 2 + 0.5 * r.normal());
    const got = randn([4], { seed: 9, mean: 2, std: 0.5 }).toFlat();
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 14));
    const big = randn([20000], { seed: 1 }).toFlat();
    const m = big.reduce((a, b) => a + b) / big.length;
    const sd = Math.sqrt(big.reduce((a, b) => a + (b - m) ** 2, 0) / big.length);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('rand and randn reject an rng that is not an Rng', () => {
    const fake = { uniform: () => 0.5 } as unknown as Rng;
    expectAttnError(() => rand([1], { rng: fake }), 'ARGUMENT', 'rand: rng must be an Rng, got object');
    expectAttnError(() => randn([1], { rng: fake }), 'ARGUMENT', 'randn: rng must be an Rng, got object');
  });
});
