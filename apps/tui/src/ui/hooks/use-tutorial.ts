// The Tutorial screen's controller: its reducer, plus the models and the training session that
// feed it. Components get the state; they compute nothing.
import { useCallback, useEffect, useRef } from 'react';
import { useSyncReducer } from './use-sync-reducer.js';
import { stateFromJSON, type StateDict, type TutorialAttention } from '@attn/core';
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
/** Steps between the weights recorded while training, which `[` and `]` step back through: 40 for a run of 2,000 (steps 0 to 1,950). */
const RECORD_EVERY = 50;

export function useTutorial(options: UiOptions['tutorial'], models: ModelStore, frameMs?: number) {
  const [state, dispatch, latest] = useSyncReducer(tutorialReducer, () => initialTutorial(options));
  const session = useRef<TrainingSession<TutorialAttention> | null>(null);
  const running = useRef(false);
  const trained = useRef<StateDict | null>(null);
  /** The weights recorded while training, by step (the start, every RECORD_EVERY steps). */
  const recorded = useRef<{ step: number; weights: StateDict }[]>([]);

  // The steps' numbers, recomputed when the input or the model changes. While training, the
  // session's events update the trained side, frame by frame.
  useEffect(() => {
    if (state.phase === 'untrained') {
      trained.current = null;
      recorded.current = [];
    }
    const spec: TutorialModelSpec = { seed: state.seed, d: state.d, scale: state.scale };
    // the trained side: the model as training left it, or as it was at a recorded step
    const weights = state.at === null ? trained.current : recorded.current[state.at]?.weights ?? trained.current;
    try {
      const before = stepsFor(tutorialModel(spec), state.input);
      if (state.phase === 'training') dispatch({ type: 'traces', before });
      else dispatch({ type: 'traces', before, after: weights ? stepsFor(tutorialModel(spec, weights), state.input) : null });
    } catch (e) {
      dispatch({ type: 'failed', message: (e as Error).message });
    }
  }, [state.input, state.seed, state.d, state.scale, state.phase, state.at]);

  /** Trains the model here, at full speed or in slow motion (to watch the numbers change). */
  const train = useCallback((slow = false) => {
    if (running.current) return;
    running.current = true;
    const { seed, d, scale } = latest.current;
    const spec: TutorialModelSpec = { seed, d, scale };
    dispatch({ type: 'trainStart', totalSteps: TUTORIAL_STEPS, slow });
    recorded.current = [];
    const s = trainTutorial(spec, {
      onEvents(events) {
        const before = recorded.current.length;
        for (const e of events) {
          // the end of training is the trained model itself, not a recording
          if ((e.type === 'start' || (e.type === 'step' && e.step < e.totalSteps)) && e.weights) {
            recorded.current.push({ step: e.step, weights: stateFromJSON(e.weights) });
          }
        }
        if (recorded.current.length > before) dispatch({ type: 'recorded', steps: recorded.current.map((r) => r.step) });
        const last = lastStep(events);
        if (last) dispatch({ type: 'trainProgress', step: last.step, totalSteps: last.totalSteps, loss: last.loss });
        if (s.model) dispatch({ type: 'traces', after: stepsFor(s.model, latest.current.input) });
      },
      onError: (e) => dispatch({ type: 'failed', message: e.message }),
    }, { frameMs, weightsEvery: RECORD_EVERY });
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
