import { join } from 'node:path';
import { AttnError, encodeSafetensors, noGrad, Rng, saveModel, tensorRows, type Module } from '@attn/core';
import { progress, train, type Checkpoint, type Example, type TrainerPlugin, type StepEvent, type Task, type WrittenSample } from '@attn/train';
import { describeFocus, summarizeFocus } from '@attn/heads';
import { checkpoints, loadCheckpoint, writeFileAtomic } from '@attn/train/node';
import { attnCommand, prepareOut, UsageError, type ParsedArgs } from '../args.js';
import { transformerModel, type ModelSize, type taskRegistry } from '../plugins.js';
import { TEXT_FLAGS, taskName, textTaskFor } from '../text-task.js';
import { num, wrap } from '../tutorial/render-text.js';
import { metricText } from '../metric-text.js';

export const TRAIN_FLAGS = {
  task: 'string', steps: 'integer', seed: 'integer', lr: 'number', 'batch-size': 'integer',
  out: 'string', resume: 'string', json: 'flag', every: 'integer', d: 'integer', heads: 'integer', layers: 'integer', plain: 'flag',
  ...TEXT_FLAGS,
} as const;

export const TRAIN_HELP = `attn train — train a model on a task and report how well it learned

Usage:
  attn [--plugin FILE]… train --task NAME [--steps N] [--seed S] [--lr X]
       [--batch-size B] [--d N] [--heads H] [--layers L] [--every N]
       [--out DIR] [--resume FILE] [--json] [--plain]
  attn train --text [FILE] [--tokenizer char|bpe] [--vocab-size V] [--context T] …

In a terminal this opens the live training dashboard (progress, loss curve, attention
of the task's probe input; space pauses, x stops, c saves a checkpoint). Otherwise
(piped, CI, --json, --plain) it prints progress lines and a report.

Options:
  --task        which task (see: attn tasks); taken from the checkpoint with --resume
  --steps       optimizer steps in total (default: the task's)
  --seed        seed of the model's initialization and of the data (default 0)
  --lr          learning rate (default: the task's)
  --batch-size  examples per step (default: the task's)
  --d           model width: d of add-two's and sum-n's model, dModel of the
                transformer tasks (default: the task's)
  --heads       attention heads of the transformer tasks (default: the task's)
  --layers      transformer blocks of the transformer tasks (default: the task's)
  --text [FILE] train a small GPT to predict the next token of a UTF-8 text file
                (the text task); without FILE, of attn's own documentation (as
                does --task text). Reports validation loss and perplexity on the
                file's last 10%
  --tokenizer   char (one token per character, the default) or bpe (byte-level
                BPE trained on the text); a checkpoint keeps its tokenizer
  --vocab-size  the bpe tokenizer's vocabulary: 256 bytes plus merges (default 512)
  --context     tokens the model sees at once (default 32)
  --every       print progress every N steps (default: about 10 lines)
  --out DIR     save DIR/last.ckpt (the whole training state, also during training)
                and DIR/model.safetensors (the weights, readable by PyTorch, and
                the model's class and options, so loadModel rebuilds it)
  --resume FILE continue a run from a checkpoint written with --out: the model
                and the seed come from it (flags that contradict them are refused)
  --json        print exactly one JSON object: task, seed, steps, seconds, finalLoss,
                metrics and examples (use 'pnpm -s attn …' to keep pnpm's banner out)
  --plain       print text even in a terminal`;

const positive = (name: string, v: number | undefined) => {
  if (v !== undefined && !(v > 0)) throw new UsageError(`--${name} must be positive, got ${v}`);
  return v;
};


