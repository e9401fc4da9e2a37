import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng, type DecoderOnly } from '@attn/core';
import { expectAttnError, finalWeights, stopAt } from '../../test/helpers.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint.js';
import { charTokenizer } from '../text/char.js';
import { decodeText } from '../text/decode-text.js';
import { readTextFile } from '../text/read-text-file.js';
import { tokenizerFromJSON } from '../text/tokenizer.js';
import type { TrainContext } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import type { Evaluate } from './task.js';
import { textTask } from './text.js';

/**
 * A corpus from a tiny grammar: `the {cat|dog|bird} {sat|ran|slept} on the {mat|rug|log}. `,
 * each choice uniform. Its entropy is ln 27 nats per sentence of 24 + 2/3 characters on average.
 */
function grammar(chars: number, seed = 5): string {
  const rng = new Rng(seed);
  const pick = (a: string[]) => a[rng.int(a.length)];
  let text = '';
  while (text.length < chars) text += `the ${pick(['cat', 'dog', 'bird'])} ${pick(['sat', 'ran', 'slept'])} on the ${pick(['mat', 'rug', 'log'])}. `;
  return text;
}
const ENTROPY_PER_CHAR = Math.log(27) / (4 + 3 + 1 + 11 / 3 + 8 + 3 + 2);

