import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { expectClose, numel, values } from '../../test/naive.js';
import { readReference } from '../../test/nn-testing.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { randn, tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { sum } from './reduce.js';
import { logSoftmax, maskedSoftmax, softmax } from './softmax.js';

const filled = (shape: number[], seed = 1, scale = 3) => tensor(values(numel(shape), seed).map((v) => v * scale), { shape });

/** Softmax along `axis` by the definition, in float64, slice by slice. */
function naiveSoftmax(x: Tensor, axis: number, log = false): number[] {
  const a = axis < 0 ? axis + x.rank : axis;
  const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const len = x.shape[a];
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const out = new Array<number>(x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => o * len * inner + k * inner + i;
      let m = -Infinity;
      for (let k = 0; k < len; k++) m = Math.max(m, x.data[at(k)]);
      let s = 0;
      for (let k = 0; k < len; k++) s += Math.exp(x.data[at(k)] - m);
      for (let k = 0; k < len; k++) out[at(k)] = log ? x.data[at(k)] - m - Math.log(s) : Math.exp(x.data[at(k)] - m) / s;
    }
  }
  return out;
}

describe('softmax', () => {
  it('softmax(x) of hand-computed cases', () => {
    expect(softmax(tensor([1, 1])).toArray()).toEqual([0.5, 0.5]);
    const y = softmax(tensor([0, Math.log(2), Math.log(5)])).toFlat(); // weights 1 : 2 : 5
    expectClose(y, [1 / 8, 2 / 8, 5 / 8], 1e-15);
    expectClose(softmax(tensor([[0, 0], [0, Math.log(3)]]), 0).toFlat(), [0.5, 0.25, 0.5, 0.75], 1e-15);
    expect(softmax(tensor([7])).toArray()).toEqual([1]);
  });

  it('softmax and logSoftmax match a naive float64 implementation along every axis', () => {
    const x = filled([3, 4, 5], 2);
    for (const axis of [0, 1, 2, -1, -3]) {
      expectClose(softmax(x, axis).data, naiveSoftmax(x, axis), 1e-15, 1e-13);
      expectClose(logSoftmax(x, axis).data, naiveSoftmax(x, axis, true), 1e-14, 1e-13);
    }
  });

  it('softmax slices sum to 1 and logSoftmax is the log of softmax', () => {
    const x = filled([4, 6], 3, 10);
    const rows = sum(softmax(x, 0), 0).toFlat();
    expectClose(rows, rows.map(() => 1), 1e-15);
    expectClose(logSoftmax(x).data, softmax(x).toFlat().map(Math.log), 1e-13, 1e-13);
  });

  it('softmax(x) is stable for inputs near ±1e3', () => {
    const y = softmax(tensor([[1000, 999, -1000], [-1000, -1000, -1001]])).toFlat();
    expect(y.some(Number.isNaN)).toBe(false);
    const e = Math.E;
    expectClose(y, [e / (1 + e), 1 / (1 + e), 0, e / (2 * e + 1), e / (2 * e + 1), 1 / (2 * e + 1)], 1e-15, 1e-14);
    const ly = logSoftmax(tensor([1000, 0, -1000])).toFlat();
    expect(ly.every(Number.isFinite)).toBe(true);
    expectClose(ly, [0, -1000, -2000], 1e-12);
  });

  it('softmax of a slice of all -Infinity is NaN, like PyTorch; a partial -Infinity gets weight 0', () => {
    const y = softmax(tensor([[-Infinity, -Infinity], [0, -Infinity]]));
    expect(y.toFlat()).toEqual([NaN, NaN, 1, 0]);
    expect(logSoftmax(tensor([-Infinity, -Infinity])).toFlat()).toEqual([NaN, NaN]);
    expect(logSoftmax(tensor([0, -Infinity])).toFlat()).toEqual([0, -Infinity]);
  });

  it('softmax keeps float32 storage for float32 input', () => {
    const y = softmax(tensor([1, 2], { dtype: 'float32' }));
    expect(y.dtype).toBe('float32');
    expectClose(y.data, [1 / (1 + Math.E), Math.E / (1 + Math.E)], 1e-7);
  });

  it('softmax matches the PyTorch reference vectors, value and gradient', () => {
    const file = readReference('softmax.json');
    const { atol, rtol } = file.tolerance;
    expect(file.cases.length).toBeGreaterThan(0);
    for (const c of file.cases) {
      const x = new Tensor(Float64Array.from(c.inputs.x.data), c.inputs.x.shape, true);
      const y = softmax(x, c.params.axis as number);
      expect(y.shape, c.name).toEqual(c.outputs.y.shape);
      expectClose(y.data, c.outputs.y.data, atol, rtol);
      y.backward(new Tensor(Float64Array.from(c.upstream.y.data), c.upstream.y.shape));
      expectClose(x.grad!.data, c.grads.x.data, atol, rtol);
    }
  });
});

describe('softmax gradients', () => {
  it('softmax and logSoftmax gradients match finite differences, over last and non-last axes', () => {
    const x = () => randn([2, 3, 4], { seed: 41 });
    for (const axis of [-1, 0, 1]) {
      expect(gradcheck((t) => softmax(t, axis), [x()]).mismatches, `softmax ${axis}`).toEqual([]);
      expect(gradcheck((t) => logSoftmax(t, axis), [x()]).mismatches, `logSoftmax ${axis}`).toEqual([]);
    }
    // a scalar loss through softmax, as in the gradcheck example
    expect(gradcheck((t) => softmax(t).mul(t).sum(), [randn([3, 4], { seed: 1 })]).ok).toBe(true);
  });

  it('maskedSoftmax gradients match finite differences, masked pairs getting 0', () => {
    expect(gradcheck((t) => maskedSoftmax(t, 0.5, tensor([[1, 1, 0], [0, 1, 1]])), [randn([2, 3], { seed: 7 })]).mismatches).toEqual([]);
  });

  it('softmax errors name the op and the axis', () => {
    expectAttnError(() => softmax(randn([2, 4]), 2), 'RANGE', 'softmax: axis 2 out of range for rank 2');
    expectAttnError(() => logSoftmax(randn([2, 4]), -3), 'RANGE', 'logSoftmax: axis -3 out of range for rank 2');
    expectAttnError(() => softmax(tensor(1)), 'RANGE', 'softmax: axis -1 out of range for rank 0');
    expectAttnError(() => softmax(3 as unknown as Tensor), 'ARGUMENT', "softmax: argument 'x' must be a Tensor, got 3");
  });
});
