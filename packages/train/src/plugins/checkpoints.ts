import { join } from 'node:path';
import { AttnError } from '@attn/core';
import { ensureWritableDir, saveCheckpoint } from '../checkpoint/files.js';
import type { TrainerPlugin } from '../trainer/events.js';

/** Options of {@link checkpoints}. */
export interface CheckpointsOptions {
  /** Folder to write into (created if missing). */
  dir: string;
  /** Save every this many steps, and at the end. */
  every: number;
  /** File name; `last.ckpt` by default, overwritten atomically each time. */
  name?: string;
}

/**
 * Saves the whole training state every `every` steps and at the end, atomically, so a crash
 * or a NaN never leaves a broken file and the last good checkpoint survives.
 *
 * @example
 * ```ts
 * await train({ task: addTwo(), plugins: [checkpoints({ dir: 'run', every: 500 })] });
 * ```
 */
export function checkpoints(options: CheckpointsOptions): TrainerPlugin {
  const { dir, every, name = 'last.ckpt' } = options;
  if (!(Number.isInteger(every) && every > 0)) throw new AttnError('ARGUMENT', `checkpoints: every must be a positive integer, got ${every}`);
  const path = join(dir, name);
  return {
    name: 'checkpoints',
    onTrainStart() {
      ensureWritableDir(dir);
    },
    onStepEnd(e, ctx) {
      if (e.step % every === 0) saveCheckpoint(path, ctx.checkpoint());
    },
    onTrainEnd(_result, ctx) {
      saveCheckpoint(path, ctx.checkpoint());
    },
  };
}
