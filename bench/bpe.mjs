#!/usr/bin/env node
// Byte-level BPE of @attn/train: training and encoding time against the text's length and the
// merges learned. The corpus is attn's docs (apps/tui's generated corpus, or the docs pages
// themselves), repeated and cut to each length. Prints times and ratios; enforces nothing.
//
//   node bench/bpe.mjs      (~30 s on 2 cores; needs packages/train/dist)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bpeTokenizer } from '@attn/train';

const docs = fileURLToPath(new URL('../apps/docs/', import.meta.url));
const pages = [join(docs, 'tutorial.md'), ...['guide', 'beyond'].flatMap((d) => readdirSync(join(docs, d)).filter((f) => f.endsWith('.md')).map((f) => join(docs, d, f)))];
const corpus = pages.map((p) => readFileSync(p, 'utf8')).join('\n');
// each text is the docs, then the docs again with a word changed per copy, so merges keep finding new pairs
const textOf = (n) => {
  let t = '';
  for (let copy = 0; t.length < n; copy++) t += corpus.replaceAll('the', `the${copy % 7 ? '' : copy}`);
  return t.slice(0, n);
};

/** The median of `runs` timings of `f`, in ms. */
const time = (f, runs = 5) => {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[runs >> 1];
};

// warm-up: the first calls run before the JIT has compiled the hot loops
for (let i = 0; i < 3; i++) bpeTokenizer(textOf(50_000), { vocabSize: 1024 }).encode(textOf(50_000));
const rows = [];
for (const vocabSize of [512, 1024]) {
  for (const n of [50_000, 100_000, 200_000]) {
    const text = textOf(n);
    let tokenizer;
    const train = time(() => { tokenizer = bpeTokenizer(text, { vocabSize }); });
    const encode = time(() => tokenizer.encode(text));
    rows.push({ vocabSize, chars: n, trainMs: train, encodeMs: encode, tokens: tokenizer.encode(text).length });
  }
}
const base = (r) => rows.find((b) => b.vocabSize === r.vocabSize && b.chars === 50_000);
console.log('vocab  chars     train ms  ×50k   encode ms  ×50k   tokens/char');
for (const r of rows) {
  const b = base(r);
  console.log(`${String(r.vocabSize).padEnd(6)} ${String(r.chars).padEnd(9)} ${r.trainMs.toFixed(0).padStart(8)}  ${(r.trainMs / b.trainMs).toFixed(2).padStart(4)}   ${r.encodeMs.toFixed(0).padStart(9)}  ${(r.encodeMs / b.encodeMs).toFixed(2).padStart(4)}   ${(r.tokens / r.chars).toFixed(3)}`);
}
console.log('(linear in the text: ×50k near 2 and 4 for 100k and 200k characters)');
