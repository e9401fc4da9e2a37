import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headWeights, Rng } from '@attn/core';
import { textTask } from '@attn/train';
import { DEFAULT_SAMPLING, generateReducer, initialGenerate } from '../state/generate.js';
import { initialInspect } from '../state/inspect.js';
import { initialPlayground } from '../state/playground.js';
import { initialTraining } from '../state/training.js';
import { initialTutorial } from '../state/tutorial.js';
import { generateFigures, inspectFigures, playgroundFigures, savedLine, trainFigures, tutorialFigures } from './export.js';
import { describeModel, generateTokens, promptTokens, textModelOf } from './generate.js';
import { stepsFor, tutorialModel } from './tutorial.js';

describe('savedLine', () => {
  it('savedLine writes the folder once and each name with its extensions in braces, in order', () => {
    const dir = join('attn-runs', 'add-two');
    expect(savedLine(['svg', 'png', 'trace.json'].map((e) => join(dir, `tutorial-step6-weights.${e}`)))).toBe(`saved ${join(dir, 'tutorial-step6-weights')}.{svg,png,trace.json}`);
    expect(savedLine([join(dir, 'a-loss.svg'), join(dir, 'a-loss.png'), join(dir, 'b.trace.json')])).toBe(`saved ${join(dir, 'a-loss')}.{svg,png} b.trace.json`);
    expect(savedLine([join(dir, 'inspect-zero-0.1-attention.svg'), join(dir, 'inspect-zero-0.1.trace.json')])).toBe(`saved ${join(dir, 'inspect-zero-0.1-attention')}.svg inspect-zero-0.1.trace.json`);
    expect(savedLine([])).toBe('nothing saved');
  });
});

describe('the figures f saves', () => {
  it('each screen says why there is nothing to save before it has shown a Trace', () => {
    expect(tutorialFigures(initialTutorial())).toBe('nothing to save yet');
    expect(trainFigures(initialTraining(['add-two'], 0))).toBe('nothing to save yet: train a task first');
    expect(playgroundFigures(initialPlayground([]))).toBe('nothing to save yet: type an input the model answers');
    expect(inspectFigures(initialInspect())).toBe('nothing to save yet');
    expect(generateFigures(initialGenerate())).toBe('nothing to save yet: let the model write first');
  });

  it('generateFigures saves the chosen token\'s Trace, the pass that wrote it, and every head\'s attention over the tokens it read', () => {
    const text = readFileSync(new URL('../../../../docs/tutorial.md', import.meta.url), 'utf8').slice(0, 4000);
    const task = textTask({ text, context: 8, model: { heads: 2, layers: 1, dModel: 16 } });
    const tm = textModelOf(task, task.createModel(new Rng(0)))!;
    const p = promptTokens('Atten', tm);
    if (!p.ok) throw new Error(p.message);
    const tokens = [...generateTokens(tm.model, p.tokens, { ...DEFAULT_SAMPLING, tokens: 6 })];
    let s = generateReducer(initialGenerate(), { type: 'model', model: describeModel('text', 'here', tm), prompt: 'Atten' });
    s = generateReducer(s, { type: 'started', request: s.request, promptTokens: p.tokens, source: 'here' });
    s = generateReducer(s, { type: 'tokens', request: s.request, tokens, done: true });
    s = { ...s, cursor: 3 };
    const saved = generateFigures(s);
    if (typeof saved === 'string') throw new Error(saved);
    expect(saved.task).toBe('text');
    expect(saved.trace).toEqual({ name: 'generate-token4', trace: tokens[3].trace });
    expect(saved.figures.map(([name]) => name)).toEqual(['generate-token4-attention']);
    // the pass that wrote token 4 read the 8 tokens before it (the context): its last query row is what the screen shows
    const sequence = [...p.tokens, ...tokens.map((t) => t.token)];
    const read = sequence.slice(tokens[3].start, p.tokens.length + 3);
    expect(read).toHaveLength(8);
    // (with the cache, the pass fed only the newest of them and attended over all 8)
    expect(tokens[3].trace.input.data.at(-1)).toBe(read.at(-1));
    const row = headWeights(tokens[3].trace, { layer: 0, head: 1 }).at(-1)!;
    expect(row).toHaveLength(8);
    expect(row).toEqual(tokens[3].heads[1].weights);
    // the figure: a row per head, a column per token read, titled with the token written
    const figure = saved.figures[0][1];
    const written = s.model!.labels[sequence[p.tokens.length + 3]];
    expect(figure.querySelector('h2')?.textContent).toBe(`What each head looked at to write '${written}'`);
    const figureText = figure.textContent ?? '';
    for (const id of new Set(read)) expect(figureText).toContain(s.model!.labels[id]);
    for (const head of ['0.0', '0.1']) expect(figureText).toContain(head);
  });

  it('tutorialFigures names the shown step and draws the Trace the screen reads its numbers from', () => {
    const before = stepsFor(tutorialModel({ seed: 0, d: 4, scale: 'sqrt' }), [3, 5]);
    const saved = tutorialFigures({ ...initialTutorial({ scale: 'sqrt' }), step: 4, before });
    if (typeof saved === 'string') throw new Error(saved);
    expect(saved.task).toBe('add-two');
    expect(saved.trace).toEqual({ name: 'tutorial-step5-scores', trace: before.trace });
    expect(saved.figures.map(([name]) => name)).toEqual(['tutorial-step5-scores']);
    // scaled, step 5 shows the scores divided by √d: so does the figure
    expect(saved.figures[0][1].querySelector('h2')?.textContent).toBe('Scaled scores');
  });
});
