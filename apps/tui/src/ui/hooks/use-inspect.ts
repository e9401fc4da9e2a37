// The Inspect screen's controller: its reducer; the model it looks into (the one trained or
// loaded most recently in this session); heads knocked out on that live model and the task
// evaluated again; and the model given back intact when the screen is left or the model replaced.
import { useCallback, useEffect, useRef } from 'react';
import { useSyncReducer } from './use-sync-reducer.js';
import type { ModelStore, TrainedModel } from '../session/models.js';
import {
  applyAblations, clearAblations, evaluateMetric, type InspectSession, measureImportance, openInspect, probeView,
} from '../session/inspect.js';
import { type InspectAction, initialInspect, inspectReducer } from '../state/inspect.js';
import type { UiOptions } from '../options.js';

/** Long enough for Ink to draw the "working" state before a computation that blocks for a while. */
const AFTER_A_FRAME_MS = 40;

export function useInspect(options: UiOptions, models: ModelStore, active: boolean) {
  const { catalog } = options;
  const [state, dispatch, latest] = useSyncReducer(inspectReducer, initialInspect);
  const session = useRef<InspectSession | null>(null);
  const shown = useRef<TrainedModel | null>(null);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  /** Runs `fn` once the current state has been drawn. */
  const later = useCallback((fn: () => void) => {
    const t = setTimeout(() => {
      timers.current.delete(t);
      fn();
    }, AFTER_A_FRAME_MS);
    timers.current.add(t);
  }, []);

  /** Gives the model back intact (no head knocked out). */
  const leave = useCallback(() => {
    if (session.current) clearAblations(session.current);
    dispatch({ type: 'restored' });
  }, []);

  /** Opens the latest model of the session, unless it is the one shown. */
  const load = useCallback(() => {
    const name = models.latest();
    const entry = name === undefined ? undefined : models.get(name);
    if (name === undefined || !entry) {
      if (latest.current.status !== 'none') dispatch({ type: 'none' });
      return;
    }
    if (shown.current === entry) return;
    if (session.current) clearAblations(session.current);
    session.current = null;
    shown.current = entry;
    dispatch({ type: 'loading', task: name, source: entry.source });
    later(() => {
      if (shown.current !== entry) return;
      try {
        const task = catalog.task(name);
        const opened = openInspect(task, entry.model);
        session.current = opened.session;
        dispatch({
          type: 'loaded', task: name, source: entry.source, metric: task.metric, metricInfo: task.metrics, baseline: opened.baseline,
          heads: opened.heads, probe: opened.probe, noAblation: opened.noAblation,
        });
      } catch (e) {
        dispatch({ type: 'failed', message: (e as Error).message });
      }
    });
  }, [catalog, models, later]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: when the screen is shown or left
  useEffect(() => {
    if (active) load();
    else leave();
  }, [active]);

  // a model trained (or loaded) while the screen is shown replaces the one inspected
  useEffect(() => models.subscribe(() => {
    if (active) load();
  }), [models, active, load]);

  useEffect(() => () => {
    for (const t of timers.current) clearTimeout(t);
    if (session.current) clearAblations(session.current);
  }, []);

  /** Changes the ablations (`ablate` or `clear`), sets them on the model, and evaluates the task once drawn. */
  const ablate = useCallback((action: InspectAction & { type: 'ablate' | 'clear' }) => {
    const before = latest.current.version;
    dispatch(action);
    const s = session.current;
    if (!s || latest.current.version === before) return;
    applyAblations(s, latest.current.ablations);
    const version = latest.current.version;
    later(() => {
      if (session.current !== s || latest.current.version !== version) return;
      try {
        dispatch({ type: 'evaluated', version, metric: evaluateMetric(s), probe: probeView(s.task, s.model) });
      } catch (e) {
        dispatch({ type: 'failed', message: (e as Error).message });
      }
    });
  }, [later]);

  /** Measures what knocking out each head does (seconds on a larger model), once the "measuring" line is drawn. */
  const measure = useCallback(() => {
    const measuring = () => latest.current.importance.status === 'measuring';
    if (measuring()) return;
    dispatch({ type: 'measuring' });
    const s = session.current;
    if (!s || !measuring()) return;
    later(() => {
      if (session.current !== s) return;
      try {
        dispatch({ type: 'measured', ...measureImportance(s, latest.current.ablations) });
      } catch (e) {
        dispatch({ type: 'measureFailed', message: (e as Error).message });
      }
    });
  }, [later]);

  return { state, latest, dispatch, ablate, measure, leave };
}
