// What the interactive app is started with: the screen, each screen's flags, the tasks and the
// plugins. cli.ts builds it from the command line.
import { join } from 'node:path';
import type { AttentionScale } from '@attn/core';
import type { Checkpoint, Task, TrainerPlugin } from '@attn/train';
import type { SavedModel } from './session/playground.js';
import type { ScreenName } from './state/app.js';
import type { Theme } from './theme.js';
import type { View } from '@attn/train';

/** The tasks the app offers, built on first use (with the model size flags applied). */
export interface TaskCatalog {
  readonly names: readonly string[];
  /** The task; throws (a message for the learner) when it cannot be built, e.g. bad size flags. */
  task(name: string): Task<any, any>;
  /** `built-in`, or `plugin NAME`. */
  source(name: string): string;
}

export interface UiOptions {
  screen: ScreenName;
  tutorial: { input: number[]; seed: number; d: number; scale: AttentionScale };
  train: {
    /** Train this task at once (on the Train screen) and preselect it elsewhere. */
    task?: string;
    steps?: number;
    seed?: number;
    lr?: number;
    batchSize?: number;
    resume?: Checkpoint;
    /** Folder for checkpoints of the --task run (`--out`). */
    out?: string;
  };
  /** `checkpoint`: the model of `--checkpoint FILE` or of `attn open LINK`, with what to call it (`checkpoint FILE`, `link`). */
  playground: { task?: string; input?: string; checkpoint?: { label: string; saved: SavedModel } };
  catalog: TaskCatalog;
  /** The plugins' training hooks, added to every run the Train screen starts. */
  plugins: readonly TrainerPlugin[];
  views: readonly View[];
  theme: Theme;
  /** Milliseconds between redraws while training. Default 33 (30 frames per second). */
  frameMs?: number;
}

/**
 * Where the Train screen saves a task's checkpoint: `--out DIR/last.ckpt` for the task given
 * with `--task`, otherwise `attn-runs/TASK/last.ckpt` (under `--out` when given).
 */
export function checkpointPath(o: UiOptions['train'], task: string): string {
  if (o.out !== undefined) return o.task === undefined || o.task === task ? join(o.out, 'last.ckpt') : join(o.out, task, 'last.ckpt');
  return join('attn-runs', task, 'last.ckpt');
}

/** A catalog over a task registry, building each task once. */
export function taskCatalog(registry: ReadonlyMap<string, { task: () => Task<any, any>; source: string }>): TaskCatalog {
  const built = new Map<string, Task<any, any>>();
  return {
    names: [...registry.keys()],
    task(name) {
      let t = built.get(name);
      if (!t) {
        const entry = registry.get(name);
        if (!entry) throw new Error(`unknown task '${name}'`);
        t = entry.task();
        built.set(name, t);
      }
      return t;
    },
    source: (name) => registry.get(name)?.source ?? 'unknown',
  };
}
