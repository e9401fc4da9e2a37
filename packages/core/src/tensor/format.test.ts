import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from './create.js';
import { formatTensor } from './format.js';

const lines = (...l: string[]) => l.join('\n');

describe('formatTensor', () => {
  it('a scalar prints its value and shape []', () => {
    expect(formatTensor(tensor(3))).toBe('tensor(3, shape=[])');
    expect(formatTensor(tensor(-2.5))).toBe('tensor(-2.5000, shape=[])');
  });

  it('a vector of integers prints them as integers', () => {
    expect(formatTensor(tensor([1, -2, 30]))).toBe('tensor([ 1, -2, 30], shape=[3])');
  });

  it('a matrix prints one row per line, columns right-aligned under "tensor(["', () => {
    expect(formatTensor(tensor([[1, -2.5], [10, 3.25]]))).toBe(lines(
      'tensor([[ 1.0000, -2.5000],',
      '        [10.0000,  3.2500]], shape=[2,2])',
    ));
  });

  it('a 3-D tensor separates its matrices with a blank line, like PyTorch', () => {
    expect(formatTensor(tensor([[[1, 2], [3, 4]], [[5, 60], [7, 8]]]))).toBe(lines(
      'tensor([[[ 1,  2],',
      '         [ 3,  4]],',
      '',
      '        [[ 5, 60],',
      '         [ 7,  8]]], shape=[2,2,2])',
    ));
  });

  it('axes longer than 6 show their first and last 3 items around …', () => {
    expect(formatTensor(arange(10))).toBe('tensor([0, 1, 2, …, 7, 8, 9], shape=[10])');
    expect(formatTensor(arange(80).reshape([10, 8]))).toBe(lines(
      'tensor([[ 0,  1,  2, …,  5,  6,  7],',
      '        [ 8,  9, 10, …, 13, 14, 15],',
      '        [16, 17, 18, …, 21, 22, 23],',
      '        …,',
      '        [56, 57, 58, …, 61, 62, 63],',
      '        [64, 65, 66, …, 69, 70, 71],',
      '        [72, 73, 74, …, 77, 78, 79]], shape=[10,8])',
    ));
    expect(formatTensor(arange(6))).toBe('tensor([0, 1, 2, 3, 4, 5], shape=[6])');
  });

  it('column widths count only the values shown, not the elided ones', () => {
    const t = tensor([1, 2, 3, 1000000, 5, 6, 7]);
    expect(formatTensor(t)).toBe('tensor([1, 2, 3, …, 5, 6, 7], shape=[7])');
  });

  it('fractions print with 4 decimals; tiny or huge magnitudes switch every value to exponents', () => {
    expect(formatTensor(tensor([0.5, 1 / 3]))).toBe('tensor([0.5000, 0.3333], shape=[2])');
    expect(formatTensor(tensor([0.1, 1e-5, -3]))).toBe('tensor([ 1.0000e-1,  1.0000e-5, -3.0000e+0], shape=[3])');
    expect(formatTensor(tensor([1e7, 2]))).toBe('tensor([1.0000e+7, 2.0000e+0], shape=[2])');
    expect(formatTensor(tensor([0, 0.25]))).toBe('tensor([0.0000, 0.2500], shape=[2])');
  });

  it('NaN and ±Infinity print as in JavaScript and do not choose the number style', () => {
    expect(formatTensor(tensor([NaN, -Infinity, 1.5]))).toBe('tensor([      NaN, -Infinity,    1.5000], shape=[3])');
    expect(formatTensor(tensor([NaN, 1]))).toBe('tensor([NaN,   1], shape=[2])');
  });

  it('a float32 tensor shows its dtype, and a leaf that requires grad says so', () => {
    expect(formatTensor(tensor([0.1, 2], { dtype: 'float32' }))).toBe('tensor([0.1000, 2.0000], shape=[2], dtype=float32)');
    expect(formatTensor(tensor([1, 2], { requiresGrad: true }))).toBe('tensor([1, 2], shape=[2], requiresGrad)');
    expect(formatTensor(tensor([1], { dtype: 'float32', requiresGrad: true }))).toBe('tensor([1], shape=[1], dtype=float32, requiresGrad)');
  });

  it('empty tensors print empty brackets', () => {
    expect(formatTensor(zeros([0]))).toBe('tensor([], shape=[0])');
    expect(formatTensor(zeros([2, 0]))).toBe(lines('tensor([[],', '        []], shape=[2,0])'));
  });
});
