import { describe, expect, it } from 'vitest';
import { addTwo, sort } from '@attn/train';
import { initialPlayground, inputMessage, playgroundReducer, type PlaygroundAction, type PlaygroundResult, type PlaygroundState, type PlaygroundTask } from './playground.js';

const tasks: PlaygroundTask[] = [
  { name: 'add-two', input: addTwo().input, hint: 'two numbers', example: '3 5' },
  { name: 'sort', input: sort().input, hint: 'five digits', example: '3 1 4 1 5' },
];
const run = (s: PlaygroundState, ...actions: PlaygroundAction[]) => actions.reduce(playgroundReducer, s);
const result = (heads: number): PlaygroundResult => ({
  input: [3, 5], answer: '8.000', expected: '8', correct: null, tokens: ['3', '5'],
  attention: Array.from({ length: heads }, (_, h) => ({ layer: 0, head: h, weights: [[0.5, 0.5], [0.5, 0.5]] })),
});

describe('playgroundReducer', () => {
  it('initialPlayground starts on the named task with its example, read at once', () => {
    const s = initialPlayground(tasks, 'sort');
    expect(s).toMatchObject({ index: 1, text: '3 1 4 1 5', parsed: { ok: true, values: [3, 1, 4, 1, 5] } });
    expect(initialPlayground(tasks, 'nope', '2 7')).toMatchObject({ index: 0, text: '2 7', parsed: { ok: true, values: [2, 7] } });
  });

  it('playgroundReducer reads the line on every key with the task\'s input: a hint while incomplete, an error once it cannot be right, a warning outside the training range', () => {
    let s = run(initialPlayground(tasks), { type: 'clear' }, { type: 'line', edit: { type: 'type', text: '3' } });
    expect(inputMessage(s)).toEqual({ kind: 'hint', text: 'type 2 numbers, got 1' });
    s = run(s, { type: 'submit' });
    expect(inputMessage(s)).toEqual({ kind: 'error', text: 'type 2 numbers, got 1' });
    s = run(s, { type: 'line', edit: { type: 'type', text: ' q' } });
    expect(inputMessage(s)).toEqual({ kind: 'error', text: "add-two: expected a number, got 'q'" });
    s = run(s, { type: 'line', edit: { type: 'backspace' } }, { type: 'line', edit: { type: 'type', text: '9' } });
    expect(s.parsed).toEqual({ ok: true, values: [3, 9], warnings: [] });
    expect(inputMessage(s)).toBeNull();
    s = run(s, { type: 'line', edit: { type: 'type', text: '9' } });
    expect(s.parsed).toEqual({ ok: true, values: [3, 99], warnings: ['99 is outside the training range [0, 10)'] });
    expect(inputMessage(s)).toEqual({ kind: 'warning', text: '99 is outside the training range [0, 10)' });
    // the cursor moves: typing lands where it is, and moving alone reads nothing anew
    s = run(s, { type: 'line', edit: { type: 'home' } });
    expect(s).toMatchObject({ text: '3 99', cursor: 0, parsed: { ok: true, values: [3, 99] } });
    s = run(s, { type: 'line', edit: { type: 'right' } }, { type: 'line', edit: { type: 'type', text: '1' } });
    expect(s).toMatchObject({ text: '31 99', cursor: 2, parsed: { ok: true, values: [31, 99] } });
  });

  it('playgroundReducer switches tasks (wrapping), resetting the input, the answer and the model', () => {
    let s = run(initialPlayground(tasks), { type: 'modelReady', source: 'trained here' }, { type: 'result', result: result(1) });
    const version = s.model.version;
    s = run(s, { type: 'task', by: 1 });
    expect(s).toMatchObject({ index: 1, text: '3 1 4 1 5', result: null, head: 0, model: { status: 'none' } });
    expect(s.model.version).toBeGreaterThan(version);
    expect(run(s, { type: 'task', by: 1 }).index).toBe(0);
  });

  it('playgroundReducer show opens a task by name (e.g. the one just trained), and ignores unknown names', () => {
    const s = run(initialPlayground(tasks), { type: 'show', task: 'sort' });
    expect(s).toMatchObject({ index: 1, text: '3 1 4 1 5', model: { status: 'none' } });
    expect(run(s, { type: 'show', task: 'sort' })).toBe(s);
    expect(run(s, { type: 'show', task: 'nope' })).toBe(s);
  });

  it('playgroundReducer cycles the attention head over the answer\'s maps and keeps it in range for a new answer', () => {
    let s = run(initialPlayground(tasks), { type: 'result', result: result(4) }, { type: 'head', by: -1 });
    expect(s.head).toBe(3);
    s = run(s, { type: 'result', result: result(2) });
    expect(s.head).toBe(0);
    expect(run(s, { type: 'result', result: null }, { type: 'head', by: 1 }).head).toBe(0);
  });

  it('playgroundReducer follows the model from training to ready, and shows a failure', () => {
    let s = run(initialPlayground(tasks), { type: 'modelTraining', step: 100, totalSteps: 2000 });
    expect(s.model).toMatchObject({ status: 'training', step: 100, totalSteps: 2000 });
    s = run(s, { type: 'modelReady', source: 'checkpoint runs/last.ckpt' });
    expect(s.model).toMatchObject({ status: 'ready', source: 'checkpoint runs/last.ckpt' });
    expect(run(s, { type: 'modelFailed', message: 'the checkpoint does not fit' }).model).toMatchObject({ status: 'failed', message: 'the checkpoint does not fit' });
    expect(run(s, { type: 'result', result: null, error: 'DecoderOnly: sequence length 12 exceeds maxLen 10' }).model.message).toBe('DecoderOnly: sequence length 12 exceeds maxLen 10');
  });
});
