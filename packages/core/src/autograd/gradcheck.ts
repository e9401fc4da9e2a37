import { check, describe, fmt, need } from '../errors.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from './grad-mode.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-6. */
  atol?: number;
  /** Relative tolerance. Default 1e-4. */
  rtol?: number;
  /** Seed of the random upstream gradient used for non-scalar outputs. Default 0. */
  seed?: number;
}

/** What {@link gradcheck} found: `ok`, the worst error, and one line per mismatch. */
export interface GradcheckResult {
  ok: boolean;
  maxError: number;
  mismatches: string[];
}

/**
 * Compares the autograd gradients of `f` with central finite differences, in float64.
 * For a non-scalar output, the loss is `sum(f(...) * u)` with a fixed random `u`. Inputs
 * must be float64 tensors; they are not modified. Use it to test your own ops and modules.
 *
 * @example
 * ```ts
 * const x = randn([3, 4], { seed: 1 });
 * gradcheck((x) => softmax(x).mul(x).sum(), [x]).ok; // true
 * ```
 */
export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const { eps = 1e-6, atol = 1e-6, rtol = 1e-4, seed = 0 } = options;
  need(typeof f === 'function', 'gradcheck', "argument 'f' must be a function", f);
  need(Array.isArray(inputs), 'gradcheck', 'expected an array of inputs', inputs);
  inputs.forEach((t, i) => check(t instanceof Tensor && t.dtype === 'float64', 'ARGUMENT',
    () => `gradcheck: inputs[${i}] must be a float64 Tensor, got ${t instanceof Tensor ? t.dtype : describe(t)}`));

  const leaves = inputs.map((t) => new Tensor(t.data.slice(), t.shape, true));
  const probe = f(...leaves);
  need(probe instanceof Tensor, 'gradcheck', 'f must return a Tensor', probe);
  const rng = new Rng(seed);
  const u = probe.size === 1 ? null : Float64Array.from({ length: probe.size }, () => rng.uniform(-1, 1));
  const lossOf = (y: Tensor): number => {
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * (u ? u[i] : 1);
    return s;
  };
  if (u) probe.backward(new Tensor(u, probe.shape));
  else probe.backward();

  const mismatches: string[] = [];
  let maxError = 0;
  noGrad(() => {
    leaves.forEach((leaf, i) => {
      const analytic = leaf.grad?.data ?? new Float64Array(leaf.size);
      const plain = leaves.map((l) => new Tensor(l.data.slice(), l.shape));
      const d = plain[i].data;
      for (let j = 0; j < d.length; j++) {
        const v = d[j];
        d[j] = v + eps;
        const up = lossOf(f(...plain));
        d[j] = v - eps;
        const down = lossOf(f(...plain));
        d[j] = v;
        const numeric = (up - down) / (2 * eps);
        const err = Math.abs(analytic[j] - numeric);
        maxError = Math.max(maxError, err);
        if (!(err <= atol + rtol * Math.abs(numeric))) {
          mismatches.push(`inputs[${i}] ${fmt(leaf.shape)} at ${j}: autograd ${analytic[j]}, finite difference ${numeric}`);
        }
      }
    });
  });
  return { ok: mismatches.length === 0, maxError, mismatches };
}
