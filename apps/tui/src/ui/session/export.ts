// What the `f` key saves on each screen: the figures of what the screen shows, drawn by
// @attn/plot, and the Trace they draw, named after the screen and what it shows. The numbers are
// the ones the screen's state already holds; nothing is computed again here.
import { basename, dirname, join } from 'node:path';
import type { Trace } from '@attn/core';
import {
  attendedFigure, headsFigure, inputFigure, lossFigure, outputFigure, panelsPlot, plotFigure, plotLabels, qkvFigure, scoresFigure, weightsColor, weightsFigure,
} from '@attn/plot';
import { createDocument } from '@attn/plot/node';
import type { FigureFiles } from '../../save-figures.js';
import { traceTokenLabels } from '../format.js';
import { type GenerateState, sequenceOf } from '../state/generate.js';
import type { InspectState } from '../state/inspect.js';
import type { PlaygroundState } from '../state/playground.js';
import type { TrainingState } from '../state/training.js';
import { shownTutorial, type TutorialState } from '../state/tutorial.js';

/** A screen's figures and Trace, ready for `saveFigures` (which adds the folder and PNG choice). */
export type ScreenFigures = Pick<FigureFiles, 'figures'> & {
  /** The task whose folder the files go in (the tutorial's model is add-two's). */
  task: string;
  trace: { name: string; trace: Trace };
};

/** The figure of each of the tutorial's eight steps (Q, K and V share one), by step index. */
const TUTORIAL_VIEWS = ['input', 'qkv', 'qkv', 'qkv', 'scores', 'weights', 'attended', 'output'] as const;

/** The tutorial's shown step, e.g. `tutorial-step6-weights` (`-trained` for the trained model), or why there is nothing to save. */
export function tutorialFigures(state: TutorialState): ScreenFigures | string {
  const shown = shownTutorial(state);
  if (!shown?.trace) return 'nothing to save yet';
  const trace = shown.trace;
  const view = TUTORIAL_VIEWS[state.step];
  const document = createDocument();
  const figure =
    view === 'input' ? inputFigure(trace, { document })
    : view === 'qkv' ? qkvFigure(trace, { document })
    : view === 'scores' ? scoresFigure(trace, { document, which: shown.scale === 1 ? 'raw' : 'scaled' })
    : view === 'weights' ? weightsFigure(trace, { document })
    : view === 'attended' ? attendedFigure(trace, { document })
    : outputFigure(trace, { document, expected: shown.expected });
  const name = `tutorial-step${state.step + 1}-${view}${shown === state.after ? '-trained' : ''}`;
  return { task: 'add-two', figures: [[name, figure]], trace: { name, trace } };
}

/** The Train screen's loss curve and the probe's attention at the latest traced step, or why there is nothing to save. */
export function trainFigures(state: TrainingState): ScreenFigures | string {
  if (!state.task || !state.trace) return 'nothing to save yet: train a task first';
  const document = createDocument();
  const name = `train-step${state.traceStep}`;
  const tokens = traceTokenLabels(state.trace, state.trace.attention[0]?.weights.shape[2] ?? 0);
  const figures: [string, Element][] = [[`${name}-attention`, headsFigure(state.trace, { document, tokens })]];
  // the curve as the screen draws it: the series' points (means over `stride` steps)
  const steps = state.losses.points.map((p) => ({ step: p.step, loss: p.value }));
  if (steps.length >= 2) figures.unshift([`train-step${state.step}-loss`, lossFigure({ steps }, { document })]);
  return { task: state.task, figures, trace: { name, trace: state.trace } };
}

/** The playground's answer: its attention, e.g. `playground-3-5-attention`, or why there is nothing to save. */
export function playgroundFigures(state: PlaygroundState): ScreenFigures | string {
  const r = state.result;
  if (!r?.trace) return 'nothing to save yet: type an input the model answers';
  const name = `playground-${r.input.join('-')}`;
  const task = state.tasks[state.index].name;
  return { task, figures: [[`${name}-attention`, headsFigure(r.trace, { document: createDocument(), tokens: r.tokens })]], trace: { name, trace: r.trace } };
}

/** The Inspect screen's probe attention as the model now is (heads knocked out included), or why there is nothing to save. */
export function inspectFigures(state: InspectState): ScreenFigures | string {
  const probe = state.probe;
  if (!probe?.trace || !state.task) return state.status === 'ready' ? 'nothing to save: the task has no probe input' : 'nothing to save yet';
  const knocked = Object.entries(state.ablations).map(([head, mode]) => `${mode}-${head}`).sort();
  const name = `inspect${knocked.length ? `-${knocked.join('_')}` : ''}`;
  return { task: state.task, figures: [[`${name}-attention`, headsFigure(probe.trace, { document: createDocument(), tokens: probe.tokens })]], trace: { name, trace: probe.trace } };
}

/**
 * The Generate screen's chosen token as the screen shows it: a row per head, its attention in the
 * forward pass that wrote the token over the tokens it read (the last query row of that pass's
 * Trace), e.g. `generate-token12-attention`, and that Trace; or why there is nothing to save.
 */
export function generateFigures(state: GenerateState): ScreenFigures | string {
  const t = state.tokens[state.cursor];
  if (!state.model || !t) return 'nothing to save yet: let the model write first';
  const { labels, task } = state.model;
  const { sequence, at } = sequenceOf(state);
  const read = sequence.slice(t.start, at).map((id) => labels[id] ?? '?');
  const written = labels[sequence[at]] ?? '?';
  const name = `generate-token${state.cursor + 1}`;
  const figure = plotFigure({
    ...plotLabels({
      title: `What each head looked at to write '${written}'`,
      subtitle: `token ${state.cursor + 1} of ${state.tokens.length}, over the ${read.length} tokens before it`,
      description: `A heatmap with a row per head (${t.heads.length}) and a column per token read (${read.length}): each head's attention weights when the model wrote '${written}'; darker blue is more attention.`,
    }),
    ...panelsPlot({
      panels: [{ matrix: t.heads.map((h) => h.weights) }],
      rowLabels: t.heads.map((h) => `${h.layer}.${h.head}`), colLabels: read, xLabel: null, yLabel: 'head',
      color: weightsColor(), legendLabel: 'weight',
    }),
  }, { document: createDocument() });
  return { task, figures: [[`${name}-attention`, figure]], trace: { name, trace: t.trace } };
}

/**
 * Files saved in one folder as one line: the folder once, then each name with its extensions in
 * braces, e.g. `saved attn-runs/add-two/tutorial-step6-weights.{svg,png,trace.json}`.
 */
export function savedLine(paths: readonly string[]): string {
  if (paths.length === 0) return 'nothing saved';
  const byStem = new Map<string, string[]>();
  for (const p of paths) {
    // names may hold dots (`playground-3.5-7-attention.svg`): split off the known extensions only
    const [, stem, ext] = /^(.*?)\.(svg|png|trace\.json)$/.exec(basename(p)) ?? [p, basename(p), ''];
    byStem.set(stem, [...(byStem.get(stem) ?? []), ext]);
  }
  const files = [...byStem].map(([stem, exts]) => (exts.length === 1 ? `${stem}.${exts[0]}` : `${stem}.{${exts.join(',')}}`));
  return `saved ${join(dirname(paths[0]), files[0])}${files.length > 1 ? ` ${files.slice(1).join(' ')}` : ''}`;
}
