import { describe, expect, it } from 'vitest';
import { expectClose, gradcheckParameters, thrown } from '../../test/nn-testing.js';
import { gradcheck, init, Linear, randn, tensor, type Tensor } from '../index.js';

describe('Linear', () => {
  it('Linear(in, out).forward(x) is x·Wᵀ + b computed by hand', () => {
    const layer = new Linear(3, 2);
    layer.loadStateDict({ weight: tensor([[1, 2, 3], [-1, 0, 0.5]]), bias: tensor([10, -10]) });
    const y = layer.forward(tensor([[1, 1, 1], [2, 0, -2]]));
    expect(y.toArray()).toEqual([[1 + 2 + 3 + 10, -1 + 0.5 - 10], [2 - 6 + 10, -2 - 1 - 10]]);
  });

  it('Linear maps [..., in] to [..., out] over any leading axes', () => {
    const layer = new Linear(4, 3, { seed: 1 });
    const x = randn([2, 5, 4], { seed: 2 });
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 5, 3]);
    expectClose(y.index(1).index(3), layer.forward(x.index(1).index(3).reshape([1, 4])).reshape([3]));
  });

  it("Linear registers PyTorch's names and shapes: weight [out, in] and bias [out]", () => {
    const layer = new Linear(3, 2);
    expect(layer.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [2, 3]], ['bias', [2]]]);
    expect(layer.weight.requiresGrad && layer.bias!.requiresGrad).toBe(true);
  });

  it('Linear with bias: false has only a weight and computes x·Wᵀ', () => {
    const layer = new Linear(2, 1, { bias: false });
    expect(layer.bias).toBeNull();
    expect(layer.namedParameters().map(([n]) => n)).toEqual(['weight']);
    layer.loadStateDict({ weight: tensor([[2, 3]]) });
    expect(layer.forward(tensor([[1, 1]])).toArray()).toEqual([[5]]);
  });

  it("Linear's default init is PyTorch's U(−1/√in, 1/√in) for weight and bias", () => {
    const layer = new Linear(16, 400, { seed: 3 });
    const bound = 1 / 4;
    for (const p of [layer.weight, layer.bias!]) {
      const d = p.toFlat();
      expect(Math.max(...d.map(Math.abs))).toBeLessThan(bound);
      expect(Math.max(...d)).toBeGreaterThan(0.98 * bound);
      expect(Math.min(...d)).toBeLessThan(-0.98 * bound);
    }
  });

  it('Linear with the same seed has the same weights, with another seed other weights', () => {
    const flat = (l: Linear) => l.parameters().flatMap((p) => p.toFlat());
    expect(flat(new Linear(3, 4, { seed: 5 }))).toEqual(flat(new Linear(3, 4, { seed: 5 })));
    expect(flat(new Linear(3, 4, { seed: 5 }))).not.toEqual(flat(new Linear(3, 4, { seed: 6 })));
    expect(flat(new Linear(3, 4))).toEqual(flat(new Linear(3, 4, { seed: 0 })));
  });

  it('Linear uses the init option for the weight only', () => {
    const layer = new Linear(2, 3, { init: init.constant(0.5), seed: 1 });
    expect(layer.weight.toFlat()).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(layer.bias!.toFlat().every((b) => Math.abs(b) < 1 / Math.SQRT2 && b !== 0.5)).toBe(true);
  });

  it('Linear gradients match finite differences for the input and the parameters', () => {
    const layer = new Linear(3, 2, { seed: 7 });
    const x = randn([4, 3], { seed: 8 });
    const rx = gradcheck((t: Tensor) => layer.forward(t), [x]);
    expect(rx.mismatches).toEqual([]);
    const rp = gradcheckParameters(layer, () => layer.forward(x));
    expect(rp.mismatches).toEqual([]);
    expect(rp.checked).toBe(8);
  });

  it('Linear refuses sizes that are not positive integers and inputs of the wrong width', () => {
    expect(thrown(() => new Linear(0, 2))).toMatchObject({ code: 'ARGUMENT', message: 'Linear: inFeatures must be a positive integer, got 0' });
    expect(thrown(() => new Linear(2, 1.5))).toMatchObject({ code: 'ARGUMENT', message: 'Linear: outFeatures must be a positive integer, got 1.5' });
    expect(thrown(() => new Linear(2, 2, { seed: NaN }))).toMatchObject({ code: 'ARGUMENT', message: 'Linear: seed must be a finite number, got NaN' });
    expect(thrown(() => new Linear(3, 2).forward(randn([4, 2])))).toMatchObject({
      code: 'SHAPE', message: "linear: x's last axis must equal w's in-features 3, got x [4,2] and w [2,3]",
    });
  });
});
