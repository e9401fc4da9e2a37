import type { Trace } from '@attn/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLING, type GenerateAction, type GeneratedToken, type GenerateModel, generateReducer, type GenerateState, initialGenerate,
  readSetting, sequenceOf, textWindow, topKeys,
} from './generate.js';

const model: GenerateModel = { task: 'text', source: 'trained in Train', context: 8, labels: ['a', 'b', '␣'], texts: ['a', 'b', ' '] };
// the reducer never reads a token's Trace
const token = (t: number, start = 0): GeneratedToken => ({ token: t, start, heads: [{ layer: 0, head: 0, weights: [1] }, { layer: 0, head: 1, weights: [1] }, { layer: 1, head: 0, weights: [1] }], trace: {} as Trace });
const run = (s: GenerateState, ...actions: GenerateAction[]) => actions.reduce(generateReducer, s);
const ready = () => run(initialGenerate(), { type: 'model', model, prompt: 'ab' });
const typed = (s: GenerateState, text: string) => run(s, { type: 'line', edit: { type: 'clearBefore' } }, { type: 'line', edit: { type: 'clearAfter' } }, { type: 'line', edit: { type: 'type', text } });

describe('generateReducer', () => {
  it('a model brings its prompt when there is none yet, and keeps the learner\'s otherwise', () => {
    expect(ready().prompt).toBe('ab');
    const mine = run(ready(), { type: 'edit', field: 'prompt' });
    const entered = run(typed(mine, 'ba'), { type: 'submit' });
    expect(run(entered, { type: 'model', model, prompt: 'ab' }).prompt).toBe('ba');
  });

  it('edit opens the line on the prompt or the setting\'s value, and submit of a prompt asks for a generation', () => {
    const s = run(ready(), { type: 'edit', field: 'prompt' });
    expect(s.line).toEqual({ text: 'ab', cursor: 2 });
    expect(run(ready(), { type: 'edit', field: 'topK' }).line.text).toBe('all');
    expect(run(ready(), { type: 'edit', field: 'temperature' }).line.text).toBe('0.8');
    const submitted = run(typed(s, 'a b'), { type: 'submit' });
    expect(submitted.prompt).toBe('a b');
    expect(submitted.editing).toBeNull();
    expect(submitted.request).toBe(s.request + 1);
  });

  it('submit refuses an empty prompt with a message and keeps the line open', () => {
    const s = run(typed(run(ready(), { type: 'edit', field: 'prompt' }), ''), { type: 'submit' });
    expect(s.editing).toBe('prompt');
    expect(s.message).toBe('the prompt is empty: type the text the model goes on from');
    expect(s.request).toBe(ready().request);
  });

  it('a valid setting is taken and generates again; an invalid one is refused with a message naming it, the old value kept', () => {
    const open = run(ready(), { type: 'edit', field: 'topP' });
    const ok = run(typed(open, '0.9'), { type: 'submit' });
    expect(ok.sampling).toEqual({ ...DEFAULT_SAMPLING, topP: 0.9 });
    expect(ok.request).toBe(open.request + 1);
    const bad = run(typed(open, '2'), { type: 'submit' });
    expect(bad.sampling.topP).toBe(1);
    expect(bad.editing).toBe('topP');
    expect(bad.message).toBe("top-p must be a number above 0 and at most 1, got '2'");
    expect(run(bad, { type: 'cancel' })).toMatchObject({ editing: null, message: null, sampling: DEFAULT_SAMPLING });
  });

  it('no generation is asked for without a model', () => {
    const s = run(initialGenerate(), { type: 'edit', field: 'prompt' }, { type: 'line', edit: { type: 'type', text: 'x' } }, { type: 'submit' });
    expect(s.prompt).toBe('x');
    expect(s.request).toBe(0);
    expect(run(s, { type: 'generate' }).request).toBe(0);
  });

  it('tokens stream in for the current request only, the cursor following the newest until moved back', () => {
    const asked = run(ready(), { type: 'generate' });
    const r = asked.request;
    const started = run(asked, { type: 'started', request: r, promptTokens: [0, 1], source: 'step 300' });
    expect(started.model?.source).toBe('step 300');
    expect(started.status).toBe('generating');
    const two = run(started, { type: 'tokens', request: r, tokens: [token(0), token(1)], done: false });
    expect(two.cursor).toBe(1);
    expect(run(two, { type: 'tokens', request: r - 1, tokens: [token(2)], done: false })).toBe(two);
    const back = run(two, { type: 'cursor', by: -1 }, { type: 'tokens', request: r, tokens: [token(2)], done: true });
    expect(back.cursor).toBe(0);
    expect(back.status).toBe('done');
    expect(run(two, { type: 'tokens', request: r, tokens: [token(2)], done: false }).cursor).toBe(2);
  });

  it('the cursor stays on the generated tokens; home and end go to the first and last', () => {
    const r = run(ready(), { type: 'generate' }).request;
    const s = run(ready(), { type: 'generate' }, { type: 'started', request: r, promptTokens: [0], source: 'here' }, { type: 'tokens', request: r, tokens: [token(0), token(1), token(2)], done: true });
    expect(run(s, { type: 'cursor', by: 5 }).cursor).toBe(2);
    expect(run(s, { type: 'cursorTo', at: 'first' }, { type: 'cursor', by: -1 }).cursor).toBe(0);
    expect(run(s, { type: 'cursorTo', at: 'first' }, { type: 'cursorTo', at: 'last' }).cursor).toBe(2);
    expect(run(initialGenerate(), { type: 'cursor', by: 1 }).cursor).toBe(0);
  });

  it('heads scroll within the heads there are', () => {
    const r = run(ready(), { type: 'generate' }).request;
    const s = run(ready(), { type: 'generate' }, { type: 'started', request: r, promptTokens: [0], source: 'here' }, { type: 'tokens', request: r, tokens: [token(0)], done: true });
    expect(run(s, { type: 'heads', by: 1 }, { type: 'heads', by: 5 }).headOffset).toBe(2);
    expect(run(s, { type: 'heads', by: -1 }).headOffset).toBe(0);
  });

  it('stopped and failed end the current generation only; a new model drops the tokens of the old one', () => {
    const r = run(ready(), { type: 'generate' }).request;
    const s = run(ready(), { type: 'generate' }, { type: 'started', request: r, promptTokens: [0], source: 'here' }, { type: 'tokens', request: r, tokens: [token(0)], done: false });
    expect(run(s, { type: 'stopped', request: r }).status).toBe('stopped');
    expect(run(s, { type: 'stopped', request: r + 1 }).status).toBe('generating');
    expect(run(s, { type: 'failed', request: r, message: 'the prompt is 9 tokens' })).toMatchObject({ status: 'idle', message: 'the prompt is 9 tokens' });
    const next = run(s, { type: 'model', model: { ...model, source: 'checkpoint' } });
    expect(next).toMatchObject({ tokens: [], status: 'idle', cursor: 0 });
    expect(next.request).toBeGreaterThan(s.request);
  });
});

