// Helpers shared by the tests of layers, models and files: reading the PyTorch reference
// vectors, comparing tensors with a tolerance, and finite-difference checks of module parameters.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { noGrad, randn, Rng, Tensor, type Module } from '../src/index.js';

/** A tensor as stored in the reference files: shape and row-major data. */
export interface RefTensor {
  shape: number[];
  data: number[];
}

/** One case of a reference file. */
export interface RefCase {
  name: string;
  params: Record<string, unknown>;
  inputs: Record<string, RefTensor>;
  outputs: Record<string, RefTensor>;
  upstream: Record<string, RefTensor>;
  grads: Record<string, RefTensor>;
}

/** A reference file: its tolerance and its cases. */
export interface RefFile {
  op: string;
  tolerance: { atol: number; rtol: number };
  cases: RefCase[];
}

/** The PyTorch reference vectors of the repository (written by their generate.py). */
export const VECTORS = new URL('../../conformance/vectors/', import.meta.url);

/** Reads a reference file of {@link VECTORS} by name, e.g. `readReference('softmax.json')`. */
export function readReference(name: string): RefFile {
  const file = JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8')) as RefFile;
  for (const c of file.cases) {
    c.params ??= {};
    c.inputs ??= {};
    c.outputs ??= {};
    c.upstream ??= {};
    c.grads ??= {};
  }
  return file;
}

/** A float64 tensor of a reference tensor (a leaf that requires grad when asked). */
export function refTensor(t: RefTensor, requiresGrad = false): Tensor {
  return new Tensor(Float64Array.from(t.data), t.shape.slice(), requiresGrad);
}

/** The reference tensors of a case as float64 leaves that require grad. */
export function refInputs(c: RefCase): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, refTensor(t, true)]));
}

/**
 * Expects `got` to have `want`'s shape and every element within `atol + rtol·|want|`
 * (NaN matches NaN); the failure lists the first offending elements.
 */
export function expectClose(
  got: Tensor | null | undefined,
  want: RefTensor | Tensor,
  tol: { atol: number; rtol: number } = { atol: 1e-12, rtol: 1e-10 },
  label = 'tensor',
): void {
  expect(got, `${label}: no tensor`).toBeInstanceOf(Tensor);
  const g = got as Tensor;
  const wantShape = want instanceof Tensor ? want.shape : want.shape;
  const wantData = want instanceof Tensor ? want.data : want.data;
  expect([...g.shape], `${label}: shape`).toEqual([...wantShape]);
  const bad: string[] = [];
  for (let i = 0; i < wantData.length; i++) {
    const a = g.data[i];
    const b = wantData[i];
    const ok = Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(b);
    if (!ok && bad.length < 5) bad.push(`at ${i}: got ${a}, want ${b}`);
  }
  expect(bad, `${label}: values differ`).toEqual([]);
}

/** The gradient check of {@link gradcheckParameters}: the worst error and one line per mismatch. */
export interface ParameterCheck {
  maxError: number;
  mismatches: string[];
  /** Number of parameter entries compared. */
  checked: number;
}

/**
 * Compares the autograd gradients of `model`'s parameters with central finite differences of
 * `run()`, perturbing the parameters in place (and restoring them). A non-scalar result is
 * reduced with fixed random weights, as `gradcheck` does.
 */
export function gradcheckParameters(
  model: Module,
  run: () => Tensor,
  options: { eps?: number; atol?: number; rtol?: number; seed?: number } = {},
): ParameterCheck {
  const { eps = 1e-6, atol = 1e-6, rtol = 1e-4, seed = 0 } = options;
  model.zeroGrad();
  const probe = run();
  const rng = new Rng(seed);
  const u = probe.size === 1 ? null : Float64Array.from({ length: probe.size }, () => rng.uniform(-1, 1));
  const lossOf = (y: Tensor) => {
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * (u ? u[i] : 1);
    return s;
  };
  if (u) probe.backward(new Tensor(u, probe.shape));
  else probe.backward();
  const mismatches: string[] = [];
  let maxError = 0;
  let checked = 0;
  noGrad(() => {
    for (const [name, p] of model.namedParameters()) {
      const analytic = p.grad?.data ?? new Float64Array(p.size);
      for (let j = 0; j < p.size; j++) {
        const v = p.data[j];
        p.data[j] = v + eps;
        const up = lossOf(run());
        p.data[j] = v - eps;
        const down = lossOf(run());
        p.data[j] = v;
        const numeric = (up - down) / (2 * eps);
        const err = Math.abs(analytic[j] - numeric);
        maxError = Math.max(maxError, err);
        checked++;
        if (!(err <= atol + rtol * Math.abs(numeric))) mismatches.push(`${name} at ${j}: autograd ${analytic[j]}, finite difference ${numeric}`);
      }
    }
  });
  model.zeroGrad();
  return { maxError, mismatches, checked };
}

/** Runs `f` and returns what it threw (failing the test when it did not throw). */
export function thrown(f: () => unknown): { code?: string; message: string; name?: string } {
  try {
    f();
  } catch (e) {
    return e as { code?: string; message: string; name?: string };
  }
  throw new Error('expected the call to throw, but it returned normally');
}

/** Gives every parameter random values (biases included, which start at 0). */
export function randomize(m: Module, seed: number): void {
  m.loadStateDict(Object.fromEntries(m.namedParameters().map(([n, p], i) => [n, randn(p.shape, { seed: seed + i, std: 0.5 })])));
}
