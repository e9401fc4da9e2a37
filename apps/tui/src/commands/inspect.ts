import { AttnError, Rng, Tensor, type Module, type Traceable, traceForward } from '@attn/core';
import { analyzeHeads, attentionModules, headImportance, IMPORTANCE_THRESHOLD, type HeadAblation, type HeadImportance, type HeadRole } from '@attn/heads';
import { metricInfo, train, type Task } from '@attn/train';
import { UsageError, type ParsedArgs } from '../args.js';
import { headline, metricText } from '../metric-text.js';
import type { taskRegistry } from '../plugins.js';
import { wrap } from '../tutorial/render-text.js';
import { modelFromCheckpoint } from '../ui/session/playground.js';
import { modelFlags } from './playground.js';
import { TEXT_FLAGS } from '../text-task.js';

export const INSPECT_FLAGS = {
  task: 'string', checkpoint: 'string', seed: 'integer', d: 'integer', heads: 'integer', layers: 'integer', examples: 'integer', json: 'flag', plain: 'flag',
  ...TEXT_FLAGS,
} as const;

export const INSPECT_HELP = `attn inspect — what each attention head of a trained model does, measured

Usage:
  attn [--plugin FILE]… inspect [--task NAME] [--checkpoint FILE] [--seed S]
       [--d N] [--heads H] [--layers L] [--examples N] [--json]

Trains the task's model (or loads --checkpoint), runs it on a batch of the task's
inputs and measures every head: entropy, attention to the first token, to the
previous one and to itself, duplicate-token and induction scores. Each head gets a
role from those scores (previous-token, induction, duplicate, sink, self,
positional, content or diffuse) and a sentence saying what it does. Then each head,
and each layer's whole attention, is knocked out (set to zero, or to its mean) and
the task evaluated again: a head is called important when that makes the task's
metric at least ${IMPORTANCE_THRESHOLD * 100}% worse.

Options:
  --task        which task (default add-two; see: attn tasks)
  --checkpoint  inspect the model of a checkpoint written by attn train --out;
                without it the task is trained first (seconds)
  --seed        seed of that training run and of the batch drawn (default 0)
  --d, --heads, --layers   model size (see: attn train --help)
  --examples    how many of the task's inputs to measure on (default 64, at most 1024)
  --json        print one JSON object: the task, its metrics, every head's scores,
                role, sentence and ablation
  --plain       print text (what it does anyway; the app's Inspect screen, key 4,
                shows the same for the model trained there)`;

/**
 * The batch the heads are measured on: the inputs of a sample of the task. A padded batch (one
 * with a `mask`, 0 for padding) keeps its unpadded rows, so no head is measured on padding.
 * The Inspect screen measures on the same batch.
 */
export function inspectInputs(task: Task, rng: Rng, n: number): Tensor {
  const draw = (size: number) => task.sample(rng, size) as { inputs?: Tensor; mask?: Tensor } | null;
  const batch = draw(n);
  if (!batch || typeof batch !== 'object' || !(batch.inputs instanceof Tensor)) {
    throw new UsageError(`inspect: the task '${task.name}' draws no batch with { inputs }, so there is nothing to measure its heads on`);
  }
  if (!(batch.mask instanceof Tensor)) return batch.inputs;
  const { inputs, mask } = draw(n * 8) as { inputs: Tensor; mask: Tensor };
  const [B, T] = mask.shape;
  const rows = Array.from({ length: B }, (_, b) => b).filter((b) => mask.data.subarray(b * T, (b + 1) * T).every((m) => m !== 0)).slice(0, n);
  if (rows.length === 0) throw new UsageError(`inspect: the task '${task.name}' drew no unpadded input of ${T} tokens in ${B} tries`);
  const width = inputs.size / B;
  const data = new Float64Array(rows.length * width);
  rows.forEach((b, i) => data.set(inputs.data.subarray(b * width, (b + 1) * width), i * width));
  return new Tensor(data, [rows.length, ...inputs.shape.slice(1)]);
}

/** The model, which must run forward to be traced (every model of @attn/core does). */
function traceable(model: Module): Module & Traceable {
  if (typeof (model as Partial<Traceable>).forward !== 'function') throw new UsageError('inspect: the model has no forward(), so it cannot be run on inputs');
  return model as Module & Traceable;
}


const fixed = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

