import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad, Rng, tensor, traceForward, TutorialAttention, type Trace } from '@attn/core';
import {
  attentionOverTrainingFigure, gradNormFigure, headsFigure, lossFigure, lrFigure, plotFigure, stepByStepFigure,
  tutorialPlots, type TraceSnapshot,
} from '@attn/plot';
import { createDocument, renderToPng, renderToSvg } from '@attn/plot/node';
import { history, train, type Plugin, type Task } from '@attn/train';
import { prepareOut, UsageError, type ParsedArgs } from '../args.js';
import type { taskRegistry } from '../plugins.js';

export const PLOT_FLAGS = {
  task: 'string', a: 'number', b: 'number', train: 'flag', steps: 'integer', seed: 'integer', out: 'string', png: 'flag',
} as const;

export const PLOT_HELP = `attn plot — draw every step of attention as figures (SVG, optionally PNG)

Usage:
  attn [--plugin FILE]… plot [--task add-two] [--a 3 --b 5] [--train [--steps N]]
       [--seed S] [--out DIR] [--png]

Writes the tutorial's six views (input, qkv, scores, weights, attended, output) and
the step-by-step figure for the task's probe input into DIR, and prints their paths.
Without --train the model is untrained (the same weights 'attn tutorial' shows for
add-two); with --train it is trained first and the training figures are added:
loss, learning rate, gradient norm and attention over training.

Options:
  --task     which task's model and probe input (default add-two; see: attn tasks)
  --a, --b   the two numbers of the add-two input (default 3 and 5)
  --train    train the model first and also draw the training figures
  --steps    training steps with --train (default: the task's)
  --seed     seed of the initialization and of the training data (default 0)
  --out DIR  where to write the figures (default: plots)
  --png      also write a PNG next to every SVG`;


/** The probe input's tokens as labels: a sequence task's separator reads `|`. */
function tokensOf(task: Task<any, any>, trace: Trace): string[] | undefined {
  const separator = (task as { separator?: unknown }).separator;
  if (typeof separator !== 'number') return undefined;
  return trace.input.data.slice(0, trace.input.shape[1]).map((t) => (t === separator ? '|' : String(t)));
}

export async function plotCommand(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>, plugins: Plugin[]): Promise<number> {
  const f = args.flags;
  const name = (f.task as string | undefined) ?? 'add-two';
  const entry = registry.get(name);
  if (!entry) throw new UsageError(`unknown task '${name}' (one of: ${[...registry.keys()].join(', ')})`);
  const addTwo = name === 'add-two';
  if (!addTwo && (f.a !== undefined || f.b !== undefined)) throw new UsageError(`--a and --b set the add-two input; task '${name}' has its own probe input`);
  if (f.steps !== undefined && !f.train) throw new UsageError('--steps needs --train');
  const a = (f.a as number | undefined) ?? 3;
  const b = (f.b as number | undefined) ?? 5;
  const seed = (f.seed as number | undefined) ?? 0;
  const out = (f.out as string | undefined) ?? 'plots';
  prepareOut(out);

  let task: Task<any, any> = entry.task();
  if (addTwo) task = { ...task, probe: (model) => traceForward(model, tensor([[a, b]])).trace };
  if (!task.probe) throw new UsageError(`task '${name}' has no probe input to draw`);

  let model;
  const snapshots: TraceSnapshot[] = [];
  const h = history();
  if (f.train) {
    const steps = (f.steps as number | undefined) ?? task.defaults.steps;
    const snap: Plugin = {
      name: 'plot-snapshots',
      onTrainStart: (_e, ctx) => { snapshots.push({ step: 0, trace: noGrad(() => task.probe!(ctx.model)) }); },
      onStepEnd: (e) => { if (e.trace) snapshots.push({ step: e.step, trace: e.trace }); },
    };
    const run = train({ task, steps, seed, traceEvery: Math.max(1, Math.round(steps / 100)), plugins: [h, snap, ...plugins] });
    await run;
    model = run.model;
  } else {
    // add-two: the model 'attn tutorial --seed S' shows; other tasks: the one train() starts from
    model = addTwo ? new TutorialAttention({ seed }) : task.createModel(new Rng(seed).split());
  }
  model.eval();
  const trace = noGrad(() => task.probe!(model));
  const tokens = tokensOf(task, trace);
  const expected = addTwo ? a + b : name === 'sum-n' ? trace.input.data.reduce((s, v) => s + v, 0) : undefined;
  const document = createDocument();
  const view = { document, tokens, expected };

  const figures: [string, Element][] = tutorialPlots(trace, view).map((s) => [s.name, plotFigure(s.plot, view)]);
  figures.push(['step-by-step', stepByStepFigure(trace, view)]);
  if (trace.attention.length > 1) figures.push(['heads', headsFigure(trace, view)]);
  if (f.train) {
    figures.push(['loss', lossFigure(h, { document })], ['lr', lrFigure(h, { document })], ['grad-norm', gradNormFigure(h, { document })]);
    figures.push(['attention-over-training', attentionOverTrainingFigure(snapshots, { document, tokens, spacing: 'log' })]);
  }
  const written: string[] = [];
  for (const [file, figure] of figures) {
    const svg = renderToSvg(figure);
    const path = join(out, `${file}.svg`);
    writeFileSync(path, svg);
    written.push(path);
    if (f.png) {
      const png = join(out, `${file}.png`);
      writeFileSync(png, await renderToPng(svg));
      written.push(png);
    }
  }
  console.log(written.join('\n'));
  return 0;
}
