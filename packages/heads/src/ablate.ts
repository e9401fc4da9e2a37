// Causal checks by ablation: how a task's metric changes when heads are knocked out, and patching.
import {
  type HeadOverride, type HeadOverrides, type Module, noGrad, TutorialAttention, Rng, type Tensor, Tensor as TensorClass, type Trace, type Traceable, traceForward,
} from '@attn/core';
import { check, describe } from './errors.js';

/**
 * What {@link headImportance} needs of a task: an `evaluate` that returns metrics and the name of
 * the headline one (every task of `@attn/train` fits). With a `sample(rng, n)` that returns
 * `{ inputs }` (the sequence tasks), the means of mean-ablation default to a batch it draws.
 */
export interface AblationTask<M extends Module = Module> {
  evaluate(model: M): Record<string, number>;
  metric: { name: string; higherIsBetter: boolean };
  sample?(rng: Rng, batchSize: number): unknown;
}

/**
 * How much worse the headline metric must get, relative to its value on the intact model, for
 * ablating a head to count as *important*: 0.1, i.e. 10% (an accuracy of 0.99 falling below
 * 0.891, an error of 0.002 rising above 0.0022). Absolute when the intact value is 0.
 *
 * @example
 * ```ts
 * IMPORTANCE_THRESHOLD; // 0.1
 * ```
 */
export const IMPORTANCE_THRESHOLD = 0.1;

/** The task's metrics under one ablation (or on the intact model). */
export interface AblatedMetrics {
  /** The headline metric (`task.metric.name`). */
  metric: number;
  /** The loss: the metric named by the `loss` option (`testLoss` by default), null when the task reports none. */
  loss: number | null;
  /** Every metric `task.evaluate` returned. */
  metrics: Record<string, number>;
  /** How much worse the headline metric got, relative to the intact model (negative: better). */
  harm: number;
}

/** One head (or a whole layer's attention) knocked out, two ways. */
export interface HeadAblation {
  /** The attention module, in call order (as in {@link headMetrics}). */
  layer: number;
  /** The head within the module; null for the whole layer (every head at once). */
  head: number | null;
  /** Where the module sits in the model, e.g. `blocks.1.self_attn`. */
  module: string;
  /** Zero-ablation: the head's attended values set to 0. */
  zero: AblatedMetrics;
  /** Mean-ablation: the head's attended values replaced by their mean over the batch at each position. */
  mean: AblatedMetrics;
  /** The larger harm of the two. */
  harm: number;
  /** True when {@link HeadAblation.harm} reaches the threshold ({@link IMPORTANCE_THRESHOLD} by default). */
  important: boolean;
}

/** What {@link headImportance} measured. */
export interface HeadImportance {
  /** The task's headline metric. */
  metric: { name: string; higherIsBetter: boolean };
  /** The threshold `important` was decided with. */
  threshold: number;
  /** The intact model (its harm is 0). */
  baseline: AblatedMetrics;
  /** Every head, in the trace's order (layer, then head). */
  heads: HeadAblation[];
  /** Every layer's whole attention (`head: null`). */
  layers: HeadAblation[];
  /** The heads from most to least harmful to ablate. */
  ranked: HeadAblation[];
}

/** Options of {@link headImportance}. */
export interface HeadImportanceOptions {
  /**
   * Inputs the means of mean-ablation are taken over (what the model takes, e.g. tokens
   * `[batch, T]`, T as long as any input the task feeds). By default 64 examples drawn with
   * `task.sample(new Rng(seed), 64)` when it returns `{ inputs }`.
   */
  inputs?: Tensor;
  /** Seed of the default inputs; 0 by default. */
  seed?: number;
  /** The metric reported as `loss`; `testLoss` by default. */
  loss?: string;
  /** Relative worsening from which a head counts as important; {@link IMPORTANCE_THRESHOLD} by default. */
  threshold?: number;
}

/** An attention module whose heads can be knocked out: `MultiHeadAttention`, and `TutorialAttention` (one head). */
export type AblatableAttention = Module & { headOverride: HeadOverrides | null };

const ablatable = (m: Module): m is AblatableAttention => 'headOverride' in m;

