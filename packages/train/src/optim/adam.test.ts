import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { Adam, AdamW, type AdamOptions } from './adam.js';

// Start from x = [1, −2] and feed three gradients set by hand. Expected values follow from
// Kingma & Ba's update, worked out separately in float64:
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  x ← x − lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
// e.g. element 0 at t = 1: m̂ = 0.5, v̂ = 0.25, x = 1 − 0.1·0.5/(0.5 + 1e−8) = 0.900000002;
//      at t = 2 (g = −1): m = −0.055, v = 0.00124975, m̂ = −0.28947368…, v̂ = 0.62518759…,
//      x = 0.900000002 + 0.1·0.28947368…/0.79068805… = 0.93661035424…
const GRADS = [[0.5, 1], [-1, 0.25], [2, -0.5]];

function run(make: (x: Tensor) => Adam): number[][] {
  const x = tensor([1, -2]).requireGrad();
  const opt = make(x);
  return GRADS.map((g) => {
    x.grad = tensor(g);
    opt.step();
    return Array.from(x.data);
  });
}

function expectSteps(got: number[][], want: number[][]): void {
  got.forEach((row, s) => row.forEach((v, i) => expect(v, `step ${s + 1}, element ${i}`).toBeCloseTo(want[s][i], 13)));
}

const base: AdamOptions = { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8 };

describe('Adam', () => {
  it('Adam takes bias-corrected steps of about lr·m̂/√v̂', () => {
    expectSteps(run((x) => new Adam([x], base)), [
      [0.900000002, -2.099999999],
      [0.9366103542405654, -2.183059751227727],
      [0.8946447927181046, -2.2129149252194646],
    ]);
  });

  it('Adam({ weightDecay }) adds wd·x to the gradient before the moments (L2, not decoupled)', () => {
    // t = 1, element 0: g = 0.5 + 0.1·1 = 0.6, so the step is 0.1·0.6/(0.6 + 1e−8)
    expectSteps(run((x) => new Adam([x], { ...base, weightDecay: 0.1 })), [
      [0.9000000016666666, -2.09999999875],
      [0.9252635194456061, -2.1706400355765036],
      [0.8776172608049325, -2.168674265825898],
    ]);
  });

  it('AdamW multiplies x by 1 − lr·wd before the Adam step (decoupled decay)', () => {
    // t = 1, element 0: x = 1·(1 − 0.1·0.1) = 0.99, then the Adam step 0.1·0.5/(0.5 + 1e−8) → 0.890000002
    expectSteps(run((x) => new AdamW([x], { ...base, weightDecay: 0.1 })), [
      [0.890000002, -2.079999999],
      [0.9177103542205653, -2.1422597512377273],
      [0.8665676891558989, -2.1506923277170875],
    ]);
  });

  it('Adam defaults to lr 1e-3, betas [0.9, 0.999], eps 1e-8, no decay; AdamW to decay 0.01', () => {
    const p = [tensor([1]).requireGrad()];
    const adam = new Adam(p);
    expect([adam.lr, adam.beta1, adam.beta2, adam.eps, adam.weightDecay]).toEqual([1e-3, 0.9, 0.999, 1e-8, 0]);
    expect(new AdamW(p).weightDecay).toBe(0.01);
    expect(new AdamW(p).state().kind).toBe('adamw');
    expect(adam.state().kind).toBe('adam');
  });

  it('Adam.step() skips parameters without a gradient and leaves their moments unset', () => {
    const a = tensor([1]).requireGrad();
    const b = tensor([3, 4]).requireGrad();
    const opt = new AdamW([a, b], { lr: 0.1, weightDecay: 0.5 });
    a.grad = tensor([2]);
    opt.step();
    expect(a.data[0]).toBeCloseTo(1 * (1 - 0.05) - 0.1 * (2 / (2 + 1e-8)), 14);
    expect(Array.from(b.data)).toEqual([3, 4]); // not even decayed
    const { buffers } = opt.state();
    expect(buffers.m[1]).toBeNull();
    expect(buffers.v[1]).toBeNull();
  });

  it('new Adam / new AdamW refuse bad options, naming the optimizer, the option and the value', () => {
    const p = [tensor([1]).requireGrad()];
    expectAttnError(() => new Adam(p, { lr: -1 }), 'ARGUMENT', 'Adam: lr must be a finite number >= 0, got -1');
    expectAttnError(() => new Adam(p, { betas: [1, 0.999] }), 'ARGUMENT', 'Adam: betas must be two numbers in [0, 1), got [1, 0.999]');
    expectAttnError(() => new Adam(p, { betas: [0.9, -0.1] }), 'ARGUMENT', 'Adam: betas must be two numbers in [0, 1), got [0.9, -0.1]');
    expectAttnError(() => new Adam(p, { eps: 0 }), 'ARGUMENT', 'Adam: eps must be > 0, got 0');
    expectAttnError(() => new Adam(p, { weightDecay: -0.1 }), 'ARGUMENT', 'Adam: weightDecay must be >= 0, got -0.1');
    expectAttnError(() => new AdamW(p, { weightDecay: NaN }), 'ARGUMENT', 'AdamW: weightDecay must be >= 0, got NaN');
    expectAttnError(() => new AdamW([], {}), 'ARGUMENT', 'AdamW: params must be a non-empty array of tensors, got 0 items');
  });
});
