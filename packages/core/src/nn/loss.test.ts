import { describe, expect, it } from 'vitest';
import { expectClose, readReference, refInputs, refTensor, thrown } from '../../test/nn-testing.js';
import { crossEntropy, gradcheck, mseLoss, mul, randn, sum, tensor, Tensor } from '../index.js';

const ref = readReference('loss.json');

describe('losses against PyTorch', () => {
  for (const c of ref.cases) {
    it(`${c.params.loss === 'mse' ? 'mseLoss' : 'crossEntropy'} matches PyTorch on ${c.name}: value and gradient`, () => {
      const x = refInputs(c);
      const [loss, input] = c.params.loss === 'mse'
        ? [mseLoss(x.prediction, refTensor(c.inputs.target)), x.prediction]
        : [crossEntropy(x.logits, refTensor(c.inputs.target)), x.logits];
      expectClose(loss, c.outputs.loss, ref.tolerance, 'loss');
      sum(mul(loss, refTensor(c.upstream.loss))).backward();
      const name = c.params.loss === 'mse' ? 'prediction' : 'logits';
      expectClose(input.grad, c.grads[name], ref.tolerance, `grad ${name}`);
    });
  }
});

describe('mseLoss', () => {
  it('mseLoss is the mean of squared differences: [1, 3] against [1, 1] is 2', () => {
    expect(mseLoss(tensor([1, 3]), tensor([1, 1])).item()).toBe(2);
    expect(mseLoss(tensor([[1, 2], [3, 4]]), tensor([[0, 0], [0, 0]])).item()).toBe(7.5);
    expect(mseLoss(tensor([1, 3]), tensor([1, 1])).shape).toEqual([]);
  });

  it('mseLoss gradient is 2(prediction − target)/n', () => {
    const p = tensor([1, 3, -2], { requiresGrad: true });
    mseLoss(p, tensor([0, 0, 0])).backward();
    expect(p.grad?.toFlat()).toEqual([2 / 3, 2, -4 / 3]);
    expect(gradcheck((a, b) => mseLoss(a, b), [randn([2, 3], { seed: 1 }), randn([2, 3], { seed: 2 })]).mismatches).toEqual([]);
  });

  it('mseLoss refuses shapes that differ (no broadcasting) and non-tensors', () => {
    expect(thrown(() => mseLoss(tensor([[1, 2]]), tensor([1, 2])))).toMatchObject({
      code: 'SHAPE', message: 'mseLoss: prediction and target must have the same shape, got [1,2] and [2]',
    });
    expect(thrown(() => mseLoss(tensor([1]), 1 as unknown as Tensor))).toMatchObject({
      code: 'ARGUMENT', message: 'mseLoss: prediction and target must be Tensors, got object and 1',
    });
  });
});

/** −log softmax(row)[c], in plain numbers. */
function nll(row: number[], c: number): number {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return lse - row[c];
}

