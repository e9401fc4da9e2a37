// Every public function of @attn/plot and @attn/plot/node refuses bad input with an AttnError
// that has a code and names the op: one row per export, each with calls that must be refused (a
// call may throw or return a rejected promise). A new export without a row (or a reason) fails the first test.
import { AttnError } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { metricsOf, tutorialTrace } from '../test/helpers.js';
import * as plot from './index.js';
import * as node from './node.js';

const bad = (v: unknown) => v as never;
const trace = tutorialTrace([3, 5]);
const document = node.createDocument();
const history = { steps: [{ step: 1, loss: 1, lr: 0.1, gradNorm: 1 }] };
const heads = [metricsOf(0, 0)];
const NOT_A_DOCUMENT = bad({ body: null });

/** Exports that take no user input, each with the reason. */
const NO_INPUT: Record<string, string> = {
  MIN_CELL_FOR_VALUES: 'a constant (the smallest cell that gets printed values)',
  SERIES_COLORS: 'a constant (the train and eval colors)',
  ROLE_COLORS: 'a frozen constant (a color per head role)',
  PLOT_CLASS: 'a constant (the class name of every figure)',
  FIGURE_STYLE: 'a constant (the font of every figure)',
  ROLE_SCORES: 'a frozen constant (the metric shown for each role)',
  createDocument: 'takes no arguments',
};

/** The calls every view of one Trace must refuse: not a Trace, null, a wrong-shaped one, bad options, no document. */
function traceView(f: (t: never, o?: never) => unknown, figure = false): (() => unknown)[] {
  return [
    () => f(bad(null)), () => f(bad('trace')), () => f(bad({ format: 'attn.trace' })), () => f(bad({ ...trace, input: null })),
    () => f(bad(trace), bad(null)), () => f(bad(trace), bad('options')), () => f(bad(trace), bad({ batch: -1 })), () => f(bad(trace), bad({ batch: 'x' })),
    () => f(bad(trace), bad({ digits: Number.NaN })), () => f(bad(trace), bad({ values: 'sometimes' })), () => f(bad(trace), bad({ scheme: 3 })),
    () => f(bad(trace), bad({ tokens: 'ab' })), () => f(bad(trace), bad({ title: 5 })),
    ...(figure ? [() => f(bad(trace), bad({ document: NOT_A_DOCUMENT })), () => f(bad(trace), bad({ document: 'doc' }))] : []),
  ];
}

/** The calls every figure of a training history must refuse. */
function historyView(f: (h: never, o?: never) => unknown, figure = false, log = true): (() => unknown)[] {
  return [
    () => f(bad(null)), () => f(bad([1, 2])), () => f(bad({ steps: [{ step: '1', loss: 1 }] })), () => f(bad({ steps: [null] })),
    () => f(bad({ steps: [{ step: 1, loss: 1 }], evals: 'x' })), () => f(bad({ steps: [{ step: 1, loss: 1 }], evals: [{ step: 1, metrics: null }] })),
    () => f(bad(history), bad(null)), () => f(bad(history), bad({ title: 5 })), ...(log ? [() => f(bad(history), bad({ log: 'yes' }))] : []),
    ...(figure ? [() => f(bad(history), bad({ document: NOT_A_DOCUMENT }))] : []),
  ];
}

const heatmapCalls = (f: (m: never, o?: never) => unknown) => [
  () => f(bad(null)), () => f(bad([[1, 'x']])), () => f(bad([[1, 2], [3]])), () => f(bad([1, 2])), () => f(bad([[1]]), bad(null)), () => f(bad([[1]]), bad({ mask: 'x' })),
];

