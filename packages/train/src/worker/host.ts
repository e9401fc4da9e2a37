import { AttnError, saveModel, type Module } from '@attn/core';
import { endpoint, need } from '../check.js';
import type { Task } from '../tasks/task.js';
import type { TrainEvent } from '../trainer/events.js';
import { train, type TrainingRun } from '../trainer/train.js';
import type { FromWorker, MessageEndpoint, ToWorker } from './protocol.js';

/** The model as saveModel bytes, or null for a custom module that records no configuration. */
function modelBytes(model: Module): Uint8Array | null {
  try {
    model.modelConfig();
  } catch (e) {
    if (e instanceof AttnError) return null;
    throw e;
  }
  return saveModel(model);
}

/**
 * Serves training runs from inside a Web Worker (or any message endpoint): the page starts them
 * with {@link trainInWorker} and drives them with the same controls as a {@link TrainingRun}.
 * Events are sent in batches, one per turn of the trainer's event loop (`yieldEvery`), so a fast
 * run costs the page a message per batch, not per step.
 *
 * Each task is served by its factory, called in the worker with the run's `taskOptions` (the
 * built-in tasks' own options, or whatever a factory of yours reads, such as a text to learn).
 *
 * @example
 * ```ts
 * // train-worker.ts, started with new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' })
 * serveTraining(self, { sort, reverse, text: (o: { text: string }) => textTask({ text: o.text }) });
 * // the page: trainInWorker(worker, { task: 'sort', taskOptions: { length: 4 }, steps: 500 })
 * ```
 */
export function serveTraining(scope: MessageEndpoint, tasks: Record<string, (options?: any) => Task<any, any>>): void {
  endpoint('serveTraining', scope);
  need(tasks !== null && typeof tasks === 'object' && Object.values(tasks).every((t) => typeof t === 'function'), 'serveTraining', 'tasks', 'an object of task factories', tasks);
  const runs = new Map<number, TrainingRun<Module>>();
  const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

  async function start(id: number, options: Extract<ToWorker, { kind: 'attn.train' }>['options']): Promise<void> {
    const { task: name, taskOptions, paused, pace, ...rest } = options;
    if (!Object.hasOwn(tasks, name)) {
      throw new AttnError('ARGUMENT', `serveTraining: unknown task '${name}', this worker serves ${Object.keys(tasks).map((t) => `'${t}'`).join(', ')}`);
    }
    const run = train({ ...rest, task: tasks[name](taskOptions) });
    runs.set(id, run);
    if (paused) run.pause();
    if (pace !== undefined) run.pace(pace);
    let batch: TrainEvent[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (batch.length === 0) return;
      post({ kind: 'attn.events', id, events: batch });
      batch = [];
    };
    for await (const e of run) {
      if (e.type === 'end') {
        flush();
        const bytes = modelBytes(run.model);
        post({ kind: 'attn.model', id, bytes }, bytes ? [bytes.buffer] : []);
      }
      batch.push(e);
      // a timer queued now runs when the trainer next yields to the event loop
      if (e.type !== 'step' && e.type !== 'evalProgress') flush();
      else if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    }
    flush();
  }

  scope.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as ToWorker;
    if (m?.kind === 'attn.train') {
      start(m.id, m.options)
        .catch((e: unknown) => post({ kind: 'attn.error', id: m.id, message: e instanceof Error ? e.message : String(e), code: (e as AttnError).code }))
        .finally(() => runs.delete(m.id));
    } else if (m?.kind === 'attn.control') {
      const run = runs.get(m.id);
      if (!run) return; // the run has ended; a late control has nothing to act on
      if (m.action === 'step') run.step(m.n);
      else if (m.action === 'pace') run.pace(m.stepsPerSecond);
      else run[m.action]();
    }
  });
  scope.start?.();
}
