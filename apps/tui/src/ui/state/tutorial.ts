// The Tutorial screen's state: which of the eight steps is shown, for which input, model and
// scaling, before or after training — and the steps' numbers, which the session computes with
// @attn/core and hands in (`traces`).
import type { AttentionScale, Trace } from '@attn/core';
import type { Tutorial } from '../../tutorial/steps.js';

/** A tutorial's steps, and (when known) the model's rows W_q, W_k, W_v that make Q, K and V and the Trace the steps are read from. */
export type TutorialData = Tutorial & { w?: { q: number[]; k: number[]; v: number[] }; trace?: Trace };
import { numberInput } from '@attn/train';
import { editLine, type Line, type LineEdit, lineOf } from './line.js';
import { readInput } from './parse-input.js';

export const STEP_COUNT = 8;
/** The page after the last step: what comes after one attention head (`step` = STEP_COUNT). */
export const NEXT_STEPS_PAGE = STEP_COUNT;

/**
 * The tutorial model reads 1 to 8 numbers (more would not fit the tables at 80 columns); `t`
 * trains it on add-two, two numbers from [0, 10), so other inputs are read with a warning.
 */
export const TUTORIAL_INPUT = numberInput({
  task: 'tutorial', count: [1, 8], range: [0, 10], trainedCount: [2, 2], hint: 'Type 1 to 8 numbers.', examples: ['3 5'],
});

export type TutorialPhase = 'untrained' | 'training' | 'trained';

export interface TutorialState {
  /** The step shown, 0 … 7. */
  step: number;
  input: number[];
  seed: number;
  d: number;
  scale: AttentionScale;
  phase: TutorialPhase;
  /** Which model the steps show once there is a trained one. */
  view: 'before' | 'after';
  /** The scale the trained weights were trained with (they can be shown with the other one). */
  trainedScale: AttentionScale | null;
  training: { step: number; totalSteps: number; loss: number } | null;
  /** Training in slow motion (about 20 seconds), so the numbers can be watched as they change. */
  slow: boolean;
  /** The steps for the random initialization and for the trained (or training) model. */
  before: TutorialData | null;
  after: TutorialData | null;
  /** The steps of training at which the weights were recorded, to step back through (`[` `]`). */
  recorded: number[];
  /** Which recorded step the trained side shows; null: the model as training left it. */
  at: number | null;
  /** The input line while the learner edits it. */
  editing: (Line & { error: string | null }) | null;
  note: string | null;
  error: string | null;
}

export type TutorialAction =
  | { type: 'step'; by: number }
  | { type: 'stepTo'; step: number }
  | { type: 'scale' }
  | { type: 'view' }
  | { type: 'reinit' }
  /** The next size of the Q, K and V vectors: 2, 4, 8, 16, then 2 again (a new, untrained model). */
  | { type: 'size' }
  | { type: 'edit' }
  | { type: 'line'; edit: LineEdit }
  /** The steps with recorded weights so far. */
  | { type: 'recorded'; steps: number[] }
  /** Move through the recorded steps: back (−1) or forward (+1); forward from the last, the end of training. */
  | { type: 'replay'; by: number }
  | { type: 'cancel' }
  | { type: 'submit' }
  | { type: 'trainStart'; totalSteps: number; slow?: boolean }
  | { type: 'slow'; on: boolean }
  | { type: 'trainProgress'; step: number; totalSteps: number; loss: number }
  | { type: 'trainEnd'; reason: 'done' | 'stopped' | 'aborted' }
  | { type: 'failed'; message: string }
  | { type: 'traces'; before?: TutorialData | null; after?: TutorialData | null };

export function initialTutorial(o: { input?: number[]; seed?: number; d?: number; scale?: AttentionScale } = {}): TutorialState {
  return {
    step: 0, input: o.input ?? [3, 5], seed: o.seed ?? 0, d: o.d ?? 4, scale: o.scale ?? 'none', phase: 'untrained', view: 'before',
    trainedScale: null, training: null, slow: false, before: null, after: null, recorded: [], at: null, editing: null, note: null, error: null,
  };
}

/** The sizes of Q, K and V that d steps through. */
const SIZES = [2, 4, 8, 16];
const clampStep = (n: number) => Math.max(0, Math.min(NEXT_STEPS_PAGE, n));
const formatInput = (xs: readonly number[]) => xs.join(', ');