describe('textTask', () => {
  it('textTask splits the tokens in a contiguous training start and a held-out end, valFraction of them', () => {
    const text = 'abcdefghij'.repeat(20);
    const task = textTask({ text, context: 8, valFraction: 0.25 });
    expect(task.tokenizer.kind).toBe('char');
    expect(task.tokenizer.vocabSize).toBe(11);
    expect(task.valTokens.length).toBe(50);
    expect(task.tokenizer.decode([...task.trainTokens])).toBe(text.slice(0, 150));
    expect(task.tokenizer.decode([...task.valTokens])).toBe(text.slice(150));
  });
  it('a batch is windows of the training tokens, each target the token after its input', () => {
    const task = textTask({ text: 'abcdefghij'.repeat(20), context: 8, valFraction: 0.25 });
    const { inputs, targets } = task.sample(new Rng(3), 64);
    expect(inputs.shape).toEqual([64, 8]);
    const rows = inputs.toArray() as number[][];
    const next = targets.toArray() as number[][];
    for (const [b, row] of rows.entries()) {
      // in 'abcdefghij…' (ids 0 … 9) every token is followed by the next one, mod 10
      expect(next[b]).toEqual(row.map((t) => (t + 1) % 10));
      expect(row.slice(1)).toEqual(next[b].slice(0, -1));
    }
    const starts = new Set(rows.map((r) => r[0]));
    expect(starts.size).toBe(10); // random places, not one
  });
  it('a bpe task tokenizes with a byte-level BPE of the vocabulary asked', () => {
    const text = grammar(3000);
    const task = textTask({ text, tokenizer: 'bpe', vocabSize: 300, context: 8 });
    expect(task.tokenizer.kind).toBe('bpe');
    expect(task.tokenizer.vocabSize).toBe(300);
    expect(task.trainTokens.length + task.valTokens.length).toBeLessThan(text.length / 3);
    expect(task.createModel(new Rng(0)).config.vocabSize).toBe(300);
  });
  it('evaluate reports valLoss and perplexity = exp(valLoss), in chunks that yield their progress', () => {
    const task = textTask({ text: grammar(3000), context: 8, evalWindows: 20 });
    const model = task.createModel(new Rng(0));
    const progress: number[] = [];
    const run = (task.evaluate as Evaluate<DecoderOnly>).chunks!(model);
    let r = run.next();
    for (; !r.done; r = run.next()) progress.push(r.value as number);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]); // 20 windows in chunks of 8, 8 and 4
    const metrics = r.value;
    expect(metrics.perplexity).toBeCloseTo(Math.exp(metrics.valLoss), 12);
    // an untrained model is near a uniform guess over the vocabulary
    expect(Math.abs(metrics.valLoss - Math.log(task.tokenizer.vocabSize))).toBeLessThan(1);
    expect(task.evaluate(model)).toEqual(metrics);
    expect(Object.keys(task.metrics!)).toEqual(['valLoss', 'perplexity']);
    expect(task.metric).toEqual({ name: 'valLoss', higherIsBetter: false });
  });
  it(`textTask trains a character model on a grammar's text to a validation loss under twice its entropy (${ENTROPY_PER_CHAR.toFixed(3)} nats/char)`, async () => {
    const task = textTask({ text: grammar(6000), context: 16, model: { dModel: 32, heads: 2, layers: 1 } });
    const run = train({ task, steps: 200, seed: 0, evalEvery: 200 });
    const result = await run;
    // a uniform guess scores ln(vocab) ≈ 3; the grammar allows no better than its entropy
    expect(Math.log(task.tokenizer.vocabSize)).toBeGreaterThan(2.9);
    expect(result.metrics.valLoss).toBeGreaterThan(ENTROPY_PER_CHAR);
    expect(result.metrics.valLoss).toBeLessThan(2 * ENTROPY_PER_CHAR);
    // the examples are held-out text: the model's next characters are mostly right
    const [example] = task.examples(run.model);
    const right = (example.prediction as number[]).filter((p, i) => p === (example.target as number[])[i]).length;
    expect(right / (example.target as number[]).length).toBeGreaterThan(0.7);
    // it writes: from the start of the held-out text, words of the grammar, where the untrained model wrote none
    const words = ['the', 'cat', 'dog', 'bird', 'sat', 'ran', 'slept', 'on', 'mat', 'rug', 'log'];
    const grammatical = (text: string) => {
      const ws = text.split(/[\s.]+/).slice(1, -1); // whole words only: the first and last may be cut
      return ws.filter((w) => words.includes(w)).length / Math.max(1, ws.length);
    };
    const written = task.write!(run.model, { maxTokens: 80, seed: 1 });
    expect(written.prompt).toBe(task.tokenizer.decode(task.valTokens.slice(0, 4)));
    expect(grammatical(written.prompt + written.text)).toBeGreaterThan(0.8);
    expect(task.write!(run.model, { maxTokens: 80, seed: 1 })).toEqual(written); // seeded
    expect(grammatical(task.write!(task.createModel(new Rng(0)), { maxTokens: 80, seed: 1 }).text)).toBeLessThan(0.5);
  }, 300_000);
  it('a checkpoint of a text run holds its tokenizer; resuming needs the same one', async () => {
    const task = textTask({ text: grammar(2000), context: 8, model: { dModel: 8, heads: 1, layers: 1 } });
    let saved: ReturnType<TrainContext['checkpoint']> | null = null;
    await train({ task, steps: 4, plugins: [stopAt(2), { name: 'save', onTrainEnd: (_e, ctx) => { saved = ctx.checkpoint(); } }] });
    const back = decodeCheckpoint(encodeCheckpoint(saved!));
    expect(back.tokenizer).toEqual(task.tokenizer.toJSON());
    const again = textTask({ text: grammar(2000), context: 8, model: { dModel: 8, heads: 1, layers: 1 }, tokenizer: tokenizerFromJSON(back.tokenizer!) });
    const resumed = finalWeights();
    const result = await train({ task: again, steps: 4, resume: back, plugins: [resumed] });
    expect(result.steps).toBe(4);
    const other = textTask({ text: `${grammar(2000)}xyz`, context: 8 });
    await expect(train({ task: other, steps: 4, resume: back })).rejects.toThrow(/^train: the checkpoint's tokenizer is not the task's/);
  });
  it('textTask refuses an empty, binary or too short text, and bad options, naming the problem', () => {
    expectAttnError(() => textTask({ text: '' }), 'ARGUMENT', 'text: the text is empty');
    expectAttnError(() => textTask({ text: 'ab\0cd' }), 'ARGUMENT', 'text: the text looks binary: it holds a NUL character at index 2');
    expectAttnError(() => textTask({ text: 'x'.repeat(100), context: 95 }), 'ARGUMENT', /^text: the training part holds 90 tokens \(of 100, valFraction 0.1\), but a window needs context \+ 1 = 96/);
    expectAttnError(() => textTask({ text: 'x'.repeat(100), context: 16 }), 'ARGUMENT', /^text: the validation part holds 10 tokens .* context \+ 1 = 17/);
    expectAttnError(() => textTask({ text: 'abc'.repeat(100), valFraction: 1 }), 'ARGUMENT', 'text: valFraction must be a number in (0, 1), got 1');
    expectAttnError(() => textTask({ text: 'abc'.repeat(100), vocabSize: 300 }), 'ARGUMENT', /^text: vocabSize is the size of a 'bpe' tokenizer, but the tokenizer is 'char'/);
    expectAttnError(() => textTask({ text: 'abc'.repeat(100), tokenizer: 'bpe', vocabSize: 100 }), 'ARGUMENT', /^bpeTokenizer: vocabSize must be an integer in \[256, 65536\]/);
    expectAttnError(() => textTask({ text: 'abc'.repeat(100), tokenizer: 'word' as never }), 'ARGUMENT', `text: tokenizer must be 'char', 'bpe' or a Tokenizer, got "word"`);
    expectAttnError(() => textTask({ text: 3 as never }), 'ARGUMENT', 'text: text must be a string, got 3');
    expectAttnError(() => textTask({ text: 'abc'.repeat(100), context: 0 }), 'ARGUMENT', /^text: context must be an integer in \[1, 4096\], got 0/);
    expectAttnError(() => textTask({ text: 'abc'.repeat(400) }).sample(new Rng(0), 0), 'ARGUMENT', /^text: batch size must be/);
  });
  it('a task made with a tokenizer reads text it lacks as unknown tokens', () => {
    const task = textTask({ text: 'xyz!'.repeat(50), context: 8, tokenizer: charTokenizer('xyz') });
    expect(new Set(task.trainTokens)).toEqual(new Set([0, 1, 2, 3]));
    expect(task.tokenizer.decode([...task.valTokens]).slice(0, 8)).toBe('xyz\uFFFDxyz\uFFFD');
  });
});

