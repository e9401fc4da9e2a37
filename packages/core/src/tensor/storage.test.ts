import { afterEach, describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { attention } from '../attention/attention.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { MultiHeadAttention } from '../nn/multi-head-attention.js';
import { sinusoidalEncoding } from '../nn/positional.js';
import { add } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { expand } from '../ops/shape.js';
import { arange, ones, zeros } from './create.js';
import { alloc, getMaxAllocation, checkAllocation, setMaxAllocation } from './storage.js';

const LIMIT = 'over the limit of 4294967296 (setMaxAllocation)';

describe('allocation limit', () => {
  afterEach(() => {
    setMaxAllocation(2 ** 32);
  });

  it('zeros([1e6, 1e6]) is refused before allocating, naming the op, the shape and the bytes', () => {
    expectAttnError(() => zeros([1e6, 1e6]), 'RESOURCE', `zeros: [1000000,1000000] float64 needs 8000000000000 bytes, ${LIMIT}`);
    expectAttnError(() => ones([2 ** 30, 2], { dtype: 'float32' }), 'RESOURCE', `ones: [1073741824,2] float32 needs 8589934592 bytes, ${LIMIT}`);
    expectAttnError(() => arange(1e12), 'RESOURCE', `arange: [1000000000000] float64 needs 8000000000000 bytes, ${LIMIT}`);
  });

  it('a count that is not a safe integer is a SHAPE error, not a RangeError', () => {
    expectAttnError(() => zeros([2 ** 30, 2 ** 30, 2 ** 30]), 'SHAPE', 'zeros: shape [1073741824,1073741824,1073741824] has 1.2379400392853803e+27 elements, not a safe integer count');
    expectAttnError(() => zeros([2 ** 60]), 'SHAPE', 'zeros: shape must hold non-negative integers, got [1152921504606847000]');
    expectAttnError(() => zeros([NaN]), 'SHAPE', 'zeros: shape must hold non-negative integers, got [NaN]');
    expectAttnError(() => alloc('float64', -1, 'test'), 'SHAPE', 'test: shape [-1] has -1 elements, not a safe integer count');
  });

  it('ops whose output outgrows their inputs are refused by the output size', () => {
    expectAttnError(() => matmul(zeros([1e5, 1]), zeros([1, 1e5])), 'RESOURCE', `matmul: [100000,100000] float64 needs 80000000000 bytes, ${LIMIT}`);
    expectAttnError(() => add(zeros([1e5, 1]), zeros([1e5])), 'RESOURCE', `add: [100000,100000] float64 needs 80000000000 bytes, ${LIMIT}`);
    expectAttnError(() => expand(zeros([1]), [1e6, 1e6]), 'RESOURCE', `expand: [1000000,1000000] float64 needs 8000000000000 bytes, ${LIMIT}`);
    const q = zeros([1, 1e5, 2]);
    expectAttnError(() => attention(q, q, q), 'RESOURCE', `attention: [1,100000,100000] float64 needs 80000000000 bytes, ${LIMIT}`);
  });

  it('layers refuse weights over the limit before drawing any', () => {
    expectAttnError(() => new Linear(1e6, 1e6), 'RESOURCE', `Linear: [1000000,1000000] float64 needs 8000000000000 bytes, ${LIMIT}`);
    expectAttnError(() => new MultiHeadAttention(1e6, 4), 'RESOURCE', `MultiHeadAttention: [3000000,1000000] float64 needs 24000000000000 bytes, ${LIMIT}`);
    expectAttnError(() => new Embedding(1e9, 64), 'RESOURCE', `Embedding: [1000000000,64] float64 needs 512000000000 bytes, ${LIMIT}`);
    expectAttnError(() => sinusoidalEncoding(1e9, 64), 'RESOURCE', `sinusoidalEncoding: [1000000000,64] float64 needs 512000000000 bytes, ${LIMIT}`);
  });

  it('setMaxAllocation(bytes) changes the limit and returns the previous one', () => {
    expect(getMaxAllocation()).toBe(2 ** 32);
    expect(setMaxAllocation(1024)).toBe(2 ** 32);
    expect(zeros([128]).size).toBe(128); // exactly 1 KiB
    expectAttnError(() => zeros([129]), 'RESOURCE', 'zeros: [129] float64 needs 1032 bytes, over the limit of 1024 (setMaxAllocation)');
    expectAttnError(() => zeros([2, 100]), 'RESOURCE', 'zeros: [2,100] float64 needs 1600 bytes, over the limit of 1024 (setMaxAllocation)');
    expect(setMaxAllocation(Infinity)).toBe(1024);
    expect(checkAllocation('zeros', [2 ** 40])).toBe(2 ** 40);
    expectAttnError(() => setMaxAllocation(0), 'ARGUMENT', 'setMaxAllocation: bytes must be a number > 0, got 0');
    expectAttnError(() => setMaxAllocation('1e9' as unknown as number), 'ARGUMENT', 'setMaxAllocation: bytes must be a number > 0, got "1e9"');
  });

  it('alloc(dtype, n) still hands out zero-filled storage of every size under the limit', () => {
    for (const n of [0, 1, 8, 9, 128, 129, 5000]) {
      const d = alloc('float64', n);
      expect(d.length).toBe(n);
      expect(d.every((v) => v === 0)).toBe(true);
    }
    expect(alloc('float32', 300)).toBeInstanceOf(Float32Array);
  });
});