describe('sequenceOf', () => {
  it('sequenceOf puts the prompt before the tokens written and finds the one under the cursor', () => {
    const s = { promptTokens: [0, 1], tokens: [token(2), token(0), token(1)], cursor: 1 };
    expect(sequenceOf(s)).toEqual({ sequence: [0, 1, 2, 0, 1], at: 3 });
    expect(sequenceOf({ promptTokens: [1], tokens: [], cursor: 0 })).toEqual({ sequence: [1], at: 1 });
  });
});

describe('readSetting', () => {
  it('reads each setting and refuses what is out of range or not a number, naming it and what was typed', () => {
    const s = DEFAULT_SAMPLING;
    expect(readSetting('temperature', '0', s)).toEqual({ ok: true, sampling: { ...s, temperature: 0 } });
    expect(readSetting('temperature', ' 1.5 ', s)).toEqual({ ok: true, sampling: { ...s, temperature: 1.5 } });
    expect(readSetting('temperature', '-1', s)).toEqual({ ok: false, message: "temperature must be a number ≥ 0, got '-1'" });
    expect(readSetting('temperature', 'hot', s)).toEqual({ ok: false, message: "temperature must be a number ≥ 0, got 'hot'" });
    expect(readSetting('topK', '5', s)).toEqual({ ok: true, sampling: { ...s, topK: 5 } });
    expect(readSetting('topK', 'all', { ...s, topK: 5 })).toEqual({ ok: true, sampling: s });
    expect(readSetting('topK', '0', s)).toEqual({ ok: false, message: "top-k must be a whole number ≥ 1, or 'all', got '0'" });
    expect(readSetting('topK', '2.5', s)).toEqual({ ok: false, message: "top-k must be a whole number ≥ 1, or 'all', got '2.5'" });
    expect(readSetting('topP', '1', s)).toEqual({ ok: true, sampling: s });
    expect(readSetting('topP', '0', s)).toEqual({ ok: false, message: "top-p must be a number above 0 and at most 1, got '0'" });
    expect(readSetting('seed', '42', s)).toEqual({ ok: true, sampling: { ...s, seed: 42 } });
    expect(readSetting('seed', '', s)).toEqual({ ok: false, message: "seed must be a whole number ≥ 0, got ''" });
    expect(readSetting('tokens', '2000', s)).toEqual({ ok: true, sampling: { ...s, tokens: 2000 } });
    expect(readSetting('tokens', '2001', s)).toEqual({ ok: false, message: "tokens must be a whole number from 1 to 2000, got '2001'" });
    expect(readSetting('tokens', '0', s)).toEqual({ ok: false, message: "tokens must be a whole number from 1 to 2000, got '0'" });
  });
});

describe('topKeys', () => {
  it('lists the keys a head attended to most, by sequence position, the earlier of equals first', () => {
    expect(topKeys({ layer: 0, head: 0, weights: [0.25, 0.5, 0.25] }, 4, 2)).toEqual([{ position: 5, weight: 0.5 }, { position: 4, weight: 0.25 }]);
    expect(topKeys({ layer: 0, head: 0, weights: [1] }, 0, 3)).toEqual([{ position: 0, weight: 1 }]);
  });
});

describe('textWindow', () => {
  it('wraps whole tokens into lines and shows the lines of the focused token, the last ones when it is there', () => {
    const texts = ['ab', 'cd', 'e', 'fgh', 'i'];
    // lines: 'abcd' | 'efgh' | 'i'
    expect(textWindow(texts, 4, 1, 2)).toEqual({ lines: [[{ position: 2, text: 'e' }, { position: 3, text: 'fgh' }]], before: 1, after: 1 });
    expect(textWindow(texts, 4, 2, 0)).toEqual({ lines: [[{ position: 0, text: 'ab' }, { position: 1, text: 'cd' }], [{ position: 2, text: 'e' }, { position: 3, text: 'fgh' }]], before: 0, after: 1 });
    expect(textWindow(texts, 4, 2, 4).before).toBe(1);
    expect(textWindow(texts, 4, 9, 4)).toMatchObject({ before: 0, after: 0 });
  });

  it('splits a token wider than a line', () => {
    expect(textWindow(['a', 'bcdefg'], 4, 3, 1).lines).toEqual([[{ position: 0, text: 'a' }], [{ position: 1, text: 'bcde' }], [{ position: 1, text: 'fg' }]]);
  });
});