/** name → calls that must each throw (or reject with) an AttnError whose message starts with `op: ` (or one of `a|b`). */
const ROWS: Record<string, { op: string; calls: (() => unknown)[] }> = {
  heatmap: { op: 'heatmap', calls: [...heatmapCalls(plot.heatmap), () => plot.heatmap([[1]], bad({ digits: -1 })), () => plot.heatmap([[1]], bad({ values: 'auto-ish' })), () => plot.heatmap([[1]], bad({ cellSize: Number.NaN })), () => plot.heatmap([[1]], bad({ color: { type: 'rainbow', scheme: 'blues', domain: [0, 1] } }))] },
  heatmapCells: { op: 'heatmapCells', calls: heatmapCalls(plot.heatmapCells) },
  heatmapLayout: { op: 'heatmapLayout', calls: [() => plot.heatmapLayout(-1, 2), () => plot.heatmapLayout(bad('2'), 2), () => plot.heatmapLayout(2, Number.NaN), () => plot.heatmapLayout(2, 2, bad(null)), () => plot.heatmapLayout(2, 2, { maxCell: bad('44') }), () => plot.heatmapLayout(2, 2, { minCell: -4 }), () => plot.heatmapLayout(2, 2, { maxSide: 0 })] },
  tokenAxes: { op: 'tokenAxes', calls: [() => plot.tokenAxes(bad(null), ['a']), () => plot.tokenAxes(['a'], bad('a')), () => plot.tokenAxes(['a'], ['a'], bad(null)), () => plot.tokenAxes(['a'], ['a'], { cellSize: -1 }), () => plot.tokenAxes(['a'], ['a'], { xAnchor: bad('left') })] },
  weightsColor: { op: 'weightsColor', calls: [() => plot.weightsColor(bad(3)), () => plot.weightsColor('blues', bad('log'))] },
  signedColor: { op: 'signedColor', calls: [() => plot.signedColor(bad(null)), () => plot.signedColor(bad(3)), () => plot.signedColor([1], bad(3)), () => plot.signedColor([1], 'puor', -1), () => plot.signedColor([1], 'puor', bad('1'))] },
  readableColor: { op: 'readableColor', calls: [() => plot.readableColor(bad(3)), () => plot.readableColor('#fff', 'transparent'), () => plot.readableColor('#fff', 'white', 0)] },
  colorScale: { op: 'colorScale', calls: [() => plot.colorScale(bad(null)), () => plot.colorScale(bad({ type: 'rainbow', scheme: 'blues', domain: [0, 1] })), () => plot.colorScale(bad({ type: 'linear', scheme: 'blues', domain: [0] })), () => plot.colorScale(plot.weightsColor(), bad(3))] },
  plotFigure: { op: 'plotFigure', calls: [() => plot.plotFigure(bad(null), { document }), () => plot.plotFigure(bad('plot'), { document }), () => plot.plotFigure({}, bad(null)), () => plot.plotFigure({}, { document: NOT_A_DOCUMENT })] },
  plotLabels: { op: 'plotLabels', calls: [() => plot.plotLabels(bad(null)), () => plot.plotLabels(bad({ title: 3, description: 'd' })), () => plot.plotLabels(bad({ title: 't' })), () => plot.plotLabels(bad({ title: 't', description: 'd', subtitle: 5 }))] },
  combineFigures: { op: 'combineFigures', calls: [() => plot.combineFigures(bad(null), { document, title: 't', description: 'd' }), () => plot.combineFigures(bad([['x']]), { document, title: 't', description: 'd' }), () => plot.combineFigures([], bad(null)), () => plot.combineFigures([], bad({ document, title: 3, description: 'd' })), () => plot.combineFigures([], { document: NOT_A_DOCUMENT, title: 't', description: 'd' })] },
  panelsPlot: { op: 'panelsPlot', calls: [() => plot.panelsPlot(bad(null)), () => plot.panelsPlot(bad({ panels: 'x', rowLabels: ['a'], colLabels: ['a'], xLabel: null, yLabel: null, color: plot.weightsColor(), legendLabel: 'w' })), () => plot.panelsPlot(bad({ panels: [{ matrix: [[1]] }], rowLabels: null, colLabels: ['a'], xLabel: null, yLabel: null, color: plot.weightsColor(), legendLabel: 'w' })), () => plot.panelsPlot(bad({ panels: [{ matrix: [[1]] }], rowLabels: ['a'], colLabels: ['a'], xLabel: null, yLabel: null, color: null, legendLabel: 'w' })), () => plot.panelsPlot(bad({ panels: [{ matrix: [[1]] }], rowLabels: ['a'], colLabels: ['a'], xLabel: null, yLabel: null, color: plot.weightsColor(), legendLabel: 'w', maxSide: -5 }))] },
  inputPlot: { op: 'inputPlot', calls: traceView(plot.inputPlot) },
  inputFigure: { op: 'inputPlot|inputFigure|plotFigure', calls: traceView(plot.inputFigure, true) },
  qkvPlot: { op: 'qkvPlot', calls: [...traceView(plot.qkvPlot), () => plot.qkvPlot(trace, bad({ layer: 'x' })), () => plot.qkvPlot(trace, { head: 7 })] },
  qkvFigure: { op: 'qkvPlot|qkvFigure|plotFigure', calls: traceView(plot.qkvFigure, true) },
  scoresPlot: { op: 'scoresPlot', calls: [...traceView(plot.scoresPlot), () => plot.scoresPlot(trace, bad({ which: 'softmax' }))] },
  scoresFigure: { op: 'scoresPlot|scoresFigure|plotFigure', calls: traceView(plot.scoresFigure, true) },
  weightsPlot: { op: 'weightsPlot', calls: traceView(plot.weightsPlot) },
  weightsFigure: { op: 'weightsPlot|weightsFigure|plotFigure', calls: traceView(plot.weightsFigure, true) },
  attendedPlot: { op: 'attendedPlot', calls: traceView(plot.attendedPlot) },
  attendedFigure: { op: 'attendedPlot|attendedFigure|plotFigure', calls: traceView(plot.attendedFigure, true) },
  outputPlot: { op: 'outputPlot', calls: [...traceView(plot.outputPlot), () => plot.outputPlot(trace, bad({ expected: 'eight' }))] },
  outputFigure: { op: 'outputPlot|outputFigure|plotFigure', calls: traceView(plot.outputFigure, true) },
  tutorialPlots: { op: 'tutorialPlots|inputPlot', calls: traceView(plot.tutorialPlots) },
  stepByStepFigure: { op: 'stepByStepFigure|tutorialPlots|inputPlot|plotFigure|combineFigures', calls: traceView(plot.stepByStepFigure, true) },
  headsPlot: { op: 'headsPlot', calls: [...traceView(plot.headsPlot), () => plot.headsPlot(trace, bad({ layers: 0 })), () => plot.headsPlot(trace, { maxSide: -1 })] },
  headsFigure: { op: 'headsPlot|headsFigure|plotFigure', calls: traceView(plot.headsFigure, true) },
  headRolesPlot: { op: 'headRolesPlot', calls: [() => plot.headRolesPlot(bad(null)), () => plot.headRolesPlot(bad([1])), () => plot.headRolesPlot(heads, bad(null)), () => plot.headRolesPlot(heads, bad({ importance: 'x' })), () => plot.headRolesPlot(heads, bad({ importanceLabel: 3 })), () => plot.headRolesPlot(heads, bad({ thresholds: 'x' }))] },
  headRolesFigure: { op: 'headRolesPlot|headRolesFigure|plotFigure', calls: [() => plot.headRolesFigure(bad(null), { document }), () => plot.headRolesFigure(heads, { document: NOT_A_DOCUMENT })] },
  headsOverTrainingPlot: { op: 'headsOverTrainingPlot', calls: [() => plot.headsOverTrainingPlot(bad(null)), () => plot.headsOverTrainingPlot([{ step: 0, heads }], bad(null)), () => plot.headsOverTrainingPlot([{ step: 0, heads }], bad({ metric: 'loudness' })), () => plot.headsOverTrainingPlot([{ step: 0, heads }], bad({ phases: 'x' })), () => plot.headsOverTrainingPlot([{ step: 0, heads }], bad({ loss: [] })), () => plot.headsOverTrainingPlot([{ step: 0, heads }], bad({ threshold: '0.5' }))] },
  headsOverTrainingFigure: { op: 'headsOverTrainingPlot|headsOverTrainingFigure|plotFigure', calls: [() => plot.headsOverTrainingFigure(bad('x'), { document }), () => plot.headsOverTrainingFigure([{ step: 0, heads: [metricsOf(0, 0, { induction: 0.5 })] }], { document: NOT_A_DOCUMENT })] },
  evalMetricOf: { op: 'evalMetricOf', calls: [() => plot.evalMetricOf(bad(null)), () => plot.evalMetricOf(bad({ steps: [], evals: 'x' })), () => plot.evalMetricOf(bad({ steps: [], evals: [null] }))] },
  lossPlot: { op: 'lossPlot', calls: [...historyView(plot.lossPlot), () => plot.lossPlot(history, bad({ evalMetric: 3 })), () => plot.lossPlot(history, bad({ evalLabel: 3 }))] },
  lossFigure: { op: 'lossPlot|lossFigure|plotFigure', calls: historyView(plot.lossFigure, true) },
  lrPlot: { op: 'lrPlot', calls: historyView(plot.lrPlot, false, false) },
  lrFigure: { op: 'lrPlot|lrFigure|plotFigure', calls: historyView(plot.lrFigure, true, false) },
  gradNormPlot: { op: 'gradNormPlot', calls: historyView(plot.gradNormPlot) },
  gradNormFigure: { op: 'gradNormPlot|gradNormFigure|plotFigure', calls: historyView(plot.gradNormFigure, true) },
  pickSnapshots: { op: 'pickSnapshots', calls: [() => plot.pickSnapshots(bad(null), 2), () => plot.pickSnapshots(bad([{ step: 'a', trace }]), 2), () => plot.pickSnapshots([{ step: 0, trace }], bad('2')), () => plot.pickSnapshots([{ step: 0, trace }], 2, bad('cubic'))] },
  attentionOverTrainingPlot: { op: 'attentionOverTrainingPlot', calls: [() => plot.attentionOverTrainingPlot(bad(null)), () => plot.attentionOverTrainingPlot(bad([null])), () => plot.attentionOverTrainingPlot(bad([{ step: 0, trace: null }])), () => plot.attentionOverTrainingPlot([{ step: 0, trace }], bad(null)), () => plot.attentionOverTrainingPlot([{ step: 0, trace }], bad({ steps: 3 })), () => plot.attentionOverTrainingPlot([{ step: 0, trace }], bad({ count: 'six' })), () => plot.attentionOverTrainingPlot([{ step: 0, trace }], bad({ spacing: 'cubic' })), () => plot.attentionOverTrainingPlot([{ step: 0, trace }], bad({ columns: 0 })), () => plot.attentionOverTrainingPlot([{ step: 0, trace }], bad({ batch: -1 }))] },
  attentionOverTrainingFigure: { op: 'attentionOverTrainingPlot|attentionOverTrainingFigure|plotFigure', calls: [() => plot.attentionOverTrainingFigure(bad(null), { document }), () => plot.attentionOverTrainingFigure([{ step: 0, trace }], { document: NOT_A_DOCUMENT })] },
};

