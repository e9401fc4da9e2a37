// The worker pair over a real MessageChannel: every message is structured-cloned as between a
// page and its Web Worker (the docs' sort page runs the same pair in Chromium).
import { afterEach, describe, expect, it } from 'vitest';
import { expectRejects, line, weightsOf } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import { sort } from '../tasks/sort.js';
import type { TrainEvent } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import { trainInWorker } from './client.js';
import { serveTraining } from './host.js';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => { c.port1.close(); c.port2.close(); }));

/** A page-side endpoint whose other end serves these tasks. */
function worker() {
  const channel = new MessageChannel();
  channels.push(channel);
  serveTraining(channel.port2 as never, { 'add-two': addTwo, sort, line: () => line() });
  return channel.port1 as never;
}

const kinds = (events: TrainEvent[]) => events.map((e) => `${e.type}${'step' in e ? ` ${e.step}` : ''}`);

describe('serveTraining / trainInWorker', () => {
  it('a run in the worker reports the events of train() and ends with the same model, bit for bit', async () => {
    const options = { steps: 30, seed: 3, evalEvery: 10, traceEvery: 15 };
    const here = train({ task: addTwo(), ...options });
    const local: TrainEvent[] = [];
    for await (const e of here) local.push(e);

    const remote = trainInWorker(worker(), { task: 'add-two', ...options });
    expect(remote.state).toBe('idle');
    const events: TrainEvent[] = [];
    for await (const e of remote) events.push(e);
    expect(kinds(events)).toEqual(kinds(local));
    const losses = (es: TrainEvent[]) => es.flatMap((e) => (e.type === 'step' ? [e.loss] : []));
    expect(losses(events)).toEqual(losses(local));
    const traces = events.flatMap((e) => (e.type === 'step' && e.trace ? [e.trace] : []));
    expect(traces.map((t) => t.output.data)).toEqual(local.flatMap((e) => (e.type === 'step' && e.trace ? [e.trace.output.data] : [])));
    expect(remote.state).toBe('ended');
    expect(weightsOf(remote.model)).toEqual(weightsOf(here.model));
    expect((await remote).metrics).toEqual((await here).metrics);
  });

  it('weightsEvery reaches the worker: its snapshots arrive as train() sends them, structured-cloned', async () => {
    const options = { steps: 12, seed: 1, weightsEvery: 5 };
    const local: TrainEvent[] = [];
    for await (const e of train({ task: addTwo(), ...options })) local.push(e);
    const events: TrainEvent[] = [];
    for await (const e of trainInWorker(worker(), { task: 'add-two', ...options })) events.push(e);
    const snapshots = (es: TrainEvent[]) => es.flatMap((e) => ('weights' in e && e.weights ? [{ type: e.type, step: 'step' in e ? e.step : null, weights: e.weights }] : []));
    expect(snapshots(events).map((s) => `${s.type} ${s.step}`)).toEqual(['start 0', 'step 5', 'step 10', 'end null']);
    expect(snapshots(events)).toEqual(snapshots(local));
  });

  it('pause, step(n), pace and resume act on the run in the worker; awaiting gives the result', async () => {
    const remote = trainInWorker(worker(), { task: 'line', steps: 12, paused: true });
    const seen: TrainEvent[] = [];
    const reader = (async () => {
      for await (const e of remote) {
        seen.push(e);
        if (e.type === 'start') remote.step(3);
      }
    })();
    // the run holds after exactly three steps until resumed
    while (seen.filter((e) => e.type === 'step').length < 3) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    expect(seen.filter((e) => e.type === 'step')).toHaveLength(3);
    expect(remote.state).toBe('paused');
    remote.pace(1000);
    remote.resume();
    await reader;
    expect(kinds(seen).filter((k) => k.startsWith('step'))).toHaveLength(12);
    expect(seen.at(-1)).toMatchObject({ type: 'end', result: { steps: 12, reason: 'done' } });
    expect(() => remote.pace(0)).toThrow('train: pace: steps per second must be a positive number or null, got 0');
  });

  it('stop() and breaking out of the loop end the worker\'s run as stopped, with the model as it is', async () => {
    const remote = trainInWorker(worker(), { task: 'sort', steps: 5000, evalEvery: 5000 });
    let steps = 0;
    for await (const e of remote) if (e.type === 'step' && ++steps === 5) break;
    const result = await remote;
    expect(result.reason).toBe('stopped');
    expect(result.steps).toBeLessThan(5000);
    expect(remote.model.modelConfig().class).toBe('DecoderOnly');
  });

  it('taskOptions reach the task\'s factory in the worker: sort of 3 numbers trains there as it does here, bit for bit; bad ones reject the run with the factory\'s message', async () => {
    const options = { steps: 20, seed: 1 };
    const here = train({ task: sort({ length: 3 }), ...options });
    await here;
    const remote = trainInWorker(worker(), { task: 'sort', taskOptions: { length: 3 }, ...options });
    await remote;
    expect(weightsOf(remote.model)).toEqual(weightsOf(here.model));
    // the default sort is of another length: its model is not the same shape
    const plain = trainInWorker(worker(), { task: 'sort', ...options });
    await plain;
    expect(plain.model.modelConfig().options).not.toEqual(remote.model.modelConfig().options);
    let refused: unknown;
    try {
      sort({ length: 0 });
    } catch (e) {
      refused = e;
    }
    await expectRejects(trainInWorker(worker(), { task: 'sort', taskOptions: { length: 0 } }), (refused as { code: never }).code, (refused as Error).message);
  });

  it('a task the worker does not serve rejects the run, naming the ones it does', async () => {
    await expectRejects(trainInWorker(worker(), { task: 'nope' }), 'ARGUMENT', "serveTraining: unknown task 'nope', this worker serves 'add-two', 'sort', 'line'");
    const remote = trainInWorker(worker(), { task: 'line', steps: 0 });
    await expect((async () => { for await (const _ of remote) void _; })()).rejects.toMatchObject({ code: 'ARGUMENT', message: 'train: steps must be a positive integer, got 0' });
  });
});
