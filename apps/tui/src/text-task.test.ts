// attn train --text and the text task in the other commands, run as the built `attn` on real
// files in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { charTokenizer, decodeCheckpoint } from '@attn/train';
import { DOCS_CORPUS } from './text-task.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'attn-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};
/** Sentences of a small grammar, enough for windows of 32 characters in both parts. */
const grammar = Array.from({ length: 120 }, (_, i) => `the ${['cat', 'dog', 'bird'][i % 3]} ${['sat', 'ran', 'slept'][(i * 7) % 3]} on the ${['mat', 'rug', 'log'][(i * 5) % 3]}. `).join('');
const good = file('grammar.txt', grammar);

/** Runs attn and checks that it failed with exit 2 and one line on stderr; returns that line. */
function usageError(...args: string[]): string {
  const r = run(...args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('attn train --text', () => {
  it('attn train --text FILE --json trains the text task on the file: validation loss and perplexity, a char tokenizer of its characters', () => {
    const r = run('train', '--text', good, '--steps', '3', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.task).toBe('text');
    expect(out.steps).toBe(3);
    expect(out.metrics.perplexity).toBeCloseTo(Math.exp(out.metrics.valLoss), 9);
    expect(out.tokenizer).toEqual({ kind: 'char', vocabSize: new Set(grammar).size + 1 });
  });
  it('attn train --text FILE --tokenizer bpe --vocab-size 280 trains on byte-level BPE tokens', () => {
    const out = JSON.parse(run('train', '--text', good, '--tokenizer', 'bpe', '--vocab-size', '280', '--context', '8', '--steps', '2', '--json').stdout);
    expect(out.tokenizer).toEqual({ kind: 'bpe', vocabSize: 280 });
  });
  it('attn train --text FILE --plain shows held-out text and the model\'s guess of each next character', () => {
    const r = run('train', '--text', good, '--steps', '2', '--plain');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^held-out: validation loss \d+\.\d+, perplexity \d+/m);
    expect(r.stdout).toContain('examples (held-out text; the model\'s guess of each next character');
    expect(r.stdout).toMatch(/^ {2}truth {3}"/m);
  });
  it('attn train --text refuses a missing, unreadable, empty, binary, non-UTF-8 or too small file with one line and exit 2', () => {
    const missing = join(tmp, 'missing.txt');
    expect(usageError('train', '--text', missing)).toBe(`attn: --text: cannot read ${missing}: ENOENT`);
    expect(usageError('train', '--text', tmp)).toBe(`attn: --text: cannot read ${tmp}: it is a directory, not a regular file`);
    const empty = file('empty.txt', '');
    expect(usageError('train', '--text', empty)).toBe(`attn: --text: ${empty} is empty`);
    const binary = file('image.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52));
    expect(usageError('train', '--text', binary)).toBe(`attn: --text: ${binary} looks binary, not text: it holds a NUL byte at offset 8`);
    const latin1 = file('latin1.txt', Uint8Array.from([...'caf'].map((c) => c.charCodeAt(0)).concat(0xe9)));
    expect(usageError('train', '--text', latin1)).toMatch(/^attn: --text: .*latin1\.txt is not UTF-8 text/);
    const small = file('small.txt', 'hello, world');
    expect(usageError('train', '--text', small)).toBe(`attn: --text: ${small}: the training part holds 11 tokens (of 12, valFraction 0.1), but a window needs context + 1 = 33: give a longer text or a smaller context`);
    // big enough for training, not for the held-out tenth
    const short = file('short.txt', 'abcdefghij'.repeat(20));
    expect(usageError('train', '--text', short)).toMatch(/^attn: --text: .*short\.txt: the validation part holds 20 tokens/);
  });
  it('attn train refuses text flags with another task, and --vocab-size without --tokenizer bpe', () => {
    expect(usageError('train', '--task', 'sort', '--text', good)).toBe("attn: --text, --tokenizer, --vocab-size and --context are for the text task, not 'sort'");
    expect(usageError('train', '--text', good, '--vocab-size', '300')).toBe('attn: --vocab-size is the vocabulary of a new bpe tokenizer: give it with --tokenizer bpe');
    expect(usageError('train', '--text', good, '--tokenizer', 'word')).toBe("attn: --tokenizer must be one of char, bpe, got 'word'");
  });
  it('attn train --text with no file, like --task text, learns attn\'s docs: the tutorial, the guide and the beyond pages, without front matter or Vue components', () => {
    const docs = readFileSync(DOCS_CORPUS, 'utf8');
    for (const title of ['# Attention in eight steps', '# The terminal app', '# What is each head paying attention to? Induction heads form']) expect(docs).toContain(title);
    for (const markup of ['<StepWidget', '<TrainWidget', '<script', '\noutline:', '<<< @/']) expect(docs).not.toContain(markup);
    for (const args of [['--text'], ['--task', 'text']]) {
      const out = JSON.parse(run('train', ...args, '--steps', '1', '--json').stdout);
      expect(out.task).toBe('text');
      expect(out.tokenizer).toEqual({ kind: 'char', vocabSize: new Set(docs).size + 1 });
    }
    expect(run('tasks').stdout).toMatch(/^text +predict the next character of a text with a small decoder-only transformer \(char tokenizer, context 32\) \[validation loss\]$/m);
  });
  it('a text run\'s checkpoint holds its tokenizer: --resume continues it and attn inspect measures its heads', () => {
    const out = join(tmp, 'run');
    expect(run('train', '--text', good, '--steps', '2', '--out', out, '--json').status).toBe(0);
    const checkpoint = decodeCheckpoint(readFileSync(join(out, 'last.ckpt')));
    expect(checkpoint.tokenizer).toEqual(charTokenizer(grammar).toJSON());

    const resumed = run('train', '--resume', join(out, 'last.ckpt'), '--text', good, '--steps', '3', '--json');
    expect(resumed.stderr).toBe('');
    expect(JSON.parse(resumed.stdout)).toMatchObject({ task: 'text', steps: 3 });
    // the docs have other characters: the checkpoint's tokenizer is kept, not rebuilt from them
    const onDocs = run('train', '--resume', join(out, 'last.ckpt'), '--steps', '3', '--json');
    expect(JSON.parse(onDocs.stdout).tokenizer.vocabSize).toBe(new Set(grammar).size + 1);
    expect(usageError('train', '--resume', join(out, 'last.ckpt'), '--text', good, '--tokenizer', 'bpe')).toBe("attn: --tokenizer bpe: the checkpoint's model reads char tokens");

    const r = run('inspect', '--checkpoint', join(out, 'last.ckpt'), '--text', good, '--examples', '8', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const inspected = JSON.parse(r.stdout);
    expect(inspected.task).toBe('text');
    expect(inspected.heads).toHaveLength(8); // the default model: 2 layers of 4 heads
    expect(inspected.metric.name).toBe('valLoss');
    expect(inspected.baseline.metric).toBeCloseTo(inspected.metrics.valLoss, 9);
    for (const h of inspected.heads) expect(h.sentence.startsWith(`head ${h.layer}.${h.head} `)).toBe(true);
    const text = run('inspect', '--checkpoint', join(out, 'last.ckpt'), '--text', good, '--examples', '8');
    expect(text.stdout).toMatch(/^attn inspect: text, checkpoint .*\(step 2\)$/m);
    expect(text.stdout).toMatch(/all of layer 0's attention: zero → validation loss \d/);
  }, 120_000);
});
