// The Playground's controller: its reducer; a model for the chosen task (one trained on another
// screen, a checkpoint given with --checkpoint, or one trained here and now); and the model's
// answer to every valid input.
import { useCallback, useEffect, useRef } from 'react';
import { useSyncReducer } from './use-sync-reducer.js';
import { int } from '../format.js';
import { headline } from '../../metric-text.js';
import type { ModelStore } from '../session/models.js';
import { modelFromCheckpoint, playgroundTask, runPlayground } from '../session/playground.js';
import { lastStep, startTraining, type TrainingSession } from '../session/training.js';
import { initialPlayground, playgroundReducer, type PlaygroundTask } from '../state/playground.js';
import type { TaskCatalog, UiOptions } from '../options.js';

/** The playground's view of every task in the catalog (a task that cannot be built says why). */
export function playgroundTasks(catalog: TaskCatalog): PlaygroundTask[] {
  return catalog.names.map((name) => {
    try {
      return playgroundTask(catalog.task(name));
    } catch (e) {
      return { name, hint: '', example: '', unsupported: (e as Error).message };
    }
  });
}

export function usePlayground(options: UiOptions, models: ModelStore, active: boolean) {
  const { catalog } = options;
  // the tasks are built the first time the playground is shown, not before the first frame
  const [state, dispatch, latest] = useSyncReducer(playgroundReducer, () => initialPlayground([]));
  const init = (task: string | undefined, text?: string) => dispatch({ type: 'init', tasks: playgroundTasks(catalog), task, text });
  if (active && latest.current.tasks.length === 0 && catalog.names.length > 0) {
    init(options.playground.task ?? options.train.task, options.playground.input);
  }
  const task = state.tasks[state.index];
  const current = useRef(task?.name);
  current.current = task?.name;
  const sessions = useRef(new Map<string, TrainingSession>());
  const seeds = useRef(new Map<string, number>());

  /** Trains a model for the task with its current seed (0 at first; `t` moves on to the next). */
  const trainFor = useCallback((name: string) => {
    sessions.current.get(name)?.stop();
    const seed = seeds.current.get(name) ?? 0;
    let t;
    try {
      t = catalog.task(name);
    } catch (e) {
      dispatch({ type: 'modelFailed', message: (e as Error).message });
      return;
    }
    dispatch({ type: 'modelTraining', step: 0, totalSteps: t.defaults.steps });
    const s = startTraining({ task: t, seed, frameMs: options.frameMs }, {
      onEvents(events) {
        const e = lastStep(events);
        if (e && current.current === name) dispatch({ type: 'modelTraining', step: e.step, totalSteps: e.totalSteps });
      },
      onError(e) {
        if (current.current === name) dispatch({ type: 'modelFailed', message: e.message });
      },
    });
    sessions.current.set(name, s);
    void s.done.then((result) => {
      if (sessions.current.get(name) === s) sessions.current.delete(name);
      if (!result || !s.model || result.reason !== 'done') return;
      const metric = headline(t, result.metrics);
      models.set(name, { model: s.model, source: `trained here, ${int(result.steps)} steps, seed ${seed}${metric === null ? '' : `, ${metric}`}` });
    });
  }, [catalog, models, options.frameMs]);

  // a model for the task, once the playground is on screen
  // biome-ignore lint/correctness/useExhaustiveDependencies: when the task or visibility changes, not when the task list does
  useEffect(() => {
    if (!active || !task) return;
    // a model still training for a task the learner has left would only slow this one down
    for (const [name, s] of sessions.current) {
      if (name !== task.name) {
        s.stop();
        sessions.current.delete(name);
      }
    }
    if (task.unsupported) return;
    const have = models.get(task.name);
    if (have) {
      dispatch({ type: 'modelReady', source: have.source });
      return;
    }
    if (sessions.current.has(task.name)) return;
    const ck = options.playground.checkpoint;
    if (ck && ck.saved.task === task.name) {
      try {
        const source = `${ck.label} (step ${int(ck.saved.step)})`;
        models.set(task.name, { model: modelFromCheckpoint(catalog.task(task.name), ck.saved), source });
        dispatch({ type: 'modelReady', source }); // on the first render the store's listener below is not yet subscribed
      } catch (e) {
        dispatch({ type: 'modelFailed', message: `${ck.label}: ${(e as Error).message}` });
      }
      return;
    }
    trainFor(task.name);
  }, [active, state.index]);

  // models trained on other screens (or just now) replace the shown one
  useEffect(() => models.subscribe((name) => {
    const entry = models.get(name);
    if (name === current.current && entry) dispatch({ type: 'modelReady', source: entry.source });
  }), [models]);

  // the answer to the input, whenever either changes
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input and the model's version say when; the parse follows the input
  useEffect(() => {
    if (!task || task.unsupported) return;
    const entry = models.get(task.name);
    if (state.model.status !== 'ready' || !entry) return;
    if (!state.parsed.ok) {
      dispatch({ type: 'result', result: null });
      return;
    }
    try {
      dispatch({ type: 'result', result: runPlayground(catalog.task(task.name), entry.model, state.parsed.values) });
    } catch (e) {
      dispatch({ type: 'result', result: null, error: (e as Error).message });
    }
  }, [state.text, state.model.version, state.model.status, state.index]);

  useEffect(() => () => {
    for (const s of sessions.current.values()) s.stop();
  }, []);

  const retrain = useCallback(() => {
    const t = latest.current.tasks[latest.current.index];
    if (!t || t.unsupported) return;
    seeds.current.set(t.name, (seeds.current.get(t.name) ?? 0) + 1);
    trainFor(t.name);
  }, [trainFor]);
  /** Shows the task (one just trained elsewhere), building the task list first if the playground has not been shown yet. */
  const show = (name: string) => {
    if (latest.current.tasks.length === 0) init(name);
    else dispatch({ type: 'show', task: name });
  };
  return { state, latest, dispatch, retrain, show };
}
