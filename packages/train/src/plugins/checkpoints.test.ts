import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectAttnError, line, stopAt } from '../../test/helpers.js';
import { loadCheckpoint } from '../checkpoint/files.js';
import type { TrainerPlugin } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import { checkpoints } from './checkpoints.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'attn-ckpts-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('checkpoints', () => {
  it('checkpoints({ dir, every }) creates the folder and saves every `every` steps and at the end', async () => {
    const dir = join(tmp(), 'run', 'a');
    const seen: number[] = [];
    const probe: TrainerPlugin = { name: 'probe', onStepEnd: () => { seen.push(loadCheckpointStep(dir)); } };
    await train({ task: line(), steps: 7, plugins: [checkpoints({ dir, every: 3 }), probe] });
    // read after each step's hooks: saved at 3 and 6
    expect(seen).toEqual([-1, -1, 3, 3, 3, 6, 6]);
    expect(loadCheckpoint(join(dir, 'last.ckpt')).step).toBe(7); // and at the end
    expect(readdirSync(dir)).toEqual(['last.ckpt']);
  });

  it('checkpoints({ name }) writes under that name, also when the run is stopped', async () => {
    const dir = tmp();
    await train({ task: line(), steps: 20, plugins: [checkpoints({ dir, every: 100, name: 'x.ckpt' }), stopAt(4)] });
    expect(readdirSync(dir)).toEqual(['x.ckpt']);
    expect(loadCheckpoint(join(dir, 'x.ckpt')).step).toBe(4);
  });

  it('checkpoints saves the last step when the consumer breaks out of for await', async () => {
    const dir = tmp();
    for await (const e of train({ task: line(), steps: 20, plugins: [checkpoints({ dir, every: 100 })] })) {
      if (e.type === 'step' && e.step === 5) break;
    }
    expect(loadCheckpoint(join(dir, 'last.ckpt')).step).toBe(5);
  });

  it('checkpoints refuses an every that is not a positive integer', () => {
    expectAttnError(() => checkpoints({ dir: 'x', every: 0 }), 'ARGUMENT', 'checkpoints: every must be a positive integer, got 0');
  });
});

function loadCheckpointStep(dir: string): number {
  try {
    return loadCheckpoint(join(dir, 'last.ckpt')).step;
  } catch {
    return -1;
  }
}
