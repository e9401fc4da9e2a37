import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialInspect } from '../state/inspect.js';
import { initialPlayground } from '../state/playground.js';
import { initialTraining } from '../state/training.js';
import { initialTutorial } from '../state/tutorial.js';
import { inspectFigures, playgroundFigures, savedLine, trainFigures, tutorialFigures } from './export.js';
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
