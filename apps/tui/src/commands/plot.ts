import { noGrad, Rng, type Module } from '@attn/core';
import {
  attentionOverTrainingFigure, evalMetricOf, gradNormFigure, headsFigure, lossFigure, lrFigure, plotFigure, stepByStepFigure,
  tutorialPlots, type TraceSnapshot,
} from '@attn/plot';
import { createDocument } from '@attn/plot/node';
import { history, metricInfo, train, type TrainerPlugin, type Task } from '@attn/train';
import { prepareOut, UsageError, type ParsedArgs } from '../args.js';
import { saveFigures } from '../save-figures.js';
import type { taskRegistry } from '../plugins.js';
import { playgroundTask } from '../ui/session/playground.js';
import { readInput } from '../ui/state/parse-input.js';

export const PLOT_FLAGS = {
  task: 'string', input: 'string', a: 'number', b: 'number', train: 'flag', steps: 'integer', seed: 'integer', out: 'string', png: 'flag', trace: 'flag',
} as const;

export const PLOT_HELP = `attn plot — draw every step of attention as figures (SVG, optionally PNG)

Usage:
  attn [--plugin FILE]… plot [--task add-two] [--input "3 5" | --a 3 --b 5]
       [--train [--steps N]] [--seed S] [--out DIR] [--png] [--trace]

Writes the tutorial's six views (input, qkv, scores, weights, attended, output) and
the step-by-step figure for an input of the task into DIR, and prints their paths.
Without --train the model is the task's untrained one for --seed (for add-two, the
weights 'attn tutorial' shows); with --train it is trained first and the training
figures are added: loss, learning rate, gradient norm and attention over training.

Options:
  --task     which task's model (default add-two; see: attn tasks)
  --input    the input, as the task's playground reads it (default: the task's
             first example, its probe input)
  --a, --b   a two-number input, e.g. --a 3 --b 5 (the same as --input "3 5")
  --train    train the model first and also draw the training figures
  --steps    training steps with --train (default: the task's)
  --seed     seed of the initialization and of the training data (default 0)
  --out DIR  where to write the figures (default: plots)
  --png      also write a PNG next to every SVG
  --trace    also write the Trace the figures draw, as step-by-step.trace.json
             (parseTrace of @attn/core reads it back)`;


export async function plotCommand(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>, plugins: TrainerPlugin[]): Promise<number> {
  const f = args.flags;
  const name = (f.task as string | undefined) ?? 'add-two';
  const entry = registry.get(name);
  if (!entry) throw new UsageError(`unknown task '${name}' (one of: ${[...registry.keys()].join(', ')})`);
  if ((f.a === undefined) !== (f.b === undefined)) throw new UsageError('--a and --b go together (or give --input)');
  if (f.a !== undefined && f.input !== undefined) throw new UsageError('give --input or --a/--b, not both');
  if (f.steps !== undefined && !f.train) throw new UsageError('--steps needs --train');
  const seed = (f.seed as number | undefined) ?? 0;
  const out = (f.out as string | undefined) ?? 'plots';
  prepareOut(out);

  const base: Task<any, any> = entry.task();
  const spec = playgroundTask(base);
  if (spec.unsupported) throw new UsageError(`cannot plot ${name}: ${spec.unsupported}`);
  const text = f.a !== undefined ? `${f.a} ${f.b}` : (f.input as string | undefined) ?? spec.example;
  const parsed = readInput(spec.input, text);
  if (!parsed.ok) throw new UsageError(`${f.a !== undefined ? '--a/--b' : '--input'}: ${parsed.message}`);
  for (const w of parsed.warnings) console.error(`warning: ${w}`);
  const answer = (model: Module) => base.answer!(model, parsed.values);
  // the input drawn is also the one traced over training
  const task: Task<any, any> = { ...base, probe: (model) => answer(model).trace };

  let model;
  const snapshots: TraceSnapshot[] = [];
  const h = history();
  if (f.train) {
    const steps = (f.steps as number | undefined) ?? task.defaults.steps;
    const snap: TrainerPlugin = {
      name: 'plot-snapshots',
      onTrainStart: (_e, ctx) => { snapshots.push({ step: 0, trace: noGrad(() => task.probe!(ctx.model)) }); },
      onStepEnd: (e) => { if (e.trace) snapshots.push({ step: e.step, trace: e.trace }); },
    };
    const run = train({ task, steps, seed, traceEvery: Math.max(1, Math.round(steps / 100)), plugins: [h, snap, ...plugins] });
    await run;
    model = run.model;
  } else {
    model = task.createModel(new Rng(seed)); // for add-two, the model 'attn tutorial --seed S' shows
  }
  model.eval();
  const { trace, tokens, target } = noGrad(() => answer(model));
  const expected = typeof target === 'number' ? target : undefined;
  const document = createDocument();
  const view = { document, tokens, expected };

  const figures: [string, Element][] = tutorialPlots(trace, view).map((s) => [s.name, plotFigure(s.plot, view)]);
  figures.push(['step-by-step', stepByStepFigure(trace, view)]);
  if (trace.attention.length > 1) figures.push(['heads', headsFigure(trace, view)]);
  if (f.train) {
    // the eval line named as the task labels that metric ('held-out loss', 'test MSE')
    const evalMetric = evalMetricOf(h);
    const evalLabel = evalMetric === null ? undefined : metricInfo(task, evalMetric).label;
    figures.push(['loss', lossFigure(h, { document, evalMetric, evalLabel })], ['lr', lrFigure(h, { document })], ['grad-norm', gradNormFigure(h, { document })]);
    figures.push(['attention-over-training', attentionOverTrainingFigure(snapshots, { document, tokens, spacing: 'log' })]);
  }
  const written = await saveFigures({ dir: out, figures, png: Boolean(f.png), trace: f.trace ? { name: 'step-by-step', trace } : undefined });
  console.log(written.join('\n'));
  return 0;
}
