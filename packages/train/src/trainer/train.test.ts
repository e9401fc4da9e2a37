import { describe, expect, it } from 'vitest';
import { noGrad, Rng, stateFromJSON, traceForward, tensor, type StateJSON } from '@attn/core';
import { expectRejects, finalWeights, line, stopAt, weightsOf } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import { sort } from '../tasks/sort.js';
import type { TrainerPlugin, StepEvent, TrainContext, TrainEvent, TrainResult } from './events.js';
import { train, type TrainOptions } from './train.js';

/** Events without the wall-clock fields, so two runs can be compared. */
function timeless(e: TrainEvent): unknown {
  if (e.type === 'step') {
    const { seconds: _s, stepsPerSecond: _r, ...rest } = e;
    return rest;
  }
  if (e.type === 'end') return { type: 'end', result: timelessResult(e.result) };
  if (e.type === 'eval') {
    const { seconds: _s, ...rest } = e;
    return rest;
  }
  return e;
}
const timelessResult = ({ seconds: _s, ...rest }: TrainResult) => rest;

async function collect(options: TrainOptions<any>): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  for await (const e of train(options)) events.push(e);
  return events;
}

/** A plugin that logs every hook call with its event, to check order and content. */
function recorder(name: string, log: string[], events: unknown[] = []): TrainerPlugin {
  return {
    name,
    onTrainStart: (e) => { log.push(`${name} start ${e.step}`); events.push(e); },
    onStepEnd: async (e) => {
      await new Promise((r) => setTimeout(r, 0)); // hooks are awaited: order holds across async work
      log.push(`${name} step ${e.step}`);
      events.push(e);
    },
    onEvalStart: (e) => { log.push(`${name} evalStart ${e.step}`); events.push(e); },
    onEvalEnd: (e) => { log.push(`${name} eval ${e.step}`); events.push(e); },
    onTrainEnd: (r) => { log.push(`${name} end ${r.reason}`); events.push({ type: 'end', result: r }); },
  };
}

describe('train: determinism', () => {
  it('train with the same seed twice gives identical weights, bit for bit', async () => {
    const a = finalWeights();
    const b = finalWeights();
    await train({ task: addTwo(), seed: 3, steps: 300, plugins: [a] });
    await train({ task: addTwo(), seed: 3, steps: 300, plugins: [b] });
    expect(a.weights).not.toBeNull();
    expect(b.weights).toEqual(a.weights);
  });

  it('train with different seeds gives different weights (initialization and data)', async () => {
    const a = finalWeights();
    const b = finalWeights();
    await train({ task: line(), seed: 1, plugins: [a] });
    await train({ task: line(), seed: 2, plugins: [b] });
    expect(b.weights!.weight).not.toEqual(a.weights!.weight);
  });

  it('train uses a given model instead of creating one, and trains it in place', async () => {
    const task = line();
    const model = task.createModel(new Rng(5));
    const before = weightsOf(model);
    const result = await train({ task, model, steps: 5 });
    expect(result.steps).toBe(5);
    expect(weightsOf(model)).not.toEqual(before);
  });
});