/** A one-line progress bar for terminals, redrawn at most every 100 ms. */
function progressBar(write: (s: string) => void): TrainerPlugin {
  let last = 0;
  return {
    name: 'progress-bar',
    onStepEnd(e: StepEvent) {
      const now = Date.now();
      if (now - last < 100 && e.step !== e.totalSteps) return;
      last = now;
      const width = 24;
      const done = Math.round((width * e.step) / e.totalSteps);
      const eta = e.stepsPerSecond > 0 ? (e.totalSteps - e.step) / e.stepsPerSecond : 0;
      write(`\r[${'█'.repeat(done)}${'·'.repeat(width - done)}] ${e.step}/${e.totalSteps}  loss ${num(e.loss)}  ${Math.round(e.stepsPerSecond)} steps/s  eta ${eta.toFixed(1)}s\x1b[K`);
      if (e.step === e.totalSteps) write('\n');
    },
  };
}

/** The model size flags, checked to be positive. */
export function sizeFlags(args: ParsedArgs): ModelSize {
  const size: ModelSize = {};
  for (const k of ['d', 'heads', 'layers'] as const) {
    const v = args.flags[k] as number | undefined;
    if (v === undefined) continue;
    if (!(v >= 1 && v <= 1024)) throw new UsageError(`--${k} must be between 1 and 1024, got ${v}`);
    size[k] = v;
  }
  return size;
}

/** Builds the task's model once when size flags are given, so that a size that cannot work is a usage error. */
export function checkSize(task: Task<any, any>, size: ModelSize): void {
  const flags = Object.keys(size);
  if (flags.length === 0) return;
  try {
    task.createModel(new Rng(0));
  } catch (e) {
    throw new UsageError(`${flags.map((f) => `--${f}`).join(', ')}: ${(e as Error).message}`);
  }
}

/**
 * A resumed run takes its model and seed from the checkpoint: a flag that says otherwise is a
 * usage error naming each, e.g. `the checkpoint's model has heads 2, but --heads 4 was given`.
 */
function refuseContradictions(resume: Checkpoint, size: ModelSize, seed: number | undefined): void {
  const problems: string[] = [];
  const options = resume.modelConfig?.options ?? {};
  for (const [flag, value] of Object.entries(size)) {
    // --d is the width: `d` of the tutorial model, `dModel` of a transformer
    const key = flag === 'd' && !Object.hasOwn(options, 'd') ? 'dModel' : flag;
    if (options[key] !== value) problems.push(`the checkpoint's model has ${key} ${options[key] ?? 'unset'}, but --${flag} ${value} was given`);
  }
  if (seed !== undefined && seed !== resume.seed) problems.push(`the checkpoint's run has seed ${resume.seed}, but --seed ${seed} was given`);
  if (problems.length) throw new UsageError(`--resume: ${problems.join('; ')}`);
}

/** The weights of the trained model, with its class and options when it records them (see `loadModel`). */
function weightsFile(model: Module, task: string): Uint8Array {
  const metadata = { task, format: 'pt' };
  try {
    model.modelConfig();
  } catch (e) {
    if (!(e instanceof AttnError)) throw e;
    return encodeSafetensors(model.stateDict(), { metadata }); // a plugin's custom module: weights only
  }
  return saveModel(model, { metadata });
}

