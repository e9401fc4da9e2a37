// A trainer plugin that measures every head as a model trains: when each role forms, and when
// induction heads appear (the phase change).
import { type Module, noGrad, type Tensor, type Trace, type Traceable, traceForward } from '@attn/core';
import type { StartEvent, StepEvent, TrainContext, TrainerPlugin, TrainResult } from '@attn/train';
import { check, describe } from './errors.js';
import { type HeadMetrics, headMetrics } from './metrics.js';
import { headRoles, type Role, type RoleThresholds } from './roles.js';

/** Options of {@link headsOverTraining}. */
export interface HeadsOverTrainingOptions {
  /** Measure every this many steps (and before the first step and after the last). */
  every: number;
  /**
   * The model's input for every measurement, fixed over the run: tokens `[batch, T]` for a
   * `DecoderOnly` (e.g. `repeatedTokens(…)`). By default the task's `probeInputs` when it has
   * them (the induction task does: its own sequences, every segment length), else the trace of
   * the task's `probe`.
   */
  inputs?: Tensor;
  /** Overrides of {@link ROLE_THRESHOLDS} for the roles. */
  thresholds?: Partial<RoleThresholds>;
}

/** One measurement: every head's metrics and role after `step` steps. */
export interface HeadsSnapshot {
  /** Steps completed (0: before training). */
  step: number;
  /** One entry per layer and head, in the trace's order. */
  heads: HeadMetrics[];
  /** The role of each head of `heads`, in the same order. */
  roles: Role[];
}

/** When one head's final role formed: see {@link roleFormation}. */
export interface RoleFormation {
  layer: number;
  head: number;
  /** The head's role in the last snapshot. */
  role: Role;
  /** The first step from which the head kept that role to the end. */
  step: number;
}

/** The trainer plugin of {@link headsOverTraining}, with what it recorded. */
export interface HeadsOverTrainingPlugin extends TrainerPlugin {
  /** The snapshots so far, in step order: plain data (`JSON.stringify` keeps all of it). */
  readonly history: HeadsSnapshot[];
  /** {@link roleFormation} of the history. */
  formation(): RoleFormation[];
  /** {@link inductionPhaseChange} of the history. */
  phaseChange(threshold?: number): number | null;
  /** `{ every, history }`, what `JSON.stringify(plugin)` writes. */
  toJSON(): { every: number; history: HeadsSnapshot[] };
}

/**
 * For each head, the moment its role "formed": the head's role in the last snapshot and the first
 * step from which every later snapshot gave it that same role. Works on a recorded history or one
 * read back from JSON.
 *
 * @example
 * ```ts
 * const snap = (step: number, roles: Role[]) => ({ step, heads: roles.map((_, h) => ({ layer: 0, head: h })), roles });
 * const snapshots = [snap(0, ['diffuse', 'diffuse']), snap(10, ['previous-token', 'diffuse']), snap(20, ['previous-token', 'sink'])];
 * roleFormation(snapshots as HeadsSnapshot[]).map((f) => `${f.role}@${f.step}`); // ['previous-token@10', 'sink@20']
 * ```
 */
export function roleFormation(history: readonly HeadsSnapshot[]): RoleFormation[] {
  checkHistory('roleFormation', history);
  if (history.length === 0) return [];
  const last = history[history.length - 1];
  return last.heads.map((h, i) => {
    const role = last.roles[i];
    let k = history.length - 1;
    while (k > 0 && history[k - 1].roles[i] === role) k--;
    return { layer: h.layer, head: h.head, role, step: history[k].step };
  });
}

/**
 * The induction phase change: the first step from which the largest induction score of any
 * head after the first layer stays at or above `threshold` (0.4 by default, the induction role's
 * threshold) to the end of the history; null when it does not end above it. Heads of layer 0 do
 * not count: their keys hold only their own token and position, so a high score there is a head
 * looking a fixed distance back that happens to match the sequences' repeats, not an induction
 * head (which needs an earlier layer to tell each key what preceded it).
 *
 * @example
 * ```ts
 * const snap = (step: number, induction: number) => ({ step, heads: [{ layer: 1, head: 0, induction }], roles: ['content'] });
 * inductionPhaseChange([snap(0, 0.1), snap(50, 0.45), snap(100, 0.3), snap(150, 0.8), snap(200, 0.9)] as HeadsSnapshot[]); // 150
 * ```
 */
