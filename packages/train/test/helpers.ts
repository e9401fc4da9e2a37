// Shared by the tests of @attn/train: error assertions, a tiny regression task, and weight snapshots.
import { expect } from 'vitest';
import { AttnError, Linear, mseLoss, noGrad, Rng, sqrt, sub, Tensor, type AttnErrorCode, type Module } from '@attn/core';
import type { TrainerPlugin, TrainContext } from '../src/trainer/events.js';
import type { Task, TaskDefaults } from '../src/tasks/task.js';

/** Runs `fn` and checks that it throws an AttnError with this code and exact message. */
export function expectAttnError(fn: () => unknown, code: AttnErrorCode, message: string | RegExp): void {
  let caught: unknown = undefined;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  checkError(caught, code, message);
}

/** Awaits `p` and checks that it rejects with an AttnError with this code and message; returns the error. */
export async function expectRejects(p: PromiseLike<unknown>, code: AttnErrorCode, message: string | RegExp): Promise<AttnError> {
  let caught: unknown = undefined;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  checkError(caught, code, message);
  return caught as AttnError;
}

function checkError(caught: unknown, code: AttnErrorCode, message: string | RegExp): void {
  expect(caught, `expected ${code}: ${message}`).toBeInstanceOf(AttnError);
  if (typeof message === 'string') expect((caught as AttnError).message).toBe(message);
  else expect((caught as AttnError).message).toMatch(message);
  expect((caught as AttnError).code).toBe(code);
}

/** Every parameter's values by name, as plain arrays (compared bit for bit by toEqual). */
export function weightsOf(model: Module): Record<string, number[]> {
  return Object.fromEntries(model.namedParameters().map(([name, p]) => [name, Array.from(p.data)]));
}

/** A plugin that keeps the model's weights at the end of the run (or when it fails). */
export function finalWeights(): TrainerPlugin & { weights: Record<string, number[]> | null } {
  const plugin = {
    name: 'final-weights',
    weights: null as Record<string, number[]> | null,
    onTrainEnd(_r: unknown, ctx: TrainContext) {
      plugin.weights = weightsOf(ctx.model);
    },
    onError(_e: Error, ctx: TrainContext) {
      plugin.weights = weightsOf(ctx.model);
    },
  };
  return plugin;
}

/** A plugin that stops the run after step `at`. */
export function stopAt(at: number): TrainerPlugin {
  return { name: 'stop-at', onStepEnd: (e, ctx) => { if (e.step === at) ctx.stop(); } };
}

export interface LineBatch {
  x: Tensor;
  y: Tensor;
}

export interface LineOptions {
  name?: string;
  defaults?: Partial<TaskDefaults>;
  /** The n-th call of `sample` (1-based, i.e. step n of a fresh run) returns a NaN target. */
  nanAtSample?: number;
  /** The n-th call of `loss` adds `sqrt(bias − bias)`: a finite loss whose gradient for 'bias' is +Infinity. */
  infiniteGradAtLoss?: number;
  /** Metrics by steps completed (counted by `sample` calls) instead of the test error. */
  metricAt?: (stepsDone: number) => number;
  trainSize?: number;
}

/**
 * A tiny regression task: learn `y = 2·x₀ − 3·x₁ + 0.5` with one `Linear(2, 1)`. Optional
 * faults (a NaN target, an infinite gradient) and scripted metrics make the trainer's edge
 * cases reachable.
 */
export function line(options: LineOptions = {}): Task<Linear, LineBatch> {
  let samples = 0;
  let losses = 0;
  const draw = (rng: Rng, n: number): LineBatch => {
    const x = new Float64Array(2 * n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = rng.uniform(-1, 1);
      x[2 * i + 1] = rng.uniform(-1, 1);
      y[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5;
    }
    return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, 1]) };
  };
  const test = draw(new Rng(99), 64);
  return {
    name: options.name ?? 'line',
    description: 'fit a line',
    createModel: (rng) => new Linear(2, 1, { rng }),
    sample(rng, n) {
      const batch = draw(rng, n);
      if (++samples === options.nanAtSample) batch.y.data[0] = NaN;
      return batch;
    },
    loss(model, batch) {
      const loss = mseLoss(model.forward(batch.x), batch.y);
      if (++losses !== options.infiniteGradAtLoss) return loss;
      const b = model.bias!;
      return loss.add(sqrt(sub(b, new Tensor(b.data.slice(), b.shape))).sum());
    },
    evaluate(model): Record<string, number> {
      const mse = noGrad(() => mseLoss(model.forward(test.x), test.y).item());
      return options.metricAt ? { mse, score: options.metricAt(samples) } : { mse };
    },
    examples: () => [],
    metric: options.metricAt ? { name: 'score', higherIsBetter: true } : { name: 'mse', higherIsBetter: false },
    defaults: { steps: 20, batchSize: 8, optimizer: { kind: 'sgd', lr: 0.1 }, ...options.defaults },
    trainSize: options.trainSize,
  };
}
