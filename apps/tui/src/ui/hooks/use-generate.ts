// The Generate screen's controller: its reducer; the text model it writes with (the run on the
// Train screen while it trains — a copy of its weights at each generation — else the latest text
// model trained or loaded, or the checkpoint given on the command line); and the tokens streamed
// into the reducer a slice at a time, so that keys and redraws get their turn between them.
import { useCallback, useEffect, useRef } from 'react';
import type { Module } from '@attn/core';
import type { Task } from '@attn/train';
import { useSyncReducer } from './use-sync-reducer.js';
import { int } from '../format.js';
import type { ModelStore } from '../session/models.js';
import { modelFromCheckpoint } from '../session/playground.js';
import { describeModel, generateTokens, promptTokens, snapshot, type TextModel, textModelOf } from '../session/generate.js';
import { type GeneratedToken, generateReducer, initialGenerate } from '../state/generate.js';
import { isActive, type TrainingState } from '../state/training.js';
import type { UiOptions } from '../options.js';

/** What the Generate screen needs of the Train screen's run: its state and its live model. */
export interface TrainingLink {
  latest: { readonly current: TrainingState };
  model(): Module | null;
}

/** A text model to write with, found in the session. */
interface Found {
  /** The same object as long as it is the same model (the live model of a run, or the store's entry). */
  key: object;
  task: Task<any, any>;
  text: TextModel;
  /** Where the weights of a generation starting now come from. */
  source(): string;
}

export function useGenerate(options: UiOptions, models: ModelStore, training: TrainingLink, active: boolean) {
  const { catalog } = options;
  const [state, dispatch, latest] = useSyncReducer(generateReducer, initialGenerate);
  const found = useRef<Found | null>(null);
  const stopCurrent = useRef<(() => void) | null>(null);

  /** The text model to write with: the Train screen's run while it trains one, else the latest trained or loaded. */
  const find = useCallback((): Found | null => {
    const t = training.latest.current;
    const live = training.model();
    if (t.task && isActive(t) && live) {
      const task = catalog.task(t.task);
      const text = textModelOf(task, live);
      if (text) return { key: live, task, text, source: () => `the Train run's weights at step ${int(training.latest.current.step)}, still training` };
    }
    for (const name of new Set([models.latest(), 'text'])) {
      const entry = name === undefined ? undefined : models.get(name);
      if (name === undefined || !entry) continue;
      const task = catalog.task(name);
      const text = textModelOf(task, entry.model);
      if (text) return { key: entry, task, text, source: () => entry.source };
    }
    return null;
  }, [catalog, models, training]);

  /** Shows the text model of the session, unless it is the one shown. */
  const load = useCallback(() => {
    const ck = options.playground.checkpoint;
    if (ck && !models.get(ck.saved.task)) {
      try {
        const task = catalog.task(ck.saved.task);
        if (task.tokenizer) models.set(ck.saved.task, { model: modelFromCheckpoint(task, ck.saved), source: `${ck.label} (step ${int(ck.saved.step)})` });
      } catch (e) {
        dispatch({ type: 'failed', request: latest.current.request, message: `${ck.label}: ${(e as Error).message}` });
      }
    }
    let f: Found | null;
    try {
      f = find();
    } catch (e) {
      dispatch({ type: 'failed', request: latest.current.request, message: (e as Error).message });
      return;
    }
    if (f?.key === found.current?.key) return;
    found.current = f;
    // the prompt to start with: the one the task writes its samples from
    const prompt = f?.task.write?.(f.text.model, { maxTokens: 0 }).prompt;
    dispatch({ type: 'model', model: f && describeModel(f.task.name, f.source(), f.text), prompt });
  }, [catalog, models, options, find]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: when the screen is shown, or a run starts or ends on the Train screen
  useEffect(() => {
    if (active) load();
  }, [active, training.latest.current.status]);

  // a model trained (or loaded) while the screen is shown replaces the one it writes with
  useEffect(() => models.subscribe(() => {
    if (active) load();
  }), [models, active, load]);

  // a generation for each request: the tokens a slice of time at a time, then a turn for the rest of the app
  // biome-ignore lint/correctness/useExhaustiveDependencies: one generation per request
  useEffect(() => {
    const f = found.current;
    const s = latest.current;
    const { request } = s;
    if (!f || !s.model || s.prompt === '') return;
    const prompt = promptTokens(s.prompt, f.text);
    if (!prompt.ok) {
      dispatch({ type: 'failed', request, message: prompt.message });
      return;
    }
    // a copy of the weights: a model still training would change under the tokens
    const tokens = generateTokens(snapshot(f.text.model), prompt.tokens, s.sampling);
    dispatch({ type: 'started', request, promptTokens: prompt.tokens, source: f.source() });
    const slice = Math.max(1, Math.floor((options.frameMs ?? 25) / 4));
    let timer: ReturnType<typeof setTimeout> | null = null;
    const next = () => {
      const batch: GeneratedToken[] = [];
      const t0 = performance.now();
      let done = false;
      try {
        do {
          const r = tokens.next();
          if (r.done) done = true;
          else batch.push(r.value);
        } while (!done && performance.now() - t0 < slice);
      } catch (e) {
        dispatch({ type: 'failed', request, message: (e as Error).message });
        return;
      }
      dispatch({ type: 'tokens', request, tokens: batch, done });
      timer = done ? null : setTimeout(next, 0);
    };
    timer = setTimeout(next, 0);
    const stop = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    stopCurrent.current = () => {
      stop();
      dispatch({ type: 'stopped', request });
    };
    return stop;
  }, [state.request]);

  /** Stops the generation under way; the tokens so far stay. */
  const stop = useCallback(() => stopCurrent.current?.(), []);

  return { state, latest, dispatch, stop };
}
