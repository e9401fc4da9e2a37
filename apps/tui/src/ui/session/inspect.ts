// The Inspect screen's work on a live model: every head measured and named (@attn/heads), heads
// knocked out through their attention's headOverride, the task evaluated again, and the model
// given back as it was. The numbers come from @attn/heads and the task; this module only wires them.
import {
  headWeights, type HeadOverride, type Module, noGrad, Rng, type Tensor, tensorRows, type Traceable,
} from '@attn/core';
import { type AblatableAttention, analyzeHeads, attentionModules, clearHeadOverrides, headImportance, headMean } from '@attn/heads';
import type { Task } from '@attn/train';
import { inspectInputs } from '../../commands/inspect.js';
import { traceTokenLabels, vocabularyLabels } from '../format.js';
import { type AblationMode, headKey, type HeadMeasure, type InspectHead, type ProbeView } from '../state/inspect.js';

/** A model opened for inspection: its task, the batch it is measured on, and its attention modules by layer. */
export interface InspectSession {
  task: Task<any, any>;
  model: Module & Traceable;
  inputs: Tensor;
  /** Each layer's attention whose heads can be knocked out (empty when the model has none). */
  layers: Map<number, AblatableAttention>;
  /** Each head's attended values averaged over `inputs`, `[T, headDim]`, for mean-ablation. */
  means: Map<string, Tensor>;
}

/** What opening a model found: its heads, the intact model's metric and probe, and whether heads can be knocked out. */
export interface InspectOpened {
  session: InspectSession;
  heads: InspectHead[];
  baseline: number;
  probe: ProbeView | null;
  noAblation: string | null;
}

/** Runs `fn` without gradients and with the model in eval mode, then puts its modes back. */
function inEval<T>(model: Module, fn: () => T): T {
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  model.eval();
  try {
    return noGrad(fn);
  } finally {
    for (const [m, t] of modes) m.training = t;
  }
}

/** The attention of the task's probe input, every head (of the first example), or null when the task has no probe. */
export function probeView(task: Task<any, any>, model: Module): ProbeView | null {
  if (typeof task.probe !== 'function') return null;
  const trace = inEval(model, () => task.probe!(model));
  if (trace.attention.length === 0) return null;
  const maps = trace.attention.map((a) => {
    const map: ProbeView['maps'][number] = { layer: a.layer, head: a.head, weights: headWeights(trace, { layer: a.layer, head: a.head }) };
    if (a.mask) map.mask = tensorRows(a.mask);
    return map;
  });
  return { tokens: traceTokenLabels(trace, trace.attention[0].weights.shape[2], task.tokenizer && vocabularyLabels(task.tokenizer)), maps, trace };
}

/** The task's headline metric on the model as it now is (its ablations included). */
export function evaluateMetric(s: Pick<InspectSession, 'task' | 'model'>): number {
  const metrics = inEval(s.model, () => s.task.evaluate(s.model));
  const value = metrics[s.task.metric.name];
  if (typeof value !== 'number') throw new Error(`inspect: ${s.task.name}.evaluate returned no ${s.task.metric.name}, got ${Object.keys(metrics).join(', ')}`);
  return value;
}

/**
 * Measures and names every head of `model` on a batch of the task's inputs, evaluates the intact
 * model and traces its probe. Heads can be knocked out when the model's attention has a
 * `headOverride` (MultiHeadAttention, TutorialAttention); otherwise `noAblation` says why not.
 */
export function openInspect(task: Task<any, any>, model: Module, seed = 0, examples = 64): InspectOpened {
  if (typeof (model as Partial<Traceable>).forward !== 'function') throw new Error('inspect: the model has no forward(), so it cannot be run on inputs');
  const m = model as Module & Traceable;
  clearHeadOverrides(m);
  const inputs = inspectInputs(task, new Rng(seed), examples);
  const analysis = inEval(m, () => analyzeHeads(m, inputs));
  const layers = new Map<number, AblatableAttention>();
  const means = new Map<string, Tensor>();
  for (const l of attentionModules(m, analysis.trace)) {
    layers.set(l.layer, l.attention);
    l.attended.forEach((_, head) => means.set(headKey({ layer: l.layer, head }), headMean(l, head)));
  }
  const heads: InspectHead[] = analysis.heads.map((h) => ({
    layer: h.layer, head: h.head, role: h.role, sentence: h.sentence,
    scores: {
      entropyFraction: h.scores.entropyFraction, sink: h.scores.sink, previous: h.scores.previous,
      self: h.scores.self, duplicate: h.scores.duplicate, induction: h.scores.induction,
    },
  }));
  const noAblation = layers.size > 0 ? null : `its heads cannot be knocked out: ${task.name}'s model (${analysis.trace.model}) has no attention with headOverride`;
  const session: InspectSession = { task, model: m, inputs, layers, means };
  return { session, heads, baseline: evaluateMetric(session), probe: probeView(task, m), noAblation };
}

/** Sets the model's head overrides to `ablations` (`layer.head` → zero or mean), every other head intact. */
export function applyAblations(s: InspectSession, ablations: Readonly<Record<string, AblationMode>>): void {
  for (const [layer, mha] of s.layers) {
    const override: Record<number, HeadOverride> = {};
    for (const [key, mode] of Object.entries(ablations)) {
      const [l, h] = key.split('.').map(Number);
      if (l !== layer) continue;
      const mean = s.means.get(key);
      override[h] = mode === 'zero' || !mean ? 'zero' : mean;
    }
    mha.headOverride = Object.keys(override).length > 0 ? override : null;
  }
}

/** Gives the model back intact: no head overridden. */
export function clearAblations(s: Pick<InspectSession, 'layers'>): void {
  for (const mha of s.layers.values()) mha.headOverride = null;
}

/**
 * Knocks out every head, one at a time (zero and mean), on the intact model (`headImportance` of
 * @attn/heads), and puts the current ablations back afterwards.
 */
export function measureImportance(
  s: InspectSession, ablations: Readonly<Record<string, AblationMode>>,
): { heads: Record<string, HeadMeasure>; sentences: Record<string, string>; threshold: number } {
  clearAblations(s);
  try {
    const importance = headImportance(s.model, s.task, { inputs: s.inputs });
    const heads: Record<string, HeadMeasure> = {};
    for (const a of importance.heads) heads[`${a.layer}.${a.head}`] = { zero: a.zero.metric, mean: a.mean.metric, important: a.important };
    // the sentences again, now saying what knocking each head out does
    const sentences: Record<string, string> = {};
    for (const h of inEval(s.model, () => analyzeHeads(s.model, s.inputs, { importance })).heads) sentences[headKey(h)] = h.sentence;
    return { heads, sentences, threshold: importance.threshold };
  } finally {
    applyAblations(s, ablations);
  }
}
