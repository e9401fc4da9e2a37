import { fn, need, optionsOf } from '../check.js';
import type { TrainEvent } from './events.js';
import { nextTask } from './next-task.js';

/** The events that come many times a second: gathered into frames, not drawn one by one. */
const FREQUENT: ReadonlySet<TrainEvent['type']> = new Set(['step', 'evalProgress']);

/** Options of {@link forEachFrame}. */
export interface FrameOptions {
  /** Milliseconds between batches of step events (a view's frame interval). Default 33. */
  frameMs?: number;
}

/**
 * Consumes a run (a `TrainingRun`, a `RemoteRun`, any stream of events) and hands its events to
 * `draw` a frame at a time, in order: step and evalProgress events gathered into one batch per
 * `frameMs`, every other event (start, evalStart, eval, end) at once together with those before
 * it. A run that holds (paused) still has its last steps drawn within a frame. So a trainer
 * doing thousands of steps a second costs a view one redraw per frame. After each frame it lets
 * other work in (a task of the event loop) before it asks the run for more, so that a render
 * that `draw` schedules comes before the trainer's next slice of work.
 *
 * @example
 * ```ts
 * const run = train({ task: addTwo() });
 * await forEachFrame(run, (events) => render(events), { frameMs: 50 });
 * ```
 */
export async function forEachFrame(events: AsyncIterable<TrainEvent>, draw: (events: TrainEvent[]) => void, options: FrameOptions = {}): Promise<void> {
  const iterable = (events as Partial<AsyncIterable<TrainEvent>> | null)?.[Symbol.asyncIterator];
  need(typeof iterable === 'function', 'forEachFrame', 'events', 'an async iterable of events (a TrainingRun)', events);
  fn('forEachFrame', 'draw', draw);
  const { frameMs = 33 } = optionsOf('forEachFrame', options);
  need(typeof frameMs === 'number' && frameMs >= 0, 'forEachFrame', 'frameMs', 'a number >= 0', frameMs);
  let batch: TrainEvent[] = [];
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    last = globalThis.performance.now();
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    draw(out);
  };
  try {
    for await (const e of events) {
      batch.push(e);
      if (!FREQUENT.has(e.type) || globalThis.performance.now() - last >= frameMs) {
        flush();
        // The view renders what it was handed before the run goes on, not after the trainer's
        // next slice of work. Two tasks: a render scheduled from a microtask (React schedules
        // from one) is queued after the first.
        await nextTask();
        await nextTask();
      } else timer ??= setTimeout(flush, frameMs);
    }
  } finally {
    flush();
  }
}
