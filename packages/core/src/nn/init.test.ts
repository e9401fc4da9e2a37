import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { init, Rng, type Initializer } from '../index.js';

function stats(values: ArrayLike<number>) {
  const n = values.length;
  let s = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    s += values[i];
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / n), lo, hi };
}

/** [out, in] = [200, 100]: 20 000 draws, so the sample std is within ~1% of the true one. */
const OUT = 200;
const IN = 100;
const draw = (f: Initializer, shape: number[] = [OUT, IN], seed = 0) => f(shape, new Rng(seed));

/** Checks U(−a, a): every draw inside, the extremes near ±a, mean ≈ 0 and std ≈ a/√3. */
function expectUniform(values: ArrayLike<number>, a: number) {
  const s = stats(values);
  expect(s.lo).toBeGreaterThanOrEqual(-a);
  expect(s.hi).toBeLessThan(a);
  expect(s.lo).toBeLessThan(-0.99 * a);
  expect(s.hi).toBeGreaterThan(0.99 * a);
  expect(Math.abs(s.mean)).toBeLessThan(0.03 * a);
  expect(s.std / (a / Math.sqrt(3))).toBeCloseTo(1, 1);
}

/** Checks N(mean, std²) within sampling error. */
function expectNormal(values: ArrayLike<number>, mean: number, std: number) {
  const s = stats(values);
  expect(Math.abs(s.mean - mean)).toBeLessThan(0.03 * std);
  expect(Math.abs(s.std / std - 1)).toBeLessThan(0.03);
}

