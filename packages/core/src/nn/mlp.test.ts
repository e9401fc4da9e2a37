import { describe, expect, it } from 'vitest';
import { expectClose, gradcheckParameters, readReference, refInputs, refTensor, thrown } from '../../test/nn-testing.js';
import { init, MLP, mul, randn, sum, tensor, traceForward, TutorialAttention, type Activation } from '../index.js';

const ref = readReference('mlp.json');

describe('MLP', () => {
  for (const c of ref.cases) {
    it(`MLP matches PyTorch on ${c.name}: output and grads of x and every weight`, () => {
      const x = refInputs(c);
      const mlp = new MLP([x.w1.shape[1], x.w1.shape[0], x.w2.shape[0]], { activation: c.params.activation as Activation });
      mlp.loadStateDict({ 'layers.0.weight': x.w1, 'layers.0.bias': x.b1, 'layers.1.weight': x.w2, 'layers.1.bias': x.b2 });
      const y = mlp.forward(x.x);
      expectClose(y, c.outputs.y, ref.tolerance, 'y');
      sum(mul(y, refTensor(c.upstream.y))).backward();
      const [l1, l2] = mlp.layers;
      expectClose(x.x.grad, c.grads.x, ref.tolerance, 'grad x');
      expectClose(l1.weight.grad, c.grads.w1, ref.tolerance, 'grad w1');
      expectClose(l1.bias!.grad, c.grads.b1, ref.tolerance, 'grad b1');
      expectClose(l2.weight.grad, c.grads.w2, ref.tolerance, 'grad w2');
      expectClose(l2.bias!.grad, c.grads.b2, ref.tolerance, 'grad b2');
    });
  }

  it('MLP names its layers layers.0, layers.1, … with [out, in] weights', () => {
    expect(new MLP([4, 16, 8, 1]).namedParameters().map(([n, p]) => `${n} [${p.shape}]`)).toEqual([
      'layers.0.weight [16,4]', 'layers.0.bias [16]', 'layers.1.weight [8,16]', 'layers.1.bias [8]', 'layers.2.weight [1,8]', 'layers.2.bias [1]',
    ]);
  });

  it('MLP applies the activation between layers but not after the last one', () => {
    const mlp = new MLP([1, 1, 1]);
    mlp.loadStateDict({
      'layers.0.weight': tensor([[1]]), 'layers.0.bias': tensor([0]),
      'layers.1.weight': tensor([[-2]]), 'layers.1.bias': tensor([0]),
    });
    // relu(3) · −2 = −6 (no relu at the end); relu(−3) · −2 = 0
    expect(mlp.forward(tensor([[3], [-3]])).toArray()).toEqual([[-6], [0]]);
  });

  it('MLP maps [..., sizes[0]] to [..., sizes.at(-1)]', () => {
    expect(new MLP([3, 5, 2]).forward(randn([2, 4, 3])).shape).toEqual([2, 4, 2]);
  });

  it('MLP draws every layer from one generator: same seed same weights, layers distinct', () => {
    const a = new MLP([3, 3, 3], { seed: 4 });
    const b = new MLP([3, 3, 3], { seed: 4 });
    expect(b.parameters().map((p) => p.toFlat())).toEqual(a.parameters().map((p) => p.toFlat()));
    expect(a.layers[0].weight.toFlat()).not.toEqual(a.layers[1].weight.toFlat());
  });

  it('MLP passes its init option to every layer', () => {
    const mlp = new MLP([2, 2, 1], { init: init.constant(0.5) });
    expect(mlp.layers.map((l) => l.weight.toFlat())).toEqual([[0.5, 0.5, 0.5, 0.5], [0.5, 0.5]]);
  });

  it('MLP gradients match finite differences for every parameter', () => {
    const mlp = new MLP([3, 4, 2], { activation: 'tanh', seed: 9 });
    const x = randn([5, 3], { seed: 10 });
    const r = gradcheckParameters(mlp, () => mlp.forward(x));
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(mlp.numParameters());
  });

  it('MLP refuses fewer than 2 sizes and unknown activations', () => {
    expect(thrown(() => new MLP([4]))).toMatchObject({ code: 'ARGUMENT', message: 'MLP: sizes must list at least 2 layer sizes, got [4]' });
    expect(thrown(() => new MLP([4, 0]))).toMatchObject({ code: 'ARGUMENT', message: 'Linear: outFeatures must be a positive integer, got 0' });
    expect(thrown(() => new MLP([4, 1], { activation: 'elu' as Activation }))).toMatchObject({
      code: 'ARGUMENT', message: 'activation: must be one of relu, gelu, gelu_tanh, tanh, sigmoid, got "elu"',
    });
  });
});

describe('MLP traced', () => {
  it('records each layer\'s output and each activation\'s, under its path: relu(x·W₁ᵀ + b₁) by hand', () => {
    const mlp = new MLP([2, 3, 1], { seed: 0 });
    const x = tensor([[1, -2]]);
    const { trace, output } = traceForward(mlp, x);
    expect(Object.keys(trace.values)).toEqual(['layers.0', 'activation.0', 'layers.1']);
    const [W, b] = [mlp.layers[0].weight.data, mlp.layers[0].bias!.data];
    const pre = [0, 1, 2].map((j) => W[2 * j] * 1 + W[2 * j + 1] * -2 + b[j]);
    expect(Array.from(trace.values['layers.0'].data)).toEqual(pre.map((v) => expect.closeTo(v, 14)));
    expect(Array.from(trace.values['activation.0'].data)).toEqual(pre.map((v) => expect.closeTo(Math.max(0, v), 14)));
    expect(Array.from(trace.values['layers.1'].data)).toEqual(Array.from(output.data));
    // inside a model the names carry the module's path
    const { trace: t } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]));
    expect(Object.keys(t.values)).toEqual(['mlp.layers.0', 'mlp.activation.0', 'mlp.layers.1', 'sum', 'output']);
  });
});
