// Seeded figures compared with SVG files under __snapshots__/ (update with `vitest run -u` and
// look at the diff). The models are seeded and untrained or trained with a fixed seed, so the
// numbers, and with them the SVGs, are the same on every run.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noGrad } from '@attn/core';
import { addTwo, history, train, type HistoryPlugin } from '@attn/train';
import { headRoles } from '@attn/heads';
import { decoderTrace, metricsOf, tutorialTrace } from '../../test/helpers.js';
import { headRolesFigure } from '../heads/head-roles.js';
import { headsFigure } from '../heads/heads.js';
import { headsOverTrainingFigure } from '../heads/heads-over-training.js';
import { plotFigure } from '../marks/figure.js';
import { attentionOverTrainingFigure, type TraceSnapshot } from '../training/attention-over-training.js';
import { gradNormFigure } from '../training/grad-norm.js';
import { lossFigure } from '../training/loss.js';
import { lrFigure } from '../training/lr.js';
import { stepByStepFigure, tutorialPlots } from '../tutorial/step-by-step.js';
import { createDocument } from './document.js';
import { renderToSvg } from '../marks/svg.js';

const document = createDocument();
const snap = (name: string, figure: Element) => expect(renderToSvg(figure)).toMatchFileSnapshot(`__snapshots__/${name}.svg`);

describe('seeded figures', () => {
  const trace = tutorialTrace([3, 5], 0);

  for (const { name, plot } of tutorialPlots(trace, { expected: 8 })) {
    it(`the ${name} view of TutorialAttention (seed 0) for [3, 5]`, async () => {
      await snap(`tutorial-${name}`, plotFigure(plot, { document }));
    });
  }

  it('stepByStepFigure of TutorialAttention (seed 0) for [3, 5], also the README\'s figure (assets/step-by-step-3-5.svg)', async () => {
    const figure = stepByStepFigure(trace, { document, expected: 8 });
    await snap('step-by-step', figure);
    expect(renderToSvg(figure)).toBe(readFileSync(new URL('../../assets/step-by-step-3-5.svg', import.meta.url), 'utf8'));
  });

  it('headsFigure of a 2-layer, 2-head DecoderOnly (seed 0) on 8 tokens', async () => {
    await snap('heads', headsFigure(decoderTrace(8), { document }));
  });
});

describe('hand-built head metrics', () => {
  it('headRolesFigure of 2 layers × 3 heads, one per role, with the ablation importance of two', async () => {
    const metrics = [
      metricsOf(0, 0, { entropyFraction: 0.97 }), metricsOf(0, 1, { previous: 0.88 }), metricsOf(0, 2, { sink: 0.71 }),
      metricsOf(1, 0, { induction: 0.93 }), metricsOf(1, 1, { duplicate: 0.45 }), metricsOf(1, 2, { positional: 0.62, positionalOffset: -3, entropyFraction: 0.4 }),
    ];
    await snap('head-roles', headRolesFigure(headRoles(metrics), { document, importance: [{ layer: 1, head: 0, value: 0.41 }, { layer: 0, head: 1, value: 0.12 }], importanceLabel: 'Δ loss' }));
  });

  it('headsOverTrainingFigure of 4 heads, one forming an induction head at step 300, with the loss', async () => {
    const induction = [0.02, 0.03, 0.05, 0.62, 0.85, 0.9];
    const history = induction.map((x, i) => ({
      step: i * 100,
      heads: [metricsOf(0, 0, { induction: 0.01 }), metricsOf(0, 1, { induction: 0.02 }), metricsOf(1, 0, { induction: x }), metricsOf(1, 1, { induction: 0.1 + i * 0.01 })],
    }));
    const loss = { steps: Array.from({ length: 51 }, (_, k) => ({ step: 10 * k, loss: k < 25 ? 2.2 : 2.2 - 1.5 * Math.min(1, (k - 25) / 10) })) };
    await snap('heads-over-training', headsOverTrainingFigure(history, { document, loss }));
  });
});

describe('seeded training figures', () => {
  const h: HistoryPlugin = history();
  const snapshots: TraceSnapshot[] = [];
  beforeAll(async () => {
    const task = addTwo();
    await train({
      task, seed: 0, steps: 200, evalEvery: 50, traceEvery: 20,
      plugins: [h, {
        name: 'snapshots',
        onTrainStart: (_e, ctx) => { snapshots.push({ step: 0, trace: noGrad(() => task.probe!(ctx.model as never)) }); },
        onStepEnd: (e) => { if (e.trace) snapshots.push({ step: e.step, trace: e.trace }); },
      }],
    });
  });

  it('lossFigure of add-two (seed 0, 200 steps)', async () => {
    await snap('loss', lossFigure(h, { document }));
  });
  it('lrFigure of add-two (seed 0, 200 steps)', async () => {
    await snap('lr', lrFigure(h, { document }));
  });
  it('gradNormFigure of add-two (seed 0, 200 steps)', async () => {
    await snap('grad-norm', gradNormFigure(h, { document }));
  });
  it('attentionOverTrainingFigure of add-two (seed 0, 200 steps, log-spaced)', async () => {
    await snap('attention-over-training', attentionOverTrainingFigure(snapshots, { document, spacing: 'log' }));
  });
});
