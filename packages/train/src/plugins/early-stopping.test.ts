import { describe, expect, it } from 'vitest';
import { expectAttnError, expectRejects, line } from '../../test/helpers.js';
import { train } from '../trainer/train.js';
import { earlyStopping } from './early-stopping.js';
import { history } from './history.js';

// A task whose main metric `score` (higher is better) follows a script by step.
const SCRIPT = [0, 0.2, 0.5, 0.6, 0.55, 0.6, 0.58, 0.59, 0.9, 0.95, 0.97, 0.99];
const scripted = () => line({ metricAt: (step) => SCRIPT[step] });

describe('earlyStopping', () => {
  it('earlyStopping({ target }) stops as soon as the metric reaches the target', async () => {
    const h = history();
    // with only a target, patience does not apply (a patience of 3 would stop at step 6)
    const result = await train({ task: scripted(), steps: 11, evalEvery: 1, plugins: [earlyStopping({ target: 0.9 }), h] });
    expect(result).toMatchObject({ steps: 8, reason: 'stopped' });
    expect(result.metrics.score).toBe(0.9);
    expect(h.evals.map((e) => e.metrics.score)).toEqual(SCRIPT.slice(1, 9));
  });

  it('earlyStopping({ patience }) stops after that many evaluations without improvement', async () => {
    // best 0.6 at step 3; steps 4, 5, 6 (0.55, 0.6, 0.58) do not beat it → stop after step 6
    const result = await train({ task: scripted(), steps: 11, evalEvery: 1, plugins: [earlyStopping({ patience: 3 })] });
    expect(result).toMatchObject({ steps: 6, reason: 'stopped' });
  });

  it('earlyStopping({ minDelta }) counts only improvements larger than minDelta', async () => {
    // with minDelta 0.2: 0.2 (step 1) is the first best, 0.5 beats it by more than 0.2; 0.6 and 0.55 do not beat 0.7
    const result = await train({ task: scripted(), steps: 11, evalEvery: 1, plugins: [earlyStopping({ patience: 2, minDelta: 0.2 })] });
    expect(result).toMatchObject({ steps: 4, reason: 'stopped' });
  });

  it('earlyStopping watches the task metric direction: lower is better for mse', async () => {
    // the line task's mse falls steadily with SGD, so patience never runs out and the run completes
    const result = await train({ task: line(), steps: 30, evalEvery: 3, plugins: [earlyStopping({ patience: 1 })] });
    expect(result).toMatchObject({ steps: 30, reason: 'done' });
    const early = await train({ task: line(), steps: 30, evalEvery: 3, plugins: [earlyStopping({ target: 1 })] });
    expect(early.reason).toBe('stopped');
    expect(early.metrics.mse).toBeLessThanOrEqual(1);
  });

  it('earlyStopping refuses a bad patience and a metric the task does not report', async () => {
    expectAttnError(() => earlyStopping({ patience: 0 }), 'ARGUMENT', 'earlyStopping: patience must be a positive integer, got 0');
    await expectRejects(train({ task: line(), steps: 2, plugins: [earlyStopping({ metric: 'accuracy' })] }), 'ARGUMENT',
      "earlyStopping: task 'line' reports no metric 'accuracy' (it has mse)");
  });
});
