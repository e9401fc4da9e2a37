import { existsSync } from 'node:fs';
import type { Module } from '@attn/core';
import { decodeModelLink, MODEL_LINK_PREFIX, train } from '@attn/train';
import { loadCheckpoint, readRegularFile } from '@attn/train/node';
import { UsageError, type ParsedArgs } from '../args.js';
import { transformerModel, type taskRegistry } from '../plugins.js';
import { taskName, textTaskFor } from '../text-task.js';
import { renderTable } from '../tutorial/render-text.js';
import { modelFromCheckpoint, playgroundTask, runPlayground, type SavedModel } from '../ui/session/playground.js';
import { readInput } from '../ui/state/parse-input.js';
import type { PlaygroundTask } from '../ui/state/playground.js';
import { checkSize, sizeFlags } from './train.js';
import { headline, metricText } from '../metric-text.js';

export const PLAYGROUND_FLAGS = {
  task: 'string', input: 'string', checkpoint: 'string', seed: 'integer', d: 'integer', heads: 'integer', layers: 'integer',
  json: 'flag', plain: 'flag',
} as const;

export const PLAYGROUND_HELP = `attn playground — a trained model's answer and attention for your own input

Usage:
  attn [--plugin FILE]… playground [--task NAME] [--input "2 7"] [--checkpoint FILE]
       [--seed S] [--d N] [--heads H] [--layers L] [--json] [--plain]

In a terminal this opens the interactive playground: type numbers (or digits, for
the transformer tasks) and watch the answer and every layer's and head's attention.
Otherwise (piped, CI, --json, --plain) it answers --input once and prints the
attention weights.

Options:
  --task        which task's model (default add-two; see: attn tasks)
  --input       the input, as the task reads it (see the playground's hint): numbers
                for add-two ("2 7"), digits for sort ("3 1 4 1 5"); default: an example
  --checkpoint  use the model of a checkpoint written by attn train --out;
                without it the task is trained first (seconds)
  --seed        seed of that training run (default 0)
  --d, --heads, --layers   model size (see: attn train --help)
  --json        print one JSON object: task, input, answer, expected, attention
  --plain       print text even in a terminal`;

/**
 * The model a link holds (`attn open`): `what` is the link (the whole URL or its fragment) or a
 * file that holds one. A text that is neither, or a bad link, is a usage error saying why.
 */
export function readLink(what: string): { label: string; saved: SavedModel } {
  const inFile = existsSync(what);
  if (!inFile && !what.includes(MODEL_LINK_PREFIX)) {
    throw new UsageError(`open: '${what.length > 60 ? `${what.slice(0, 60)}…` : what}' is neither a model link (a URL ending in #${MODEL_LINK_PREFIX}v1.…, or that fragment) nor a file`);
  }
  let text = what;
  if (inFile) {
    try {
      text = new TextDecoder().decode(readRegularFile(what, { op: 'open', maxBytes: 64 << 20 }));
    } catch (e) {
      throw new UsageError((e as Error).message); // 'open: cannot read FILE: …'
    }
  }
  try {
    return { label: inFile ? `link in ${what}` : 'link', saved: decodeModelLink(text) };
  } catch (e) {
    throw new UsageError(`open: ${inFile ? `${what}: ` : ''}${(e as Error).message.replace(/^decodeModelLink: /, '')}`);
  }
}

/**
 * A trained model's flags, checked: the task (sized by --d, --heads, --layers), a checkpoint
 * (or, for `attn open`, the link given), the seed.
 */
export function modelFlags(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>) {
  const f = args.flags;
  let checkpoint: { label: string; saved: SavedModel } | undefined;
  if (f.checkpoint !== undefined) {
    const path = f.checkpoint as string;
    try {
      checkpoint = { label: `checkpoint ${path}`, saved: loadCheckpoint(path) };
    } catch (e) {
      throw new UsageError(`--checkpoint: ${(e as Error).message.replace(/^loadCheckpoint: /, '')}`);
    }
  }
  if (args.positional[0] !== undefined) checkpoint = readLink(args.positional[0]);
  const name = taskName(args, checkpoint?.saved.task ?? 'add-two')!;
  const entry = registry.get(name);
  if (!entry && checkpoint && f.task === undefined) {
    throw new UsageError(`${checkpoint.label}: its model was trained on task '${name}', which attn does not have (tasks: ${[...registry.keys()].join(', ')}); a plugin's task needs its plugin: attn --plugin FILE …`);
  }
  if (!entry) throw new UsageError(`unknown task '${name}' (one of: ${[...registry.keys()].join(', ')})`);
  if (checkpoint && checkpoint.saved.task !== name) {
    throw new UsageError(`--checkpoint: the checkpoint is for task '${checkpoint.saved.task}', not '${name}'`);
  }
  const size = sizeFlags(args);
  const task = name === 'text' ? textTaskFor(args, transformerModel(size), checkpoint?.saved) : entry.task(size);
  checkSize(task, size);
  return { name, task, checkpoint, seed: (f.seed as number | undefined) ?? 0 };
}

