import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { SGD, type SGDOptions } from './sgd.js';

// Every case starts from x = [1, −2] and feeds the same three gradients, set by hand (no
// autograd), so the expected values below follow from the update rules on paper.
const GRADS = [[0.5, 1], [-1, 0.25], [2, -0.5]];

function run(options: SGDOptions): number[][] {
  const x = tensor([1, -2]).requireGrad();
  const opt = new SGD([x], options);
  return GRADS.map((g) => {
    x.grad = tensor(g);
    opt.step();
    return Array.from(x.data);
  });
}

function expectSteps(got: number[][], want: number[][]): void {
  got.forEach((row, s) => row.forEach((v, i) => expect(v, `step ${s + 1}, element ${i}`).toBeCloseTo(want[s][i], 13)));
}

describe('SGD', () => {
  it('SGD({ lr }) takes x − lr·g', () => {
    // [1, −2] − 0.1·[0.5, 1] = [0.95, −2.1]; − 0.1·[−1, 0.25] = [1.05, −2.125]; − 0.1·[2, −0.5] = [0.85, −2.075]
    expectSteps(run({ lr: 0.1 }), [[0.95, -2.1], [1.05, -2.125], [0.85, -2.075]]);
  });

  it('SGD({ momentum }) starts the buffer at the first gradient and then adds μ·buf', () => {
    // element 0: b = 0.5 → x 0.95; b = 0.9·0.5 − 1 = −0.55 → 1.005; b = 0.9·(−0.55) + 2 = 1.505 → 0.8545
    // element 1: b = 1 → −2.1; b = 0.9 + 0.25 = 1.15 → −2.215; b = 1.035 − 0.5 = 0.535 → −2.2685
    expectSteps(run({ lr: 0.1, momentum: 0.9 }), [[0.95, -2.1], [1.005, -2.215], [0.8545, -2.2685]]);
  });

  it('SGD({ dampening }) scales new gradients by 1 − dampening after the first step', () => {
    // element 0: b = 0.5 (the first step is not dampened) → 0.95; b = 0.45 − 0.5·1 = −0.05 → 0.955;
    //            b = −0.045 + 0.5·2 = 0.955 → 0.8595
    // element 1: b = 1 → −2.1; b = 0.9 + 0.125 = 1.025 → −2.2025; b = 0.9225 − 0.25 = 0.6725 → −2.26975
    expectSteps(run({ lr: 0.1, momentum: 0.9, dampening: 0.5 }), [[0.95, -2.1], [0.955, -2.2025], [0.8595, -2.26975]]);
  });

  it('SGD({ nesterov }) steps along g + μ·buf', () => {
    // element 0: b = 0.5, d = 0.5 + 0.45 = 0.95 → 0.905; b = −0.55, d = −1 − 0.495 = −1.495 → 1.0545;
    //            b = 1.505, d = 2 + 1.3545 = 3.3545 → 0.71905
    // element 1: b = 1, d = 1.9 → −2.19; b = 1.15, d = 0.25 + 1.035 = 1.285 → −2.3185;
    //            b = 0.535, d = −0.5 + 0.4815 = −0.0185 → −2.31665
    expectSteps(run({ lr: 0.1, momentum: 0.9, nesterov: true }), [[0.905, -2.19], [1.0545, -2.3185], [0.71905, -2.31665]]);
  });

  it('SGD({ weightDecay }) adds wd·x to the gradient', () => {
    // element 0: d = 0.5 + 0.1 = 0.6 → 0.94; d = −1 + 0.094 = −0.906 → 1.0306; d = 2 + 0.10306 → 0.820294
    // element 1: d = 1 − 0.2 = 0.8 → −2.08; d = 0.25 − 0.208 = 0.042 → −2.0842; d = −0.5 − 0.20842 = −0.70842 → −2.013358
    expectSteps(run({ lr: 0.1, weightDecay: 0.1 }), [[0.94, -2.08], [1.0306, -2.0842], [0.820294, -2.013358]]);
  });

  it('SGD({ momentum, weightDecay }) puts the decayed gradient into the buffer', () => {
    // element 0: b = 0.6 → 0.94; b = 0.54 − 0.906 = −0.366 → 0.9766; b = −0.3294 + 2.09766 = 1.76826 → 0.799774
    const [s1, s2, s3] = run({ lr: 0.1, momentum: 0.9, weightDecay: 0.1 });
    expect(s1[0]).toBeCloseTo(0.94, 13);
    expect(s2[0]).toBeCloseTo(0.9766, 13);
    expect(s3[0]).toBeCloseTo(0.799774, 13);
  });

  it('SGD.step() skips parameters without a gradient and creates no buffer for them', () => {
    const a = tensor([1, 2]).requireGrad();
    const b = tensor([3]).requireGrad();
    const opt = new SGD([a, b], { lr: 0.5, momentum: 0.9 });
    a.grad = tensor([1, 1]);
    opt.step();
    opt.step();
    expect(Array.from(a.data)).toEqual([1 - 0.5 - 0.5 * 1.9, 2 - 0.5 - 0.5 * 1.9]);
    expect(Array.from(b.data)).toEqual([3]);
    expect(opt.state().buffers.momentum[1]).toBeNull();
    expect(opt.stepCount).toBe(2);
  });

  it('SGD.zeroGrad() clears the gradients of its parameters', () => {
    const a = tensor([1]).requireGrad();
    a.grad = tensor([2]);
    new SGD([a], { lr: 1 }).zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('new SGD refuses bad options, naming the option and the value', () => {
    const p: Tensor[] = [tensor([1]).requireGrad()];
    expectAttnError(() => new SGD(p, { lr: -1 }), 'ARGUMENT', 'SGD: lr must be a finite number >= 0, got -1');
    expectAttnError(() => new SGD(p, { lr: NaN }), 'ARGUMENT', 'SGD: lr must be a finite number >= 0, got NaN');
    expectAttnError(() => new SGD(p, {} as SGDOptions), 'ARGUMENT', 'SGD: lr must be a finite number >= 0, got undefined');
    expectAttnError(() => new SGD(p, { lr: 0.1, momentum: -0.5 }), 'ARGUMENT', 'SGD: momentum must be >= 0, got -0.5');
    expectAttnError(() => new SGD(p, { lr: 0.1, weightDecay: Infinity }), 'ARGUMENT', 'SGD: weightDecay must be >= 0, got Infinity');
    expectAttnError(() => new SGD(p, { lr: 0.1, nesterov: true }), 'ARGUMENT', 'SGD: nesterov needs momentum > 0 and dampening 0');
    expectAttnError(() => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), 'ARGUMENT', 'SGD: nesterov needs momentum > 0 and dampening 0');
    expectAttnError(() => new SGD([], { lr: 0.1 }), 'ARGUMENT', 'SGD: params must be a non-empty array of tensors, got 0 items');
    expectAttnError(() => new SGD([1] as unknown as Tensor[], { lr: 0.1 }), 'ARGUMENT', 'SGD: params must be a non-empty array of tensors, got 1 items');
  });
});
