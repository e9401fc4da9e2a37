// Plugin views: panels a plugin adds to the Train screen. A view is plain data in, lines of text
// out, so a plugin needs neither React nor Ink (and cannot break the app's layout).
import type { Plugin } from '@attn/train';
import type { Trace } from '@attn/core';
import { UsageError } from '../args.js';
import { clip } from './format.js';
import type { Point } from './state/series.js';

/** What a view is given: the run as the Train screen knows it (plain data). */
export interface ViewInput {
  task: string;
  step: number;
  totalSteps: number;
  loss: number;
  metrics: Record<string, number>;
  /** The latest trace of the task's probe input, if the task has one. */
  trace: Trace | null;
  /** The loss curve so far (downsampled). */
  losses: Point[];
  /** The panel's size in characters. */
  width: number;
  height: number;
}

/**
 * A panel for the Train screen, contributed by a plugin as `views: [...]` next to its tasks and
 * hooks. `render` returns the panel's lines; longer lines are cut, extra lines dropped.
 *
 * @example
 * ```ts
 * const plugin = {
 *   name: 'mine',
 *   views: [{ name: 'loss', title: 'last loss', render: (v) => [`loss ${v.loss}`] }],
 * };
 * ```
 */
export interface TrainView {
  name: string;
  title: string;
  render(input: ViewInput): string[];
}

/** The views of the plugins, checked. */
export function viewsOf(plugins: readonly Plugin[]): TrainView[] {
  const out: TrainView[] = [];
  for (const p of plugins) {
    const views = (p as Plugin & { views?: unknown }).views;
    if (views === undefined) continue;
    if (!Array.isArray(views)) throw new UsageError(`--plugin: plugin '${p.name}': 'views' must be an array`);
    for (const v of views as Partial<TrainView>[]) {
      if (typeof v?.name !== 'string' || typeof v.title !== 'string' || typeof v.render !== 'function') {
        throw new UsageError(`--plugin: plugin '${p.name}' contributes a view that is not { name, title, render(input) }`);
      }
      out.push(v as TrainView);
    }
  }
  return out;
}

/** A view's lines, or the error it threw as one line (a view cannot crash the app). */
export function renderView(view: TrainView, input: ViewInput): string[] {
  try {
    const lines = view.render(input);
    if (!Array.isArray(lines)) return [`view '${view.name}' returned ${typeof lines}, not an array of lines`];
    return lines.slice(0, input.height).map((l) => clip(String(l), input.width));
  } catch (e) {
    return [clip(`view '${view.name}' failed: ${(e as Error).message}`, input.width)];
  }
}
