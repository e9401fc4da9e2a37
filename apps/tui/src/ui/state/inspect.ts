// The Inspect screen's state: every head of the latest trained model with its role and scores,
// the heads knocked out on the live model and the task's metric with them, and (once measured)
// what knocking out each head does. The session computes the numbers and hands them in.
import type { Trace } from '@attn/core';
import type { MetricInfo, TaskMetric } from '@attn/train';

/** How a head is knocked out: its attended values set to 0, or to their mean over a batch. */
export type AblationMode = 'zero' | 'mean';

/** One head as the grid shows it: where it sits, its role, scores and sentence. */
export interface InspectHead {
  layer: number;
  head: number;
  role: string;
  /** `@attn/heads` scores (null where no query qualifies). */
  scores: {
    entropyFraction: number | null;
    sink: number | null;
    previous: number | null;
    self: number | null;
    duplicate: number | null;
    induction: number | null;
  };
  sentence: string;
}

/** What knocking out one head did to the task's headline metric (from `headImportance`). */
export interface HeadMeasure {
  zero: number;
  mean: number;
  important: boolean;
}

/** The attention of the task's probe input: token labels and one map per layer and head. */
export interface ProbeView {
  tokens: string[];
  maps: { layer: number; head: number; weights: number[][]; mask?: number[][] }[];
  /** The Trace the maps are read from (what `f` saves). */
  trace?: Trace;
}

export type InspectStatus = 'none' | 'loading' | 'ready' | 'failed';

export interface InspectState {
  status: InspectStatus;
  task: string | null;
  /** Where the model came from, e.g. `trained in Train, 400 steps, held-out accuracy 99.7%`. */
  source: string | null;
  metric: TaskMetric | null;
  metricInfo: Record<string, MetricInfo> | undefined;
  /** The headline metric of the intact model. */
  baseline: number | null;
  /** The headline metric with the current ablations, once evaluated; null when none are set. */
  current: number | null;
  heads: InspectHead[];
  selected: number;
  /** Knocked-out heads by `layer.head`. */
  ablations: Record<string, AblationMode>;
  /** Goes up with every change of the ablations: an evaluation of an older set is dropped. */
  version: number;
  /** An evaluation of the current ablations is pending. */
  evaluating: boolean;
  /** Why the model's heads cannot be knocked out (no MultiHeadAttention), or null. */
  noAblation: string | null;
  importance: { status: 'none' | 'measuring' | 'done'; heads: Record<string, HeadMeasure>; threshold: number };
  /** The probe's attention as the model now is (ablations included), and of the intact model. */
  probe: ProbeView | null;
  intactProbe: ProbeView | null;
  /** A one-line note or error for the learner. */
  message: string | null;
}

export type InspectAction =
  | { type: 'none' }
  | { type: 'loading'; task: string; source: string }
  | {
    type: 'loaded'; task: string; source: string; metric: TaskMetric; metricInfo?: Record<string, MetricInfo>; baseline: number;
    heads: InspectHead[]; probe: ProbeView | null; noAblation: string | null;
  }
  | { type: 'failed'; message: string }
  | { type: 'select'; by: number }
  | { type: 'ablate'; mode: AblationMode }
  | { type: 'clear' }
  | { type: 'evaluated'; version: number; metric: number; probe: ProbeView | null }
  | { type: 'measuring' }
  | { type: 'measured'; heads: Record<string, HeadMeasure>; sentences?: Record<string, string>; threshold: number }
  | { type: 'measureFailed'; message: string }
  | { type: 'restored' }
  | { type: 'note'; text: string | null };

/** The key of a head in `ablations` and `importance.heads`: `layer.head`. */
export const headKey = (h: { layer: number; head: number }) => `${h.layer}.${h.head}`;

export function initialInspect(): InspectState {
  return {
    status: 'none', task: null, source: null, metric: null, metricInfo: undefined, baseline: null, current: null, heads: [], selected: 0,
    ablations: {}, version: 0, evaluating: false, noAblation: null, importance: { status: 'none', heads: {}, threshold: 0.1 },
    probe: null, intactProbe: null, message: null,
  };
}

const withAblations = (state: InspectState, ablations: Record<string, AblationMode>): InspectState => ({
  ...state, ablations, version: state.version + 1, evaluating: true, message: null,
});

export function inspectReducer(state: InspectState, action: InspectAction): InspectState {
  switch (action.type) {
    case 'none':
      return { ...initialInspect(), version: state.version + 1 };
    case 'loading':
      return { ...initialInspect(), status: 'loading', task: action.task, source: action.source, version: state.version + 1 };
    case 'loaded':
      return {
        ...initialInspect(), status: 'ready', task: action.task, source: action.source, metric: action.metric, metricInfo: action.metricInfo,
        baseline: action.baseline, heads: action.heads, probe: action.probe, intactProbe: action.probe, noAblation: action.noAblation,
        version: state.version + 1,
      };
    case 'failed':
      return { ...state, status: 'failed', evaluating: false, message: action.message };
    case 'select':
      if (state.heads.length === 0) return state;
      return { ...state, selected: (state.selected + action.by + state.heads.length) % state.heads.length };
    case 'ablate': {
      if (state.status !== 'ready') return state;
      if (state.noAblation) return { ...state, message: `cannot knock out a head: ${state.noAblation}` };
      const key = headKey(state.heads[state.selected]);
      const { [key]: was, ...rest } = state.ablations;
      return withAblations(state, was === action.mode ? rest : { ...rest, [key]: action.mode });
    }
    case 'clear':
      if (Object.keys(state.ablations).length === 0) return state;
      return withAblations(state, {});
    case 'evaluated':
      if (action.version !== state.version) return state;
      return { ...state, evaluating: false, current: Object.keys(state.ablations).length > 0 ? action.metric : null, probe: action.probe };
    case 'measuring':
      if (state.status !== 'ready' || state.importance.status === 'measuring') return state;
      if (state.noAblation) return { ...state, message: `cannot measure importance: ${state.noAblation}` };
      return { ...state, importance: { ...state.importance, status: 'measuring' }, message: null };
    case 'measured':
      if (state.status !== 'ready') return state;
      return {
        ...state, importance: { status: 'done', heads: action.heads, threshold: action.threshold },
        heads: state.heads.map((h) => ({ ...h, sentence: action.sentences?.[headKey(h)] ?? h.sentence })),
      };
    case 'measureFailed':
      return { ...state, importance: { ...state.importance, status: 'none' }, message: `could not measure importance: ${action.message}` };
    case 'restored':
      if (Object.keys(state.ablations).length === 0 && !state.evaluating) return state;
      return { ...state, ablations: {}, current: null, evaluating: false, version: state.version + 1, probe: state.intactProbe };
    case 'note':
      return { ...state, message: action.text };
  }
}

/** The ablated heads in grid order, e.g. `0.0 zeroed, 1.1 mean-ablated`; '' when none. */
export function ablationText(state: InspectState): string {
  return state.heads
    .filter((h) => state.ablations[headKey(h)])
    .map((h) => `${headKey(h)} ${state.ablations[headKey(h)] === 'zero' ? 'zeroed' : 'mean-ablated'}`)
    .join(', ');
}
