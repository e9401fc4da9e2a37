import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addTwo, generateAll, textTask, train } from '@attn/train';
import { noGrad, Rng, tensor, traceForward, attentionOf, tensorRows } from '@attn/core';
import { DEFAULT_SAMPLING } from '../state/generate.js';
import { describeModel, generateTokens, promptTokens, snapshot, textModelOf } from './generate.js';

// a real text: the start of the tutorial page
const text = readFileSync(new URL('../../../../docs/tutorial.md', import.meta.url), 'utf8').slice(0, 4000);

describe('generate session', () => {
  it('the attention shown for each generated token is the last row of a full uncached forward over the tokens before it, every layer and head', async () => {
    const task = textTask({ text, context: 12 });
    const run = train({ task, steps: 30, seed: 0 });
    await run;
    const tm = textModelOf(task, run.model)!;
    const prompt = promptTokens('Attention', tm);
    if (!prompt.ok) throw new Error(prompt.message);
    const seq = prompt.tokens.slice();
    const written = [...generateTokens(tm.model, prompt.tokens, { ...DEFAULT_SAMPLING, tokens: 8, seed: 3 })];
    expect(written).toHaveLength(8);
    for (const t of written) {
      // the tokens the model read: all before this one, at most its context of 12 (the window slides past it)
      const read = seq.slice(-12);
      expect(t.start).toBe(seq.length - read.length);
      const full = noGrad(() => traceForward(tm.model, tensor([read])).trace);
      expect(t.heads.map((h) => `${h.layer}.${h.head}`)).toEqual(['0.0', '0.1', '0.2', '0.3', '1.0', '1.1', '1.2', '1.3']);
      for (const h of t.heads) {
        const want = tensorRows(attentionOf(full, h).weights)[read.length - 1];
        expect(h.weights).toHaveLength(read.length);
        h.weights.forEach((w, k) => expect(w, `token at ${seq.length}, head ${h.layer}.${h.head}, key ${k}`).toBeCloseTo(want[k], 12));
      }
      seq.push(t.token);
    }
    expect(seq.length).toBeGreaterThan(12); // the window slid
    // the same tokens as @attn/train's generate with those settings
    expect(written.map((t) => t.token)).toEqual(generateAll(tm.model, prompt.tokens, { maxTokens: 8, temperature: 0.8, seed: 3 }));
  });

  it('snapshot copies the weights: training the model afterwards leaves the copy as it was', () => {
    const task = textTask({ text, context: 12 });
    const model = task.createModel(new Rng(0));
    const copy = snapshot(model);
    const x = tensor([[1, 2, 3]]);
    const before = Array.from(noGrad(() => copy.forward(x)).data);
    expect(before).toEqual(Array.from(noGrad(() => model.forward(x)).data));
    for (const p of model.parameters()) p.data.fill(0.5);
    expect(Array.from(noGrad(() => copy.forward(x)).data)).toEqual(before);
  });

  it('promptTokens refuses an empty prompt and one longer than the context, saying by how much', () => {
    const task = textTask({ text, context: 12 });
    const tm = textModelOf(task, task.createModel(new Rng(0)))!;
    expect(promptTokens('', tm)).toEqual({ ok: false, message: 'the prompt is empty: type the text the model goes on from' });
    expect(promptTokens('a'.repeat(13), tm)).toEqual({ ok: false, message: 'the prompt is 13 tokens, but this model reads at most 12: shorten it' });
    expect(promptTokens('a'.repeat(12), tm)).toEqual({ ok: true, tokens: task.tokenizer.encode('a'.repeat(12)) });
  });

  it('textModelOf takes a task on text with its DecoderOnly, and nothing else', () => {
    const task = textTask({ text, context: 12 });
    expect(textModelOf(task, task.createModel(new Rng(0)))?.tokenizer).toBe(task.tokenizer);
    const add = addTwo();
    expect(textModelOf(add, add.createModel(new Rng(0)))).toBeNull();
  });

  it('describeModel labels spaces and newlines visibly, and keeps spaces in the running text', () => {
    const task = textTask({ text, context: 12 });
    const d = describeModel('text', 'here', textModelOf(task, task.createModel(new Rng(0)))!);
    const space = task.tokenizer.encode(' ')[0];
    const newline = task.tokenizer.encode('\n')[0];
    expect([d.labels[space], d.texts[space], d.labels[newline], d.texts[newline]]).toEqual(['␣', ' ', '↵', '↵']);
    expect(d.context).toBe(12);
  });
});
