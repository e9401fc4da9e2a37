// Resume exactness: stopping half-way, saving, loading and continuing must end with the very
// same weights as a run that was never interrupted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { finalWeights, line, stopAt } from '../../test/helpers.js';
import { checkpoints } from '../plugins/checkpoints.js';
import { history } from '../plugins/history.js';
import { addTwo } from '../tasks/add-two.js';
import type { StartEvent, TrainContext } from '../trainer/events.js';
import { train, type TrainOptions } from '../trainer/train.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { loadCheckpoint } from './files.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'attn-resume-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Trains `steps` steps uninterrupted; then again, stopped after `half` with the checkpoints
 * plugin writing to a temp folder, loaded from disk and resumed to the end. Returns both
 * final weights and what the resumed run reported.
 */
async function interruptedVsUninterrupted(options: () => TrainOptions<any>, steps: number, half: number) {
  const full = finalWeights();
  await train({ ...options(), steps, plugins: [full] });

  const dir = tmp();
  const first = await train({ ...options(), steps, plugins: [checkpoints({ dir, every: half }), stopAt(half)] });
  expect(first).toMatchObject({ steps: half, reason: 'stopped' });
  const saved = loadCheckpoint(join(dir, 'last.ckpt'));
  expect(saved.step).toBe(half);

  const resumed = finalWeights();
  let start: StartEvent | null = null;
  const result = await train({
    ...options(), resume: saved,
    plugins: [resumed, { name: 'start', onTrainStart: (e) => { start = e; } }],
  });
  return { full: full.weights, resumed: resumed.weights, result, start: start! };
}

describe('resume', () => {
  it('add-two (Adam, cosine schedule with warm-up): N steps equal N/2, save, load, resume to N — bit for bit', async () => {
    const { full, resumed, result, start } = await interruptedVsUninterrupted(() => ({ task: addTwo(), seed: 2 }), 400, 200);
    expect(start).toMatchObject({ step: 200, totalSteps: 400 });
    expect(result).toMatchObject({ steps: 400, reason: 'done' });
    expect(resumed).toEqual(full);
  });

  it('add-two with AdamW, a cosine schedule and clipping that is active resumes bit for bit', async () => {
    const options = () => ({
      task: addTwo(), seed: 5, clip: 0.5, optimizer: { kind: 'adamw' as const, lr: 0.02, weightDecay: 0.05 },
      schedule: { kind: 'cosine' as const, warmup: 20, minFactor: 0.1 },
    });
    const h = history();
    await train({ ...options(), steps: 300, plugins: [h] });
    expect(h.steps.filter((s) => s.gradNorm > 0.5).length).toBeGreaterThan(10); // clipping really happens
    const { full, resumed } = await interruptedVsUninterrupted(options, 300, 150);
    expect(resumed).toEqual(full);
  });

  it('SGD with Nesterov momentum on a fresh-data task resumes bit for bit, also with a longer steps on resume', async () => {
    const options = () => ({ task: line(), seed: 9, optimizer: { kind: 'sgd' as const, lr: 0.05, momentum: 0.9, nesterov: true } });
    const { full, resumed } = await interruptedVsUninterrupted(options, 40, 20);
    expect(resumed).toEqual(full);

    // constant schedule: a run of 20 steps can be extended to 40 by asking for more steps
    const dir = tmp();
    await train({ ...options(), steps: 20, plugins: [checkpoints({ dir, every: 100 })] });
    const extended = finalWeights();
    const r = await train({ ...options(), resume: loadCheckpoint(join(dir, 'last.ckpt')), steps: 40, plugins: [extended] });
    expect(r.steps).toBe(40);
    expect(extended.weights).toEqual(full);
  });

  it('a checkpoint from ctx.checkpoint() kept as bytes resumes bit for bit too', async () => {
    const full = finalWeights();
    await train({ task: addTwo(), seed: 1, steps: 120, plugins: [full] });
    let bytes: Uint8Array | null = null;
    const grab = { name: 'grab', onStepEnd: (e: { step: number }, ctx: TrainContext) => { if (e.step === 70) bytes = encodeCheckpoint(ctx.checkpoint()); } };
    await train({ task: addTwo(), seed: 1, steps: 120, plugins: [grab, stopAt(90)] }); // runs past the snapshot on purpose
    const resumed = finalWeights();
    const c: Checkpoint = decodeCheckpoint(bytes!);
    expect(c.step).toBe(70);
    await train({ task: addTwo(), resume: c, plugins: [resumed] });
    expect(resumed.weights).toEqual(full.weights);
  });
});