export async function inspectCommand(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>): Promise<number> {
  const f = args.flags;
  const examples = (f.examples as number | undefined) ?? 64;
  if (!(Number.isInteger(examples) && examples >= 1 && examples <= 1024)) throw new UsageError(`--examples must be a whole number from 1 to 1024, got ${examples}`);
  const { name, task, checkpoint, seed } = modelFlags(args, registry);
  let model: Module & Traceable;
  let source: string;
  let metrics: Record<string, number>;
  if (checkpoint) {
    try {
      model = traceable(modelFromCheckpoint(task, checkpoint.saved));
    } catch (e) {
      throw new UsageError(`${checkpoint.label}: ${(e as Error).message}`);
    }
    model.eval();
    metrics = task.evaluate(model);
    source = `${checkpoint.label} (step ${checkpoint.saved.step})`;
  } else {
    const run = train({ task, seed });
    const result = await run;
    model = traceable(run.model);
    metrics = result.metrics;
    source = `trained now: ${result.steps} steps in ${result.seconds.toFixed(2)} s, seed ${seed}`;
  }
  model.eval();
  const inputs = inspectInputs(task, new Rng(seed), examples);
  let importance: HeadImportance | null = null;
  let noAblation: string | null = null;
  const traced = traceForward(model, inputs).trace;
  if (attentionModules(model, traced).length > 0) importance = headImportance(model, task, { inputs });
  else noAblation = `its attention (${traced.model}) has no heads to knock out: ablation needs an attention module with headOverride (MultiHeadAttention, TutorialAttention)`;
  let analysis;
  try {
    analysis = analyzeHeads(model, inputs, importance ? { importance } : {});
  } catch (e) {
    if (e instanceof AttnError) throw new UsageError(`inspect: ${name}: ${e.message}`);
    throw e;
  }
  const heads = analysis.heads;
  if (f.json) {
    console.log(JSON.stringify({
      task: name, model: source, metric: task.metric, metrics, examples,
      heads: heads.map((h) => ({ layer: h.layer, head: h.head, role: h.role, sentence: h.sentence, scores: h.scores, ablation: ablationOf(importance, h) })),
      layers: importance?.layers.map((l) => ({ layer: l.layer, module: l.module, zero: l.zero, mean: l.mean, harm: l.harm, important: l.important })) ?? [],
      baseline: importance?.baseline ?? null, threshold: importance?.threshold ?? IMPORTANCE_THRESHOLD, ablation: noAblation,
    }));
    return 0;
  }
  const lines = [
    `attn inspect: ${name}, ${source}`,
    ...wrap(`held-out: ${Object.entries(metrics).map(([k, v]) => metricText(task, k, v)).join(', ')}`, 78),
    `${heads.length} head${heads.length === 1 ? '' : 's'}, measured on ${examples} of the task's inputs:`,
    '',
    `  head  role            entropy  first  prev   self   dup    induct${importance ? '  zero-ablated' : ''}`,
  ];
  for (const h of heads) {
    const s = h.scores;
    const a = ablationOf(importance, h);
    const ablated = a ? `  ${metricText(task, task.metric.name, a.zero.metric)}${a.important ? ' ✱' : ''}` : '';
    lines.push(`  ${`${h.layer}.${h.head}`.padEnd(5)} ${h.role.padEnd(15)} ${fixed(s.entropyFraction).padStart(7)}  ${fixed(s.sink).padStart(5)}  ${fixed(s.previous).padStart(5)}  ${fixed(s.self).padStart(5)}  ${fixed(s.duplicate).padStart(5)}  ${fixed(s.induction).padStart(6)}${ablated}`);
  }
  lines.push('', 'In words:');
  for (const h of heads) lines.push(...wrap(h.sentence, 78, '  '));
  if (importance) {
    const base = headline(task, importance.baseline.metrics) ?? metricText(task, task.metric.name, importance.baseline.metric);
    const label = metricInfo(task, task.metric.name).label;
    lines.push('', ...wrap(`Knocked out (✱ important: ${label} at least ${importance.threshold * 100}% worse), against the intact model's ${base}:`, 78));
    for (const l of importance.layers) {
      lines.push(...wrap(`all of layer ${l.layer}'s attention: zero → ${metricText(task, task.metric.name, l.zero.metric)}, mean → ${metricText(task, task.metric.name, l.mean.metric)}${l.important ? ' ✱' : ''}`, 78, '  '));
    }
    const top = importance.ranked.filter((r) => r.important);
    lines.push(top.length > 0
      ? `  important heads, most first: ${top.map((r) => `${r.layer}.${r.head}`).join(', ')}`
      : '  no single head is important: the model does not depend on any one of them alone');
  } else if (noAblation) {
    lines.push('', ...wrap(`Not knocked out: ${noAblation}.`, 78));
  }
  console.log(lines.join('\n'));
  return 0;
}

/** The ablation of one head, if measured. */
function ablationOf(importance: HeadImportance | null, h: HeadRole): HeadAblation | null {
  return importance?.heads.find((a) => a.layer === h.layer && a.head === h.head) ?? null;
}