describe('init', () => {
  it('xavierUniform draws U(−a, a) with a = gain·√(6 / (fan_in + fan_out)), fans of [out, in]', () => {
    expectUniform(draw(init.xavierUniform()).data, Math.sqrt(6 / (IN + OUT)));
    expectUniform(draw(init.xavierUniform(2)).data, 2 * Math.sqrt(6 / (IN + OUT)));
  });

  it('xavierNormal draws N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out))', () => {
    expectNormal(draw(init.xavierNormal()).data, 0, Math.sqrt(2 / (IN + OUT)));
    expectNormal(draw(init.xavierNormal(0.5)).data, 0, 0.5 * Math.sqrt(2 / (IN + OUT)));
  });

  it('kaimingUniform draws U(−b, b) with b = √(6 / fan_in), or fan_out with mode', () => {
    expectUniform(draw(init.kaimingUniform()).data, Math.sqrt(6 / IN));
    expectUniform(draw(init.kaimingUniform('fanIn')).data, Math.sqrt(6 / IN));
    expectUniform(draw(init.kaimingUniform('fanOut')).data, Math.sqrt(6 / OUT));
  });

  it('kaimingNormal draws N(0, σ²) with σ = √(2 / fan_in), or fan_out with mode', () => {
    expectNormal(draw(init.kaimingNormal()).data, 0, Math.sqrt(2 / IN));
    expectNormal(draw(init.kaimingNormal('fanOut')).data, 0, Math.sqrt(2 / OUT));
  });

  it('fans count the receptive field like PyTorch: [out, in, k] has fan_in in·k and fan_out out·k', () => {
    // [out 50, in 20, k 10]: fan_in 200, fan_out 500
    expectUniform(draw(init.kaimingUniform(), [50, 20, 10]).data, Math.sqrt(6 / 200));
    expectUniform(draw(init.kaimingUniform('fanOut'), [50, 20, 10]).data, Math.sqrt(6 / 500));
    expectUniform(draw(init.xavierUniform(), [50, 20, 10]).data, Math.sqrt(6 / 700));
  });

  it('normal(std, mean) and uniform(low, high) draw what they say', () => {
    expectNormal(draw(init.normal()).data, 0, 1);
    expectNormal(draw(init.normal(0.02, 3)).data, 3, 0.02);
    const u = stats(draw(init.uniform(2, 5)).data);
    expect(u.lo).toBeGreaterThanOrEqual(2);
    expect(u.hi).toBeLessThan(5);
    expect(u.mean).toBeCloseTo(3.5, 1);
    expect(init.uniform(1, 1)([3], new Rng(0)).toFlat()).toEqual([1, 1, 1]);
  });

  it('zeros and constant fill every entry, with the requested shape', () => {
    const z = init.zeros()([2, 3], new Rng(0));
    expect(z.shape).toEqual([2, 3]);
    expect(z.toFlat()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(init.constant(0.25)([2], new Rng(0)).toFlat()).toEqual([0.25, 0.25]);
  });

  it('initializers give float64 tensors of the requested shape, a copy of the shape array', () => {
    const shape = [3, 4];
    const w = init.xavierUniform()(shape, new Rng(0));
    expect(w.shape).toEqual([3, 4]);
    expect(w.shape).not.toBe(shape);
    expect(w.dtype).toBe('float64');
  });

  it('the same seed gives the same values and another seed other values', () => {
    for (const f of [init.xavierUniform(), init.xavierNormal(), init.kaimingUniform(), init.kaimingNormal(), init.normal(), init.uniform()]) {
      const a = draw(f, [4, 5], 7).toFlat();
      expect(draw(f, [4, 5], 7).toFlat()).toEqual(a);
      expect(draw(f, [4, 5], 8).toFlat()).not.toEqual(a);
    }
  });

  it('a shared generator gives distinct draws on successive calls', () => {
    const rng = new Rng(3);
    const f = init.normal();
    expect(f([5], rng).toFlat()).not.toEqual(f([5], rng).toFlat());
  });

  it('fan-based initializers refuse weights with fewer than 2 axes', () => {
    for (const [name, f] of [['xavierUniform', init.xavierUniform()], ['xavierNormal', init.xavierNormal()],
      ['kaimingUniform', init.kaimingUniform()], ['kaimingNormal', init.kaimingNormal()]] as const) {
      expect(thrown(() => f([5], new Rng(0)))).toMatchObject({
        code: 'ARGUMENT', message: `init.${name}: needs a weight with at least 2 axes to compute fans, got [5]`,
      });
    }
  });

  it('initializers refuse bad options naming the option and the value', () => {
    expect(thrown(() => init.xavierUniform(-1))).toMatchObject({
      code: 'ARGUMENT', message: 'init.xavierUniform: gain must be a finite number >= 0, got -1',
    });
    expect(thrown(() => init.xavierNormal(NaN))).toMatchObject({
      code: 'ARGUMENT', message: 'init.xavierNormal: gain must be a finite number >= 0, got NaN',
    });
    expect(thrown(() => init.normal(-0.1))).toMatchObject({
      code: 'ARGUMENT', message: 'init.normal: std must be a finite number >= 0, got -0.1',
    });
    expect(thrown(() => init.normal(1, NaN))).toMatchObject({
      code: 'ARGUMENT', message: 'init.normal: mean must be a finite number, got NaN',
    });
    expect(thrown(() => init.uniform(1, 0))).toMatchObject({
      code: 'ARGUMENT', message: 'init.uniform: needs finite low <= high, got 1 and 0',
    });
    expect(thrown(() => init.uniform(0, Infinity))).toMatchObject({ code: 'ARGUMENT' });
    expect(thrown(() => init.constant('1' as unknown as number))).toMatchObject({
      code: 'ARGUMENT', message: 'init.constant: value must be a number, got "1"',
    });
    expect(thrown(() => init.kaimingUniform('fan_in' as 'fanIn'))).toMatchObject({
      code: 'ARGUMENT', message: `init.kaimingUniform: mode must be 'fanIn' or 'fanOut', got "fan_in"`,
    });
    expect(thrown(() => init.kaimingNormal('in' as 'fanIn'))).toMatchObject({
      code: 'ARGUMENT', message: `init.kaimingNormal: mode must be 'fanIn' or 'fanOut', got "in"`,
    });
  });
});
