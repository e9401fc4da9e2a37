import { describe, expect, it } from 'vitest';
import type { HeadMetrics } from '@attn/heads';
import { createDocument, renderToSvg } from '../node.js';
import { expectAttnError, metricsOf, parseSvg, texts } from '../../test/helpers.js';
import { headsOverTrainingFigure, headsOverTrainingPlot, type HeadsAtStep } from './heads-over-training.js';

const document = createDocument();
const svgOf = (el: Element) => parseSvg(renderToSvg(el));

/** Four heads over 6 records: head 1.0 turns into an induction head between steps 200 and 300, head 0.1 into a previous-token head early. */
function runOf(): HeadsAtStep[] {
  const induction = [0.02, 0.03, 0.05, 0.62, 0.85, 0.9];
  const previous = [0.1, 0.55, 0.8, 0.85, 0.86, 0.86];
  return induction.map((ind, i) => ({
    step: i * 100,
    heads: [
      metricsOf(0, 0, { induction: 0.01, previous: 0.1 }),
      metricsOf(0, 1, { induction: 0.02, previous: previous[i] }),
      metricsOf(1, 0, { induction: ind, previous: 0.05 }),
      metricsOf(1, 1, { induction: 0.1 + i * 0.01, previous: 0.1 }),
    ],
  }));
}
const LOSS = { steps: Array.from({ length: 501 }, (_, step) => ({ step, loss: step < 250 ? 2.2 : 2.2 - 1.5 * Math.min(1, (step - 250) / 100) })) };

const lineCount = (svg: Document) => svg.querySelectorAll('g[aria-label="line"] path').length;
const ruleXs = (svg: Document) => Array.from(svg.querySelectorAll('g[aria-label="rule"] line')).filter((l) => l.getAttribute('x1') === l.getAttribute('x2') && l.getAttribute('x1') !== null);