/**
 * Gives `model` back with every head intact: sets the `headOverride` of each of its attention
 * modules that has one (`MultiHeadAttention`, `TutorialAttention`) to `null`. Returns how many
 * modules it cleared.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 6, maxLen: 4, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
 * clearHeadOverrides(model); // 2
 * ```
 */
export function clearHeadOverrides(model: Module): number {
  check(model !== null && typeof model === 'object' && typeof model.namedModules === 'function', 'ARGUMENT',
    () => `clearHeadOverrides: model must be a Module of @attn/core, got ${describe(model)}`);
  let cleared = 0;
  for (const [, m] of model.namedModules()) {
    if (!ablatable(m)) continue;
    m.headOverride = null;
    cleared++;
  }
  return cleared;
}

/** One layer of {@link attentionModules}. */
export interface AttentionModule {
  /** The layer index, as in the trace (attention modules in call order). */
  layer: number;
  /** Where the module sits in the model, e.g. `blocks.1.self_attn`. */
  module: string;
  /** The module, whose `headOverride` knocks heads out. */
  attention: AblatableAttention;
  /** Each head's attended values in the trace, `[batch, T, headDim]`. */
  attended: Tensor[];
}

/**
 * The attention modules of `model` that `trace` (a trace of its forward pass) saw, in call order,
 * with each head's attended values: what ablation and patching act on. Every module with a
 * `headOverride` counts — `MultiHeadAttention` and `TutorialAttention`.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 6, maxLen: 4, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
 * const layers = attentionModules(model, traceForward(model, tensor([[1, 2, 3]])).trace);
 * layers.map((l) => `${l.module}: ${l.attended.length} heads`); // ['blocks.0.self_attn: 2 heads', 'blocks.1.self_attn: 2 heads']
 * ```
 */
export function attentionModules(model: Module, trace: Trace): AttentionModule[] {
  check(model !== null && typeof model === 'object' && typeof model.namedModules === 'function', 'ARGUMENT',
    () => `attentionModules: model must be a Module of @attn/core, got ${describe(model)}`);
  check(trace?.format === 'attn.trace' && Array.isArray(trace.attention), 'FORMAT', () => `attentionModules: expected a Trace, got ${describe(trace)}`);
  const byPath = new Map(model.namedModules().filter(([, m]) => ablatable(m)) as [string, AblatableAttention][]);
  const out: AttentionModule[] = [];
  for (const e of trace.attention) {
    const attention = byPath.get(e.module);
    if (!attention) continue;
    if (out.at(-1)?.layer !== e.layer) out.push({ layer: e.layer, module: e.module, attention, attended: [] });
    out[out.length - 1].attended[e.head] = new TensorClass(Float64Array.from(e.attended.data), e.attended.shape);
  }
  return out;
}

/**
 * What mean-ablation puts in place of a head's attended values: their mean over the batch at each
 * position (`[T, headDim]`), or, for `TutorialAttention`, whose attention knows no positions (its
 * answer is the same for every order of the numbers), their mean over the batch and every position
 * (`[headDim]`), which also serves inputs longer than the batch's.
 *
 * @example
 * ```ts
 * const model = new TutorialAttention({ seed: 0 });
 * const [layer] = attentionModules(model, traceForward(model, tensor([[3, 5], [1, 2]])).trace);
 * headMean(layer, 0).shape; // [4]
 * ```
 */
export function headMean(layer: AttentionModule, head: number): Tensor {
  check(layer !== null && typeof layer === 'object' && Array.isArray(layer.attended), 'ARGUMENT',
    () => `headMean: layer must be one of attentionModules(model, trace), got ${describe(layer)}`);
  const a = layer.attended[head];
  check(a instanceof TensorClass, 'RANGE', () => `headMean: no head ${describe(head)} in layer ${layer.layer}, got ${layer.attended.length} heads`);
  return layer.attention instanceof TutorialAttention ? a.mean([0, 1]) : a.mean(0);
}