/** The run's settings from the train flags, checked before any training time is spent. */
export function trainFlags(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>, options: { needTask: boolean } = { needTask: true }) {
  const f = args.flags;
  let resume: Checkpoint | undefined;
  if (f.resume !== undefined) {
    try {
      resume = loadCheckpoint(f.resume as string);
    } catch (e) {
      throw new UsageError(`--resume: ${(e as Error).message.replace(/^loadCheckpoint: /, '')}`);
    }
  }
  const name = taskName(args, resume?.task);
  const size = sizeFlags(args);
  if (name === undefined) {
    if (options.needTask) throw new UsageError(`train needs --task NAME (one of: ${[...registry.keys()].join(', ')})`);
  } else if (!registry.has(name)) {
    throw new UsageError(`unknown task '${name}' (one of: ${[...registry.keys()].join(', ')})`);
  }
  if (resume && resume.task !== name) throw new UsageError(`--resume: the checkpoint is for task '${resume.task}', not '${name}'`);
  if (resume) refuseContradictions(resume, size, f.seed as number | undefined);
  const task: Task<any, any> | undefined = name === undefined ? undefined : name === 'text' ? textTaskFor(args, transformerModel(size), resume) : registry.get(name)!.task(size);
  if (task) checkSize(task, size);
  const out = f.out as string | undefined;
  if (out !== undefined) prepareOut(out);
  const steps = f.steps as number | undefined; // its range is checked with the other flags
  if (resume && steps !== undefined && steps <= resume.step) throw new UsageError(`--steps ${steps} is not beyond the checkpoint's step ${resume.step}`);
  const batchSize = f['batch-size'] as number | undefined;
  if (task) warnIfLong(task, steps ?? resume?.config.steps ?? task.defaults.steps, batchSize ?? resume?.config.batchSize ?? task.defaults.batchSize, resume?.step ?? 0);
  return {
    name, task, resume, out, steps, size, seed: f.seed as number | undefined, lr: positive('lr', f.lr as number | undefined), batchSize,
  };
}

/** Runs longer than this get a warning before they start. */
const LONG_RUN_SECONDS = 10 * 60;

/**
 * Times a training step of the task's model (a throwaway one) and warns on stderr when the
 * run would take longer than ten minutes, with the estimate of its time and of the memory its
 * parameters, gradients and optimizer state take.
 */
function warnIfLong(task: Task<any, any>, steps: number, batchSize: number, done: number): void {
  const model = task.createModel(new Rng(0));
  const batch = task.sample(new Rng(0), batchSize);
  // the fastest of three steps: the first includes the engine's warm-up
  let perStep = Infinity;
  for (let i = 0; i < 3 && perStep * steps > LONG_RUN_SECONDS; i++) {
    const t0 = performance.now();
    task.loss(model, batch).backward();
    perStep = Math.min(perStep, (performance.now() - t0) / 1000);
  }
  const seconds = perStep * (steps - done);
  if (seconds <= LONG_RUN_SECONDS) return;
  const mb = (model.numParameters() * 8 * 4) / 2 ** 20; // weights, gradients and two optimizer buffers, float64
  const hours = seconds / 3600;
  const time = hours >= 48 ? `${Math.round(hours / 24)} days` : hours >= 1 ? `${hours.toFixed(1)} hours` : `${Math.round(seconds / 60)} minutes`;
  process.stderr.write(`attn: warning: ${(steps - done).toLocaleString('en-US')} steps of ${task.name} at about ${(perStep * 1000).toFixed(1)} ms a step take about ${time}, with ${mb.toFixed(1)} MB for the model and its optimizer (ctrl-c stops; with --out the run can be resumed)\n`);
}

