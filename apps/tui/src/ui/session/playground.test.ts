import { describe, expect, it } from 'vitest';
import { tensor, TutorialAttention } from '@attn/core';
import { addTwo, digitsAdd, sort, sumN, train, type Checkpoint, type Task } from '@attn/train';
import { attentionMaps, modelFromCheckpoint, playgroundTask, runPlayground } from './playground.js';

/** W_q = W_k = 0: every score is 0, so attention is uniform; the network adds the numbers' mean twice. */
function uniformAdder(): TutorialAttention {
  const m = new TutorialAttention({ d: 1, hidden: 1 });
  m.loadStateDict({
    w_q: tensor([[0]]), w_k: tensor([[0]]), w_v: tensor([[1]]),
    'mlp.layers.0.weight': tensor([[1]]), 'mlp.layers.0.bias': tensor([0]),
    'mlp.layers.1.weight': tensor([[1]]), 'mlp.layers.1.bias': tensor([0]),
  });
  return m;
}

describe('playgroundTask', () => {
  it('playgroundTask takes the hint, the example and the input from the task', () => {
    for (const task of [addTwo(), sumN(), sort(), digitsAdd()]) {
      expect(playgroundTask(task)).toEqual({ name: task.name, hint: task.input!.hint, example: task.input!.examples[0], input: task.input });
    }
    expect(playgroundTask(digitsAdd()).example).toBe('47 85');
  });

  it('playgroundTask says why it cannot run a task that does not describe its input', () => {
    const { input: _input, answer: _answer, ...bare } = addTwo();
    expect(playgroundTask(bare as Task).unsupported).toBe('the task does not describe its input (it has no input and answer)');
  });
});

describe('runPlayground', () => {
  it('runPlayground answers add-two with the model\'s output, the expected sum and uniform attention', () => {
    const r = runPlayground(addTwo(), uniformAdder(), [2, 7]);
    // uniform attention: each attended value is the mean 4.5, summed over two tokens: 9
    expect(r).toMatchObject({ input: [2, 7], answer: '9.000', expected: '9', correct: null, tokens: ['2', '7'] });
    expect(Number(r.note!.replace(/^off by /, ''))).toBeLessThan(1e-12); // the uniform adder is exact
    expect(r.attention).toEqual([{ layer: 0, head: 0, weights: [[0.5, 0.5], [0.5, 0.5]] }]);
  });

  it('runPlayground decodes a sort answer, checks it against the task, and maps every head with the causal mask', async () => {
    const task = sort();
    const run = train({ task, steps: 20, seed: 0 });
    await run;
    const r = runPlayground(task, run.model, [3, 1, 4, 1, 5]);
    expect(r.tokens.slice(0, 6)).toEqual(['3', '1', '4', '1', '5', '→']);
    expect(r.tokens).toHaveLength(10);
    expect(r.expected).toBe('1 1 3 4 5');
    expect(r.correct).toBe(r.answer === '1 1 3 4 5');
    expect(r.attention).toHaveLength(2); // 1 layer × 2 heads
    for (const map of r.attention) {
      expect(map.weights).toHaveLength(10);
      map.weights.forEach((row, i) => {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(map.mask![i].slice(i + 1).every((m) => m === 0)).toBe(true); // no looking ahead
      });
    }
  }, 20_000);

  it('attentionMaps splits a trace\'s weights into rows per layer and head', () => {
    const maps = attentionMaps({
      format: 'attn.trace', version: 1, model: 'X', input: { shape: [1, 2], data: [0, 0] }, values: {}, output: { shape: [1], data: [0] },
      attention: [{ layer: 1, head: 3, module: 'm', scale: 1, causal: false, q: { shape: [], data: [] }, k: { shape: [], data: [] }, v: { shape: [], data: [] }, scores: { shape: [], data: [] }, scaled: { shape: [], data: [] }, weights: { shape: [1, 2, 3], data: [1, 2, 3, 4, 5, 6] }, attended: { shape: [], data: [] } }],
    });
    expect(maps).toEqual([{ layer: 1, head: 3, weights: [[1, 2, 3], [4, 5, 6]] }]);
  });

  it('modelFromCheckpoint rebuilds the trained model; a checkpoint of another task is refused', async () => {
    const task = addTwo();
    const run = train({ task, steps: 50, seed: 2 });
    let checkpoint;
    await train({ task, steps: 50, seed: 2, plugins: [{ name: 'keep', onTrainEnd: (_r, ctx) => { checkpoint = ctx.checkpoint(); } }] });
    await run;
    const model = modelFromCheckpoint(task, checkpoint!);
    expect(runPlayground(task, model, [3, 5]).answer).toBe(runPlayground(task, run.model, [3, 5]).answer);
    expect(() => modelFromCheckpoint(sumN(), checkpoint!)).toThrow("the checkpoint is for task 'add-two', not 'sum-n'");
  });

  it('modelFromCheckpoint builds the model the checkpoint records, not the task\'s default size', async () => {
    let checkpoint: Checkpoint | undefined;
    const wide = train({ task: addTwo({ model: { d: 8 } }), steps: 20, plugins: [{ name: 'keep', onTrainEnd: (_r, ctx) => { checkpoint = ctx.checkpoint(); } }] });
    await wide;
    const model = modelFromCheckpoint(addTwo(), checkpoint!);
    expect(model.modelConfig().options.d).toBe(8);
    expect(runPlayground(addTwo(), model, [3, 5]).answer).toBe(runPlayground(addTwo(), wide.model, [3, 5]).answer);
  });
});
