#!/usr/bin/env node
// Generation speed of @attn/train's generate() with and without the key/value cache, side by side
// in one process, on a small GPT: DecoderOnly with 2 layers, 4 heads, dModel 64, context 128,
// vocabulary 64, learned positions; an 8-token prompt, then 100 sampled tokens (temperature 1,
// seed 0). Without the cache every step runs the model over the whole sequence so far; with it,
// over the new token only.
//   node bench/generate.mjs          # ~1 min on 2 cores
//   node bench/generate.mjs --quick  # a smoke run: fewer, shorter samples
//   node bench/generate.mjs --json   # one JSON object on stdout
// Needs the packages' dist (`pnpm --filter @attn/train... build`). Exits 1 if the two ways give
// different tokens.
import os from 'node:os';
import { loadCore, loadTrain, sample, summarize, warmAndCalibrate } from './lib.mjs';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const log = (s) => (json ? process.stderr : process.stdout).write(`${s}\n`);

const core = await loadCore();
const train = await loadTrain();
const model = new core.DecoderOnly({ vocabSize: 64, maxLen: 128, dModel: 64, heads: 4, layers: 2, seed: 0 }).eval();
const prompt = [5, 17, 3, 42, 8, 61, 0, 29];
const TOKENS = 100;
const run = (cache) => () => train.generateAll(model, prompt, { maxTokens: TOKENS, seed: 0, cache });
const sides = { cache: run(true), 'no cache': run(false) };

const same = JSON.stringify(sides.cache()) === JSON.stringify(sides['no cache']());
if (!same) log('CHECK FAILED: generate gave other tokens with the cache than without');

const settings = quick
  ? { warmupMs: 100, maxWarmupMs: 300, windowMs: 50, sampleMs: 50, rounds: 3 }
  : { warmupMs: 1000, maxWarmupMs: 5000, windowMs: 200, sampleMs: 400, rounds: 9 };
const calibration = Object.fromEntries(Object.entries(sides).map(([k, f]) => [k, warmAndCalibrate(f, { ...settings, minWindows: 2 })]));
const ms = { cache: [], 'no cache': [] };
for (let r = 0; r < settings.rounds; r++) for (const [k, f] of Object.entries(sides)) ms[k].push(sample(f, calibration[k].n));
const stats = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, summarize(v, calibration[k])]));
const tokensPerSec = (k) => (TOKENS * 1000) / stats[k].medianMs;
const speedup = tokensPerSec('cache') / tokensPerSec('no cache');

if (json) {
  console.log(JSON.stringify({
    date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadAverage: os.loadavg(),
    model: model.config, promptLength: prompt.length, tokens: TOKENS, sameTokens: same,
    cache: { ...stats.cache, tokensPerSec: tokensPerSec('cache') }, noCache: { ...stats['no cache'], tokensPerSec: tokensPerSec('no cache') }, speedup,
  }));
} else {
  log(`model: DecoderOnly, 2 layers, 4 heads, dModel 64, context 128, vocabulary 64 (${model.numParameters().toLocaleString('en-US')} parameters); prompt ${prompt.length} tokens, ${TOKENS} generated`);
  log(`machine: ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const k of Object.keys(sides)) {
    log(`${k.padEnd(9)} ${tokensPerSec(k).toFixed(0).padStart(6)} tokens/s  (${stats[k].medianMs.toFixed(1)} ms per generation, ±${(50 * stats[k].spread).toFixed(0)}%, ${stats[k].samples} samples)`);
  }
  log(`cache/no cache: ${speedup.toFixed(1)}x; same tokens: ${same ? 'yes' : 'NO'}`);
}
if (!same) process.exitCode = 1;