describe('train: events', () => {
  it('events come as start, step 1..N (loss, gradNorm, lr, stepsPerSecond), evalStart and eval every evalEvery and at the end, end', async () => {
    const events = await collect({ task: line(), steps: 6, evalEvery: 4, seed: 0 });
    expect(events.map((e) => `${e.type}${'step' in e ? ` ${e.step}` : ''}`)).toEqual([
      'start 0', 'step 1', 'step 2', 'step 3', 'step 4', 'evalStart 4', 'eval 4', 'step 5', 'step 6', 'evalStart 6', 'eval 6', 'end',
    ]);
    for (const e of events) if (e.type === 'eval') expect(e.seconds).toBeGreaterThanOrEqual(0);
    const start = events[0];
    expect(start).toMatchObject({ type: 'start', step: 0, totalSteps: 6, task: 'line', seed: 0, parameters: 3 });
    expect(start.type === 'start' && start.config).toEqual({
      steps: 6, batchSize: 8, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, clip: null, evalEvery: 4, traceEvery: null, weightsEvery: null,
    });
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    for (const s of steps) {
      expect(s.totalSteps).toBe(6);
      expect(s.loss).toBeGreaterThan(0);
      expect(Number.isFinite(s.loss)).toBe(true);
      expect(s.gradNorm).toBeGreaterThan(0);
      expect(s.lr).toBe(0.1);
      expect(s.stepsPerSecond).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(s.stepsPerSecond)).toBe(true);
      expect(s.seconds).toBeGreaterThanOrEqual(0);
      expect(s.trace).toBeUndefined();
    }
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.result).toMatchObject({ task: 'line', seed: 0, steps: 6, reason: 'done', finalLoss: steps[5].loss });
    expect(end.type === 'end' && end.result.metrics).toEqual(events[10].type === 'eval' ? events[10].metrics : null);
  });

  it('a task that evaluates in chunks lets timers run between evalStart and eval, with the metrics of task.evaluate', async () => {
    const task = sort();
    let ticks = 0;
    let ticking = true;
    const tick = () => { ticks++; if (ticking) setTimeout(tick, 0); };
    tick();
    const seen: number[] = [];
    let evalStartTicks = 0;
    const run = train({ task, steps: 2, evalEvery: 2, yieldEvery: 0 });
    for await (const e of run) {
      if (e.type === 'evalStart') evalStartTicks = ticks;
      if (e.type === 'eval') {
        seen.push(ticks - evalStartTicks);
        run.model.eval();
        expect(e.metrics).toEqual(noGrad(() => task.evaluate(run.model)));
      }
    }
    ticking = false;
    // sort holds out 1000 problems: 50 chunks, with a timer turn after each
    expect(seen[0]).toBeGreaterThanOrEqual(49);
  });

  it('a chunked evaluation reports its progress as evalProgress events between evalStart and eval, one per turn of the event loop', async () => {
    const types = async (yieldEvery: number) => {
      const out: string[] = [];
      for await (const e of train({ task: sort(), steps: 2, evalEvery: 2, yieldEvery })) {
        out.push(e.type === 'evalProgress' ? `${e.type} ${e.step} ${e.done}` : e.type);
      }
      return out;
    };
    // every chunk of 20 of the 1000 held-out problems lets other work in, and says how far it got
    const progress = Array.from({ length: 50 }, (_, i) => `evalProgress 2 ${(i + 1) / 50}`);
    expect(await types(0)).toEqual(['start', 'step', 'step', 'evalStart', ...progress, 'eval', 'end']);
    // a run that never needs to yield sends none
    expect(await types(1e9)).toEqual(['start', 'step', 'step', 'evalStart', 'eval', 'end']);
  });

  it('step events carry the scheduled learning rate', async () => {
    const events = await collect({ task: line(), steps: 4, schedule: { kind: 'warmup', steps: 2 }, lr: 0.2 });
    expect(events.filter((e): e is StepEvent => e.type === 'step').map((e) => e.lr)).toEqual([0.1, 0.2, 0.2, 0.2]);
  });

  it('iterating with for await and awaiting the run give the same result and the same events to plugins', async () => {
    const options = () => ({ task: line(), steps: 7, evalEvery: 3, seed: 4 });
    const iterated: TrainEvent[] = [];
    const run = train(options());
    for await (const e of run) iterated.push(e);
    const iteratedResult = await run; // awaiting after iterating gives the same result
    expect(iteratedResult).toEqual((iterated.at(-1) as { result: TrainResult }).result);

    const log: string[] = [];
    const seen: TrainEvent[] = [];
    const awaited = await train({ ...options(), plugins: [recorder('a', log, seen)] });
    expect(timelessResult(awaited)).toEqual(timelessResult(iteratedResult));
    expect(seen.map(timeless)).toEqual(iterated.map(timeless));
  });

  it('awaiting only still calls every hook of every plugin, in plugin order, with the right events', async () => {
    const log: string[] = [];
    const result = await train({ task: line(), steps: 3, evalEvery: 2, plugins: [recorder('a', log), recorder('b', log)] });
    expect(result.reason).toBe('done');
    expect(log).toEqual([
      'a start 0', 'b start 0',
      'a step 1', 'b step 1',
      'a step 2', 'b step 2', 'a evalStart 2', 'b evalStart 2', 'a eval 2', 'b eval 2',
      'a step 3', 'b step 3', 'a evalStart 3', 'b evalStart 3', 'a eval 3', 'b eval 3',
      'a end done', 'b end done',
    ]);
  });

  it('traceEvery attaches a Trace of the probe input to every traceEvery-th step event', async () => {
    const task = addTwo();
    const expected: Record<number, unknown> = {};
    const probe: TrainerPlugin = {
      name: 'probe',
      onStepEnd: (e, ctx) => { expected[e.step] = traceForward(ctx.model as never, tensor([[3, 5]])).trace; },
    };
    const events = await collect({ task, steps: 7, traceEvery: 3, plugins: [probe] });
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    expect(steps.filter((e) => e.trace).map((e) => e.step)).toEqual([3, 6]);
    for (const s of steps.filter((e) => e.trace)) {
      expect(s.trace!.format).toBe('attn.trace');
      expect(s.trace!.input.data).toEqual([3, 5]);
      expect(s.trace!.attention.length).toBeGreaterThan(0);
      // the trace of the weights right after that step
      expect(JSON.parse(JSON.stringify(s.trace))).toEqual(JSON.parse(JSON.stringify(expected[s.step])));
    }
    expect(JSON.stringify(steps[2].trace)).not.toBe(JSON.stringify(steps[5].trace));
    // and the start event carries the untrained model's trace (same seed: the same initial weights)
    const start = events[0];
    const untrained = traceForward(task.createModel(new Rng(0).split()), tensor([[3, 5]])).trace;
    expect(start.type === 'start' && JSON.parse(JSON.stringify(start.trace))).toEqual(JSON.parse(JSON.stringify(untrained)));
  });
});

