import { describe, expect, it } from 'vitest';
import { expectClose, gradcheckParameters, readReference, refInputs, refTensor, thrown } from '../../test/nn-testing.js';
import { gradcheck, LayerNorm, mul, randn, RMSNorm, sum, tensor, Tensor } from '../index.js';

const ref = readReference('layer_norm.json');

describe('LayerNorm', () => {
  for (const c of ref.cases) {
    it(`LayerNorm matches PyTorch on ${c.name}: output and grads of x, gamma, beta`, () => {
      const x = refInputs(c);
      const ln = new LayerNorm(x.gamma.shape[0], { eps: c.params.eps as number });
      ln.loadStateDict({ weight: x.gamma, bias: x.beta });
      const y = ln.forward(x.x);
      expectClose(y, c.outputs.y, ref.tolerance, 'y');
      sum(mul(y, refTensor(c.upstream.y))).backward();
      expectClose(x.x.grad, c.grads.x, ref.tolerance, 'grad x');
      expectClose(ln.weight.grad, c.grads.gamma, ref.tolerance, 'grad gamma');
      expectClose(ln.bias.grad, c.grads.beta, ref.tolerance, 'grad beta');
    });
  }

  it('LayerNorm starts as weight 1, bias 0, eps 1e-5: [1, 3] becomes ±1/√(1 + 1e-5)', () => {
    const ln = new LayerNorm(2);
    expect(ln.eps).toBe(1e-5);
    expect(ln.namedParameters().map(([n, p]) => [n, p.toFlat()])).toEqual([['weight', [1, 1]], ['bias', [0, 0]]]);
    const s = 1 / Math.sqrt(1 + 1e-5);
    expectClose(ln.forward(tensor([[1, 3]])), tensor([[-s, s]]), { atol: 1e-15, rtol: 1e-14 });
  });

  it('LayerNorm normalizes each row to mean 0 and biased variance 1 (up to eps)', () => {
    const y = new LayerNorm(6, { eps: 1e-12 }).forward(randn([3, 4, 6], { seed: 1, mean: 5, std: 3 }));
    for (const row of (y.toArray() as number[][][]).flat()) {
      const m = row.reduce((a, b) => a + b) / row.length;
      expect(m).toBeCloseTo(0, 12);
      expect(row.reduce((a, b) => a + (b - m) ** 2, 0) / row.length).toBeCloseTo(1, 10);
    }
  });

  it('LayerNorm gradients match finite differences for x, weight and bias', () => {
    const ln = new LayerNorm(5);
    ln.loadStateDict({ weight: randn([5], { seed: 2 }), bias: randn([5], { seed: 3 }) });
    const x = randn([3, 5], { seed: 4 });
    const rx = gradcheck((t: Tensor) => ln.forward(t), [x]);
    expect(rx.mismatches).toEqual([]);
    const rp = gradcheckParameters(ln, () => ln.forward(x));
    expect(rp.mismatches).toEqual([]);
    expect(rp.checked).toBe(10);
  });

  it('LayerNorm refuses a bad dim or eps and inputs of another width', () => {
    expect(thrown(() => new LayerNorm(0))).toMatchObject({ code: 'ARGUMENT', message: 'LayerNorm: dim must be a positive integer, got 0' });
    expect(thrown(() => new LayerNorm(4, { eps: 0 }))).toMatchObject({ code: 'ARGUMENT', message: 'LayerNorm: eps must be a positive number, got 0' });
    expect(thrown(() => new LayerNorm(4, { eps: NaN }))).toMatchObject({ code: 'ARGUMENT' });
    expect(thrown(() => new LayerNorm(4).forward(randn([2, 3])))).toMatchObject({ code: 'SHAPE' });
  });
});

/** x / √(mean(x²) + eps) · w, row by row, in plain numbers. */
function rmsNormByHand(x: number[][], w: number[], eps: number): number[][] {
  return x.map((row) => {
    const ms = row.reduce((a, v) => a + v * v, 0) / row.length;
    return row.map((v, i) => (v / Math.sqrt(ms + eps)) * w[i]);
  });
}

describe('RMSNorm', () => {
  it('RMSNorm computes x / √(mean(x²) + eps) · weight', () => {
    const norm = new RMSNorm(3, { eps: 1e-3 });
    const w = [0.5, -1, 2];
    norm.loadStateDict({ weight: tensor(w) });
    const x = [[3, 4, 0], [1, -2, 0.5]];
    expectClose(norm.forward(tensor(x)), tensor(rmsNormByHand(x, w, 1e-3)), { atol: 1e-15, rtol: 1e-13 });
  });

  it('RMSNorm starts with weight 1 and eps 1e-6: [3, 4] becomes [3, 4] / √(12.5 + 1e-6)', () => {
    const norm = new RMSNorm(2);
    expect(norm.eps).toBe(1e-6);
    expect(norm.namedParameters().map(([n, p]) => [n, p.toFlat()])).toEqual([['weight', [1, 1]]]);
    expectClose(norm.forward(tensor([[3, 4]])), tensor(rmsNormByHand([[3, 4]], [1, 1], 1e-6)), { atol: 1e-15, rtol: 1e-14 });
  });

  it('RMSNorm does not subtract the mean, unlike LayerNorm', () => {
    const y = new RMSNorm(2).forward(tensor([[1, 1]])).toFlat();
    expect(y[0]).toBeCloseTo(1, 5);
    expect(y[1]).toBeCloseTo(1, 5);
  });

  it('RMSNorm gradients match finite differences for x and weight', () => {
    const norm = new RMSNorm(4);
    norm.loadStateDict({ weight: randn([4], { seed: 5 }) });
    const x = randn([2, 3, 4], { seed: 6 });
    const rx = gradcheck((t: Tensor) => norm.forward(t), [x]);
    expect(rx.mismatches).toEqual([]);
    const rp = gradcheckParameters(norm, () => norm.forward(x));
    expect(rp.mismatches).toEqual([]);
    expect(rp.checked).toBe(4);
  });

  it('RMSNorm refuses a bad dim or eps', () => {
    expect(thrown(() => new RMSNorm(2.5))).toMatchObject({ code: 'ARGUMENT', message: 'RMSNorm: dim must be a positive integer, got 2.5' });
    expect(thrown(() => new RMSNorm(2, { eps: -1 }))).toMatchObject({ code: 'ARGUMENT', message: 'RMSNorm: eps must be a positive number, got -1' });
  });
});