export function tutorialReducer(state: TutorialState, action: TutorialAction): TutorialState {
  switch (action.type) {
    case 'step':
      return { ...state, step: clampStep(state.step + action.by) };
    case 'stepTo':
      return { ...state, step: clampStep(action.step) };
    case 'scale':
      return state.scale === 'none'
        ? { ...state, scale: 'sqrt', note: `scaled: scores × 1/√d = ${Number((1 / Math.sqrt(state.d)).toPrecision(3))} (d = ${state.d}), so the softmax in step 6 is softer` }
        : { ...state, scale: 'none', note: 'unscaled: softmax(Q·Kᵀ) as in the tutorial' };
    case 'view':
      if (state.phase === 'untrained') return { ...state, note: 'there is no trained model yet: press t to train one' };
      return { ...state, view: state.view === 'before' ? 'after' : 'before', note: null };
    case 'reinit':
      if (state.phase === 'training') return { ...state, note: 'training is running; wait for it to finish' };
      return {
        ...state, seed: state.seed + 1, phase: 'untrained', view: 'before', trainedScale: null, training: null, after: null, before: null, recorded: [], at: null,
        note: `new random initialization (seed ${state.seed + 1})`,
      };
    case 'size': {
      if (state.phase === 'training') return { ...state, note: 'training is running; wait for it to finish' };
      const d = SIZES[(SIZES.indexOf(state.d) + 1) % SIZES.length];
      return {
        ...state, d, phase: 'untrained', view: 'before', trainedScale: null, training: null, after: null, before: null, recorded: [], at: null,
        note: `d = ${d}: Q, K and V have ${d} numbers per token now (an untrained model, seed ${state.seed})`,
      };
    }
    case 'edit':
      // the input is edited on a step's page (the next-steps page has none): from there, on step 8's
      return { ...state, step: Math.min(state.step, STEP_COUNT - 1), editing: { ...lineOf(formatInput(state.input)), error: null }, note: null };
    case 'line': {
      if (!state.editing) return state;
      const line = editLine(state.editing, action.edit);
      // the error stays until the text changes
      return { ...state, editing: { ...line, error: line.text === state.editing.text ? state.editing.error : null } };
    }
    case 'cancel':
      return state.editing ? { ...state, editing: null } : state;
    case 'submit': {
      if (!state.editing) return state;
      const parsed = readInput(TUTORIAL_INPUT, state.editing.text);
      if (!parsed.ok) return { ...state, editing: { ...state.editing, error: parsed.message } };
      return { ...state, input: parsed.values, editing: null, note: parsed.warnings.length > 0 ? `warning: ${parsed.warnings.join('; ')}` : null };
    }
    case 'trainStart':
      return {
        ...state, phase: 'training', view: 'after', trainedScale: state.scale, training: { step: 0, totalSteps: action.totalSteps, loss: Number.NaN },
        slow: action.slow ?? false, recorded: [], at: null, note: null, error: null,
      };
    case 'recorded':
      return { ...state, recorded: action.steps };
    case 'replay': {
      if (state.phase !== 'trained' || state.recorded.length === 0) {
        return { ...state, note: state.phase === 'training' ? 'training is running: [ and ] step through it once it has finished' : 'nothing recorded yet: t trains the model, then [ and ] step back through its training' };
      }
      const last = state.recorded.length - 1;
      const from = state.at ?? last + 1; // the end of training sits after the last recording
      const to = Math.max(0, Math.min(last + 1, from + action.by));
      return { ...state, view: 'after', at: to > last ? null : to, note: null };
    }
    case 'trainProgress':
      return state.phase === 'training' ? { ...state, training: { step: action.step, totalSteps: action.totalSteps, loss: action.loss } } : state;
    case 'slow':
      return { ...state, slow: action.on };
    case 'trainEnd':
      return { ...state, phase: 'trained', note: action.reason === 'done' ? null : `training stopped at step ${state.training?.step ?? 0}` };
    case 'failed':
      return { ...state, phase: state.phase === 'training' ? 'untrained' : state.phase, error: action.message };
    case 'traces':
      return {
        ...state,
        before: action.before === undefined ? state.before : action.before,
        after: action.after === undefined ? state.after : action.after,
      };
  }
}

/** The steps to show: the trained model's when it exists and is chosen, else the random one's. */
export function shownTutorial(s: TutorialState): TutorialData | null {
  return s.view === 'after' && s.after ? s.after : s.before;
}