describe('train: weight snapshots', () => {
  it('weightsEvery attaches the weights right after every weightsEvery-th step, and at start and end', async () => {
    const task = addTwo();
    const expected: Record<number, Record<string, number[]>> = {};
    const grab: TrainerPlugin = { name: 'grab', onStepEnd: (e, ctx) => { expected[e.step] = weightsOf(ctx.model); } };
    const run = train({ task, steps: 10, weightsEvery: 4, plugins: [grab] });
    const events: TrainEvent[] = [];
    for await (const e of run) events.push(e);
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    expect(steps.filter((e) => e.weights).map((e) => e.step)).toEqual([4, 8]);
    const asArrays = (w: StateJSON) => Object.fromEntries(Object.entries(w.tensors).map(([k, t]) => [k, t.data]));
    for (const s of steps.filter((e) => e.weights)) {
      expect(s.weights!.format).toBe('attn.state');
      expect(asArrays(s.weights!)).toEqual(expected[s.step]);
    }
    expect(asArrays(steps[3].weights!)).not.toEqual(asArrays(steps[7].weights!));
    // the start event holds the untrained weights (same seed: the same initial model), the end event the final ones
    const start = events[0];
    expect(start.type === 'start' && asArrays(start.weights!)).toEqual(weightsOf(task.createModel(new Rng(0).split())));
    const end = events.at(-1)!;
    expect(end.type === 'end' && asArrays(end.weights!)).toEqual(weightsOf(run.model));
    expect(end.type === 'end' && stateFromJSON(end.weights).w_q.shape).toEqual(run.model.stateDict().w_q.shape);
  });

  it('weight snapshots are copies: later steps and changes to one leave the others as they were', async () => {
    const events: StepEvent[] = [];
    const run = train({ task: line(), steps: 6, weightsEvery: 2, plugins: [{ name: 'keep', onStepEnd: (e) => { events.push(e); } }] });
    await run;
    const first = events[1].weights!;
    const copy = JSON.parse(JSON.stringify(first));
    expect(run.checkpoint().model.weight.data[0]).not.toBe(first.tensors.weight.data[0]); // the model moved on
    expect(first).toEqual(copy);
    first.tensors.weight.data[0] = 1234;
    expect(events[3].weights!.tensors.weight.data[0]).not.toBe(1234);
    expect(Array.from(run.model.weight.data)).not.toContain(1234);
  });

  it('weight snapshots survive JSON and structuredClone unchanged, and read back with stateFromJSON', async () => {
    const run = train({ task: line(), steps: 3, weightsEvery: 3 });
    let weights: StateJSON | undefined;
    for await (const e of run) if (e.type === 'step' && e.weights) weights = e.weights;
    expect(JSON.parse(JSON.stringify(weights))).toEqual(weights);
    expect(structuredClone(weights)).toEqual(weights);
    const back = stateFromJSON(structuredClone(weights));
    expect(Object.fromEntries(Object.entries(back).map(([k, t]) => [k, Array.from(t.data)]))).toEqual(
      Object.fromEntries(Object.entries(run.checkpoint().model).map(([k, t]) => [k, Array.from(t.data)])),
    );
  });

  it('without weightsEvery no event carries weights, and a resumed run keeps the checkpoint\'s weightsEvery', async () => {
    const plain: TrainEvent[] = [];
    for await (const e of train({ task: line(), steps: 4 })) plain.push(e);
    expect(plain.some((e) => 'weights' in e)).toBe(false);
    const first = train({ task: line(), steps: 4, weightsEvery: 2 });
    await first;
    const resumed: TrainEvent[] = [];
    for await (const e of train({ task: line(), steps: 8, resume: first.checkpoint() })) resumed.push(e);
    expect(resumed.filter((e) => e.type === 'step' && e.weights).map((e) => (e as StepEvent).step)).toEqual([6, 8]);
  });
});

