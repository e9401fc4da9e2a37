import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { tensor, zeros } from './create.js';
import { asTensor, Tensor } from './tensor.js';
import { resultType } from './storage.js';

describe('Tensor', () => {
  it('new Tensor(data, shape) rejects data that does not fill the shape', () => {
    expectAttnError(() => new Tensor(new Float64Array(5), [2, 3]), 'SHAPE', 'Tensor: data has 5 elements but shape [2,3] needs 6');
  });

  it('new Tensor(data, shape) rejects negative and non-integer axes even when the product fits', () => {
    expectAttnError(() => new Tensor(new Float64Array(2), [-2, -1]), 'SHAPE', 'Tensor: shape must hold non-negative integers, got [-2,-1]');
    expectAttnError(() => new Tensor(new Float64Array(2), [0.5, 4]), 'SHAPE', 'Tensor: shape must hold non-negative integers, got [0.5,4]');
  });

  it('dtype, size and rank describe the storage and shape', () => {
    const t = new Tensor(new Float32Array(6), [2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    const s = tensor(1);
    expect(s.dtype).toBe('float64');
    expect(s.size).toBe(1);
    expect(s.rank).toBe(0);
  });

  it('item() returns the single value of a one-element tensor of any rank', () => {
    expect(tensor(3).item()).toBe(3);
    expect(tensor([[4]]).item()).toBe(4);
    expect(tensor([0.1], { dtype: 'float32' }).item()).toBe(Math.fround(0.1));
    expectAttnError(() => tensor([1, 2]).item(), 'SHAPE', 'item: tensor must have exactly one element, got shape [2]');
    expectAttnError(() => zeros([0]).item(), 'SHAPE', 'item: tensor must have exactly one element, got shape [0]');
  });

  it('toArray() nests row-major values by shape, and gives a number for a scalar', () => {
    const data = Float64Array.from({ length: 12 }, (_, i) => i);
    expect(new Tensor(data, [2, 3, 2]).toArray()).toEqual([[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]);
    expect(new Tensor(data, [12]).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(tensor(5).toArray()).toBe(5);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(zeros([0, 2]).toArray()).toEqual([]);
    expect(tensor([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('toFlat() returns a plain-array copy of the storage', () => {
    const t = tensor([[1, 2], [3, 4]]);
    const flat = t.toFlat();
    expect(Array.isArray(flat)).toBe(true);
    expect(flat).toEqual([1, 2, 3, 4]);
    flat[0] = 99;
    expect(t.data[0]).toBe(1);
  });

  it('requireGrad() marks a leaf in place and returns it; requireGrad(false) unmarks it', () => {
    const t = tensor([1, 2]);
    expect(t.requireGrad()).toBe(t);
    expect(t.requiresGrad).toBe(true);
    t.requireGrad(false);
    expect(t.requiresGrad).toBe(false);
  });

  it('detach() shares the values but is cut off from the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(y.data); // same storage, like torch's detach
    expect(d.shape).toEqual([2]);
    const loss = y.sum().add(d.mul(d).sum()); // d contributes a value but no gradient
    expect(loss.item()).toBe(9 + 9 + 36);
    loss.backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  it('zeroGrad() sets grad back to null so the next backward starts from zero', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
    x.zeroGrad();
    expect(x.grad).toBe(null);
    x.mul(5).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 5]);
  });

  it('the grad of a leaf has the leaf\'s shape and dtype', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true, dtype: 'float32' });
    x.mul(2).sum().backward();
    expect(x.grad!.shape).toEqual([1, 3]);
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.requiresGrad).toBe(false);
  });

  it('toString() and String(t) give the formatted tensor', () => {
    expect(String(tensor([1, 2]))).toBe('tensor([1, 2], shape=[2])');
    expect(`${tensor(3)}`).toBe('tensor(3, shape=[])');
  });

  it('method forms compute the same as their functions (spot checks)', () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(a.add(1).sub(2).mul(3).div(3).toArray()).toEqual([[0, 1], [2, 3]]);
    expect(a.matmul(a).toArray()).toEqual([[7, 10], [15, 22]]);
    expect(a.sum().item()).toBe(10);
    expect(a.mean(0).toArray()).toEqual([2, 3]);
    expect(a.max(1).toArray()).toEqual([2, 4]);
    expect(a.min([0, 1]).item()).toBe(1);
    expect(a.var(undefined, { correction: 0 }).item()).toBe(1.25);
    expect(a.argmax(0).toArray()).toEqual([1, 1]);
    expect(a.transpose().toArray()).toEqual([[1, 3], [2, 4]]);
    expect(a.permute([1, 0]).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(a.reshape([4]).toArray()).toEqual([1, 2, 3, 4]);
    expect(a.slice(1, 1).toArray()).toEqual([[2], [4]]);
    expect(a.index(1).toArray()).toEqual([3, 4]);
    expect(a.unsqueeze(0).shape).toEqual([1, 2, 2]);
    expect(a.unsqueeze(0).squeeze().shape).toEqual([2, 2]);
    expect(tensor([1, 2]).expand([2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(a.gt(2).toArray()).toEqual([[0, 0], [1, 1]]);
    expect(a.maskedFill(a.eq(4), 0).toArray()).toEqual([[1, 2], [3, 0]]);
    expect(tensor([0, 0]).softmax().toArray()).toEqual([0.5, 0.5]);
    expect(tensor([0, 0]).logSoftmax().toArray()).toEqual([-Math.LN2, -Math.LN2]);
  });
});

describe('dtype helpers', () => {
  it('resultType(a, b) is float64 if either input is float64', () => {
    const f32 = tensor([1], { dtype: 'float32' });
    const f64 = tensor([1]);
    expect(resultType(f32)).toBe('float32');
    expect(resultType(f32, f32)).toBe('float32');
    expect(resultType(f32, f64)).toBe('float64');
    expect(resultType(f64, f32)).toBe('float64');
  });

  it('asTensor(op, x, dtype) wraps a number as a scalar of the dtype, passes tensors through and refuses anything else', () => {
    const s = asTensor('add', 2, 'float32');
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBe('float32');
    expect(s.item()).toBe(2);
    const t = tensor([1]);
    expect(asTensor('add', t, 'float32')).toBe(t);
    expectAttnError(() => asTensor('add', 'x' as unknown as number, 'float64'), 'ARGUMENT', 'add: expected a Tensor or a number, got "x"');
    expectAttnError(() => asTensor('mul', null as unknown as number, 'float64'), 'ARGUMENT', 'mul: expected a Tensor or a number, got null');
  });
});
