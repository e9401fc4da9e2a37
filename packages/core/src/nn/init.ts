import { need, opts } from '../errors.js';
import { Rng } from '../random/rng.js';
import { sizeOf } from '../tensor/shape.js';
import { checkAllocation } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

/** Makes a new parameter tensor of a shape from a generator. */
export type Initializer = (shape: readonly number[], rng: Rng) => Tensor;

/** fan_in and fan_out as PyTorch computes them for a `[out, in, ...receptive]` weight. */
function fans(op: string, shape: readonly number[]): [number, number] {
  need(shape.length >= 2, op, 'needs a weight with at least 2 axes to compute fans', shape);
  const receptive = sizeOf(shape.slice(2));
  return [shape[1] * receptive, shape[0] * receptive];
}

function fill(shape: readonly number[], f: () => number): Tensor {
  const data = new Float64Array(checkAllocation('init', shape));
  for (let i = 0; i < data.length; i++) data[i] = f();
  return new Tensor(data, shape.slice());
}

function fanMode(op: string, mode: unknown): void {
  need(mode === 'fanIn' || mode === 'fanOut', op, "mode must be 'fanIn' or 'fanOut'", mode);
}

function positive(op: string, name: string, v: number): void {
  need(typeof v === 'number' && v >= 0 && Number.isFinite(v), op, `${name} must be a finite number >= 0`, v);
}

/**
 * Weight initializers, as in `torch.nn.init`. Fans follow PyTorch for the `[out, in]` layout.
 *
 * @example
 * ```ts
 * const w = init.xavierUniform()([4, 8], new Rng(0)); // U(-a, a), a = √(6 / (8 + 4))
 * w.shape; // [4, 8]
 * w.abs().max().item() < Math.sqrt(6 / 12); // true
 * ```
 */
export const init = {
  /** Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)). */
  xavierUniform(gain = 1): Initializer {
    positive('init.xavierUniform', 'gain', gain);
    return (shape, rng) => {
      const [fi, fo] = fans('init.xavierUniform', shape);
      const a = gain * Math.sqrt(6 / (fi + fo));
      return fill(shape, () => rng.uniform(-a, a));
    };
  },
  /** Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)). */
  xavierNormal(gain = 1): Initializer {
    positive('init.xavierNormal', 'gain', gain);
    return (shape, rng) => {
      const [fi, fo] = fans('init.xavierNormal', shape);
      const std = gain * Math.sqrt(2 / (fi + fo));
      return fill(shape, () => rng.normal(0, std));
    };
  },
  /** He/Kaiming uniform for ReLU layers: U(−b, b) with b = √(6 / fan_in) (fan_out with `mode`). */
  kaimingUniform(mode: 'fanIn' | 'fanOut' = 'fanIn'): Initializer {
    fanMode('init.kaimingUniform', mode);
    return (shape, rng) => {
      const [fi, fo] = fans('init.kaimingUniform', shape);
      const b = Math.sqrt(6 / (mode === 'fanIn' ? fi : fo));
      return fill(shape, () => rng.uniform(-b, b));
    };
  },
  /** He/Kaiming normal for ReLU layers: N(0, σ²) with σ = √(2 / fan_in) (fan_out with `mode`). */
  kaimingNormal(mode: 'fanIn' | 'fanOut' = 'fanIn'): Initializer {
    fanMode('init.kaimingNormal', mode);
    return (shape, rng) => {
      const [fi, fo] = fans('init.kaimingNormal', shape);
      const std = Math.sqrt(2 / (mode === 'fanIn' ? fi : fo));
      return fill(shape, () => rng.normal(0, std));
    };
  },
  /** N(mean, std²). */
  normal(std = 1, mean = 0): Initializer {
    positive('init.normal', 'std', std);
    need(typeof mean === 'number' && Number.isFinite(mean), 'init.normal', 'mean must be a finite number', mean);
    return (shape, rng) => fill(shape, () => rng.normal(mean, std));
  },
  /** U(low, high). */
  uniform(low = 0, high = 1): Initializer {
    need(Number.isFinite(low) && Number.isFinite(high) && low <= high, 'init.uniform', 'needs finite low <= high', low, high);
    return (shape, rng) => fill(shape, () => rng.uniform(low, high));
  },
  /** All zeros. */
  zeros(): Initializer {
    return (shape) => fill(shape, () => 0);
  },
  /** All equal to `value`. */
  constant(value: number): Initializer {
    need(typeof value === 'number', 'init.constant', 'value must be a number', value);
    return (shape) => fill(shape, () => value);
  },
};

/** @internal PyTorch's default for nn.Linear: U(−1/√fan_in, 1/√fan_in) for weight and bias. */
export function linearDefault(fanIn: number): Initializer {
  const b = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return (shape, rng) => fill(shape, () => rng.uniform(-b, b));
}

/** Options every module with random initialization accepts. */
export interface RandomInit {
  /** Generator to draw initial weights from; shared generators give distinct draws. */
  rng?: Rng;
  /** Seed of a fresh generator when `rng` is not given (default 0). */
  seed?: number;
}

/** @internal The generator of a {@link RandomInit}. */
export function rngOf(op: string, o: RandomInit): Rng {
  opts(op, o);
  if (o.rng !== undefined) {
    need(o.rng instanceof Rng, op, 'rng must be an Rng', o.rng);
    return o.rng;
  }
  need(o.seed === undefined || Number.isFinite(o.seed), op, 'seed must be a finite number', o.seed);
  return new Rng(o.seed ?? 0);
}

/** @internal Checks a positive integer option. */
export function positiveInt(op: string, name: string, v: unknown): number {
  need(Number.isInteger(v) && (v as number) > 0, op, `${name} must be a positive integer`, v);
  return v as number;
}