describe('train: stopping', () => {
  it('a plugin calling ctx.stop() ends the run after that step with reason stopped', async () => {
    const events = await collect({ task: line(), steps: 20, evalEvery: 100, plugins: [stopAt(4)] });
    expect(events.filter((e) => e.type === 'step').length).toBe(4);
    const end = events.at(-1)!;
    expect(end.type).toBe('end');
    const result = (end as { result: TrainResult }).result;
    expect(result).toMatchObject({ steps: 4, reason: 'stopped' });
    expect(Object.keys(result.metrics)).toEqual(['mse']); // evaluated at the stop
  });

  it('run.model is the trained model once the run started, and an error before', async () => {
    const run = train({ task: line(), steps: 5 });
    expect(() => run.model).toThrow('TrainingRun.model: the run has not started yet');
    let seen: unknown;
    await train({ task: line(), steps: 5, plugins: [{ name: 'grab', onTrainEnd: (_r, ctx) => { seen = ctx.model; } }] });
    const result = await run;
    expect(result.steps).toBe(5);
    expect(run.model.namedParameters().length).toBeGreaterThan(0);
    expect(run.model).not.toBe(seen); // each run trains its own model
  });

  it('a plugin calling ctx.stop() in onTrainStart ends the run before any step', async () => {
    const stopFirst: TrainerPlugin = { name: 'stop-first', onTrainStart: (_e, ctx) => ctx.stop() };
    const events = await collect({ task: line(), steps: 20, plugins: [stopFirst] });
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    expect((events[1] as { result: TrainResult }).result).toMatchObject({ steps: 0, reason: 'stopped' });
  });

  it('an AbortSignal aborts the run before the next step with reason aborted', async () => {
    const controller = new AbortController();
    const abortAt3: TrainerPlugin = { name: 'abort', onStepEnd: (e) => { if (e.step === 3) controller.abort(); } };
    const result = await train({ task: line(), steps: 20, signal: controller.signal, plugins: [abortAt3] });
    expect(result).toMatchObject({ steps: 3, reason: 'aborted' });

    const before = new AbortController();
    before.abort();
    const log: string[] = [];
    const r0 = await train({ task: line(), steps: 20, signal: before.signal, plugins: [recorder('a', log)] });
    expect(r0).toMatchObject({ steps: 0, reason: 'aborted', metrics: {} });
    expect(log).toEqual(['a start 0', 'a end aborted']);
  });

  it('breaking out of for await resolves the run as stopped with the steps taken', async () => {
    const run = train({ task: line(), steps: 50 });
    for await (const e of run) if (e.type === 'step' && e.step === 5) break;
    const result = await run;
    expect(result).toMatchObject({ task: 'line', steps: 5, reason: 'stopped' });
    expect(Number.isFinite(result.finalLoss)).toBe(true);
  });

  it('breaking out of for await still calls every onTrainEnd hook, with reason stopped and fresh metrics', async () => {
    const log: string[] = [];
    const ends: TrainResult[] = [];
    const run = train({ task: line(), steps: 50, evalEvery: 100, plugins: [recorder('a', log), { name: 'end', onTrainEnd: (r) => { ends.push(r); } }] });
    for await (const e of run) if (e.type === 'step' && e.step === 3) break;
    const result = await run;
    expect(log).toEqual(['a start 0', 'a step 1', 'a step 2', 'a step 3', 'a end stopped']);
    expect(ends).toEqual([result]);
    expect(result).toMatchObject({ steps: 3, reason: 'stopped' });
    expect(Object.keys(result.metrics)).toEqual(['mse']); // evaluated at the stop, like ctx.stop()
  });

  it('a run can be consumed only once: iterating twice, or iterating after awaiting, throws', async () => {
    const run = train({ task: line(), steps: 2 });
    const events = [];
    for await (const e of run) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['start', 'step', 'evalStart', 'eval', 'step', 'evalStart', 'eval', 'end']); // evalEvery defaults to ⌈steps/10⌉
    const again = () => run[Symbol.asyncIterator]();
    expect(again).toThrow('TrainingRun: this run is already being consumed; iterate it once, or await it');

    const awaited = train({ task: line(), steps: 2 });
    await awaited;
    let caught: unknown;
    try {
      for await (const _ of awaited) void _;
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'ARGUMENT', message: 'TrainingRun: this run is already being consumed; iterate it once, or await it' });
  });

  it('an error in a plugin rejects the run and reaches the iterator', async () => {
    const boom: TrainerPlugin = { name: 'boom', onStepEnd: (e) => { if (e.step === 2) throw new Error('boom at 2'); } };
    await expect(train({ task: line(), steps: 5, plugins: [boom] })).rejects.toThrow('boom at 2');
    const run = train({ task: line(), steps: 5, plugins: [boom] });
    const steps: number[] = [];
    await expect((async () => { for await (const e of run) if (e.type === 'step') steps.push(e.step); })()).rejects.toThrow('boom at 2');
    expect(steps).toEqual([1]);
    await expect(run).rejects.toThrow('boom at 2');
  });
});

