// A NaN loss or an infinite gradient stops training before the optimizer step, so the weights
// (and the last checkpoint on disk) stay those of the last good step.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AttnError } from '@attn/core';
import { expectRejects, finalWeights, line } from '../../test/helpers.js';
import { loadCheckpoint } from '../checkpoint/files.js';
import { checkpoints } from '../plugins/checkpoints.js';
import type { TrainerPlugin, TrainContext } from './events.js';
import { train } from './train.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'attn-nan-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const adam = { kind: 'adam' as const, lr: 0.05 };

describe('train: non-finite values', () => {
  it('a NaN loss at step k stops with a NUMERIC error naming the step; weights are those after step k − 1', async () => {
    const k = 6;
    const failed = finalWeights();
    await expectRejects(train({ task: line({ nanAtSample: k }), seed: 3, steps: 20, optimizer: adam, plugins: [failed] }), 'NUMERIC',
      'train: step 6: the loss is NaN; parameters are left as after step 5');
    const good = finalWeights();
    await train({ task: line(), seed: 3, steps: k - 1, optimizer: adam, plugins: [good] });
    expect(failed.weights).toEqual(good.weights);
  });

  it('an infinite gradient stops with a NUMERIC error naming the parameter, before the step', async () => {
    const failed = finalWeights();
    await expectRejects(train({ task: line({ infiniteGradAtLoss: 4 }), seed: 1, steps: 20, plugins: [failed] }), 'NUMERIC',
      "train: step 4: gradient of 'bias' holds Infinity at index 0; parameters are left as after step 3");
    const good = finalWeights();
    await train({ task: line(), seed: 1, steps: 3, plugins: [good] });
    expect(failed.weights).toEqual(good.weights);
  });

  it('on failure every plugin gets onError with the error and the context, and no onTrainEnd', async () => {
    const log: string[] = [];
    const watcher = (name: string): TrainerPlugin => ({
      name,
      onError: (e: Error, ctx: TrainContext) => { log.push(`${name} ${(e as AttnError).code} ${ctx.checkpoint().step}`); },
      onTrainEnd: () => { log.push(`${name} end`); },
    });
    const run = train({ task: line({ nanAtSample: 3 }), steps: 10, plugins: [watcher('a'), watcher('b')] });
    const events: string[] = [];
    await expect((async () => { for await (const e of run) events.push(e.type); })()).rejects.toThrow(AttnError);
    expect(log).toEqual(['a NUMERIC 2', 'b NUMERIC 2']);
    expect(events.filter((t) => t === 'step')).toHaveLength(2);
    expect(events).not.toContain('end');
    await expectRejects(run, 'NUMERIC', 'train: step 3: the loss is NaN; parameters are left as after step 2');
  });

  it('with the checkpoints plugin the last good checkpoint on disk survives the failure and loads', async () => {
    const dir = tmp();
    const k = 8;
    await expectRejects(
      train({ task: line({ nanAtSample: k }), seed: 2, steps: 20, optimizer: adam, plugins: [checkpoints({ dir, every: 3 })] }),
      'NUMERIC', /^train: step 8: the loss is NaN/);
    expect(readdirSync(dir)).toEqual(['last.ckpt']); // no temp files
    const c = loadCheckpoint(join(dir, 'last.ckpt'));
    expect(c.step).toBe(6); // saved after steps 3 and 6, before the failure at 8
    const good = finalWeights();
    await train({ task: line(), seed: 2, steps: 6, optimizer: adam, plugins: [good] });
    expect(Object.fromEntries(Object.entries(c.model).map(([n, t]) => [n, Array.from(t.data)]))).toEqual(good.weights);
    // and it resumes
    const r = await train({ task: line(), resume: c, steps: 10 });
    expect(r).toMatchObject({ steps: 10, reason: 'done' });
  });
});
