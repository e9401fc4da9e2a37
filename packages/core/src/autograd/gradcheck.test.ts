import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { randn, tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { accumulate, attach } from './engine.js';
import { gradcheck } from './gradcheck.js';

/** x² with a backward pass that sends `factor · x · g`: correct for factor 2 only. */
const square = (factor: number) => (x: Tensor) => {
  const out = new Tensor(x.data.map((v) => v * v), x.shape);
  return attach(out, [x], (g) => accumulate(x, x.data.map((v, i) => factor * v * g[i])));
};

describe('gradcheck', () => {
  it('gradcheck(f, inputs) is ok for a correct op, scalar or not', () => {
    const x = tensor([1, -2, 3]);
    const scalar = gradcheck((t) => sum(square(2)(t)), [x]);
    expect(scalar.ok).toBe(true);
    expect(scalar.mismatches).toEqual([]);
    expect(scalar.maxError).toBeLessThan(1e-6);
    const vector = gradcheck(square(2), [randn([2, 3], { seed: 1 })]);
    expect(vector.ok).toBe(true);
    expect(gradcheck((a, b) => mul(a, b), [randn([3], { seed: 2 }), randn([3], { seed: 3 })]).ok).toBe(true);
  });

  it('gradcheck reports a deliberately wrong gradient with one line per element', () => {
    const r = gradcheck((t) => sum(square(3)(t)), [tensor([1, 2, 3])]);
    expect(r.ok).toBe(false);
    expect(r.mismatches).toHaveLength(3);
    // autograd says 3x, finite differences say 2x
    r.mismatches.forEach((line, j) => {
      const m = /^inputs\[0\] \[3\] at (\d+): autograd (\S+), finite difference (\S+)$/.exec(line);
      expect(m, line).not.toBe(null);
      expect(Number(m![1])).toBe(j);
      expect(Number(m![2])).toBe(3 * (j + 1));
      expect(Number(m![3])).toBeCloseTo(2 * (j + 1), 6);
    });
    expect(r.maxError).toBeCloseTo(3, 6);
  });

  it('gradcheck names the input whose gradient is wrong', () => {
    const f = (a: Tensor, b: Tensor) => mul(a, square(2.5)(b));
    const r = gradcheck(f, [randn([2], { seed: 4 }), randn([2], { seed: 5 })]);
    expect(r.ok).toBe(false);
    expect(r.mismatches.length).toBeGreaterThan(0);
    for (const line of r.mismatches) expect(line.startsWith('inputs[1] [2] at ')).toBe(true);
  });

  it('gradcheck catches an op that forgets to send its gradient', () => {
    const silent = (x: Tensor) => attach(new Tensor(x.data.map((v) => 2 * v), x.shape), [x], () => {});
    const r = gradcheck((t) => sum(silent(t)), [tensor([1, 2])]);
    expect(r.ok).toBe(false);
    expect(r.mismatches).toHaveLength(2);
    r.mismatches.forEach((line, j) => {
      const m = /^inputs\[0\] \[2\] at (\d+): autograd 0, finite difference (\S+)$/.exec(line);
      expect(m, line).not.toBe(null);
      expect(Number(m![1])).toBe(j);
      expect(Number(m![2])).toBeCloseTo(2, 6);
    });
  });

  it('gradcheck treats a NaN gradient as a mismatch', () => {
    const nan = (x: Tensor) => attach(new Tensor(x.data.slice(), x.shape), [x], () => accumulate(x, x.data.map(() => NaN)));
    const r = gradcheck((t) => sum(nan(t)), [tensor([1])]);
    expect(r.ok).toBe(false);
    expect(r.mismatches[0]).toMatch(/^inputs\[0\] \[1\] at 0: autograd NaN, finite difference /);
  });

  it('gradcheck tolerances are options: a loose atol accepts the wrong gradient', () => {
    expect(gradcheck((t) => sum(square(3)(t)), [tensor([1, 2, 3])], { atol: 10 }).ok).toBe(true);
    expect(gradcheck((t) => sum(square(2.001)(t)), [tensor([1, 2, 3])], { rtol: 1e-2 }).ok).toBe(true);
    expect(gradcheck((t) => sum(square(2.001)(t)), [tensor([1, 2, 3])]).ok).toBe(false);
    expect(gradcheck(square(2), [tensor([1, 2])], { seed: 7, eps: 1e-5 }).ok).toBe(true);
  });

  it('gradcheck does not modify its inputs', () => {
    const x = tensor([1, 2, 3]);
    gradcheck((t) => sum(square(2)(t)), [x]);
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBe(null);
  });

  it('gradcheck rejects a non-function, non-float64 inputs and a non-tensor result', () => {
    expectAttnError(() => gradcheck(3 as unknown as () => Tensor, []), 'ARGUMENT', "gradcheck: argument 'f' must be a function, got 3");
    expectAttnError(() => gradcheck((t) => t, [tensor([1], { dtype: 'float32' })]), 'ARGUMENT', 'gradcheck: inputs[0] must be a float64 Tensor, got float32');
    expectAttnError(() => gradcheck((t) => t, [tensor([1]), [1] as unknown as Tensor]), 'ARGUMENT', 'gradcheck: inputs[1] must be a float64 Tensor, got [1]');
    expectAttnError(() => gradcheck(() => 3 as unknown as Tensor, [tensor([1])]), 'ARGUMENT', 'gradcheck: f must return a Tensor, got 3');
  });
});
