import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { DecoderOnly, Linear, MLP, Module, mul, ones, sum, tensor, Tensor, zeros, type StateDict } from '../index.js';

/** y = x · w + b, elementwise. */
class Affine extends Module {
  w = this.param('w', tensor([1, 2]));
  b = this.param('b', tensor([0, 0]));
  forward(x: Tensor) {
    return x.mul(this.w).add(this.b);
  }
}

/** Two Affines and a scale, registered in an interleaved order on purpose. */
class Stack extends Module {
  first = this.module('first', new Affine());
  scale = this.param('scale', tensor([3]));
  second = this.module('second', new Affine());
  forward(x: Tensor) {
    return this.second.forward(this.first.forward(x)).mul(this.scale);
  }
}

class Outer extends Module {
  inner = this.module('inner', new Stack());
  bias = this.param('bias', zeros([2]));
}

const values = (m: Module) => m.namedParameters().map(([n, p]) => [n, p.toFlat()]);

describe('Module registration', () => {
  it('namedParameters lists own parameters first, then children depth first, with dotted names', () => {
    expect(new Outer().namedParameters().map(([n]) => n)).toEqual([
      'bias', 'inner.scale', 'inner.first.w', 'inner.first.b', 'inner.second.w', 'inner.second.b',
    ]);
  });

  it('parameters() returns the same tensors in the same order as namedParameters()', () => {
    const m = new Outer();
    expect(m.parameters()).toEqual(m.namedParameters().map(([, p]) => p));
    expect(m.parameters()[2]).toBe(m.inner.first.w);
    expect(m.numParameters()).toBe(2 + 1 + 4 + 4);
  });

  it('param(name, t) registers t itself and marks it requiresGrad', () => {
    const m = new Affine();
    expect(m.w.requiresGrad).toBe(true);
    expect(m.namedParameters()[0][1]).toBe(m.w);
  });

  it('namedModules lists the module tree with dotted names, the root as ""', () => {
    expect(new Outer().namedModules().map(([n, m]) => [n, m.constructor.name])).toEqual([
      ['', 'Outer'], ['inner', 'Stack'], ['inner.first', 'Affine'], ['inner.second', 'Affine'],
    ]);
  });

  it('path is the dotted name from the root, "" for the root', () => {
    const m = new Outer();
    expect(m.path).toBe('');
    expect(m.inner.path).toBe('inner');
    expect(m.inner.second.path).toBe('inner.second');
    const gpt = new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 8, heads: 2, layers: 2 });
    expect(gpt.blocks[1].selfAttn.path).toBe('blocks.1.self_attn');
    expect(gpt.blocks[0].selfAttn.outProj.path).toBe('blocks.0.self_attn.out_proj');
    expect(new MLP([2, 3, 1]).layers[1].path).toBe('layers.1');
  });

  it('param and module refuse a name that is taken and values of the wrong kind', () => {
    class Twice extends Module {
      a = this.param('a', ones([1]));
      b = this.param('a', ones([1]));
    }
    class Clash extends Module {
      a = this.param('a', ones([1]));
      m = this.module('a', new Affine());
    }
    class NotTensor extends Module {
      a = this.param('a', [1, 2] as unknown as Tensor);
    }
    class NotModule extends Module {
      m = this.module('m', {} as Module);
    }
    expect(thrown(() => new Twice())).toMatchObject({ code: 'ARGUMENT', message: "Module.param: name 'a' is already registered" });
    expect(thrown(() => new Clash())).toMatchObject({ code: 'ARGUMENT', message: "Module.module: name 'a' is already registered" });
    expect(thrown(() => new NotTensor())).toMatchObject({ code: 'ARGUMENT', message: "Module.param: 'a' must be a Tensor, got [1,2]" });
    expect(thrown(() => new NotModule())).toMatchObject({ code: 'ARGUMENT', message: "Module.module: 'm' must be a Module, got object" });
  });
});

describe('Module modes and gradients', () => {
  it('eval() and train() set training on every module below, and return the module', () => {
    const m = new Outer();
    expect(m.namedModules().every(([, c]) => c.training)).toBe(true);
    expect(m.eval()).toBe(m);
    expect(m.namedModules().map(([, c]) => c.training)).toEqual([false, false, false, false]);
    expect(m.train()).toBe(m);
    expect(m.namedModules().map(([, c]) => c.training)).toEqual([true, true, true, true]);
    m.inner.train(false);
    expect(m.namedModules().map(([, c]) => c.training)).toEqual([true, false, false, false]);
  });

  it('zeroGrad() clears the gradient of every parameter', () => {
    const m = new Outer();
    sum(m.inner.forward(tensor([1, 2]))).add(sum(m.bias)).backward();
    expect(m.parameters().every((p) => p.grad instanceof Tensor)).toBe(true);
    // d/dscale of sum(((x·w1)·w2)·scale) = Σ x·w1·w2 = 1 + 8
    expect(m.inner.scale.grad?.toFlat()).toEqual([9]);
    m.zeroGrad();
    expect(m.parameters().map((p) => p.grad)).toEqual(m.parameters().map(() => null));
  });
});