/** The same for @attn/plot/node. */
const NODE_ROWS: Record<string, { op: string; calls: (() => unknown)[] }> = {
  renderToSvg: { op: 'renderToSvg', calls: [() => node.renderToSvg(bad(null)), () => node.renderToSvg(bad('<svg/>')), () => node.renderToSvg(bad({ tagName: 'svg' }))] },
  renderToPng: { op: 'renderToPng', calls: [() => node.renderToPng(bad(null)), () => node.renderToPng('<p/>'), () => node.renderToPng('<svg/>', bad(null)), () => node.renderToPng('<svg/>', { scale: Number.NaN }), () => node.renderToPng('<svg/>', bad({ scale: '2' })), () => node.renderToPng('<svg/>', bad({ fontFamily: 3 })), () => node.renderToPng('<svg/>', bad({ fontFiles: 'a.ttf' }))] },
};

async function refusal(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  return undefined;
}

function walk(rows: typeof ROWS): void {
  for (const [name, { op, calls }] of Object.entries(rows)) {
    it(`${name} refuses ${calls.length} bad call${calls.length > 1 ? 's' : ''} with an AttnError naming '${op}'`, async () => {
      for (const [i, call] of calls.entries()) {
        const e = await refusal(call);
        expect(e, `${name} call ${i}: ${String(call)} → ${String(e)}`).toBeInstanceOf(AttnError);
        expect((e as AttnError).code, `${name} call ${i}`).toMatch(/^[A-Z]+$/);
        expect(op.split('|').some((o) => (e as AttnError).message.startsWith(`${o}: `)), `${name} call ${i}: ${(e as Error).message}`).toBe(true);
      }
    });
  }
}

describe('every export of @attn/plot and @attn/plot/node refuses bad input with an AttnError', () => {
  it('every export has a row or a reason to take no input', () => {
    const covered = new Set([...Object.keys(ROWS), ...Object.keys(NODE_ROWS), ...Object.keys(NO_INPUT)]);
    const names = [...Object.keys(plot), ...Object.keys(node)];
    expect(names.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !names.includes(name))).toEqual([]);
  });

  walk(ROWS);
  walk(NODE_ROWS);
});
