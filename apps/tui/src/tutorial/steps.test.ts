import { describe, expect, it } from 'vitest';
import { tensor, traceForward, TutorialAttention } from '@attn/core';
import { tutorialSteps } from './steps.js';
import { num, renderTutorial } from './render-text.js';

// A hand-set model: W_q = W_k = [1, 0], W_v = [1, 1], network = identity-like sum.
function handModel(scale: 'none' | 'sqrt' = 'none', w1 = [[1, 0], [0, 1]]) {
  const m = new TutorialAttention({ d: 2, hidden: 2, scale });
  m.loadStateDict({
    w_q: tensor([[1, 0]]), w_k: tensor([[1, 0]]), w_v: tensor([[1, 1]]),
    'mlp.layers.0.weight': tensor(w1), 'mlp.layers.0.bias': tensor([0, 0]),
    'mlp.layers.1.weight': tensor([[0.5, 0.5]]), 'mlp.layers.1.bias': tensor([0]),
  });
  return m;
}

describe('tutorialSteps', () => {
  it('tutorialSteps(trace) shows the hand-computed numbers of every step for [3, 5]', () => {
    const { trace } = traceForward(handModel(), tensor([[3, 5]]));
    const t = tutorialSteps(trace);
    expect(t.steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.input).toEqual([3, 5]);
    expect(t.expected).toBe(8);
    expect(t.steps[1].tables[0].values).toEqual([[3, 0], [5, 0]]); // Q = x·[1, 0]
    expect(t.steps[4].tables[0].values).toEqual([[9, 15], [15, 25]]); // Q·Kᵀ
    const w = t.steps[5].tables[0].values;
    const e = Math.exp(-6); // softmax([9, 15]) = [e⁻⁶, 1] / (1 + e⁻⁶)
    expect(w[0][0]).toBeCloseTo(e / (1 + e), 15);
    expect(w[1][1]).toBeCloseTo(1 / (1 + Math.exp(-10)), 15);
    w.forEach((row) => expect(row[0] + row[1]).toBeCloseTo(1, 15));
    const attended0 = 3 * w[0][0] + 5 * w[0][1];
    expect(t.steps[6].tables[0].values[0][0]).toBeCloseTo(attended0, 12);
    const sum = attended0 + 3 * w[1][0] + 5 * w[1][1];
    expect(t.steps[7].tables[0].values[0]).toEqual([expect.closeTo(sum, 12), expect.closeTo(sum, 12)]);
    expect(t.output).toBeCloseTo(sum, 12); // relu(sum)·0.5 + relu(sum)·0.5
    expect(t.focus[0].weights.map((x) => x.key)).toEqual(['3', '5']);
  });

  it('each step says what its numbers mean for this input, with the numbers of its tables', () => {
    const t = tutorialSteps(traceForward(handModel(), tensor([[3, 5]])).trace);
    const e = t.steps.map((s) => s.explain);
    expect(e[0]).toContain('Here: 2 tokens, 3 and 5; the right answer is their sum, 8.');
    expect(e[1]).toContain('Token 3: 3 × W_q = [3.000, 0.000].'); // W_q = [1, 0]
    expect(e[2]).toContain('Token 5: 5 × W_k = [5.000, 0.000].');
    expect(e[3]).toContain('Token 3: 3 × W_v = [3.000, 3.000].');
    // Q·Kᵀ row 3 is [9, 15]: the key of 5 matches best
    expect(e[4]).toContain('Row 3: its query matches the key of 5 best (15.00, against 9.000 for 3).');
    const share = 1 / (1 + Math.exp(-6));
    expect(e[5]).toContain(`Row 3 puts ${(100 * share).toFixed(1)}% on 5, its highest score.`);
    expect(e[6]).toContain(`Row 3 = 0.002 × V(3) + 0.998 × V(5) = [${num(3 * (1 - share) + 5 * share)}, ${num(3 * (1 - share) + 5 * share)}].`);
    // nearly equal scores (a trained model's) spread the attention evenly, and the sentences say so
    const flat = handModel('none', [[1, 0], [0, 1]]);
    flat.loadStateDict({ ...flat.stateDict(), w_q: tensor([[1e-4, 0]]) });
    const [scores, weights] = tutorialSteps(traceForward(flat, tensor([[3, 5]])).trace).steps.slice(4, 6).map((s) => s.explain);
    expect(scores).toContain('Row 3: its query matches every key about equally (9.0e-4, 0.002).');
    expect(weights).toContain('Row 3: nearly equal scores, nearly equal shares.');
    // three numbers read as a list; a row of three values is shown by its first two terms
    const three = tutorialSteps(traceForward(handModel(), tensor([[1, 2, 4]])).trace).steps;
    expect(three[0].explain).toContain('Here: 3 tokens, 1, 2 and 4; the right answer is their sum, 7.');
    expect(three[6].explain).toMatch(/Row 1 = [\d.]+ × V\(1\) \+ [\d.e-]+ × V\(2\) \+ … = \[/);
  });

  it('step 8 opens the network: the hidden layer after ReLU, as computed by hand from the weights, and how many units it lets through', () => {
    // a hidden layer with one unit that ReLU cuts: W₁ = [[1, 0], [0, -1]]
    const m = handModel('none', [[1, 0], [0, -1]]);
    const t = tutorialSteps(traceForward(m, tensor([[3, 5]])).trace);
    const step = t.steps[7];
    const sum = step.tables[0].values[0];
    expect(step.formula).toBe('output = W₂ · relu(W₁ · Σ + b₁) + b₂');
    expect(step.tables[1]).toMatchObject({ name: 'hidden', rows: ['h1–2'], cols: ['1', '2'] });
    expect(step.tables[1].values).toEqual([[sum[0], 0]]); // relu([Σ₀, −Σ₁])
    expect(step.explain).toContain('a layer of 2 units (W₁ · Σ + b₁), then ReLU, which sets the negative ones to 0 (1 of 2 stay)');
    expect(t.output).toBeCloseTo(0.5 * sum[0], 12); // W₂ = [0.5, 0.5]
    // the seed model's 16 units, 8 to a row
    const seeded = tutorialSteps(traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]])).trace).steps[7].tables[1];
    expect(seeded.rows).toEqual(['h1–8', 'h9–16']);
    expect(seeded.values.flat().every((v) => v >= 0)).toBe(true);
  });

  it('tutorialSteps(trace) of a scaled model shows Q·Kᵀ and the scores divided by √d, whose softmax is step 6', () => {
    const t = tutorialSteps(traceForward(handModel('sqrt'), tensor([[3, 5]])).trace);
    const [raw, scores] = t.steps[4].tables;
    expect(t.steps[4].formula).toBe('scores = Q · Kᵀ / √2');
    expect(raw).toMatchObject({ name: 'Q·Kᵀ', values: [[9, 15], [15, 25]] });
    expect(scores.name).toBe('scores');
    scores.values.flat().forEach((v, i) => expect(v).toBeCloseTo([9, 15, 15, 25][i] / Math.SQRT2, 12));
    // step 6 is the softmax of the table just shown: [9, 15] / √2 gives weights 1 / (1 + e^(6/√2)) and the rest
    const w = t.steps[5].tables[0].values;
    expect(w[0][0]).toBeCloseTo(1 / (1 + Math.exp(6 / Math.SQRT2)), 12);
    expect(w[1][0]).toBeCloseTo(1 / (1 + Math.exp(10 / Math.SQRT2)), 12);
  });

  it('renderTutorial(text) lists the eight steps, the answer and the focus, within 80 columns', () => {
    const { trace } = traceForward(new TutorialAttention({ seed: 3 }), tensor([[3, 5]]));
    const lines = renderTutorial(tutorialSteps(trace), ['header']);
    const text = lines.join('\n');
    for (let n = 1; n <= 8; n++) expect(text).toContain(`Step ${n} · `);
    expect(text).toContain('expected 8.000');
    expect(text).toMatch(/Token 3 puts \d+\.\d% on 3, \d+\.\d% on 5\./);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('tutorialSteps names the problem when the trace has no attention', () => {
    const { trace } = traceForward(handModel(), tensor([[3, 5]]));
    expect(() => tutorialSteps({ ...trace, attention: [] })).toThrow('tutorialSteps: the trace has no attention entry');
  });
});
