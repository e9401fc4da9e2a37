// The Train screen's state, driven by the trainer's events ({start, step, evalStart, eval, end}) in batches
// of one frame, plus what the learner does (pause, stop, save, pick a task or a head).
import { formatMetric, metricInfo, type MetricInfo, type TaskMetric, type TrainEvent, type TrainConfig, type WrittenSample } from '@attn/train';
import type { Trace } from '@attn/core';
import { emptySeries, pushValues, type Point, type Series } from './series.js';

export type TrainStatus = 'picking' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed';

export interface TrainingState {
  /** Task names to pick from, and the highlighted one. */
  tasks: readonly string[];
  selected: number;
  status: TrainStatus;
  task: string | null;
  metric: TaskMetric | null;
  /** What the task says its metrics mean and how to write them (`Task.metrics`). */
  metricInfo: Record<string, MetricInfo> | undefined;
  /** The label of each token id when the task reads text (`vocabularyLabels` of its tokenizer), for the heatmap; null otherwise. */
  vocabulary: readonly string[] | null;
  seed: number;
  parameters: number;
  config: TrainConfig | null;
  /** Step the run started from (0, or a resumed checkpoint's step). */
  firstStep: number;
  step: number;
  totalSteps: number;
  loss: number;
  lr: number;
  gradNorm: number;
  stepsPerSecond: number;
  seconds: number;
  losses: Series;
  gradNorms: Series;
  metrics: Record<string, number>;
  /** While the trainer evaluates on the held-out set (between evalStart and eval): the fraction done so far; null otherwise. */
  evaluating: number | null;
  /** The latest trace of the task's probe input, and the step it was taken at. */
  trace: Trace | null;
  traceStep: number;
  /** Which attention entry (layer and head) of the trace is shown. */
  head: number;
  /** Which panel is shown beside the loss curve: 0 = attention, then the plugin views. */
  view: number;
  /** A one-line note for the learner (saved checkpoint, why a key did nothing). */
  note: string | null;
  error: string | null;
  /** Where checkpoints were saved during this session. */
  saved: string[];
  /** Slow motion: runs are held to about 20 seconds so the learner can watch them (kept from run to run). */
  slow: boolean;
  /** For a model that writes (a text task's): what it wrote at the latest evaluation, and when. */
  written: (WrittenSample & { step: number }) | null;
}

export type TrainingAction =
  | { type: 'select'; by: number }
  | { type: 'start'; task: string; metric: TaskMetric | null; metrics?: Record<string, MetricInfo>; vocabulary?: readonly string[] }
  | { type: 'events'; events: readonly TrainEvent[] }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'stopping' }
  | { type: 'saved'; path: string }
  | { type: 'failed'; message: string }
  | { type: 'note'; text: string | null }
  | { type: 'head'; by: number }
  | { type: 'view'; by: number; count: number }
  | { type: 'pick' }
  | { type: 'slow' }
  | { type: 'written'; step: number; sample: WrittenSample };

export function initialTraining(tasks: readonly string[], selected = 0): TrainingState {
  return {
    tasks, selected: Math.max(0, Math.min(tasks.length - 1, selected)), status: 'picking', task: null, metric: null, metricInfo: undefined, vocabulary: null,
    seed: 0, parameters: 0, config: null, firstStep: 0, step: 0, totalSteps: 0, loss: Number.NaN, lr: Number.NaN,
    gradNorm: Number.NaN, stepsPerSecond: 0, seconds: 0, losses: emptySeries(), gradNorms: emptySeries(), metrics: {},
    evaluating: null, trace: null, traceStep: 0, head: 0, view: 0, note: null, error: null, saved: [], slow: false, written: null,
  };
}

/** Whether a run is in progress (started and not yet ended). */
export const isActive = (s: TrainingState) => s.status === 'starting' || s.status === 'running' || s.status === 'paused' || s.status === 'stopping';