export function inductionPhaseChange(history: readonly HeadsSnapshot[], threshold = 0.4): number | null {
  checkHistory('inductionPhaseChange', history);
  check(Number.isFinite(threshold), 'ARGUMENT', () => `inductionPhaseChange: threshold must be a number, got ${describe(threshold)}`);
  const top = (s: HeadsSnapshot) => Math.max(-Infinity, ...s.heads.filter((h) => h.layer > 0).map((h) => h.induction ?? -Infinity));
  let k = history.length;
  while (k > 0 && top(history[k - 1]) >= threshold) k--;
  return k < history.length ? history[k].step : null;
}

function checkHistory(op: string, history: readonly HeadsSnapshot[]): void {
  check(Array.isArray(history) && history.every((s) => s && Array.isArray(s.heads) && Array.isArray(s.roles) && s.roles.length === s.heads.length),
    'ARGUMENT', () => `${op}: history must be an array of { step, heads, roles } with a role per head, got ${describe(history)}`);
}

/** Tokens a task offers for head measurements, read without @attn/train knowing of it. */
function probeInputsOf(task: unknown): Tensor | undefined {
  const inputs = (task as { probeInputs?: Tensor } | null)?.probeInputs;
  return inputs && typeof inputs === 'object' && Array.isArray(inputs.shape) ? inputs : undefined;
}

/**
 * A trainer plugin (for `@attn/train`'s `train({ plugins })`) that records every head's
 * {@link HeadMetrics} and role as the model trains: before the first step, every `every` steps
 * and after the last, on one fixed input. From the history, {@link roleFormation} says when each
 * head's role formed and {@link inductionPhaseChange} when induction heads appeared.
 *
 * @example
 * ```ts
 * const watch = headsOverTraining({ every: 5 });
 * await train({ task: induction(), steps: 10, plugins: [watch] });
 * watch.history.map((s) => s.step); // [0, 5, 10]
 * watch.history[0].heads.length;     // 4
 * ```
 */
export function headsOverTraining(options: HeadsOverTrainingOptions): HeadsOverTrainingPlugin {
  check(options !== null && typeof options === 'object', 'ARGUMENT', () => `headsOverTraining: options must be an object, got ${describe(options)}`);
  const { every, inputs, thresholds } = options;
  check(Number.isInteger(every) && every > 0, 'ARGUMENT', () => `headsOverTraining: every must be a positive integer, got ${describe(every)}`);
  check(inputs === undefined || (typeof inputs === 'object' && inputs !== null && Array.isArray(inputs.shape)), 'ARGUMENT',
    () => `headsOverTraining: inputs must be a Tensor, got ${describe(inputs)}`);
  const history: HeadsSnapshot[] = [];

  const measure = (step: number, ctx: TrainContext) => {
    if (history.length && history[history.length - 1].step === step) return;
    const fixed = inputs ?? probeInputsOf(ctx.task);
    let trace: Trace;
    if (fixed) trace = noGrad(() => traceForward(ctx.model as Module & Traceable, fixed).trace);
    else {
      check(ctx.task.probe, 'ARGUMENT', () => `headsOverTraining: task '${ctx.task.name}' has no probe input: pass { inputs }`);
      trace = noGrad(() => ctx.task.probe!(ctx.model));
    }
    const heads = headMetrics(trace);
    history.push({ step, heads, roles: headRoles(heads, thresholds).map((r) => r.role) });
  };

  return {
    name: 'heads-over-training',
    history,
    onTrainStart: (e: StartEvent, ctx: TrainContext) => measure(e.step, ctx),
    onStepEnd: (e: StepEvent, ctx: TrainContext) => {
      if (e.step % every === 0) measure(e.step, ctx);
    },
    onTrainEnd: (r: TrainResult, ctx: TrainContext) => measure(r.steps, ctx),
    formation: () => roleFormation(history),
    phaseChange: (threshold?: number) => inductionPhaseChange(history, threshold),
    toJSON: () => ({ every, history }),
  };
}