describe('headsOverTrainingFigure', () => {
  it('headsOverTrainingFigure(history) draws one line per head of the induction score, keyed layer.head with the last value', () => {
    const svg = svgOf(headsOverTrainingFigure(runOf(), { document }));
    expect(lineCount(svg)).toBe(4);
    const t = texts(svg, 'g[aria-label="text"] text');
    expect(t.filter((s) => /^\d\.\d: /.test(s))).toEqual(['0.0: 0.01', '0.1: 0.02', '1.0: 0.9', '1.1: 0.15']);
    expect(svg.querySelector('svg > title')!.textContent).toBe('Induction score over training');
  });

  it('headsOverTrainingPlot(history) rules the first step where the largest induction score reaches 0.4', () => {
    const plot = headsOverTrainingPlot(runOf());
    const svg = svgOf(headsOverTrainingFigure(runOf(), { document }));
    expect(texts(svg, 'g[aria-label="text"] text')).toContain('max ≥ 0.4 at step 300');
    // the vertical rule sits where the x scale puts step 300
    const x = (step: number) => 56 + (step / 500) * (Number(svg.querySelector('svg svg')!.getAttribute('width')) - 56 - (plot.marginRight as number));
    const rules = ruleXs(svg);
    expect(rules).toHaveLength(1);
    expect(Number(rules[0].getAttribute('x1'))).toBeCloseTo(x(300), 0);
    expect(plot.ariaDescription).toMatch(/at the end head 1\.0 is highest, at 0\.9\. Vertical rules mark max ≥ 0\.4 at step 300\.$/);
  });

  it('headsOverTrainingPlot(history, { metric, threshold }) draws another metric and crosses its own threshold', () => {
    expect(headsOverTrainingPlot(runOf(), { metric: 'previous' }).ariaDescription).toMatch(/Vertical rules mark max ≥ 0\.5 at step 100\.$/);
    expect(headsOverTrainingPlot(runOf(), { metric: 'previous', threshold: 0.7 }).ariaDescription).toMatch(/max ≥ 0\.7 at step 200\.$/);
    const none = headsOverTrainingPlot(runOf(), { threshold: null });
    expect(none.ariaDescription).not.toMatch(/Vertical rules/);
    expect(headsOverTrainingPlot(runOf(), { threshold: 0.95 }).ariaDescription).toMatch(/No head reaches 0\.95\.$/);
    expect(headsOverTrainingPlot(runOf(), { threshold: 0.005 }).ariaDescription).toMatch(/at or above 0\.005 from the first recorded step\.$/);
    expect(headsOverTrainingPlot(runOf(), { metric: 'entropy' }).title).toBe('Entropy (nats) over training');
  });

  it('headsOverTrainingPlot(history, { phases }) rules the given steps with their labels instead', () => {
    const svg = svgOf(headsOverTrainingFigure(runOf(), { document, phases: [{ step: 250, label: 'induction heads form' }, { step: 400 }] }));
    const t = texts(svg, 'g[aria-label="text"] text');
    expect(t).toContain('induction heads form');
    expect(t).toContain('step 400');
    expect(t).not.toContain('max ≥ 0.4 at step 300');
    expect(ruleXs(svg)).toHaveLength(2);
  });

  it('headsOverTrainingFigure(history, { loss }) draws the training loss in grey on a right-hand axis', () => {
    const svg = svgOf(headsOverTrainingFigure(runOf(), { document, loss: LOSS }));
    expect(lineCount(svg)).toBe(5);
    const right = Array.from(svg.querySelectorAll('g[aria-label="y-axis tick label"]')).find((g) => g.getAttribute('text-anchor') === 'start');
    expect(texts(right!, 'text')).toEqual(['0', '0.5', '1', '1.5', '2']);
    expect(texts(svg, 'g[aria-label="text"] text')).toContain('loss: 0.7');
    expect(svg.querySelector('svg > desc')!.textContent).toMatch(/The training loss, on the right axis, goes from 2\.2 at step 0 to 0\.7 at step 500\.$/);
  });

  it('headsOverTrainingPlot leaves a gap where a head has no score, and says so when none has', () => {
    const run = runOf();
    run[2] = { step: 200, heads: run[2].heads.map((m) => ({ ...m, induction: null })) };
    expect(lineCount(svgOf(headsOverTrainingFigure(run, { document })))).toBe(4);
    const empty = run.map((r) => ({ step: r.step, heads: r.heads.map((m) => ({ ...m, induction: null })) }));
    expectAttnError(() => headsOverTrainingPlot(empty), 'ARGUMENT', 'headsOverTrainingPlot: no head has a induction score in the history (all null): it needs the input tokens, with repeats (repeatedTokens of @attn/heads)');
  });

  it('headsOverTrainingPlot says what is wrong with its input', () => {
    expectAttnError(() => headsOverTrainingPlot([]), 'ARGUMENT', 'headsOverTrainingPlot: history must be a non-empty array of { step, heads }, got []');
    expectAttnError(() => headsOverTrainingPlot([{ step: 1 }] as never), 'ARGUMENT', 'headsOverTrainingPlot: history[0] must have a finite number step and an array heads, got {"step":1}');
    expectAttnError(() => headsOverTrainingPlot([{ step: 1, heads: [{ head: 0 } as HeadMetrics] }]), 'ARGUMENT', 'headsOverTrainingPlot: history[0].heads[0] must be head metrics with integer layer and head, got {"head":0}');
    expectAttnError(() => headsOverTrainingPlot(runOf(), { metric: 'loss' as never }), 'ARGUMENT', /^headsOverTrainingPlot: metric must be one of induction, duplicate, .*, got "loss"$/);
    expectAttnError(() => headsOverTrainingPlot(runOf(), { threshold: Number.NaN }), 'ARGUMENT', 'headsOverTrainingPlot: threshold must be a finite number or null, got NaN');
    expectAttnError(() => headsOverTrainingPlot(runOf(), { phases: [{ label: 'x' } as never] }), 'ARGUMENT', 'headsOverTrainingPlot: phases[0] must be { step, label? } with a finite step, got {"label":"x"}');
    expectAttnError(() => headsOverTrainingPlot(runOf(), { loss: { steps: [] } }), 'ARGUMENT', 'headsOverTrainingPlot: the history has no steps to draw');
  });
});
