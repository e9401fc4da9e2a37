// The Train screen's controller: its reducer, fed by a training session's events, and the
// session's controls (start, pause, resume, stop, save).
import { useCallback, useEffect, useRef } from 'react';
import { useSyncReducer } from './use-sync-reducer.js';
import { int, vocabularyLabels } from '../format.js';
import { headline } from '../../metric-text.js';
import type { ModelStore } from '../session/models.js';
import { slowPace, startTraining, type TrainingSession } from '../session/training.js';
import { initialTraining, isActive, trainingReducer } from '../state/training.js';
import { checkpointPath, type UiOptions } from '../options.js';

export function useTraining(options: UiOptions, models: ModelStore, autostart: boolean) {
  const { catalog } = options;
  const [state, dispatch, stateRef] = useSyncReducer(trainingReducer, () =>
    initialTraining(catalog.names, Math.max(0, catalog.names.indexOf(options.train.task ?? ''))));
  const session = useRef<TrainingSession | null>(null);
  const resumeUsed = useRef(false);

  /** Starts a run of `name`; `seed` overrides the flags' (`r` runs again with the next seed, not the same run). */
  const start = useCallback((name: string, seed?: number) => {
    if (isActive(stateRef.current)) return;
    let task;
    try {
      task = catalog.task(name);
    } catch (e) {
      dispatch({ type: 'failed', message: (e as Error).message });
      return;
    }
    // the flags are for the --task run (or for any run when no task was named)
    const o = options.train;
    const flagged = o.task === undefined || o.task === name;
    const resume = flagged && !resumeUsed.current && o.resume?.task === name ? o.resume : undefined;
    if (resume) resumeUsed.current = true;
    const steps = flagged ? o.steps : undefined;
    const totalSteps = steps ?? resume?.config.steps ?? task.defaults.steps;
    dispatch({ type: 'start', task: name, metric: task.metric, metrics: task.metrics, vocabulary: task.tokenizer && vocabularyLabels(task.tokenizer) });
    const s = startTraining({
      task, steps, resume, seed: seed ?? (flagged ? o.seed : undefined), lr: flagged ? o.lr : undefined, batchSize: flagged ? o.batchSize : undefined,
      traceEvery: task.probe ? Math.max(1, Math.floor(totalSteps / 100)) : null, plugins: options.plugins, frameMs: options.frameMs,
    }, {
      onEvents: (events) => {
        dispatch({ type: 'events', events });
        // a model that writes shows what it writes after each evaluation
        const evaluated = events.filter((e) => e.type === 'eval').at(-1);
        if (task.write && evaluated && s.model) dispatch({ type: 'written', step: evaluated.step, sample: task.write(s.model) });
      },
      onError: (e) => dispatch({ type: 'failed', message: e.message }),
    });
    session.current = s;
    if (stateRef.current.slow) s.pace(slowPace(totalSteps));
    void s.done.then((result) => {
      if (!result || !s.model || result.steps === 0) return;
      const metric = headline(task, result.metrics);
      models.set(name, { model: s.model, source: `trained in Train, ${int(result.steps)} steps${metric === null ? '' : `, ${metric}`}` });
    });
  }, [catalog, options, models]);

  const pause = useCallback(() => {
    if (!session.current || stateRef.current.status !== 'running') return;
    session.current.pause();
    dispatch({ type: 'paused' });
  }, []);
  const resume = useCallback(() => {
    if (!session.current) return;
    session.current.resume();
    dispatch({ type: 'resumed' });
  }, []);
  const stop = useCallback(() => {
    if (!session.current) return;
    session.current.stop();
    dispatch({ type: 'stopping' });
  }, []);
  const slow = useCallback(() => {
    dispatch({ type: 'slow' });
    const s = stateRef.current;
    session.current?.pace(s.slow ? slowPace(s.totalSteps) : null);
  }, []);
  const save = useCallback(() => {
    const s = stateRef.current;
    if (!session.current || !s.task || s.step === 0) {
      dispatch({ type: 'note', text: 'nothing to save yet: start a run first' });
      return;
    }
    try {
      dispatch({ type: 'saved', path: session.current.save(checkpointPath(options.train, s.task)) });
    } catch (e) {
      dispatch({ type: 'note', text: `could not save: ${(e as Error).message}` });
    }
  }, [options]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, at mount
  useEffect(() => {
    if (autostart && options.train.task !== undefined) start(options.train.task);
    return () => session.current?.stop();
  }, []);

  /** The model of the run, live (it changes as the run trains), once the run has started. */
  const model = useCallback(() => session.current?.model ?? null, []);

  return { state, latest: stateRef, dispatch, start, pause, resume, stop, save, slow, model };
}
