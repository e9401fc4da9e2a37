import { describe, expect, it } from 'vitest';
import { line } from '../../test/helpers.js';
import type { TrainEvent } from './events.js';
import { forEachFrame } from './frames.js';
import { sort } from '../tasks/sort.js';
import { train } from './train.js';

describe('forEachFrame', () => {
  it('hands on every event once, in order, steps batched and every other event at once', async () => {
    const all: TrainEvent[] = [];
    for await (const e of train({ task: line(), steps: 400, evalEvery: 100, seed: 1 })) all.push(e);
    const batches: TrainEvent[][] = [];
    await forEachFrame(train({ task: line(), steps: 400, evalEvery: 100, seed: 1 }), (b) => batches.push(b), { frameMs: 1000 });
    const flat = batches.flat();
    expect(flat.map((e) => e.type)).toEqual(all.map((e) => e.type));
    expect(flat.flatMap((e) => (e.type === 'step' ? [e.loss] : []))).toEqual(all.flatMap((e) => (e.type === 'step' ? [e.loss] : [])));
    // a batch ends at each non-step event: start, then 100 steps with their evalStart, the eval, ...
    for (const b of batches) for (const e of b.slice(0, -1)) expect(e.type).toBe('step');
    expect(batches.length).toBeLessThan(20); // 400 steps in far fewer batches
  });

  it('evalProgress events are batched like steps: a frame holds many, and only evalStart and eval end one', async () => {
    const options = { task: sort(), steps: 2, evalEvery: 2, yieldEvery: 0 };
    const all: TrainEvent[] = [];
    for await (const e of train(options)) all.push(e);
    const batches: TrainEvent[][] = [];
    await forEachFrame(train(options), (b) => batches.push(b), { frameMs: 1000 });
    expect(batches.flat().map((e) => e.type)).toEqual(all.map((e) => e.type));
    const progress = batches.find((b) => b.some((e) => e.type === 'evalProgress'))!;
    expect(progress.map((e) => e.type)).toEqual([...Array(50).fill('evalProgress'), 'eval']); // 50 chunks, one frame
  });

  it('steps gathered for the next frame are drawn while the run holds (paused)', async () => {
    let run: ReturnType<typeof train>;
    // the run pauses itself after step 5; steps 2–5 come within one frame of step 1
    const pauser = { name: 'pauser', onStepEnd: (e: { step: number }) => { if (e.step === 5) run.pause(); } };
    run = train({ task: line(), steps: 50, plugins: [pauser] });
    const drawn: TrainEvent[] = [];
    const done = forEachFrame(run, (b) => drawn.push(...b), { frameMs: 20 });
    while (!run.paused || drawn.filter((e) => e.type === 'step').length < 5) await new Promise((r) => setTimeout(r, 5));
    expect(drawn.filter((e) => e.type === 'step').map((e) => (e as { step: number }).step)).toEqual([1, 2, 3, 4, 5]);
    run.resume();
    await done;
    expect(drawn.filter((e) => e.type === 'step')).toHaveLength(50);
  });

  it('a frame is drawn before the run goes on: a render the draw schedules comes before the next step', async () => {
    const log: string[] = [];
    // the trainer itself would not let other work in for a second
    const logger = { name: 'logger', onStepEnd: (e: { step: number }) => { log.push(`step ${e.step}`); } };
    // as React does: the render is scheduled (a task) from a microtask the update queues
    const draw = (b: TrainEvent[]) => {
      log.push(`draw ${b.map((e) => e.type).join(' ')}`);
      queueMicrotask(() => setImmediate(() => log.push('render')));
    };
    await forEachFrame(train({ task: line(), steps: 3, evalEvery: 100, yieldEvery: 1000, plugins: [logger] }), draw, { frameMs: 0 });
    expect(log).toEqual([
      'draw start', 'render',
      'step 1', 'draw step', 'render',
      'step 2', 'draw step', 'render',
      'step 3', 'draw step', 'render',
      'draw evalStart', 'render', 'draw eval', 'render', 'draw end', 'render',
    ]);
  });

  it('an error in the run is passed on after the events before it were drawn', async () => {
    const drawn: TrainEvent[] = [];
    await expect(forEachFrame(train({ task: line({ infiniteGradAtLoss: 3 }), steps: 10, evalEvery: 100 }), (b) => drawn.push(...b))).rejects.toMatchObject({ code: 'NUMERIC' });
    expect(drawn.map((e) => e.type)).toEqual(['start', 'step', 'step']);
  });
});
