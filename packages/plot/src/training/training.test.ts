import { beforeAll, describe, expect, it } from 'vitest';
import { noGrad } from '@attn/core';
import { addTwo, history, metricInfo, train, type HistoryPlugin } from '@attn/train';
import { createDocument, renderToSvg } from '../node.js';
import { expectAttnError, parseSvg, texts, tutorialTrace } from '../../test/helpers.js';
import { attentionOverTrainingFigure, pickSnapshots, type TraceSnapshot } from './attention-over-training.js';
import { gradNormFigure } from './grad-norm.js';
import { evalMetricOf } from './history.js';
import { lossFigure, lossPlot } from './loss.js';
import { lrFigure, lrPlot } from './lr.js';

const document = createDocument();
let h: HistoryPlugin;
const snapshots: TraceSnapshot[] = [];

beforeAll(async () => {
  h = history();
  const task = addTwo();
  await train({
    task, seed: 0, steps: 300, evalEvery: 100, traceEvery: 50,
    plugins: [h, {
      name: 'snapshots',
      onTrainStart: (_e, ctx) => { snapshots.push({ step: 0, trace: noGrad(() => task.probe!(ctx.model as never)) }); },
      onStepEnd: (e) => { if (e.trace) snapshots.push({ step: e.step, trace: e.trace }); },
    }],
  });
});

const svgOf = (el: Element) => parseSvg(renderToSvg(el));

describe('training figures', () => {
  it('lossFigure(history) draws the training loss and the held-out metric on a log scale, with a key of last values', () => {
    const svg = svgOf(lossFigure(h, { document }));
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(2);
    expect(svg.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3); // evaluations at 100, 200, 300
    const key = texts(svg, 'g[aria-label="text"] text');
    expect(key[0]).toMatch(/^train: .+ at step 300$/);
    expect(key[1]).toMatch(/^eval testMse: .+ at step 300$/);
    expect(svg.querySelector('svg > title')!.textContent).toBe('Loss');
    expect(svg.querySelector('svg > desc')!.textContent).toMatch(/^Line chart of the training loss over 300 recorded steps/);
    expect(lossPlot(h).y).toMatchObject({ type: 'log' });
    expect(lossPlot(h, { log: false }).y).toMatchObject({ type: 'linear' });
  });

  it('lossPlot(history, { evalMetric, evalLabel }) names the eval line as the task labels the metric', () => {
    const task = addTwo();
    const key = task.metric.name;
    const svg = svgOf(lossFigure(h, { document, evalMetric: key, evalLabel: metricInfo(task, key).label }));
    expect(texts(svg, 'g[aria-label="text"] text')[1]).toMatch(/^eval test MSE: .+ at step 300$/);
    expect(svg.querySelector('svg > desc')!.textContent).toMatch(/with the held-out test MSE at 3 evaluations/);
    expect(lossPlot(h, { evalLabel: 'test MSE' }).subtitle).toMatch(/^training loss and held-out test MSE over 300 steps/);
  });

  it('lossPlot(history, { evalMetric: null }) draws the training loss alone', () => {
    const svg = svgOf(lossFigure(h, { document, evalMetric: null }));
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
  });

  it('lrFigure and gradNormFigure draw one line of every recorded step', () => {
    for (const fig of [lrFigure(h, { document }), gradNormFigure(h, { document })]) {
      const path = svgOf(fig).querySelector('g[aria-label="line"] path')!.getAttribute('d')!;
      expect(path.split(/[ML]/).filter(Boolean)).toHaveLength(300);
    }
  });

  it('training figures say what is missing from a history', () => {
    expectAttnError(() => lossPlot({ steps: [] }), 'ARGUMENT', 'lossPlot: the history has no steps to draw');
    expectAttnError(() => lossPlot({ steps: [{ step: 1 }] } as never), 'ARGUMENT', 'lossPlot: steps[0] must have numbers step and loss, got {"step":1}');
    expectAttnError(() => lrPlot({ steps: [{ step: 1, loss: 1 }] }), 'ARGUMENT', 'lrPlot: the history records no learning rate (steps[].lr)');
  });

  it('evalMetricOf prefers testLoss, then testMse, then any loss-like metric', () => {
    const of = (metrics: Record<string, number>) => evalMetricOf({ steps: [], evals: [{ step: 1, metrics }] });
    expect(of({ testAccuracy: 1, testLoss: 2 })).toBe('testLoss');
    expect(of({ error35: 1, testMse: 2 })).toBe('testMse');
    expect(of({ valMSE: 1 })).toBe('valMSE');
    expect(of({ accuracy: 1 })).toBeNull();
  });

  it('pickSnapshots(snapshots, n) spreads n picks over training, evenly or on a log scale', () => {
    const trace = tutorialTrace();
    const at = (steps: number[]) => steps.map((step) => ({ step, trace }));
    expect(pickSnapshots(at([0, 100, 200, 300, 400]), 3).map((s) => s.step)).toEqual([0, 200, 400]);
    expect(pickSnapshots(at([0, 10, 20, 50, 100, 1000]), 4, 'log').map((s) => s.step)).toEqual([0, 10, 100, 1000]);
    expect(pickSnapshots(at([5, 1]), 6).map((s) => s.step)).toEqual([1, 5]);
  });

  it('attentionOverTrainingFigure(snapshots) draws the probe\'s weights at chosen steps as titled small multiples', () => {
    const svg = svgOf(attentionOverTrainingFigure(snapshots, { document, steps: [0, 150, 300] }));
    expect(svg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(3 * 4);
    const t = texts(svg, 'g[aria-label="text"] text');
    expect(t.filter((s) => s.startsWith('step'))).toEqual(['step 0', 'step 150', 'step 300']);
    const printed = t.filter((s) => /^\d\.\d\d$/.test(s));
    expect(printed).toEqual([0, 150, 300].flatMap((step) => snapshots.find((s) => s.step === step)!.trace.attention[0].weights.data.map((w) => w.toFixed(2))));
    expectAttnError(() => attentionOverTrainingFigure(snapshots, { document, steps: [7] }), 'ARGUMENT', /^attentionOverTrainingPlot: no snapshot at step 7; snapshots exist at steps 0, 50, 100/);
  });
});
