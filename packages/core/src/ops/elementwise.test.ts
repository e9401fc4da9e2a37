import { describe, expect, it } from 'vitest';
import { fc } from '../../test/fc.js';
import { expectClose, readReference } from '../../test/nn-testing.js';
import { add, abs, div, erf, exp, gelu, gradcheck, log, mul, neg, pow, randn, relu, sigmoid, sqrt, sub, tanh, tensor, Tensor, AttnError, zeros } from '../index.js';

const x34 = () => randn([3, 4], { seed: 11 });

describe('elementwise ops', () => {
  it('add(a, b) broadcasts a row over a matrix', () => {
    expect(add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray()).toEqual([[11, 22], [13, 24]]);
  });
  it('add(a, b) broadcasts a column against a row', () => {
    expect(add(tensor([[1], [2]]), tensor([10, 20, 30])).toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });
  it('sub, mul and div accept numbers on either side', () => {
    expect(sub(10, tensor([1, 2])).toArray()).toEqual([9, 8]);
    expect(mul(tensor([1, 2]), 3).toArray()).toEqual([3, 6]);
    expect(div(tensor([1, 3]), 2).toArray()).toEqual([0.5, 1.5]);
  });
  it('add(a, b) names both shapes when they cannot broadcast', () => {
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow('add: shapes cannot broadcast, got [2,3] and [4]');
    try {
      add(zeros([2, 3]), zeros([4]));
    } catch (e) {
      expect(e).toBeInstanceOf(AttnError);
      expect((e as AttnError).code).toBe('SHAPE');
    }
  });
  it('add(a, b) needs at least one tensor', () => {
    expect(() => add(1, 2)).toThrow('add: expected at least one Tensor, got 1 and 2');
  });
  it('unary ops compute the textbook values', () => {
    const v = [-2, -0.5, 0, 0.5, 2];
    const t = tensor(v);
    const close = (got: Tensor, f: (x: number) => number) => got.toFlat().forEach((g, i) => expect(g).toBeCloseTo(f(v[i]), 12));
    close(neg(t), (x) => -x);
    close(exp(t), Math.exp);
    close(abs(t), Math.abs);
    close(tanh(t), Math.tanh);
    close(sigmoid(t), (x) => 1 / (1 + Math.exp(-x)));
    close(relu(t), (x) => Math.max(0, x));
    close(pow(t, 3), (x) => x ** 3);
    close(log(tensor([0.5, 1, 2])), (x) => Math.log([0.5, 1, 2][v.indexOf(x)] ?? NaN));
    expect(sqrt(tensor([4, 9])).toArray()).toEqual([2, 3]);
  });
  it('sigmoid(x) is stable for inputs near ±1e3', () => {
    expect(sigmoid(tensor([-1000, 1000])).toArray()).toEqual([0, 1]);
  });
  it('erf(x) matches known values to 1e-14', () => {
    // Abramowitz & Stegun table values
    const known: [number, number][] = [[0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149],
      [2, 0.9953222650189527], [2.9, 0.9999589021219005], [3.5, 0.9999992569016276], [-1.5, -0.9661051464753108]];
    for (const [x, want] of known) expect(erf(tensor([x])).item()).toBeCloseTo(want, 14);
  });
  it('gelu(x) exact and tanh-approximated agree with their formulas', () => {
    expect(gelu(tensor([1])).item()).toBeCloseTo(0.8413447460685429, 14);
    const x = 1.3;
    const approx = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    expect(gelu(tensor([x]), 'tanh').item()).toBeCloseTo(approx, 14);
    expect(() => gelu(tensor([1]), 'fast' as 'tanh')).toThrow("gelu: approximate must be 'none' or 'tanh', got \"fast\"");
  });
  it('gelu matches the PyTorch reference vectors from −10 to 10, value and gradient, in float64 and float32', () => {
    const file = readReference('gelu.json');
    expect(file.cases.map((c) => c.params.approximate)).toEqual(['none', 'none']);
    for (const c of file.cases) {
      // float32: its inputs are the float64 ones rounded, so compare within float32's precision
      for (const [dtype, tol] of [['float64', file.tolerance], ['float32', { atol: 1e-7, rtol: 1e-6 }]] as const) {
        const x = tensor(c.inputs.x.data, { dtype, shape: c.inputs.x.shape, requiresGrad: true });
        const y = gelu(x);
        expect(y.dtype, `${c.name} ${dtype}`).toBe(dtype);
        expectClose(y, c.outputs.y, tol, `${c.name} ${dtype}: value`);
        y.backward(tensor(c.upstream.y.data, { dtype, shape: c.upstream.y.shape }));
        expectClose(x.grad, c.grads.x, tol, `${c.name} ${dtype}: gradient`);
      }
    }
  });
  it('gelu(x) keeps its digits far in the negative tail, where 1 + erf(x/√2) would cancel', () => {
    // x·Φ(x) with Φ(−10) = 7.619853024160527e-24 and Φ(−6) = 9.865876450376981e-10 (Φ to 16 digits)
    const y = gelu(tensor([-10, -6])).toFlat();
    expect(Math.abs(y[0] / (-10 * 7.619853024160527e-24) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(y[1] / (-6 * 9.865876450376981e-10) - 1)).toBeLessThan(1e-14);
  });
  it('gradients of every elementwise op match finite differences', () => {
    const pos = randn([3, 4], { seed: 3 }).abs().add(0.5);
    const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
      ['add broadcast', (a, b) => add(a, b), [x34(), randn([4], { seed: 2 })]],
      ['sub broadcast', (a, b) => sub(a, b), [x34(), randn([3, 1], { seed: 2 })]],
      ['mul broadcast', (a, b) => mul(a, b), [x34(), randn([1, 4], { seed: 2 })]],
      ['div', (a, b) => div(a, b), [x34(), pos]],
      ['pow 3', (a) => pow(a, 3), [x34()]],
      ['pow 0.5', (a) => pow(a, 0.5), [pos]],
      ['exp', (a) => exp(a), [x34()]],
      ['log', (a) => log(a), [pos]],
      ['tanh', (a) => tanh(a), [x34()]],
      ['sigmoid', (a) => sigmoid(a), [x34()]],
      ['relu', (a) => relu(a), [x34()]],
      ['abs', (a) => abs(a), [x34()]],
      ['erf', (a) => erf(a), [x34()]],
      ['gelu', (a) => gelu(a), [x34()]],
      ['gelu from −6 to 6', (a) => gelu(a), [tensor([-6, -4.5, -3, -2, -1.2, -0.8, 0, 0.8, 1.2, 2, 3, 4.5, 6])]],
      ['gelu tanh', (a) => gelu(a, 'tanh'), [x34()]],
    ];
    for (const [name, f, inputs] of cases) {
      const r = gradcheck(f, inputs);
      expect(r.mismatches, name).toEqual([]);
    }
  });
  it('broadcasting add(a, b) has the shape of broadcastShapes and commutes (property)', () => {
    fc.assert(
      fc.property(fc.broadcastPair(), ([sa, sb]) => {
        const a = randn(sa, { seed: 1 });
        const b = randn(sb, { seed: 2 });
        const ab = add(a, b);
        const ba = add(b, a);
        expect(ab.toFlat()).toEqual(ba.toFlat());
        expect(ab.shape).toEqual(ba.shape);
        // every output element equals the sum of the elements it broadcast from
        const rank = ab.shape.length;
        const at = (t: Tensor, idx: number[]) => {
          const off = rank - t.rank;
          let flat = 0;
          for (let i = 0; i < t.rank; i++) flat = flat * t.shape[i] + (t.shape[i] === 1 ? 0 : idx[i + off]);
          return t.data[flat];
        };
        for (let f = 0; f < ab.size; f++) {
          const idx: number[] = [];
          let r = f;
          for (let i = rank - 1; i >= 0; i--) {
            idx[i] = r % ab.shape[i];
            r = Math.floor(r / ab.shape[i]);
          }
          expect(ab.data[f]).toBe(at(a, idx) + at(b, idx));
        }
      }),
      { numRuns: 60 },
    );
  });
});