/** {@link attentionModules}, which ablation needs at least one of. */
function attentionLayers(model: Module, trace: Trace): AttentionModule[] {
  const out = attentionModules(model, trace);
  check(out.length > 0, 'ARGUMENT', () => `ablation: the model has no attention with headOverride (MultiHeadAttention, TutorialAttention) that its forward pass calls, got ${trace.model}`);
  return out;
}

/** Runs `fn` with `model` in eval mode and restores its mode and every override afterwards. */
function withRestored<T>(op: string, model: Module, fn: () => T): T {
  check(model !== null && typeof model === 'object' && typeof model.namedModules === 'function' && typeof (model as Partial<Traceable>).forward === 'function', 'ARGUMENT',
    () => `${op}: model must be a Module of @attn/core with forward(), got ${describe(model)}`);
  const training = model.namedModules().map(([, m]) => [m, m.training] as const);
  const overrides = model.namedModules().flatMap(([, m]) => (ablatable(m) ? [[m, m.headOverride] as const] : []));
  model.eval();
  try {
    return noGrad(fn);
  } finally {
    for (const [m, t] of training) m.training = t;
    for (const [m, o] of overrides) m.headOverride = o;
  }
}

function defaultInputs(task: AblationTask, seed: number): Tensor {
  const batch = typeof task.sample === 'function' ? (task.sample(new Rng(seed), 64) as { inputs?: unknown } | null) : null;
  check(batch?.inputs instanceof TensorClass, 'ARGUMENT',
    () => `headImportance: mean-ablation needs inputs to take the means over: pass { inputs }, got a task whose sample() ${typeof task.sample === 'function' ? 'returns no { inputs } tensor' : 'is missing'}`);
  return batch.inputs;
}

/**
 * Knocks out every head of `model`, one at a time, and every layer's whole attention, and measures
 * the task's headline metric and loss each time (`task.evaluate(model)` without gradients, the
 * model in eval mode): zero-ablation sets the head's attended values (weights·V, before the heads
 * merge) to 0; mean-ablation replaces them by their mean over `inputs` at each position (so the
 * head keeps its average, position-dependent contribution and loses what depends on the input).
 * A head is important when either ablation makes the metric worse by at least the threshold
 * ({@link IMPORTANCE_THRESHOLD}, relative). The model is left as it was. The heads are those of
 * its attention modules with a `headOverride`: `MultiHeadAttention` (the blocks of
 * `TransformerEncoderLayer` and `DecoderOnly`) and `TutorialAttention`, whose one attention is head 0.
 *
 * @example
 * ```ts
 * const task = sort({ length: 4 });
 * const run = train({ task, seed: 0 });
 * await run;
 * const importance = headImportance(run.model, task);
 * importance.baseline.metric; // the held-out accuracy of the intact model, 0.998
 * importance.layers[0].important; // true
 * importance.ranked[0].head; // the head it can least do without
 * ```
 */
export function headImportance<M extends Module & Traceable>(model: M, task: AblationTask<M>, options: HeadImportanceOptions = {}): HeadImportance {
  check(task !== null && typeof task === 'object' && typeof task.evaluate === 'function' && typeof task.metric?.name === 'string', 'ARGUMENT',
    () => `headImportance: task must have evaluate(model) and metric { name, higherIsBetter }, got ${describe(task)}`);
  const { seed = 0, loss = 'testLoss', threshold = IMPORTANCE_THRESHOLD } = options ?? {};
  check(typeof threshold === 'number' && threshold >= 0, 'RANGE', () => `headImportance: threshold must be a number ≥ 0, got ${describe(threshold)}`);
  const { name, higherIsBetter } = task.metric;
  return withRestored('headImportance', model, () => {
    const inputs = options.inputs ?? defaultInputs(task as AblationTask, seed);
    const layers = attentionLayers(model, traceForward(model, inputs).trace);
    const measure = (base: number | null): AblatedMetrics => {
      const metrics = task.evaluate(model);
      const metric = metrics[name];
      check(typeof metric === 'number', 'ARGUMENT', () => `headImportance: task.evaluate returned no metric ${describe(name)}, got ${describe(Object.keys(metrics))}`);
      const worse = base === null ? 0 : higherIsBetter ? base - metric : metric - base;
      return { metric, loss: typeof metrics[loss] === 'number' ? metrics[loss] : null, metrics, harm: base ? worse / Math.abs(base) : worse };
    };
    const baseline = measure(null);
    const ablate = (l: (typeof layers)[number], heads: number[]): HeadAblation => {
      const run = (value: (h: number) => HeadOverride) => {
        // overrides the caller had set stay on the other heads, as in the baseline
        const before = l.attention.headOverride;
        l.attention.headOverride = { ...before, ...Object.fromEntries(heads.map((h) => [h, value(h)])) };
        try {
          return measure(baseline.metric);
        } finally {
          l.attention.headOverride = before;
        }
      };
      const zero = run(() => 'zero');
      const mean = run((h) => headMean(l, h));
      const harm = Math.max(zero.harm, mean.harm);
      return { layer: l.layer, head: heads.length === 1 ? heads[0] : null, module: l.module, zero, mean, harm, important: harm >= threshold };
    };
    const heads = layers.flatMap((l) => l.attended.map((_, h) => ablate(l, [h])));
    const whole = layers.map((l) => ablate(l, l.attended.map((_, h) => h)));
    return { metric: { name, higherIsBetter }, threshold, baseline, heads, layers: whole, ranked: [...heads].sort((a, b) => b.harm - a.harm) };
  });
}

