// The page of the browser test: draws every figure of @attn/plot with the page's own document,
// from a model traced and trained in the browser. Bundled by browser.test.ts with esbuild.
import { DecoderOnly, noGrad, tensor, traceForward, TutorialAttention } from '@attn/core';
import { addTwo, history, train } from '@attn/train';
import { headMetrics, repeatedTokens } from '@attn/heads';
import {
  attendedFigure, attentionOverTrainingFigure, gradNormFigure, headRolesFigure, headsFigure, headsOverTrainingFigure, inputFigure, lossFigure, lrFigure, outputFigure,
  qkvFigure, renderToSvg, scoresFigure, stepByStepFigure, weightsFigure, type HeadsAtStep, type TraceSnapshot,
} from '../src/index.js';
import { portableNumbers } from './portable-numbers.js';

declare global {
  interface Window {
    figures?: string[];
    failed?: string;
    /** The trained add-two model's parameters, to compare with the same run in Node. */
    trained?: number[];
    /** portableNumbers() computed here, to compare with Node's. */
    portable?: number[];
    /** Each figure serialized by renderToSvg in this browser. */
    svgs?: Record<string, string>;
  }
}

async function main(): Promise<void> {
  const trace = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]])).trace;
  const long = traceForward(new DecoderOnly({ vocabSize: 11, dModel: 12, heads: 2, layers: 2, maxLen: 64, seed: 0 }), tensor([Array.from({ length: 64 }, (_, i) => (i * 7) % 11)])).trace;
  const h = history();
  const snapshots: TraceSnapshot[] = [];
  const decoder = new DecoderOnly({ vocabSize: 16, dModel: 16, heads: 2, layers: 2, maxLen: 12, seed: 0 });
  const metrics = headMetrics(traceForward(decoder, repeatedTokens({ vocabSize: 16, length: 6, batch: 2 })).trace);
  // the same heads with a made-up rise of the induction score, so the phase rule is drawn too
  const over: HeadsAtStep[] = [0, 100, 200].map((step, i) => ({ step, heads: metrics.map((m) => ({ ...m, induction: (m.induction ?? 0) + 0.3 * i })) }));
  const task = addTwo();
  const run = train({
    task, seed: 0, steps: 200, traceEvery: 20,
    plugins: [h, {
      name: 'snapshots',
      onTrainStart: (_e, ctx) => { snapshots.push({ step: 0, trace: noGrad(() => task.probe!(ctx.model as never)) }); },
      onStepEnd: (e) => { if (e.trace) snapshots.push({ step: e.step, trace: e.trace }); },
    }],
  });
  await run;
  window.trained = run.model.parameters().flatMap((p) => Array.from(p.data));
  window.portable = await portableNumbers();
  const figures: Record<string, Element> = {
    input: inputFigure(trace), qkv: qkvFigure(trace), scores: scoresFigure(trace), weights: weightsFigure(trace),
    attended: attendedFigure(trace), output: outputFigure(trace, { expected: 8 }), 'step-by-step': stepByStepFigure(trace, { expected: 8 }),
    heads: headsFigure(long), loss: lossFigure(h), lr: lrFigure(h), 'grad-norm': gradNormFigure(h),
    'attention-over-training': attentionOverTrainingFigure(snapshots, { spacing: 'log' }),
    'head-roles': headRolesFigure(metrics), 'heads-over-training': headsOverTrainingFigure(over, { loss: h }),
  };
  for (const [name, figure] of Object.entries(figures)) {
    const holder = document.createElement('section');
    holder.dataset.figure = name;
    holder.append(figure);
    document.body.append(holder);
  }
  window.svgs = Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, renderToSvg(figure)]));
  window.figures = Object.keys(figures);
}

main().catch((e: Error) => {
  window.failed = e.stack ?? String(e);
});