describe('train: context', () => {
  it('ctx.checkpoint() is a snapshot: the steps after it do not change its weights or optimizer state', async () => {
    let at3: ReturnType<TrainContext['checkpoint']> | null = null;
    let weightsAt3: Record<string, number[]> | null = null;
    const grab: TrainerPlugin = {
      name: 'grab',
      onStepEnd: (e, ctx) => {
        if (e.step !== 3) return;
        at3 = ctx.checkpoint();
        weightsAt3 = weightsOf(ctx.model);
      },
    };
    await train({ task: line(), steps: 8, optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9 }, plugins: [grab] });
    const c = at3!;
    expect(c.step).toBe(3);
    expect(c.optimizer.step).toBe(3);
    expect(Object.fromEntries(Object.entries(c.model).map(([k, t]) => [k, Array.from(t.data)]))).toEqual(weightsAt3);
  });
});

describe('train: options', () => {
  it('train refuses bad options with an ARGUMENT error naming the option and value', async () => {
    const t = line();
    await expectRejects(train({ task: t, steps: 0 }), 'ARGUMENT', 'train: steps must be a positive integer, got 0');
    await expectRejects(train({ task: t, steps: 2.5 }), 'ARGUMENT', 'train: steps must be a positive integer, got 2.5');
    await expectRejects(train({ task: t, lr: -1 }), 'ARGUMENT', 'train: lr must be a positive number, got -1');
    await expectRejects(train({ task: t, batchSize: 0 }), 'ARGUMENT', 'train: batchSize must be a positive integer, got 0');
    await expectRejects(train({ task: t, optimizer: { kind: 'lbfgs' } as never }), 'ARGUMENT',
      `createOptimizer: kind must be 'sgd', 'adam' or 'adamw', got "lbfgs"`);
    await expectRejects(train({ task: t, optimizer: { kind: 'adam', betas: [0.9, 1] } }), 'ARGUMENT', 'Adam: betas must be two numbers in [0, 1), got [0.9, 1]');
    await expectRejects(train({ task: t, epochs: 2 }), 'ARGUMENT', "train: task 'line' draws fresh examples every step and has no epochs; use steps");
    await expectRejects(train({ task: line({ trainSize: 100 }), epochs: 2, steps: 5 }), 'ARGUMENT', 'train: give steps or epochs, not both');
    await expectRejects(train({ task: line({ trainSize: 100 }), epochs: 0 }), 'ARGUMENT', 'train: epochs must be > 0, got 0');
    await expectRejects(train({ task: t, schedule: { kind: 'cosine', minFactor: -1 } }), 'ARGUMENT', 'schedule: cosine minFactor must be in [0, 1], got -1');
    await expectRejects(train({ task: t, schedule: { kind: 'exp' } as never }), 'ARGUMENT',
      `schedule: kind must be 'constant', 'warmup', 'cosine' or 'step', got "exp"`);
    await expectRejects(train({ task: t, clip: 0 }), 'ARGUMENT', 'train: clip must be a positive number or null, got 0');
    await expectRejects(train({ task: t, evalEvery: -2 }), 'ARGUMENT', 'train: evalEvery must be a positive integer, got -2');
    await expectRejects(train({ task: t, traceEvery: 5 }), 'ARGUMENT', "train: task 'line' has no probe input to trace");
    await expectRejects(train({ task: addTwo(), traceEvery: 0.5 }), 'ARGUMENT', 'train: traceEvery must be a positive integer or null, got 0.5');
    await expectRejects(train({ task: t, weightsEvery: 0 }), 'ARGUMENT', 'train: weightsEvery must be a positive integer or null, got 0');
    await expectRejects(train({ task: t, weightsEvery: 2.5 }), 'ARGUMENT', 'train: weightsEvery must be a positive integer or null, got 2.5');
    await expectRejects(train({ task: t, weightsEvery: '3' as never }), 'ARGUMENT', 'train: weightsEvery must be a positive integer or null, got 3');
    await expectRejects(train({ task: t, seed: NaN }), 'ARGUMENT', 'train: seed must be a finite number, got NaN');
    await expectRejects(train({ task: {} as never }), 'ARGUMENT', 'train: task must be a Task object, got [object Object]');
    await expectRejects(train({ task: t, optimizer: null as never }), 'ARGUMENT', "train: optimizer must be an optimizer spec such as { kind: 'adam', lr: 0.01 }, got null");
    await expectRejects(train({ task: t, plugins: 'x' as never }), 'ARGUMENT', 'train: plugins must be an array of plugin objects, got string');
    await expectRejects(train({ task: t, plugins: [null] as never }), 'ARGUMENT', 'train: plugins[0] must be a plugin object with a name, got null');
    await expectRejects(train({ task: t, signal: {} as never }), 'ARGUMENT', 'train: signal must be an AbortSignal, got object');
    await expectRejects(train({ task: t, yieldEvery: -5 }), 'ARGUMENT', 'train: yieldEvery must be a number of milliseconds >= 0, got -5');
  });

  it('train({ epochs }) runs ceil(epochs · trainSize / batchSize) steps', async () => {
    const result = await train({ task: line({ trainSize: 100 }), epochs: 2, batchSize: 8 });
    expect(result.steps).toBe(25);
  });

  it('train({ lr, clip }) override the task defaults without changing the task', async () => {
    const task = line({ defaults: { clip: 1 } });
    const events = await collect({ task, steps: 1, lr: 0.5, clip: null });
    const start = events[0];
    expect(start.type === 'start' && [start.config.optimizer, start.config.clip]).toEqual([{ kind: 'sgd', lr: 0.5 }, null]);
    expect(task.defaults.optimizer).toEqual({ kind: 'sgd', lr: 0.1 });
  });

  it('clip limits the gradient before the optimizer step (gradNorm in events is the norm before clipping)', async () => {
    // plain SGD with lr 1: the weights move by exactly the clipped gradient, whose norm is ≤ 1e-3
    const moves: number[] = [];
    let last: Record<string, number[]> | null = null;
    const watch: TrainerPlugin = {
      name: 'watch',
      onTrainStart: (_e, ctx: TrainContext) => { last = weightsOf(ctx.model); },
      onStepEnd: (e, ctx) => {
        const now = weightsOf(ctx.model);
        const d = Object.keys(now).flatMap((k) => now[k].map((v, i) => v - last![k][i]));
        moves.push(Math.hypot(...d));
        last = now;
        expect(e.gradNorm).toBeGreaterThan(1e-3);
      },
    };
    await train({ task: line(), steps: 3, lr: 1, clip: 1e-3, plugins: [watch] });
    for (const m of moves) expect(m).toBeCloseTo(1e-3, 8);
  });
});

