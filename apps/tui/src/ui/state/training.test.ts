import { slowPace } from '../session/training.js';
import { describe, expect, it } from 'vitest';
import { addTwo, sort, train, type MetricInfo, type StepEvent, type TrainConfig, type TrainEvent } from '@attn/train';
import { etaOf, initialTraining, isActive, metricOf, progressOf, trainingReducer, type TrainingState } from './training.js';

const config: TrainConfig = { steps: 100, batchSize: 4, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, clip: null, evalEvery: 50, traceEvery: null, weightsEvery: null };
const step = (n: number, loss = 1 / n): StepEvent => ({ type: 'step', step: n, totalSteps: 100, loss, gradNorm: 2 * loss, lr: 0.01, stepsPerSecond: 50, seconds: n / 50 });
const started = (): TrainingState => trainingReducer(
  trainingReducer(initialTraining(['add-two', 'sort']), {
    type: 'start', task: 'add-two', metric: { name: 'testMse', higherIsBetter: false, target: 1e-3 },
    metrics: { testMse: { label: 'test MSE', description: 'mean squared error on held-out pairs' } },
  }),
  { type: 'events', events: [{ type: 'start', step: 0, totalSteps: 100, task: 'add-two', seed: 3, parameters: 109, config }] },
);

describe('trainingReducer', () => {
  it('trainingReducer picks a task with select (wrapping) and starts a fresh run with start', () => {
    let s = initialTraining(['add-two', 'sum-n', 'sort'], 2);
    expect(s.status).toBe('picking');
    s = trainingReducer(s, { type: 'select', by: 1 });
    expect(s.selected).toBe(0);
    s = trainingReducer(s, { type: 'select', by: -1 });
    expect(s.selected).toBe(2);
    s = trainingReducer(s, { type: 'start', task: 'sort', metric: null });
    expect(s).toMatchObject({ status: 'starting', task: 'sort', step: 0, selected: 2 });
    expect(isActive(s)).toBe(true);
    expect(trainingReducer(s, { type: 'select', by: 1 })).toBe(s); // no picking during a run
  });

  it('trainingReducer folds a frame of start, step, evalStart and eval events into progress, the loss curve and metrics', () => {
    let s = started();
    expect(s).toMatchObject({ status: 'running', seed: 3, parameters: 109, totalSteps: 100, config });
    s = trainingReducer(s, { type: 'events', events: [step(1), step(2), step(3)] });
    expect(s).toMatchObject({ step: 3, loss: 1 / 3, gradNorm: 2 / 3, lr: 0.01, stepsPerSecond: 50 });
    expect(s.losses.points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(progressOf(s)).toBeCloseTo(0.03, 12);
    expect(etaOf(s)).toBeCloseTo(97 / 50, 12);
    expect(metricOf(s)).toEqual({ name: 'testMse', label: 'test MSE', value: null, text: null, target: '≤ 0.001', reached: false });
    s = trainingReducer(s, { type: 'events', events: [{ type: 'evalStart', step: 3 }] });
    expect(s.evaluating).toBe(0);
    s = trainingReducer(s, { type: 'events', events: [{ type: 'evalProgress', step: 3, done: 0.25 }, { type: 'evalProgress', step: 3, done: 0.5 }] });
    expect(s.evaluating).toBe(0.5);
    s = trainingReducer(s, { type: 'events', events: [{ type: 'eval', step: 3, metrics: { testMse: 5e-4, error35: 0.01 }, seconds: 0.01 }] });
    expect(s.evaluating).toBeNull();
    expect(metricOf(s)).toEqual({ name: 'testMse', label: 'test MSE', value: 5e-4, text: '5e-4', target: '≤ 0.001', reached: true });
  });

  it('metricOf labels and writes the headline metric as the task declares it, and by its key when the task declares nothing', () => {
    const evaluated = (metrics?: Record<string, MetricInfo>) => trainingReducer(
      trainingReducer(initialTraining(['sort']), { type: 'start', task: 'sort', metric: { name: 'testAccuracy', higherIsBetter: true, target: 0.95 }, metrics }),
      { type: 'events', events: [{ type: 'eval', step: 10, metrics: { testAccuracy: 0.9 }, seconds: 0.01 }] },
    );
    expect(metricOf(evaluated(sort().metrics))).toEqual({ name: 'testAccuracy', label: 'held-out accuracy', value: 0.9, text: '90%', target: '≥ 95%', reached: false });
    expect(metricOf(evaluated(undefined))).toMatchObject({ label: 'testAccuracy', text: '0.9', target: '≥ 0.95' });
  });

  it('trainingReducer keeps the latest probe trace and wraps the head index over its attention entries', () => {
    const trace = { format: 'attn.trace', version: 1, model: 'X', input: { shape: [1, 2], data: [3, 5] }, values: {}, output: { shape: [1, 1], data: [8] },
      attention: [0, 1, 2].map((head) => ({ layer: 0, head, module: '', scale: 1, causal: false, q: { shape: [], data: [] }, k: { shape: [], data: [] }, v: { shape: [], data: [] }, scores: { shape: [], data: [] }, scaled: { shape: [], data: [] }, weights: { shape: [1, 2, 2], data: [1, 0, 0.5, 0.5] }, attended: { shape: [], data: [] } })) } as const;
    let s = trainingReducer(started(), { type: 'events', events: [{ ...step(10), trace: trace as never }, step(11)] });
    expect(s.trace).toBe(trace);
    expect(s.traceStep).toBe(10);
    s = trainingReducer(s, { type: 'head', by: -1 });
    expect(s.head).toBe(2);
    s = trainingReducer(s, { type: 'head', by: 1 });
    expect(s.head).toBe(0);
  });

  it('trainingReducer pauses only a running run, resumes only a paused one, and ends on the end event', () => {
    let s = started();
    expect(trainingReducer(s, { type: 'resumed' })).toBe(s);
    s = trainingReducer(s, { type: 'paused' });
    expect(s.status).toBe('paused');
    s = trainingReducer(s, { type: 'resumed' });
    expect(s.status).toBe('running');
    s = trainingReducer(s, { type: 'stopping' });
    expect(s.status).toBe('stopping');
    s = trainingReducer(s, { type: 'events', events: [{ type: 'end', result: { task: 'add-two', seed: 3, steps: 40, seconds: 0.8, finalLoss: 0.1, metrics: { testMse: 0.2 }, reason: 'aborted' } }] });
    expect(s).toMatchObject({ status: 'stopped', step: 40, seconds: 0.8, metrics: { testMse: 0.2 } });
    expect(isActive(s)).toBe(false);
    expect(trainingReducer(s, { type: 'pick' }).status).toBe('picking');
  });

  it('trainingReducer toggles slow motion with w and keeps it for the next run', () => {
    let s = trainingReducer(started(), { type: 'slow' });
    expect(s).toMatchObject({ slow: true, note: expect.stringContaining('slow motion') });
    s = trainingReducer(trainingReducer(s, { type: 'events', events: [{ type: 'end', result: { task: 'add-two', seed: 3, steps: 100, seconds: 1, finalLoss: 0.1, metrics: {}, reason: 'done' } }] }), { type: 'pick' });
    expect(trainingReducer(s, { type: 'start', task: 'sort', metric: null }).slow).toBe(true);
    expect(trainingReducer(s, { type: 'slow' }).slow).toBe(false);
    expect(slowPace(400)).toBe(20); // sort's 400 steps in 20 s
    expect(slowPace(10)).toBe(1);
  });

  it('trainingReducer records each saved path once and shows the last as a note', () => {
    let s = trainingReducer(started(), { type: 'saved', path: 'runs/a/last.ckpt' });
    s = trainingReducer(s, { type: 'saved', path: 'runs/a/last.ckpt' });
    expect(s.saved).toEqual(['runs/a/last.ckpt']);
    expect(s.note).toBe('saved runs/a/last.ckpt');
    // a new run keeps the list: the app prints every saved checkpoint when it quits
    expect(trainingReducer(s, { type: 'start', task: 'sort', metric: null }).saved).toEqual(['runs/a/last.ckpt']);
  });

  it('trainingReducer driven by a real run of train() ends done at the last step with the held-out metric', async () => {
    const events: TrainEvent[] = [];
    for await (const e of train({ task: addTwo(), steps: 200, seed: 1 })) events.push(e);
    let s = trainingReducer(initialTraining(['add-two']), { type: 'start', task: 'add-two', metric: addTwo().metric });
    // in frames of 64 events, as the session hands them over
    for (let i = 0; i < events.length; i += 64) s = trainingReducer(s, { type: 'events', events: events.slice(i, i + 64) });
    expect(s).toMatchObject({ status: 'done', step: 200, totalSteps: 200, seed: 1 });
    expect(progressOf(s)).toBe(1);
    expect(s.losses.points.at(-1)!.step).toBe(200);
    expect(s.losses.points[0].value).toBeGreaterThan(s.losses.points.at(-1)!.value);
    expect(metricOf(s)!.value).toBe((events.at(-1) as { result: { metrics: Record<string, number> } }).result.metrics.testMse);
  });
});
