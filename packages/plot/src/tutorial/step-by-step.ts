import type * as Plot from '@observablehq/plot';
import { tensorRows, type Trace } from '@attn/core';
import { combineFigures, documentOf, plotFigure, type FigureOptions } from '../marks/figure.js';
import { checkTrace, entryOf, short, viewOptions } from '../marks/matrix.js';
import { attendedPlot } from './attended.js';
import { inputPlot } from './input.js';
import { outputPlot, type OutputOptions } from './output.js';
import { qkvPlot } from './qkv.js';
import { scoresPlot } from './scores.js';
import { weightsPlot } from './weights.js';

/** One panel of the step-by-step figure. */
export interface TutorialStep {
  /** The tutorial's step numbers, e.g. `1` or `2–4`. */
  step: string;
  /** Short name, also the file name the CLI uses: `input`, `qkv`, `scores`, `weights`, `attended`, `output`. */
  name: 'input' | 'qkv' | 'scores' | 'weights' | 'attended' | 'output';
  plot: Plot.PlotOptions;
}

/** Options of {@link tutorialPlots} and {@link stepByStepFigure}. */
export type StepByStepOptions = Omit<OutputOptions, 'title' | 'subtitle' | 'caption' | 'description'>;

/**
 * The six views of the seed tutorial for one Trace, in its order, each titled with its step
 * numbers: input (1), Q/K/V (2–4), scores (5), weights (6), attended output (7), output (8).
 *
 * @example
 * ```ts
 * for (const { name, plot } of tutorialPlots(trace, { expected: 8 })) document.body.append(Plot.plot(plot));
 * ```
 */
export function tutorialPlots(trace: Trace, options: StepByStepOptions = {}): TutorialStep[] {
  options = viewOptions('tutorialPlots', options);
  checkTrace('tutorialPlots', trace);
  const numbered = (step: string, name: TutorialStep['name'], plot: Plot.PlotOptions): TutorialStep => ({
    step, name, plot: { ...plot, title: `${step} · ${plot.title as string}` },
  });
  return [
    numbered('1', 'input', inputPlot(trace, options)),
    numbered('2–4', 'qkv', qkvPlot(trace, options)),
    numbered('5', 'scores', scoresPlot(trace, options)),
    numbered('6', 'weights', weightsPlot(trace, options)),
    numbered('7', 'attended', attendedPlot(trace, options)),
    numbered('8', 'output', outputPlot(trace, options)),
  ];
}

/**
 * The whole tutorial in one figure: the six views of {@link tutorialPlots} laid out in the
 * tutorial's order under one title, as an HTML `<figure>` (one SVG with `renderToSvg`).
 *
 * @example
 * ```ts
 * document.body.append(stepByStepFigure(trace, { expected: 8 }));
 * ```
 */
export function stepByStepFigure(trace: Trace, options: StepByStepOptions & FigureOptions = {}): HTMLElement {
  options = viewOptions('stepByStepFigure', options);
  documentOf('stepByStepFigure', options);
  const entry = entryOf('stepByStepFigure', trace, options);
  const figures = tutorialPlots(trace, options).map((s) => plotFigure(s.plot, options));
  const input = tensorRows(trace.input, options.batch).map((r) => short(r[0]));
  const what = input.length <= 8 ? `[${input.join(', ')}]` : `${input.length} tokens`;
  const head = trace.attention.length > 1 ? ` (layer ${entry.layer}, head ${entry.head})` : '';
  return combineFigures([figures.slice(0, 2), figures.slice(2, 5), figures.slice(5)], {
    document: options.document,
    title: `Attention, step by step, for ${what}`,
    subtitle: `${trace.model}${head}: every intermediate of one forward pass`,
    description: `The seed tutorial's steps for the input ${what}${head}: 1 the input values, 2–4 the queries, keys and values, 5 the raw scores, 6 the attention weights (rows sum to 1), 7 the attended output, 8 the model's output${options.expected !== undefined ? ' against the expected value' : ''}.`,
  });
}