export const OPEN_FLAGS = { input: 'string', json: 'flag', plain: 'flag' } as const;

export const OPEN_HELP = `attn open — a trained model from a link, without training it again

Usage:
  attn [--plugin FILE]… open LINK|FILE [--input "2 7"] [--json] [--plain]

The docs' training widgets copy a link that holds the whole trained model in its
fragment (#model=v1.…; no server keeps it). attn rebuilds that model from it, every
weight bit for bit. LINK is the whole URL or the fragment; FILE a file holding either.
A model of a plugin's task needs its plugin: attn --plugin FILE open LINK.

In a terminal this opens the playground on the model (tab to Inspect to see its
heads). Otherwise (piped, CI, --json, --plain) it prints the model's answer to
--input, its attention weights and its metrics as measured when the link was made.

Options:
  --input  the input, as the task reads it; default: an example
  --json   print one JSON object: task, input, answer, expected, metrics, attention
  --plain  print text even in a terminal`;

/** The playground's settings from its flags, checked: the task, its input spec, a checkpoint (`model`: the model flags, read already). */
export function playgroundFlags(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>, model = modelFlags(args, registry)) {
  const { name, task, checkpoint, seed } = model;
  const f = args.flags;
  const spec: PlaygroundTask = playgroundTask(task);
  if (spec.unsupported) throw new UsageError(`the playground cannot run ${name}: ${spec.unsupported}`);
  const input = f.input as string | undefined;
  const parsed = readInput(spec.input, input ?? spec.example);
  if (!parsed.ok) throw new UsageError(`--input: ${parsed.message}`);
  return { name, task, input, values: parsed.values, warnings: parsed.warnings, checkpoint, seed };
}

export async function playgroundCommand(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>): Promise<number> {
  const { name, task, values, warnings, checkpoint, seed } = playgroundFlags(args, registry);
  let model: Module;
  let source: string;
  // the held-out metrics, when known: measured now, or recorded in the link
  let metrics: Record<string, number> | null = null;
  if (checkpoint) {
    try {
      model = modelFromCheckpoint(task, checkpoint.saved);
    } catch (e) {
      throw new UsageError(`${checkpoint.label}: ${(e as Error).message}`);
    }
    source = `${checkpoint.label} (step ${checkpoint.saved.step})`;
    metrics = checkpoint.saved.metrics ?? null;
  } else {
    const run = train({ task, seed });
    const result = await run;
    model = run.model;
    metrics = result.metrics;
    const metric = headline(task, result.metrics);
    source = `trained now: ${result.steps} steps in ${result.seconds.toFixed(2)} s, seed ${seed}${metric === null ? '' : `, ${metric}`}`;
  }
  const r = runPlayground(task, model, values);
  if (args.flags.json) {
    console.log(JSON.stringify({
      task: name, input: r.input, warnings, answer: r.answer, expected: r.expected, correct: r.correct, model: source, metrics, tokens: r.tokens, attention: r.attention,
    }));
    return 0;
  }
  const lines = [
    `${name}: [${r.input.join(', ')}] → ${r.answer}${r.expected === null ? '' : `   (expected ${r.expected}${r.correct === true ? ', right' : r.correct === false ? ', wrong' : ''})`}`,
    ...(r.note ? [r.note] : []),
    ...warnings.map((w) => `warning: ${w}`),
    `model: ${source}`,
    ...(checkpoint?.saved.metrics ? [`metrics when the link was made: ${Object.entries(checkpoint.saved.metrics).map(([k, v]) => metricText(task, k, v)).join(', ')}`] : []),
  ];
  for (const a of r.attention) {
    lines.push('', `attention weights${r.attention.length > 1 ? `, layer ${a.layer} head ${a.head}` : ''} (rows read, columns are read):`);
    const values = a.weights.map((row, i) => row.map((w, j) => (a.mask && a.mask[i][j] === 0 ? Number.NaN : w)));
    lines.push(...renderTable({ name: '', rows: r.tokens, cols: r.tokens, values }, '  ').map((l) => l.replaceAll('NaN', '  ·')));
  }
  console.log(lines.join('\n'));
  return 0;
}