export function trainingReducer(state: TrainingState, action: TrainingAction): TrainingState {
  switch (action.type) {
    case 'select':
      if (state.status !== 'picking' || state.tasks.length === 0) return state;
      return { ...state, selected: (state.selected + action.by + state.tasks.length) % state.tasks.length };
    case 'start': {
      const fresh = initialTraining(state.tasks, Math.max(0, state.tasks.indexOf(action.task)));
      return { ...fresh, status: 'starting', task: action.task, metric: action.metric, metricInfo: action.metrics, vocabulary: action.vocabulary ?? null, head: state.task === action.task ? state.head : 0, view: state.view, saved: state.saved, slow: state.slow };
    }
    case 'events':
      return applyEvents(state, action.events);
    case 'written':
      return { ...state, written: { ...action.sample, step: action.step } };
    case 'paused':
      return state.status === 'running' ? { ...state, status: 'paused', note: null } : state;
    case 'resumed':
      return state.status === 'paused' ? { ...state, status: 'running', note: null } : state;
    case 'stopping':
      return isActive(state) ? { ...state, status: 'stopping' } : state;
    case 'saved':
      return { ...state, note: `saved ${action.path}`, saved: state.saved.includes(action.path) ? state.saved : [...state.saved, action.path] };
    case 'failed':
      return { ...state, status: 'failed', error: action.message };
    case 'note':
      return { ...state, note: action.text };
    case 'head': {
      const n = state.trace?.attention.length ?? 0;
      return n === 0 ? state : { ...state, head: (state.head + action.by + n) % n };
    }
    case 'view':
      return action.count <= 1 ? state : { ...state, view: (state.view + action.by + action.count) % action.count };
    case 'pick':
      return isActive(state) ? state : { ...state, status: 'picking', note: null, error: null };
    case 'slow':
      return { ...state, slow: !state.slow, note: state.slow ? 'full speed' : 'slow motion: about 20 seconds a run, to watch the model learn (w: full speed)' };
  }
}

/** Folds a frame's worth of trainer events into the state. */
function applyEvents(state: TrainingState, events: readonly TrainEvent[]): TrainingState {
  if (events.length === 0) return state;
  const s: TrainingState = { ...state };
  const losses: Point[] = [];
  const norms: Point[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'start':
        Object.assign(s, {
          status: s.status === 'paused' || s.status === 'stopping' ? s.status : 'running',
          task: e.task, seed: e.seed, parameters: e.parameters, config: e.config, firstStep: e.step, step: e.step, totalSteps: e.totalSteps,
        });
        break;
      case 'step':
        s.step = e.step;
        s.totalSteps = e.totalSteps;
        s.loss = e.loss;
        s.lr = e.lr;
        s.gradNorm = e.gradNorm;
        s.stepsPerSecond = e.stepsPerSecond;
        s.seconds = e.seconds;
        losses.push({ step: e.step, value: e.loss });
        norms.push({ step: e.step, value: e.gradNorm });
        if (e.trace) {
          s.trace = e.trace;
          s.traceStep = e.step;
        }
        break;
      case 'evalStart':
        s.evaluating = 0;
        break;
      case 'evalProgress':
        s.evaluating = e.done;
        break;
      case 'eval':
        s.metrics = { ...e.metrics };
        s.evaluating = null;
        break;
      case 'end':
        s.evaluating = null;
        s.status = e.result.reason === 'done' ? 'done' : 'stopped';
        s.step = e.result.steps;
        s.seconds = e.result.seconds;
        s.metrics = { ...e.result.metrics };
        break;
    }
  }
  s.losses = pushValues(s.losses, losses);
  s.gradNorms = pushValues(s.gradNorms, norms);
  if (s.trace && s.head >= s.trace.attention.length) s.head = 0;
  return s;
}

/** Fraction of the run done, in [0, 1]. */
export function progressOf(s: TrainingState): number {
  return s.totalSteps > 0 ? Math.min(1, s.step / s.totalSteps) : 0;
}

/** Seconds left at the current speed; NaN before the speed is known. */
export function etaOf(s: TrainingState): number {
  if (!(s.stepsPerSecond > 0)) return Number.NaN;
  return Math.max(0, (s.totalSteps - s.step) / s.stepsPerSecond);
}

/** The headline metric as the task labels it: `label`, and the value as text once evaluated. */
export interface MetricLine {
  name: string;
  label: string;
  /** The latest value, or null before the first evaluation. */
  value: number | null;
  /** The value as the task writes it, e.g. `97.3%`; null before the first evaluation. */
  text: string | null;
  /** The target as the task writes it, with its direction, e.g. `≥ 95%`. */
  target: string | null;
  reached: boolean;
}

/** The task's headline metric now, labelled and written as the task says, and whether it has reached the task's target. */
export function metricOf(s: TrainingState): MetricLine | null {
  if (!s.metric) return null;
  const task = { metrics: s.metricInfo };
  const { name, target, higherIsBetter } = s.metric;
  const value = s.metrics[name] ?? null;
  const reached = value !== null && target !== undefined && (higherIsBetter ? value >= target : value <= target);
  return {
    name, label: metricInfo(task, name).label, value, text: value === null ? null : formatMetric(task, name, value),
    target: target === undefined ? null : `${higherIsBetter ? '≥' : '≤'} ${formatMetric(task, name, target)}`, reached,
  };
}
