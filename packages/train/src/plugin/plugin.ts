// The public contract between attn's apps and a plugin, split by what each part extends: the
// trainer (hooks), the task list (tasks) and the training dashboard (views). A plugin is a
// plain object passed in explicitly (`attn --plugin FILE` imports its default export).
import type { Trace } from '@attn/core';
import type { Task } from '../tasks/task.js';
import type { TrainerPlugin } from '../trainer/events.js';

/**
 * What a {@link View} is given each frame: the run as the training dashboard knows it, as plain
 * data (no live objects), so a view can be tested with a literal.
 *
 * @example
 * ```ts
 * const input: ViewInput = { task: 'max-two', step: 10, totalSteps: 100, loss: 0.5, metrics: {}, trace: null, losses: [], width: 40, height: 8 };
 * ```
 */
export interface ViewInput {
  /** The task's name. */
  task: string;
  /** Steps completed. */
  step: number;
  totalSteps: number;
  /** The latest step's training loss. */
  loss: number;
  /** The latest held-out metrics (empty before the first evaluation). */
  metrics: Record<string, number>;
  /** The latest trace of the task's probe input, if the task has a probe. */
  trace: Trace | null;
  /** The loss curve so far, downsampled: `{ step, value }` points. */
  losses: { step: number; value: number }[];
  /** The panel's size in characters. */
  width: number;
  height: number;
}

/**
 * A panel of the training dashboard (the TUI's Train screen, `v` cycles through them): plain
 * data in, lines of text out, so a plugin needs neither React nor Ink. `render` runs once per
 * frame while the panel is shown; longer lines are cut, extra lines dropped, and an error it
 * throws is shown as one line instead of the panel.
 *
 * @example
 * ```ts
 * const lastLoss: View = { name: 'loss', title: 'last loss', render: (v) => [`loss ${v.loss.toFixed(3)} at step ${v.step}`] };
 * ```
 */
export interface View {
  /** Short, unique name. */
  name: string;
  /** The panel's heading. */
  title: string;
  render(input: ViewInput): string[];
}

/**
 * A plugin for attn's apps: a name and what it contributes, each part optional.
 * - `hooks`: trainer plugins, added to every run the app starts (the same objects
 *   `train({ plugins })` takes; see {@link TrainerPlugin} for when each hook runs).
 * - `tasks`: tasks to list, train, play and plot like the built-in ones; a task that has
 *   `input` and `answer` gets the playground too.
 * - `views`: panels of the training dashboard.
 *
 * @example
 * ```ts
 * const plugin: AttnPlugin = {
 *   name: 'mine',
 *   hooks: [{ name: 'log', onEvalEnd: (e) => console.error(e.step, e.metrics) }],
 *   tasks: [addTwo({ max: 20 })],
 *   views: [{ name: 'loss', title: 'last loss', render: (v) => [`loss ${v.loss}`] }],
 * };
 * export default plugin; // attn --plugin ./mine.js train
 * ```
 */
export interface AttnPlugin {
  /** Short, unique name, shown as the source of its tasks. */
  name: string;
  hooks?: TrainerPlugin[];
  tasks?: Task<any, any>[];
  views?: View[];
}
