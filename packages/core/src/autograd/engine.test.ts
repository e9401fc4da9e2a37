import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { add, mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { tensor, zeros } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { accumulate, attach } from './engine.js';
import { noGrad } from './grad-mode.js';

describe('backward', () => {
  it('backward() of a scalar fills .grad of every leaf that requires grad', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const w = tensor([4, 5, 6], { requiresGrad: true });
    const c = tensor([1, 1, 1]); // a constant
    sum(mul(mul(x, w), c)).backward();
    expect(x.grad!.toArray()).toEqual([4, 5, 6]);
    expect(w.grad!.toArray()).toEqual([1, 2, 3]);
    expect(c.grad).toBe(null);
  });

  it('gradients accumulate into leaves across two backward() calls', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    sum(mul(x, 2)).backward();
    sum(mul(x, x)).backward();
    expect(x.grad!.toArray()).toEqual([2 + 2, 2 + 4]);
  });

  it('intermediate tensors have grad null after backward, like PyTorch', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 3);
    const y = sum(h);
    y.backward();
    expect(h.requiresGrad).toBe(true);
    expect(h.grad).toBe(null);
    expect(y.grad).toBe(null);
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  it('backward() on a leaf scalar sets its own grad to 1', () => {
    const x = tensor(3, { requiresGrad: true });
    x.backward();
    expect(x.grad!.item()).toBe(1);
    x.backward();
    expect(x.grad!.item()).toBe(2);
  });

  it('backward(upstream) weights the output by dL/d(output) and copies it', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const u = tensor([[1, 0, -1], [2, 2, 2]]);
    mul(x, x).backward(u);
    expect(x.grad!.toArray()).toEqual([[2, 0, -6], [16, 20, 24]]);
    const leaf = tensor([1, 2], { requiresGrad: true });
    const v = tensor([5, 6]);
    leaf.backward(v);
    expect(leaf.grad!.data).not.toBe(v.data);
    v.data[0] = 0;
    expect(leaf.grad!.toArray()).toEqual([5, 6]);
  });

  it('a one-element output of any rank needs no upstream', () => {
    const x = tensor([[2]], { requiresGrad: true });
    mul(x, x).backward();
    expect(x.grad!.toArray()).toEqual([[4]]);
  });

  it('a diamond graph (x used twice) gets the summed gradient', () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    sum(add(mul(x, x), mul(x, 3))).backward(); // d/dx (x² + 3x) = 2x + 3
    expect(x.grad!.toArray()).toEqual([5, -1, 9]);
    // a shared intermediate: y = h² + h with h = 2x, dy/dx = (2h + 1) · 2
    const z = tensor([1, 2], { requiresGrad: true });
    const h = mul(z, 2);
    sum(add(mul(h, h), h)).backward();
    expect(z.grad!.toArray()).toEqual([(2 * 2 + 1) * 2, (2 * 4 + 1) * 2]);
  });

  it('a deep chain of 20,000 adds does not overflow the stack', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20_000; i++) y = add(y, x);
    sum(y).backward();
    expect(x.grad!.toArray()).toEqual([20_001, 20_001]);
  });

  it('a float32 leaf gets a float32 gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true, dtype: 'float32' });
    sum(mul(x, tensor([0.1, 0.2]))).backward(); // the product is float64
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.toFlat()).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });

  it('backward() of a non-scalar without upstream names the shape', () => {
    const y = mul(zeros([2, 3], { requiresGrad: true }), 2);
    expectAttnError(() => y.backward(), 'GRAD', 'backward: needs an upstream gradient for a non-scalar output, got shape [2,3]');
  });

  it('backward(upstream) of the wrong shape names both shapes', () => {
    const y = mul(zeros([2, 3], { requiresGrad: true }), 2);
    expectAttnError(() => y.backward(zeros([3, 2])), 'SHAPE', "backward: upstream gradient must have the output's shape [2,3], got [3,2]");
    expectAttnError(() => y.backward(zeros([6])), 'SHAPE', "backward: upstream gradient must have the output's shape [2,3], got [6]");
  });

  it('backward() on a tensor that does not require grad throws', () => {
    expectAttnError(() => sum(tensor([1, 2])).backward(), 'GRAD', 'backward: tensor does not require grad (no parameter with requiresGrad reached it)');
  });

  it('a second backward() through the same graph throws, like PyTorch, and leaves grads as they were', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = sum(mul(x, 3));
    y.backward();
    expectAttnError(() => y.backward(), 'GRAD', 'backward: the graph behind a tensor of shape [] was freed by an earlier backward(); run the forward pass again');
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  it('reusing an intermediate whose graph was freed throws instead of dropping its gradients', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 2);
    sum(h).backward();
    const y = sum(mul(h, 5));
    expectAttnError(() => y.backward(), 'GRAD', 'backward: the graph behind a tensor of shape [2] was freed by an earlier backward(); run the forward pass again');
    expect(x.grad!.toArray()).toEqual([2, 2]);
    // detach() is the way to reuse its value as a constant
    const w = tensor([1, 1], { requiresGrad: true });
    sum(mul(h.detach(), w)).backward();
    expect(w.grad!.toArray()).toEqual([2, 4]);
  });
});

describe('attach and accumulate', () => {
  it('attach records a node only when a parent requires grad', () => {
    const a = tensor([1]);
    const out = attach(tensor([2]), [a], () => {});
    expect(out.requiresGrad).toBe(false);
    expect(out._parents).toBe(null);
    const b = tensor([1], { requiresGrad: true });
    const out2 = attach(tensor([2]), [a, b], () => {});
    expect(out2.requiresGrad).toBe(true);
    expect(out2._parents).toEqual([a, b]);
  });

  it('attach records nothing inside noGrad', () => {
    const b = tensor([1], { requiresGrad: true });
    const out = noGrad(() => attach(tensor([2]), [b], () => {}));
    expect(out.requiresGrad).toBe(false);
    expect(out._backward).toBe(null);
  });

  it('accumulate allocates on first use, adds afterwards, and skips tensors that do not require grad', () => {
    const t = tensor([0, 0], { requiresGrad: true });
    const g = Float64Array.from([1, 2]);
    accumulate(t, g);
    expect(t.grad!.data).not.toBe(g);
    accumulate(t, Float64Array.from([10, 20]));
    expect(t.grad!.toArray()).toEqual([11, 22]);
    const c = tensor([0, 0]);
    accumulate(c, g);
    expect(c.grad).toBe(null);
  });

  it('a custom op built with attach and accumulate takes part in backward', () => {
    // cube(x) with its own backward pass 3x²
    const cube = (x: Tensor) => {
      const out = new Tensor(x.data.map((v) => v ** 3), x.shape);
      return attach(out, [x], (g) => accumulate(x, x.data.map((v, i) => 3 * v * v * g[i])));
    };
    const x = tensor([1, 2], { requiresGrad: true });
    sum(mul(cube(x), 2)).backward();
    expect(x.grad!.toArray()).toEqual([6, 24]);
  });
});