describe('train: run control', () => {
  it('pause() then resume() gives the same weights as an uninterrupted run, bit for bit', async () => {
    const plain = finalWeights();
    await train({ task: addTwo(), seed: 4, steps: 40, plugins: [plain] });
    const held = finalWeights();
    const run = train({ task: addTwo(), seed: 4, steps: 40, plugins: [held] });
    run.pause();
    setTimeout(() => run.resume(), 20);
    const result = await run;
    expect(result.steps).toBe(40);
    expect(held.weights).toEqual(plain.weights);
  });

  it('step(n) on a paused run runs exactly n steps, then holds', async () => {
    const run = train({ task: line(), seed: 1, steps: 100 });
    run.pause();
    const steps: number[] = [];
    const it = run[Symbol.asyncIterator]();
    expect((await it.next()).value.type).toBe('start');
    run.step(3);
    for (let i = 0; i < 3; i++) {
      const e = (await it.next()).value as TrainEvent;
      if (e.type === 'step') steps.push(e.step);
      else i--;
    }
    expect(steps).toEqual([1, 2, 3]);
    expect(run.state).toBe('paused');
    run.stop();
    let last: TrainEvent | undefined;
    for (let r = await it.next(); !r.done; r = await it.next()) last = r.value;
    expect(last?.type === 'end' && last.result).toMatchObject({ steps: 3, reason: 'stopped' });
    expect(run.state).toBe('ended');
  });

  it('run.checkpoint() is the state after the last completed step, as ctx.checkpoint() gives it', async () => {
    const run = train({ task: addTwo(), steps: 20, seed: 2 });
    expect(() => run.checkpoint()).toThrow('TrainingRun.checkpoint: the run has not started yet; iterate or await it first');
    let atTen: unknown = null;
    for await (const e of run) {
      if (e.type === 'step' && e.step === 10) {
        const c = run.checkpoint();
        expect(c.step).toBe(10);
        atTen = c.model;
      }
    }
    const end = run.checkpoint();
    expect(end.step).toBe(20);
    expect(Array.from(end.model.w_q.data)).toEqual(Array.from(run.model.stateDict().w_q.data));
    expect(Array.from((atTen as typeof end.model).w_q.data)).not.toEqual(Array.from(end.model.w_q.data));
  });

  it('stop() on a paused run ends it with reason stopped', async () => {
    const run = train({ task: line(), seed: 1, steps: 100 });
    run.pause();
    setTimeout(() => run.stop(), 10);
    const result = await run;
    expect(result).toMatchObject({ steps: 0, reason: 'stopped' });
  });

  it('pace(n) spaces steps at least 1/n seconds apart and keeps the weights', async () => {
    const plain = finalWeights();
    await train({ task: line(), seed: 2, steps: 5, plugins: [plain] });
    const paced = finalWeights();
    const run = train({ task: line(), seed: 2, steps: 5, plugins: [paced] });
    run.pace(50);
    const seconds: number[] = [];
    for await (const e of run) if (e.type === 'step') seconds.push(e.seconds);
    // a lower bound only (timers may fire up to a millisecond early): no machine makes it flaky
    for (let i = 1; i < seconds.length; i++) expect(seconds[i] - seconds[i - 1]).toBeGreaterThan(0.02 - 0.002);
    expect(paced.weights).toEqual(plain.weights);
  });
});