describe('decodeText and readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attn-text-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('readTextFile reads UTF-8 text, a byte-order mark dropped', () => {
    expect(readTextFile(file('ok.txt', 'héllo 👋\n'))).toBe('héllo 👋\n');
    expect(readTextFile(file('bom.txt', Uint8Array.of(0xef, 0xbb, 0xbf, 0x68, 0x69)))).toBe('hi');
  });
  it('readTextFile refuses a missing, empty, binary or non-UTF-8 file, naming it', () => {
    expectAttnError(() => readTextFile(join(dir, 'missing.txt')), 'ARGUMENT', `readTextFile: cannot read ${join(dir, 'missing.txt')}: ENOENT`);
    expectAttnError(() => readTextFile(dir), 'ARGUMENT', /^readTextFile: cannot read .*: it is a directory/);
    const empty = file('empty.txt', '');
    expectAttnError(() => readTextFile(empty), 'FORMAT', `readTextFile: ${empty} is empty`);
    const png = file('logo.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d));
    expectAttnError(() => readTextFile(png), 'FORMAT', `readTextFile: ${png} looks binary, not text: it holds a NUL byte at offset 8`);
    const latin1 = file('latin1.txt', Uint8Array.of(0x63, 0x61, 0x66, 0xe9));
    expectAttnError(() => readTextFile(latin1), 'FORMAT', /^readTextFile: .*latin1\.txt is not UTF-8 text/);
  });
  it('decodeText names its source, the text by default', () => {
    expectAttnError(() => decodeText(new Uint8Array(0)), 'FORMAT', 'decodeText: the text is empty');
    expectAttnError(() => decodeText('abc' as never), 'ARGUMENT', 'decodeText: bytes must be a Uint8Array, got "abc"');
  });
});
