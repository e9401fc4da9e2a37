import { DecoderOnly, Tensor } from '@attn/core';
import { addTwo, induction, train } from '@attn/train';
import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../test/helpers.js';
import type { HeadMetrics } from './metrics.js';
import { headsOverTraining, inductionPhaseChange, type HeadsSnapshot, roleFormation } from './over-training.js';
import { repeatedTokens } from './repeated.js';
import type { Role } from './roles.js';

/** A snapshot of heads with these roles and induction scores (other metrics are not read); two heads a layer from `firstLayer`. */
const snap = (step: number, roles: Role[], induction: (number | null)[] = roles.map(() => 0), firstLayer = 0): HeadsSnapshot => ({
  step,
  heads: roles.map((_, i) => ({ layer: firstLayer + (i >> 1), head: i & 1, induction: induction[i] }) as HeadMetrics),
  roles,
});

describe('roleFormation', () => {
  it('roleFormation(history) gives each head its last role and the first step from which it kept it', () => {
    const history = [
      snap(0, ['diffuse', 'diffuse', 'diffuse']),
      snap(10, ['previous-token', 'diffuse', 'induction']),
      snap(20, ['diffuse', 'sink', 'induction']),
      snap(30, ['previous-token', 'sink', 'induction']),
    ];
    expect(roleFormation(history)).toEqual([
      { layer: 0, head: 0, role: 'previous-token', step: 30 }, // it flickered at step 20: it formed at 30
      { layer: 0, head: 1, role: 'sink', step: 20 },
      { layer: 1, head: 0, role: 'induction', step: 10 },
    ]);
  });

  it('roleFormation(history) reads a history back from JSON, and is empty for an empty one', () => {
    const history = [snap(0, ['diffuse']), snap(5, ['self'])];
    expect(roleFormation(JSON.parse(JSON.stringify(history)))).toEqual([{ layer: 0, head: 0, role: 'self', step: 5 }]);
    expect(roleFormation([])).toEqual([]);
  });

  it('roleFormation refuses a history without a role per head', () => {
    expectAttnError(() => roleFormation([{ step: 0, heads: [], roles: ['self'] }]), 'ARGUMENT',
      'roleFormation: history must be an array of { step, heads, roles } with a role per head, got [object]');
  });
});

describe('inductionPhaseChange', () => {
  it('inductionPhaseChange(history) is the first step from which the top induction score stays at or above 0.4', () => {
    const history = [
      snap(0, ['content', 'content'], [0.1, null], 1),
      snap(50, ['content', 'induction'], [0.1, 0.45], 1), // crosses, then falls back
      snap(100, ['content', 'content'], [0.2, 0.3], 1),
      snap(150, ['induction', 'content'], [0.4, 0.3], 1), // a head reaching exactly 0.4 counts
      snap(200, ['induction', 'induction'], [0.5, 0.9], 1),
    ];
    expect(inductionPhaseChange(history)).toBe(150);
    expect(inductionPhaseChange(history, 0.45)).toBe(200);
    expect(inductionPhaseChange(history, 0.95)).toBeNull();
    expect(inductionPhaseChange(history.slice(0, 3))).toBeNull();
    expect(inductionPhaseChange([])).toBeNull();
  });

  it('inductionPhaseChange(history) ignores heads of layer 0, which cannot be induction heads', () => {
    // snap() puts heads 0 and 1 in layer 0, head 2 in layer 1
    const history = [snap(0, ['induction', 'content', 'content'], [0.9, 0, 0.1]), snap(10, ['induction', 'content', 'induction'], [0.9, 0, 0.6])];
    expect(inductionPhaseChange(history)).toBe(10);
    expect(inductionPhaseChange(history.slice(0, 1))).toBeNull();
  });
});

