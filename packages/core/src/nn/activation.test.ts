import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { activation, tensor, type Activation } from '../index.js';

// Φ(x) for the exact gelu, from erf table values: erf(1/√2) and erf(−0.5/√2)
const PHI_1 = 0.8413447460685429;
const PHI_NEG_HALF = 0.3085375387259869;

describe('activation', () => {
  const x = [-0.5, 0, 1, 2];
  const cases: [Activation, (v: number) => number][] = [
    ['relu', (v) => Math.max(0, v)],
    ['tanh', Math.tanh],
    ['sigmoid', (v) => 1 / (1 + Math.exp(-v))],
    ['gelu_tanh', (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
  ];
  for (const [name, f] of cases) {
    it(`activation('${name}') computes its formula elementwise`, () => {
      const y = activation(name)(tensor(x)).toFlat();
      y.forEach((v, i) => expect(v).toBeCloseTo(f(x[i]), 14));
    });
  }

  it("activation('gelu') is the exact x·Φ(x), not the tanh approximation", () => {
    const y = activation('gelu')(tensor([1, -0.5, 0]));
    expect(y.toFlat()[0]).toBeCloseTo(PHI_1, 14);
    expect(y.toFlat()[1]).toBeCloseTo(-0.5 * PHI_NEG_HALF, 14);
    expect(y.toFlat()[2]).toBe(0);
    const approx = activation('gelu_tanh')(tensor([1])).item();
    expect(Math.abs(approx - PHI_1)).toBeGreaterThan(1e-5);
  });

  it('activation refuses unknown names and lists the known ones', () => {
    expect(thrown(() => activation('swish' as Activation))).toMatchObject({
      code: 'ARGUMENT', message: 'activation: must be one of relu, gelu, gelu_tanh, tanh, sigmoid, got "swish"',
    });
    expect(thrown(() => activation('toString' as Activation))).toMatchObject({ code: 'ARGUMENT' });
  });
});