describe('Module state dicts', () => {
  it('stateDict() has every parameter by dotted name, sharing storage but not the graph', () => {
    const m = new Outer();
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(m.namedParameters().map(([n]) => n));
    expect(sd['inner.first.w'].data).toBe(m.inner.first.w.data);
    expect(sd['inner.first.w']).not.toBe(m.inner.first.w);
    expect(sd['inner.first.w'].requiresGrad).toBe(false);
    m.inner.first.w.data[0] = 42; // an optimizer step shows through
    expect(sd['inner.first.w'].toFlat()).toEqual([42, 2]);
    // results computed from the state tensor are not connected to the parameter
    const y = sum(mul(sd['inner.first.w'], sd['inner.first.w']));
    expect(y.requiresGrad).toBe(false);
    expect(thrown(() => y.backward())).toMatchObject({ code: 'GRAD' });
    expect(m.inner.first.w.grad).toBeNull();
  });

  it('loadStateDict copies values in, so later changes to the source do not leak', () => {
    const m = new Affine();
    const w = tensor([5, 6]);
    m.loadStateDict({ w, b: tensor([7, 8]) });
    expect(values(m)).toEqual([['w', [5, 6]], ['b', [7, 8]]]);
    w.data[0] = -1;
    expect(m.w.toFlat()).toEqual([5, 6]);
    expect(m.w.requiresGrad).toBe(true);
  });

  it('loadStateDict(other.stateDict()) makes two models compute the same outputs', () => {
    const a = new MLP([3, 4, 2], { seed: 1 });
    const b = new MLP([3, 4, 2], { seed: 2 });
    const x = tensor([[0.5, -1, 2]]);
    expect(b.forward(x).toFlat()).not.toEqual(a.forward(x).toFlat());
    b.loadStateDict(a.stateDict());
    expect(b.forward(x).toFlat()).toEqual(a.forward(x).toFlat());
  });

  it('loadStateDict lists missing, unexpected and misshapen names in one STATE error and changes nothing', () => {
    const m = new Outer();
    const before = values(m);
    const state: StateDict = {
      bias: tensor([9, 9]), // fine, but must not be applied
      'inner.scale': tensor([1, 2]), // misshapen
      'inner.first.w': tensor([1, 1]),
      'inner.first.b': tensor([1, 1]),
      'inner.second.w': tensor([1, 1]),
      'inner.extra': tensor([0]), // unexpected
      // 'inner.second.b' missing
    };
    expect(thrown(() => m.loadStateDict(state))).toMatchObject({
      name: 'AttnError',
      code: 'STATE',
      message: 'loadStateDict: state does not fit Outer: missing inner.second.b; unexpected inner.extra; inner.scale has shape [2], expected [1]',
    });
    expect(values(m)).toEqual(before);
  });

  it('loadStateDict names a value that is not a Tensor', () => {
    const m = new Affine();
    expect(thrown(() => m.loadStateDict({ w: [1, 2] as unknown as Tensor, b: tensor([0, 0]) }))).toMatchObject({
      code: 'STATE', message: 'loadStateDict: state does not fit Affine: w is not a Tensor (got [1,2])',
    });
    expect(thrown(() => m.loadStateDict(null as unknown as StateDict))).toMatchObject({
      code: 'STATE', message: 'loadStateDict: expected an object of tensors, got null',
    });
    expect(m.w.toFlat()).toEqual([1, 2]);
  });

  it('loadStateDict with strict: false ignores missing and unexpected names but still checks shapes', () => {
    const m = new Affine();
    m.loadStateDict({ w: tensor([5, 6]), other: tensor([1]) }, { strict: false });
    expect(values(m)).toEqual([['w', [5, 6]], ['b', [0, 0]]]);
    expect(thrown(() => m.loadStateDict({ b: tensor([1, 2, 3]) }, { strict: false }))).toMatchObject({
      code: 'STATE', message: 'loadStateDict: state does not fit Affine: b has shape [3], expected [2]',
    });
    expect(values(m)).toEqual([['w', [5, 6]], ['b', [0, 0]]]);
  });

  it('loadStateDict accepts float32 tensors into float64 parameters', () => {
    const l = new Linear(2, 1, { bias: false });
    l.loadStateDict({ weight: tensor([[0.5, 0.25]], { dtype: 'float32' }) });
    expect(l.weight.dtype).toBe('float64');
    expect(l.weight.toFlat()).toEqual([0.5, 0.25]);
  });
});