describe('headsOverTraining', () => {
  it('headsOverTraining records every head before training, every `every` steps and after the last, on the inputs given', async () => {
    const inputs = repeatedTokens({ vocabSize: 8, length: 6, batch: 2, seed: 1 });
    const watch = headsOverTraining({ every: 4, inputs });
    const task = induction();
    await train({ task, steps: 10, seed: 0, plugins: [watch] });
    expect(watch.history.map((s) => s.step)).toEqual([0, 4, 8, 10]);
    for (const s of watch.history) {
      expect(s.heads.map((h) => `${h.layer}.${h.head}`)).toEqual(['0.0', '0.1', '1.0', '1.1']);
      expect(s.roles).toHaveLength(4);
      expect(s.heads.every((h) => h.queries === 2 * 11)).toBe(true); // the batch of 2 given, not the task's probe
    }
    // the model trains between snapshots, so the metrics move
    expect(watch.history[3].heads[0].entropy).not.toBe(watch.history[0].heads[0].entropy);
    expect(JSON.parse(JSON.stringify(watch))).toEqual({ every: 4, history: watch.history });
    expect(watch.formation()).toEqual(roleFormation(watch.history));
    expect(watch.phaseChange()).toBe(inductionPhaseChange(watch.history));
  });

  it("headsOverTraining measures on the task's probeInputs by default, else on the trace of its probe", async () => {
    const onInduction = headsOverTraining({ every: 100 });
    const task = induction();
    await train({ task, steps: 1, plugins: [onInduction] });
    expect(onInduction.history[0].heads[0].queries).toBe(task.probeInputs.shape[0] * (task.probeInputs.shape[1] - 1));

    const onAddTwo = headsOverTraining({ every: 100 });
    await train({ task: addTwo(), steps: 1, plugins: [onAddTwo] });
    expect(onAddTwo.history.map((s) => s.step)).toEqual([0, 1]);
    expect(onAddTwo.history[0].heads).toHaveLength(1); // the tutorial model's one head, on its probe [3, 5, …]
  });

  it('headsOverTraining refuses a bad every, inputs that are not a tensor, and a task without probe or inputs', async () => {
    expectAttnError(() => headsOverTraining({ every: 0 }), 'ARGUMENT', 'headsOverTraining: every must be a positive integer, got 0');
    expectAttnError(() => headsOverTraining({ every: 1, inputs: [[1, 2]] as unknown as Tensor }), 'ARGUMENT', 'headsOverTraining: inputs must be a Tensor, got [[1,2]]');
    const { probe: _, ...noProbe } = addTwo();
    await expect(train({ task: noProbe, steps: 1, plugins: [headsOverTraining({ every: 1 })] }))
      .rejects.toThrow("headsOverTraining: task 'add-two' has no probe input: pass { inputs }");
  });

  it('headsOverTraining works on a model passed to train() too (a DecoderOnly of another size)', async () => {
    const task = induction();
    const model = new DecoderOnly({ vocabSize: 8, maxLen: task.length, dModel: 16, heads: 1, layers: 3, ff: 0, seed: 2 });
    const watch = headsOverTraining({ every: 2 });
    await train({ task, model, steps: 2, plugins: [watch] });
    expect(watch.history[1].heads.map((h) => `${h.layer}.${h.head}`)).toEqual(['0.0', '1.0', '2.0']);
  });
});

describe('headsOverTraining on the induction task', () => {
  it('training induction() with its defaults forms a previous-token head in layer 0 and then an induction head in layer 1', async () => {
    const task = induction();
    const watch = headsOverTraining({ every: 50 });
    const run = train({ task, seed: 0, plugins: [watch] });
    const result = await run;
    expect(result.metrics.testAccuracy).toBeGreaterThan(0.95);

    const last = watch.history[watch.history.length - 1];
    const layer = (l: number) => last.heads.filter((h) => h.layer === l);
    // on the task's own sequences (segments of every length, anywhere), so no fixed offset passes for induction
    const inductionHead = layer(1).reduce((a, b) => ((a.induction ?? 0) >= (b.induction ?? 0) ? a : b));
    expect(inductionHead.induction).toBeGreaterThan(0.4);
    expect(Math.max(...layer(0).map((h) => h.induction ?? 0))).toBeLessThan(0.4);
    expect(last.roles[last.heads.indexOf(inductionHead)]).toBe('induction');
    // and a layer-0 head attends to the previous token: what lets the induction head find the key after the earlier copy
    const previousHead = layer(0).reduce((a, b) => ((a.previous ?? 0) >= (b.previous ?? 0) ? a : b));
    expect(previousHead.previous).toBeGreaterThan(0.5);
    expect(last.roles[last.heads.indexOf(previousHead)]).toBe('previous-token');

    // the untrained model has no induction head; the phase change comes during the run
    expect(Math.max(...watch.history[0].heads.map((h) => h.induction ?? 0))).toBeLessThan(0.4);
    const change = watch.phaseChange();
    expect(change).toBeGreaterThan(0);
    expect(change).toBeLessThan(task.defaults.steps);
    const formed = watch.formation().find((f) => f.layer === inductionHead.layer && f.head === inductionHead.head);
    expect(formed).toMatchObject({ role: 'induction' });
    expect(formed!.step).toBeGreaterThanOrEqual(change!);
  }, 120_000);
});
