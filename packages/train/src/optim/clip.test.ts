import { describe, expect, it } from 'vitest';
import { tensor } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { clipGradNorm, gradNorm } from './clip.js';

/** Gradients [3, 4] and [12]: global norm √(9 + 16 + 144) = 13; a third parameter has none. */
function params() {
  const a = tensor([1, 1]).requireGrad();
  const b = tensor([1]).requireGrad();
  const c = tensor([5]).requireGrad();
  a.grad = tensor([3, 4]);
  b.grad = tensor([12]);
  return [a, b, c];
}

describe('gradNorm', () => {
  it('gradNorm is √(Σ g²) over every gradient, counting a missing gradient as zero', () => {
    expect(gradNorm(params())).toBe(13);
    expect(gradNorm([tensor([1]).requireGrad()])).toBe(0);
  });
});

describe('clipGradNorm', () => {
  it('clipGradNorm leaves gradients below the limit untouched and returns their norm', () => {
    const p = params();
    expect(clipGradNorm(p, 20)).toBe(13);
    expect(p.map((t) => t.grad && Array.from(t.grad.data))).toEqual([[3, 4], [12], null]);
  });

  it('clipGradNorm scales gradients above the limit to norm ≈ maxNorm and returns the norm before clipping', () => {
    const p = params();
    expect(clipGradNorm(p, 6.5)).toBe(13);
    const f = 6.5 / (13 + 1e-6); // like torch.nn.utils.clip_grad_norm_
    expect(Array.from(p[0].grad!.data)).toEqual([3 * f, 4 * f]);
    expect(Array.from(p[1].grad!.data)).toEqual([12 * f]);
    expect(p[2].grad).toBeNull();
    expect(gradNorm(p)).toBeCloseTo(6.5, 6);
    // directions are kept: the ratio of the gradients does not change
    expect(p[0].grad!.data[1] / p[0].grad!.data[0]).toBeCloseTo(4 / 3, 14);
  });

  it('clipGradNorm refuses a negative or NaN maxNorm', () => {
    expectAttnError(() => clipGradNorm(params(), -1), 'ARGUMENT', 'clipGradNorm: maxNorm must be a number >= 0, got -1');
    expectAttnError(() => clipGradNorm(params(), NaN), 'ARGUMENT', 'clipGradNorm: maxNorm must be a number >= 0, got NaN');
  });
});
