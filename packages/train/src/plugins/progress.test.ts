import { describe, expect, it } from 'vitest';
import { line } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import { train } from '../trainer/train.js';
import { progress } from './progress.js';

describe('progress', () => {
  it('progress({ write }) writes a start line, a line every `every` steps and the last, and each evaluation', async () => {
    const lines: string[] = [];
    await train({ task: line(), steps: 5, evalEvery: 5, seed: 7, plugins: [progress({ every: 2, write: (l) => lines.push(l) })] });
    expect(lines[0]).toBe('training line: 5 steps, 3 parameters, seed 7');
    expect(lines.slice(1).map((l) => l.replace(/\d+(\.\d+)?(e[+-]\d+)?/g, '#'))).toEqual([
      'step #/#  loss #  |g| #  lr #  # steps/s',
      'step #/#  loss #  |g| #  lr #  # steps/s',
      'step #/#  loss #  |g| #  lr #  # steps/s',
      'eval at step #: mse #',
    ]);
    expect(lines.slice(1, 4).map((l) => l.split(' ')[1])).toEqual(['2/5', '4/5', '5/5']);
    expect(lines[1]).toMatch(/lr 0\.1000 /);
  });

  it('progress() writes each evaluation\'s metrics as the task labels and formats them', async () => {
    const lines: string[] = [];
    await train({ task: addTwo(), steps: 4, evalEvery: 4, plugins: [progress({ write: (l) => lines.push(l) })] });
    expect(lines.at(-1)).toMatch(/^eval at step 4: test MSE \d+(\.\d+)?(e[+-]\d+)? {2}error on \[3, 5\] \d+(\.\d+)?(e[+-]\d+)?$/);
  });

  it('progress() reports about ten times per run by default and formats tiny numbers in exponent form', async () => {
    const lines: string[] = [];
    await train({ task: line(), steps: 40, evalEvery: 100, lr: 1e-5, plugins: [progress({ write: (l) => lines.push(l) })] });
    const steps = lines.filter((l) => l.startsWith('step '));
    expect(steps.map((l) => l.split(' ')[1])).toEqual(['4/40', '8/40', '12/40', '16/40', '20/40', '24/40', '28/40', '32/40', '36/40', '40/40']);
    expect(steps[0]).toMatch(/ lr 1\.00e-5 /);
  });
});