describe('crossEntropy', () => {
  it('crossEntropy of equal logits over two classes is ln 2', () => {
    expect(crossEntropy(tensor([[0, 0]]), tensor([1])).item()).toBe(Math.LN2);
  });

  it('crossEntropy is the mean over rows of −log softmax(logits)[target], for any leading axes', () => {
    const logits = randn([2, 3, 4], { seed: 3 });
    const target = tensor([[0, 3, 1], [2, 2, 0]]);
    const rows = (logits.toArray() as number[][][]).flat();
    const t = (target.toArray() as number[][]).flat();
    const want = rows.reduce((s, r, i) => s + nll(r, t[i]), 0) / rows.length;
    expect(crossEntropy(logits, target).item()).toBeCloseTo(want, 14);
    expect(crossEntropy(tensor([1, 2, 3]), tensor(2)).item()).toBeCloseTo(nll([1, 2, 3], 2), 15);
  });

  it('crossEntropy is stable for logits near 1e3', () => {
    expect(Math.abs(crossEntropy(tensor([[1000, 0]]), tensor([0])).item())).toBe(0);
    expect(crossEntropy(tensor([[1000, 0]]), tensor([1])).item()).toBe(1000);
  });

  it('crossEntropy with ignoreIndex equals the loss on the kept rows only, value and gradients', () => {
    const logits = randn([5, 4], { seed: 4 }).requireGrad();
    const loss = crossEntropy(logits, tensor([1, -100, 2, -100, 0]), { ignoreIndex: -100 });
    loss.backward();
    const kept = tensor((logits.toArray() as number[][]).filter((_, i) => i % 2 === 0), { requiresGrad: true });
    const want = crossEntropy(kept, tensor([1, 2, 0]));
    want.backward();
    expect(loss.item()).toBeCloseTo(want.item(), 15);
    const g = logits.grad!.toArray() as number[][];
    expect([...g[1], ...g[3]].every((v) => v === 0)).toBe(true); // exactly ±0
    expectClose(tensor([g[0], g[2], g[4]]), kept.grad!, { atol: 1e-15, rtol: 1e-13 });
  });

  it('crossEntropy with an ignoreIndex inside the class range ignores that class as a target', () => {
    const logits = randn([3, 3], { seed: 5 });
    const a = crossEntropy(logits, tensor([0, 2, 1]), { ignoreIndex: 0 }).item();
    const rows = logits.toArray() as number[][];
    expect(a).toBeCloseTo((nll(rows[1], 2) + nll(rows[2], 1)) / 2, 14);
  });

  it('crossEntropy of float32 logits agrees with float64 and stays float32', () => {
    const l = randn([4, 6], { seed: 9 });
    const t = tensor([1, 5, 0, 2]);
    const loss = crossEntropy(new Tensor(Float32Array.from(l.data), [4, 6]), t);
    expect(loss.dtype).toBe('float32');
    expect(loss.item()).toBeCloseTo(crossEntropy(l, t).item(), 6);
  });

  it('crossEntropy gradients match finite differences', () => {
    const target = tensor([2, 0, 1]);
    expect(gradcheck((l) => crossEntropy(l, target, { ignoreIndex: 1 }), [randn([3, 3], { seed: 6 })]).mismatches).toEqual([]);
  });

  it('crossEntropy refuses targets out of range or not integers, naming the value and its position', () => {
    const logits = randn([3, 4], { seed: 7 });
    expect(thrown(() => crossEntropy(logits, tensor([0, 4, 1])))).toMatchObject({
      code: 'RANGE', message: 'crossEntropy: target must hold class indices in [0, 4), got 4 at position 1',
    });
    expect(thrown(() => crossEntropy(logits, tensor([0, 1, -1])))).toMatchObject({
      code: 'RANGE', message: 'crossEntropy: target must hold class indices in [0, 4), got -1 at position 2',
    });
    expect(thrown(() => crossEntropy(logits, tensor([1.5, 1, 1])))).toMatchObject({
      code: 'RANGE', message: 'crossEntropy: target must hold class indices in [0, 4), got 1.5 at position 0',
    });
    expect(thrown(() => crossEntropy(logits, tensor([0, NaN, 1])))).toMatchObject({ code: 'RANGE' });
  });

  it('crossEntropy refuses a target of the wrong shape and a batch where every row is ignored', () => {
    const logits = randn([3, 4], { seed: 8 });
    expect(thrown(() => crossEntropy(logits, tensor([0, 1])))).toMatchObject({
      code: 'SHAPE', message: "crossEntropy: target must have the logits' shape without the class axis [3], got [2]",
    });
    expect(thrown(() => crossEntropy(logits, tensor([[0], [1], [2]])))).toMatchObject({ code: 'SHAPE' });
    expect(thrown(() => crossEntropy(logits, tensor([-1, -1, -1]), { ignoreIndex: -1 }))).toMatchObject({
      code: 'ARGUMENT', message: 'crossEntropy: every target equals ignoreIndex -1, nothing to average',
    });
  });
});
