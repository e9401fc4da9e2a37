import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addTwo, decodeCheckpoint, type TrainEvent } from '@attn/train';
import { lastStep, startTraining } from './training.js';

const tmp = mkdtempSync(join(tmpdir(), 'attn-session-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startTraining', () => {
  it('startTraining hands on every event in order, in far fewer batches than steps', async () => {
    const batches: TrainEvent[][] = [];
    const s = startTraining({ task: addTwo(), steps: 3000, frameMs: 20 }, { onEvents: (e) => batches.push(e) });
    const result = await s.done;
    const events = batches.flat();
    expect(result).toMatchObject({ steps: 3000, reason: 'done' });
    expect(events[0].type).toBe('start');
    expect(events.at(-1)).toMatchObject({ type: 'end', result: { steps: 3000 } });
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { step: number }).step)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect(batches.length).toBeLessThan(300);
    expect(s.model).not.toBeNull();
  });

  it('startTraining pauses after the current step, shows that step, and resumes where it held', async () => {
    const events: TrainEvent[] = [];
    const s = startTraining({ task: addTwo(), steps: 200_000, frameMs: 10 }, { onEvents: (e) => events.push(...e) });
    await sleep(60);
    s.pause();
    await sleep(40); // the trainer reaches the gate after its current step
    const held = lastStep(events)!.step;
    await sleep(150);
    expect(s.paused).toBe(true);
    expect(lastStep(events)!.step).toBe(held); // nothing ran while paused
    s.resume();
    await sleep(60);
    expect(lastStep(events)!.step).toBeGreaterThan(held);
    s.stop();
    const result = await s.done;
    expect(result?.reason).toBe('stopped');
    // the paused time does not count as training time
    const last = lastStep(events)!;
    expect(last.seconds).toBeLessThan(0.3);
  });

  it('startTraining stops a paused run', async () => {
    const s = startTraining({ task: addTwo(), steps: 200_000 }, { onEvents: () => undefined });
    await sleep(30);
    s.pause();
    await sleep(30);
    s.stop();
    const result = await s.done;
    expect(result?.reason).toBe('stopped');
    expect(result!.steps).toBeLessThan(200_000);
  });

  it('startTraining saves a checkpoint of the last completed step, during the run and after it', async () => {
    const s = startTraining({ task: addTwo(), steps: 300, seed: 5 }, { onEvents: () => undefined });
    expect(decodeCheckpoint(readFileSync(s.save(join(tmp, 'early.ckpt')))).step).toBe(0); // before any step: the initial state
    const result = await s.done;
    const path = s.save(join(tmp, 'nested', 'last.ckpt'));
    const ck = decodeCheckpoint(readFileSync(path));
    expect(ck).toMatchObject({ task: 'add-two', seed: 5, step: result!.steps });
  });

  it('startTraining reports a failing run to onError and settles with null', async () => {
    const errors: Error[] = [];
    const failing = { name: 'failing', onStepEnd: (e: { step: number }) => { if (e.step === 3) throw new Error('failing: step 3'); } };
    const s = startTraining({ task: addTwo(), steps: 100, plugins: [failing] }, { onEvents: () => undefined, onError: (e) => errors.push(e) });
    expect(await s.done).toBeNull();
    expect(errors.map((e) => e.message)).toEqual(['failing: step 3']);
  });
});