/** What {@link patchHead} found. */
export interface HeadPatch {
  /** The model's output on `toInput`, intact. */
  clean: Tensor;
  /** The output on `toInput` with the head's attended values taken from the run on `fromInput`. */
  patched: Tensor;
  /** The model's output on `fromInput`. */
  source: Tensor;
  /** How far patching moved the output: the Euclidean norm of `patched − clean`. */
  change: number;
  /** How far apart the two inputs' outputs are: the norm of `source − clean`. */
  total: number;
  /**
   * The share of the move from `clean` to `source` that the head carries: the projection
   * ⟨patched − clean, source − clean⟩ / ‖source − clean‖², 1 when patching the head alone gives the
   * other input's output; null when the two outputs are equal.
   */
  recovered: number | null;
}

/**
 * Activation patching: runs `model` on `toInput` with one head's attended values (weights·V,
 * before the heads merge) replaced by those it computed on `fromInput`, and says how the output
 * changes. `head` is `{ layer, head }` with the layer counted as in {@link headMetrics} (attention
 * modules in call order). The two inputs must have the same batch size, and `fromInput` at least
 * as many positions. Runs without gradients, in eval mode; the model is left as it was.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 16, heads: 2, layers: 2, seed: 0 });
 * const p = patchHead(model, { layer: 1, head: 0 }, tensor([[1, 2, 3, 4]]), tensor([[5, 6, 7, 8]]));
 * p.patched.shape; // [1, 4, 10]
 * p.change > 0; // true
 * ```
 */
export function patchHead(model: Module & Traceable, head: { layer: number; head: number }, fromInput: Tensor, toInput: Tensor): HeadPatch {
  check(head !== null && typeof head === 'object' && Number.isInteger(head.layer) && Number.isInteger(head.head), 'ARGUMENT',
    () => `patchHead: head must be { layer, head } integers, got ${describe(head)}`);
  return withRestored('patchHead', model, () => {
    const from = traceForward(model, fromInput);
    const layers = attentionLayers(model, from.trace);
    const l = layers.find((x) => x.layer === head.layer);
    check(l !== undefined && head.head >= 0 && head.head < l.attended.length, 'RANGE',
      () => `patchHead: no head ${head.layer}.${head.head}, got layers ${layers.map((x) => x.layer).join(', ')} of ${layers[0].attended.length} heads`);
    const clean = model.forward(toInput);
    l.attention.headOverride = { [head.head]: l.attended[head.head] };
    const patched = model.forward(toInput);
    const moved = patched.sub(clean);
    const apart = from.output.sub(clean);
    const change = Math.sqrt(moved.pow(2).sum().item());
    const total = Math.sqrt(apart.pow(2).sum().item());
    const recovered = total === 0 ? null : moved.mul(apart).sum().item() / total ** 2;
    return { clean, patched, source: from.output, change, total, recovered };
  });
}
