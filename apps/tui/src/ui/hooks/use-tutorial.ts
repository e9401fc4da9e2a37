// The Tutorial screen's controller: its reducer, plus the models and the training session that
// feed it. Components get the state; they compute nothing.
import { useCallback, useEffect, useRef } from 'react';
import { useSyncReducer } from './use-sync-reducer.js';
import type { StateDict, TutorialAttention } from '@attn/core';
import { int } from '../format.js';
import { headline } from '../../metric-text.js';
import type { ModelStore } from '../session/models.js';
import { lastStep, type TrainingSession } from '../session/training.js';
import { snapshotWeights, stepsFor, trainTutorial, tutorialModel, type TutorialModelSpec } from '../session/tutorial.js';
import { initialTutorial, tutorialReducer } from '../state/tutorial.js';
import type { UiOptions } from '../options.js';

/** add-two's default run, which `t` trains. */
const TUTORIAL_STEPS = 2000;
/**
 * Slow motion here: 25 steps a second, so the first few hundred steps, where the weights move
 * most, take seconds to watch (`w` again: full speed for the rest).
 */
const SLOW_STEPS_PER_SECOND = 25;

export function useTutorial(options: UiOptions['tutorial'], models: ModelStore, frameMs?: number) {
  const [state, dispatch, latest] = useSyncReducer(tutorialReducer, () => initialTutorial(options));
  const session = useRef<TrainingSession<TutorialAttention> | null>(null);
  const running = useRef(false);
  const trained = useRef<StateDict | null>(null);

  // The steps' numbers, recomputed when the input or the model changes. While training, the
  // session's events update the trained side, frame by frame.
  useEffect(() => {
    if (state.phase === 'untrained') trained.current = null;
    const spec: TutorialModelSpec = { seed: state.seed, d: state.d, scale: state.scale };
    try {
      const before = stepsFor(tutorialModel(spec), state.input);
      if (state.phase === 'training') dispatch({ type: 'traces', before });
      else dispatch({ type: 'traces', before, after: trained.current ? stepsFor(tutorialModel(spec, trained.current), state.input) : null });
    } catch (e) {
      dispatch({ type: 'failed', message: (e as Error).message });
    }
  }, [state.input, state.seed, state.d, state.scale, state.phase]);

  /** Trains the model here, at full speed or in slow motion (to watch the numbers change). */
  const train = useCallback((slow = false) => {
    if (running.current) return;
    running.current = true;
    const { seed, d, scale } = latest.current;
    const spec: TutorialModelSpec = { seed, d, scale };
    dispatch({ type: 'trainStart', totalSteps: TUTORIAL_STEPS, slow });
    const s = trainTutorial(spec, {
      onEvents(events) {
        const last = lastStep(events);
        if (last) dispatch({ type: 'trainProgress', step: last.step, totalSteps: last.totalSteps, loss: last.loss });
        if (s.model) dispatch({ type: 'traces', after: stepsFor(s.model, latest.current.input) });
      },
      onError: (e) => dispatch({ type: 'failed', message: e.message }),
    }, { frameMs });
    session.current = s;
    if (slow) s.pace(SLOW_STEPS_PER_SECOND);
    void s.done.then((result) => {
      running.current = false;
      if (!result || !s.model) return;
      trained.current = snapshotWeights(s.model);
      const metric = headline(s.task, result.metrics);
      models.set('add-two', {
        model: tutorialModel(spec, trained.current),
        source: `trained in the tutorial, ${int(result.steps)} steps${metric === null ? '' : `, ${metric}`}`,
      });
      dispatch({ type: 'trainEnd', reason: result.reason });
    });
  }, [models, frameMs]);

  const stop = useCallback(() => session.current?.stop(), []);
  /** `w`: train in slow motion, or while training switch between slow motion and full speed. */
  const slow = useCallback(() => {
    if (!running.current) {
      train(true);
      return;
    }
    const on = !latest.current.slow;
    dispatch({ type: 'slow', on });
    session.current?.pace(on ? SLOW_STEPS_PER_SECOND : null);
  }, [train]);
  useEffect(() => () => session.current?.stop(), []);
  return { state, latest, dispatch, train, stop, slow };
}