export async function trainCommand(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>, plugins: TrainerPlugin[]): Promise<number> {
  const f = args.flags;
  const { task: maybeTask, resume, out, steps, seed, lr, batchSize } = trainFlags(args, registry);
  const task = maybeTask!;
  const json = f.json === true;
  const write = (s: string) => process.stdout.write(s);
  const views: TrainerPlugin[] = [];
  if (!json) views.push(process.stdout.isTTY ? progressBar(write) : progress({ every: f.every as number | undefined, write: (l) => write(`${l}\n`) }));
  const totalSteps = steps ?? resume?.config.steps ?? task.defaults.steps;
  if (out !== undefined) views.push(checkpoints({ dir: out, every: Math.max(1, Math.round(totalSteps / 10)) }));
  // a model that writes (text) shows what it writes at each evaluation, to watch it learn
  if (!json && task.write) {
    views.push({
      name: 'samples',
      onEvalEnd(e, ctx) {
        write(`writes at step ${e.step}: ${sampleText(task.write!(ctx.model))}\n`);
      },
    });
  }

  // Ctrl-C ends the run after the current step; --out then still holds a checkpoint to resume from.
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const run = train({ task, steps, seed, lr, batchSize, resume, signal: controller.signal, plugins: [...views, ...plugins] });
  let result;
  try {
    result = await run;
  } finally {
    process.off('SIGINT', interrupt);
  }
  const status = result.reason === 'aborted' ? 130 : 0;
  const model = run.model;
  const examples = noGrad(() => task.examples(model));
  const trace = noGrad(() => task.probe?.(model));
  const single = trace && trace.attention.length === 1 ? trace.attention[0] : undefined;
  const saved: string[] = [];
  if (out !== undefined) {
    const weights = join(out, 'model.safetensors');
    writeFileAtomic(weights, weightsFile(model, task.name));
    saved.push(join(out, 'last.ckpt'), weights);
  }
  if (json) {
    const report: Record<string, unknown> = {
      task: task.name, seed: result.seed, steps: result.steps, seconds: result.seconds, finalLoss: result.finalLoss,
      metrics: result.metrics, examples, reason: result.reason,
    };
    if (single && trace) report.attention = { input: trace.input.data, weights: tensorRows(single.weights) };
    if (task.tokenizer) report.tokenizer = { kind: task.tokenizer.kind, vocabSize: task.tokenizer.vocabSize };
    if (task.write) report.written = noGrad(() => task.write!(model));
    if (saved.length) report.files = saved;
    console.log(JSON.stringify(report));
    return status;
  }
  const lines = [
    ...(result.reason === 'aborted' ? [`\ninterrupted after step ${result.steps} of ${totalSteps}${out !== undefined ? `; continue with: ${attnCommand()} train --resume ${join(out, 'last.ckpt')}` : ''}`] : []),
    `${result.reason === 'done' ? 'done' : 'stopped'}: ${result.steps} steps in ${result.seconds.toFixed(2)} s (${Math.round((result.steps - (resume?.step ?? 0)) / Math.max(result.seconds, 1e-9))} steps/s), final loss ${num(result.finalLoss)}`,
    `held-out: ${Object.entries(result.metrics).map(([k, v]) => metricText(task, k, v)).join(', ')}`,
    ...exampleLines(task, examples),
  ];
  if (task.write) lines.push(`writes: ${sampleText(task.write(model))}`);
  if (single && trace) {
    lines.push(`what is the model paying attention to? For the input ${JSON.stringify(trace.input.data)}:`);
    const rows = tensorRows(single.weights);
    lines.push(...wrap(summarizeFocus(rows, trace.input.data), 78, '  '));
    lines.push(...describeFocus(rows, trace.input.data.map((v) => String(v))).map((l) => `  ${l}`));
  }
  if (saved.length) lines.push(`saved: ${saved.join(', ')}`);
  console.log(lines.join('\n'));
  return status;
}

/** A written sample on one line: the prompt and what the model wrote after it, quoted so that newlines show. */
function sampleText(w: WrittenSample): string {
  return `${JSON.stringify(w.prompt)} → ${JSON.stringify(w.text)}`;
}

/** The report's examples: values as they are, or for a text task the held-out text and the model's guess of each next token. */
function exampleLines(task: Task<any, any>, examples: Example[]): string[] {
  const { tokenizer } = task;
  if (!tokenizer) return ['examples:', ...examples.map((e) => `  ${JSON.stringify(e.input)} → ${fmtValue(e.prediction)}   (target ${fmtValue(e.target)})`)];
  const text = (ids: number | number[]) => JSON.stringify(tokenizer.decode(Array.isArray(ids) ? ids : [ids]));
  return [
    `examples (held-out text; the model's guess of each next ${tokenizer.kind === 'char' ? 'character' : 'token'}, given the text before it):`,
    ...examples.flatMap((e) => [`  text   ${text(e.input)}`, `  guess   ${text(e.prediction)}`, `  truth   ${text(e.target)}`]),
  ];
}

function fmtValue(v: number | number[]): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : num(v);
}
