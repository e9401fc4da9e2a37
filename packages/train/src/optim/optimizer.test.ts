import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { Adam, AdamW } from './adam.js';
import { createOptimizer, type OptimizerSpec } from './create.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';

/** Two parameters [3] and [2, 2] with the same starting values every time. */
const params = () => [new Tensor(Float64Array.from([0.5, -1, 2]), [3], true), new Tensor(Float64Array.from([1, 2, 3, 4]), [2, 2], true)];

/** Sets a seeded pseudo-random gradient on every parameter and takes one step. */
function step(opt: Optimizer, rng: Rng): void {
  for (const p of opt.params) p.grad = new Tensor(Float64Array.from({ length: p.size }, () => rng.normal()), p.shape);
  opt.step();
}

const specs: OptimizerSpec[] = [
  { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  { kind: 'sgd', lr: 0.1, momentum: 0.8, dampening: 0.3 },
  { kind: 'adam', lr: 0.05, weightDecay: 0.01 },
  { kind: 'adamw', lr: 0.05, betas: [0.8, 0.95], weightDecay: 0.1 },
];

describe('Optimizer state', () => {
  for (const spec of specs) {
    it(`${spec.kind}: state() then loadState() into a fresh optimizer continues bit for bit (${JSON.stringify(spec)})`, () => {
      // A runs 6 steps; B runs 3, hands its state (and weights) to C, which runs 3 more.
      const rngA = new Rng(7);
      const a = createOptimizer(spec, params());
      for (let i = 0; i < 6; i++) step(a, rngA);

      const rngB = new Rng(7);
      const b = createOptimizer(spec, params());
      for (let i = 0; i < 3; i++) step(b, rngB);
      const saved = b.state();
      const c = createOptimizer(spec, b.params.map((p) => new Tensor(p.data.slice(), p.shape, true)));
      c.loadState(saved);
      expect(c.stepCount).toBe(3);
      for (let i = 0; i < 3; i++) step(c, rngB);

      expect(c.params.map((p) => Array.from(p.data))).toEqual(a.params.map((p) => Array.from(p.data)));
      expect(c.state()).toEqual(a.state());
    });
  }

  it('state() is a copy: changing it or stepping on does not touch the other', () => {
    const opt = new Adam(params(), { lr: 0.1 });
    step(opt, new Rng(1));
    const s = opt.state();
    const m0 = s.buffers.m[0]![0];
    s.buffers.m[0]![0] = 123;
    expect(opt.state().buffers.m[0]![0]).toBe(m0);
    step(opt, new Rng(2));
    expect(s.step).toBe(1);
    expect(s.buffers.m[0]![0]).toBe(123);
  });

  it('loadState() restores the learning rate that was saved', () => {
    const a = new SGD(params(), { lr: 0.1 });
    a.lr = 0.025; // e.g. set by a schedule
    const b = new SGD(params(), { lr: 0.1 });
    b.loadState(a.state());
    expect(b.lr).toBe(0.025);
  });

  it("loadState() refuses another optimizer's state with a STATE error", () => {
    const sgd = new SGD(params(), { lr: 0.1, momentum: 0.9 });
    const adam = new Adam(params());
    const adamw = new AdamW(params());
    expectAttnError(() => sgd.loadState(adam.state()), 'STATE', "SGD.loadState: state was written by 'adam', not 'sgd'");
    expectAttnError(() => adam.loadState(adamw.state()), 'STATE', "Adam.loadState: state was written by 'adamw', not 'adam'");
    expectAttnError(() => adamw.loadState(sgd.state()), 'STATE', "AdamW.loadState: state was written by 'sgd', not 'adamw'");
    expectAttnError(() => adam.loadState(undefined as never), 'STATE', "Adam.loadState: state was written by 'undefined', not 'adam'");
  });

  it('loadState() refuses a state for other parameters (count or sizes) with a STATE error and changes nothing', () => {
    const big = new Adam(params(), { lr: 0.1 });
    step(big, new Rng(3));
    const one = new Adam([new Tensor(Float64Array.from([1, 2, 3]), [3], true)], { lr: 0.1 });
    expectAttnError(() => one.loadState(big.state()), 'STATE', "Adam.loadState: buffer 'm' has 2 entries, expected 1 (one per parameter)");
    const swapped = new Adam([...params()].reverse(), { lr: 0.1 });
    expectAttnError(() => swapped.loadState(big.state()), 'STATE', "Adam.loadState: buffer 'm' of parameter 0 has 3 values, expected 4");
    expect(swapped.stepCount).toBe(0);
    expect(swapped.state().buffers.m).toEqual([null, null]);
    const sgd = new SGD(params(), { lr: 0.1 });
    expectAttnError(() => sgd.loadState({ kind: 'sgd', step: 0, hyper: {}, buffers: {} }), 'STATE',
      "SGD.loadState: buffer 'momentum' has no entries, expected 2 (one per parameter)");
  });
});

describe('createOptimizer', () => {
  it('createOptimizer builds the optimizer a spec names, with its options', () => {
    const sgd = createOptimizer({ kind: 'sgd', lr: 0.3, momentum: 0.5 }, params());
    expect(sgd).toBeInstanceOf(SGD);
    expect([sgd.lr, (sgd as SGD).momentum]).toEqual([0.3, 0.5]);
    expect(createOptimizer({ kind: 'adam', lr: 0.01 }, params())).toBeInstanceOf(Adam);
    const adamw = createOptimizer({ kind: 'adamw', betas: [0.5, 0.6] }, params());
    expect(adamw).toBeInstanceOf(AdamW);
    expect([(adamw as AdamW).beta1, (adamw as AdamW).beta2, (adamw as AdamW).weightDecay]).toEqual([0.5, 0.6, 0.01]);
  });

  it('createOptimizer refuses an unknown kind, naming the known ones', () => {
    expectAttnError(() => createOptimizer({ kind: 'rmsprop' } as unknown as OptimizerSpec, params()), 'ARGUMENT',
      `createOptimizer: kind must be 'sgd', 'adam' or 'adamw', got "rmsprop"`);
    expectAttnError(() => createOptimizer(undefined as unknown as OptimizerSpec, params()), 'ARGUMENT',
      `createOptimizer: kind must be 'sgd', 'adam' or 'adamw', got undefined`);
  });
});
