import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { fc } from '../../test/fc.js';
import { expectClose, naiveMatmul, values } from '../../test/naive.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { randn, tensor, zeros } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';

const filled = (shape: number[], seed: number) => tensor(values(shape.reduce((a, b) => a * b, 1), seed), { shape });

/** Textbook dA = G·Bᵀ and dB = Aᵀ·G for 2-D operands. */
function naiveGrads(a: Tensor, b: Tensor, g: Tensor) {
  const [M, K] = a.shape;
  const N = b.shape[1];
  const da: number[] = [];
  const db: number[] = [];
  for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += g.data[i * N + j] * b.data[k * N + j];
    da.push(s);
  }
  for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let i = 0; i < M; i++) s += a.data[i * K + k] * g.data[i * N + j];
    db.push(s);
  }
  return { da, db };
}

describe('matmul', () => {
  it('matmul(a, b) multiplies matrices (hand-computed)', () => {
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray()).toEqual([[17], [39]]);
    expect(matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[7, 8], [9, 10], [11, 12]])).toArray()).toEqual([[58, 64], [139, 154]]);
  });

  it('matmul of 1-D operands drops their axis, like torch.matmul', () => {
    const dot = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(dot.shape).toEqual([]);
    expect(dot.item()).toBe(32);
    expect(matmul(tensor([1, 2]), tensor([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([9, 12, 15]);
    expect(matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 0, -1])).toArray()).toEqual([-2, -2]);
    // a 1-D operand against a batch
    const v = filled([4], 1);
    const b = filled([3, 4, 2], 2);
    const vb = matmul(v, b);
    expect(vb.shape).toEqual([3, 2]);
    expectClose(vb.data, naiveMatmul(v, b).data);
    const bv = matmul(filled([3, 2, 4], 3), v);
    expect(bv.shape).toEqual([3, 2]);
    expectClose(bv.data, naiveMatmul(filled([3, 2, 4], 3), v).data);
  });

  it('matmul broadcasts batch axes: a [2,1,3,4] · b [5,4,2] → [2,5,3,2]', () => {
    const a = filled([2, 1, 3, 4], 4);
    const b = filled([5, 4, 2], 5);
    const c = matmul(a, b);
    const want = naiveMatmul(a, b);
    expect(c.shape).toEqual([2, 5, 3, 2]);
    expect(want.shape).toEqual([2, 5, 3, 2]);
    expectClose(c.data, want.data);
  });

  it('matmul matches the textbook product above the small-size threshold (17×33×29 and 64×64×64)', () => {
    for (const [M, K, N] of [[17, 33, 29], [64, 64, 64], [3, 40, 50]]) {
      const a = filled([M, K], M);
      const b = filled([K, N], N);
      expectClose(matmul(a, b).data, naiveMatmul(a, b).data, 1e-12, 1e-12);
    }
    // batched, with the batch broadcast, on the packed path
    const a = filled([2, 17, 33], 6);
    const b = filled([33, 29], 7);
    expectClose(matmul(a, b).data, naiveMatmul(a, b).data, 1e-12, 1e-12);
  });

  it('matmul gradients on the packed path equal G·Bᵀ and Aᵀ·G (17×33×29 and 64×64×64)', () => {
    for (const [M, K, N] of [[17, 33, 29], [64, 64, 64]]) {
      const a = filled([M, K], M + 1).requireGrad();
      const b = filled([K, N], N + 1).requireGrad();
      const g = filled([M, N], 99);
      matmul(a, b).backward(g);
      const { da, db } = naiveGrads(a, b, g);
      expectClose(a.grad!.data, da, 1e-12, 1e-12);
      expectClose(b.grad!.data, db, 1e-12, 1e-12);
    }
  });

  it('matmul gradients match finite differences: matrices, vectors, broadcast batches, the packed path', () => {
    const cases: [string, Tensor, Tensor][] = [
      ['[3,4]·[4,2]', randn([3, 4], { seed: 1 }), randn([4, 2], { seed: 2 })],
      ['[4]·[4]', randn([4], { seed: 3 }), randn([4], { seed: 4 })],
      ['[4]·[4,3]', randn([4], { seed: 5 }), randn([4, 3], { seed: 6 })],
      ['[3,4]·[4]', randn([3, 4], { seed: 7 }), randn([4], { seed: 8 })],
      ['[4]·[2,4,3]', randn([4], { seed: 9 }), randn([2, 4, 3], { seed: 10 })],
      ['[2,3,4]·[4]', randn([2, 3, 4], { seed: 11 }), randn([4], { seed: 12 })],
      ['[2,1,3,4]·[5,4,2]', randn([2, 1, 3, 4], { seed: 13 }), randn([5, 4, 2], { seed: 14 })],
      ['[3,4]·[2,4,2]', randn([3, 4], { seed: 15 }), randn([2, 4, 2], { seed: 16 })],
      ['[17,33]·[33,29]', randn([17, 33], { seed: 17 }), randn([33, 29], { seed: 18 })],
    ];
    for (const [name, a, b] of cases) expect(gradcheck(matmul, [a, b]).mismatches, name).toEqual([]);
  });

  it('matmul keeps float32 when both inputs are float32 and promotes to float64 otherwise', () => {
    const f32 = tensor([[1, 2]], { dtype: 'float32' });
    expect(matmul(f32, tensor([[3], [4]], { dtype: 'float32' })).dtype).toBe('float32');
    expect(matmul(f32, tensor([[3], [4]])).dtype).toBe('float64');
  });

  it('matmul with an empty inner axis gives zeros, and with an empty outer axis an empty result', () => {
    expect(matmul(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(matmul(zeros([0, 4]), zeros([4, 3])).shape).toEqual([0, 3]);
  });

  it('matmul names both shapes when the inner dimensions differ', () => {
    expectAttnError(() => matmul(zeros([2, 3]), zeros([4, 2])), 'SHAPE', 'matmul: inner dimensions must match, got a [2,3] and b [4,2]');
    expectAttnError(() => matmul(zeros([3]), zeros([4])), 'SHAPE', 'matmul: inner dimensions must match, got a [3] and b [4]');
    expectAttnError(() => matmul(zeros([2, 2, 3]), zeros([2])), 'SHAPE', 'matmul: inner dimensions must match, got a [2,2,3] and b [2]');
  });

  it('matmul names both full shapes when the batch axes cannot broadcast', () => {
    expectAttnError(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 5])), 'SHAPE', 'matmul: batch axes cannot broadcast, got a [2,3,4] and b [3,4,5]');
  });

  it('matmul rejects scalars and non-tensors', () => {
    expectAttnError(() => matmul(tensor(2), zeros([2])), 'SHAPE', 'matmul: both arguments need at least 1 axis, got a [] and b [2]');
    expectAttnError(() => matmul([1, 2] as unknown as Tensor, zeros([2])), 'ARGUMENT', "matmul: argument 'a' must be a Tensor, got [1,2]");
    expectAttnError(() => matmul(zeros([2]), 3 as unknown as Tensor), 'ARGUMENT', "matmul: argument 'b' must be a Tensor, got 3");
  });

  it('matmul agrees with the textbook product on random shapes, and (AB)C has the shape and values of A(BC) (property)', () => {
    fc.assert(
      fc.property(fc.matmulChain(), ([sa, sb, sc]) => {
        const a = filled(sa, 1);
        const b = filled(sb, 2);
        const c = filled(sc, 3);
        const ab = matmul(a, b);
        const want = naiveMatmul(a, b);
        expect(ab.shape).toEqual(want.shape);
        expectClose(ab.data, want.data);
        const left = matmul(ab, c);
        const right = matmul(a, matmul(b, c));
        expect(left.shape).toEqual(right.shape);
        expectClose(left.data, right.data, 1e-12, 1e-10);
      }),
      { numRuns: 60 },
    );
  });
});
