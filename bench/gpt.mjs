#!/usr/bin/env node
// Trains the same small GPT in @attn/core and in PyTorch (CPU), side by side in one run: training
// steps per second (float64 and float32, PyTorch on 1 thread like attn and on every core, and
// tfjs's WebAssembly backend in float32), and the time to a validation loss on the project's docs
// with the character tokenizer. The PyTorch side is gpt-torch.py, a child process driven over
// stdin/stdout; needs `python3-torch` (Debian:
// `apt-get install python3-torch`), else that side is skipped with a message. See README.md.
//
//   node bench/gpt.mjs            full run (4-5 minutes on 2 cores)
//   node bench/gpt.mjs --quick    the small configuration, short samples, target 3.0 (30-60 s)
//   node bench/gpt.mjs --json     exactly one JSON object on stdout, everything else on stderr
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { docsCorpus } from '../apps/tui/scripts/docs-corpus.mjs';
import { decoderParams, tfDecoderLoss } from './decoder-model.mjs';
import { fmtNum, loadCore, loadTfjs, loadTrain, sample, summarize, table, warmAndCalibrate } from './lib.mjs';

const argv = process.argv.slice(2);
const KNOWN = new Set(['--json', '--quick', '--help', '-h']);
const unknown = argv.filter((a) => !KNOWN.has(a));
if (unknown.length || argv.includes('--help') || argv.includes('-h')) {
  process.stderr.write('usage: node bench/gpt.mjs [--quick] [--json]\n');
  process.exit(unknown.length ? 2 : 0);
}
const JSON_OUT = argv.includes('--json');
const QUICK = argv.includes('--quick');
const progress = (msg) => { if (!JSON_OUT) process.stderr.write(msg + '\n'); };
const started = performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));

/** nanoGPT's CPU configuration (its README: 4 layers, 4 heads, 128 wide, context 64, batch 12, no dropout), and a smaller one. */
const CONFIGS = [
  { name: 'nanoGPT cpu', layers: 4, heads: 4, dModel: 128, context: 64, batch: 12 },
  { name: 'small', layers: 2, heads: 2, dModel: 64, context: 32, batch: 12 },
].map((c) => ({ ...c, ff: 4 * c.dModel }));
/** The same AdamW on both sides, on every parameter, constant learning rate, no clipping. */
const OPT = { lr: 2e-3, betas: [0.9, 0.99], eps: 1e-8, weightDecay: 0.1 };
const SETTINGS = QUICK
  ? { quick: true, configs: ['small'], warmupMs: 200, maxWarmupMs: 400, windowMs: 50, sampleMs: 50, rounds: 3, minWindows: 2, torchWarmupMs: 200, target: 3.0, capSec: 5, evalEvery: 10 }
  : { quick: false, configs: ['nanoGPT cpu', 'small'], warmupMs: 500, maxWarmupMs: 2000, windowMs: 200, sampleMs: 600, rounds: 5, minWindows: 4, torchWarmupMs: 1000, target: 2.5, capSec: 90, evalEvery: 50 };
/** The configuration trained to the target validation loss. */
const CONVERGE_CONFIG = 'small';
const CONVERGE_DTYPE = 'float64';
/** Training batches drawn up front (both sides cycle through the same ones), validation windows. */
const TRAIN_BATCHES = 10000;
const VAL_WINDOWS = 64;
const SEED = 0;
/** Debian's python3-torch lives under the system Python; ATTN_BENCH_PYTHON points elsewhere. */
const PYTHON = process.env.ATTN_BENCH_PYTHON || '/usr/bin/python3';

// ---------------------------------------------------------------------------------------------
// Libraries and data

const core = await loadCore();
const train = await loadTrain();
// tfjs on its WebAssembly backend times the float32 rows (its only float type); its cpu backend
// would take seconds per step of the larger configuration
const { tf, useBackend, versions: tfVersions } = await loadTfjs();
useBackend('wasm');
const require = createRequire(import.meta.url);
const cores = os.cpus().length;
const machine = {
  cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
  cores,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
};

// The corpus `attn train --text` learns by default (the TUI build writes the same text to
// apps/tui/generated/docs-corpus.txt).
const text = docsCorpus(path.join(here, '..', 'apps', 'docs'));
const tokens = train.textTask({ text, context: 1 }); // its tokenizer and splits; the windows are made here per config
const vocab = tokens.tokenizer.vocabSize;
const dir = mkdtempSync(path.join(os.tmpdir(), 'attn-gpt-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const int32File = (name, values) => writeFileSync(path.join(dir, name), Buffer.from(Int32Array.from(values).buffer));
int32File('tokens.bin', [...tokens.trainTokens, ...tokens.valTokens]);

/** Window starts: random ones into the training tokens (batches in order), evenly spread ones into the validation tokens. */
function windowStarts({ context: T, batch }) {
  const rng = new core.Rng(SEED);
  const trainStarts = Array.from({ length: TRAIN_BATCHES * batch }, () => rng.int(tokens.trainTokens.length - T));
  const fit = Math.floor((tokens.valTokens.length - 1) / T);
  const take = Math.min(fit, VAL_WINDOWS);
  return { train: trainStarts, val: Array.from({ length: take }, (_, i) => Math.floor((i * fit) / take) * T) };
}
// ---------------------------------------------------------------------------------------------
// The PyTorch side: gpt-torch.py, one JSON command per line

const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
const torchMissing = probe.status === 0 ? null
  : `${PYTHON} -c "import torch" failed (${(probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)) || `exit ${probe.status}`}); install it with \`apt-get install python3-torch\``;
if (torchMissing) process.stderr.write(`gpt bench: PyTorch side skipped: ${torchMissing}\n`);

let torch = null;
if (!torchMissing) {
  const child = spawn(PYTHON, [path.join(here, 'gpt-torch.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  torch = {
    async ask(msg) {
      child.stdin.write(JSON.stringify(msg) + '\n');
      const { value, done } = await lines.next();
      if (done) throw new Error(`gpt-torch.py ended without answering ${msg.cmd} (see its error above)`);
      return JSON.parse(value);
    },
    close: () => child.stdin.end(),
  };
}

const versions = {
  '@attn/core': require('@attn/core/package.json').version,
  '@attn/train': require('@attn/train/package.json').version,
  '@tensorflow/tfjs-core': tfVersions['@tensorflow/tfjs-core'],
  '@tensorflow/tfjs-backend-wasm': tfVersions['@tensorflow/tfjs-backend-wasm'],
};
if (torch) {
  const info = await torch.ask({ cmd: 'setup', dir, trainTokens: tokens.trainTokens.length });
  Object.assign(versions, { torch: info.torch, python: info.python });
}

// ---------------------------------------------------------------------------------------------
// Models, checks

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok, ...detail });
}

/**
 * The attn side of one configuration and dtype: the model (`DecoderOnly`'s `dtype`: float32 starts
 * from the float64 weights rounded, as PyTorch's `model.to(torch.float32)`), AdamW, and a step over
 * the batches in order (`tokenWindows`, the windows of `textTask`).
 */
function attnSide(config, dtype, starts) {
  const model = new core.DecoderOnly({ vocabSize: vocab, maxLen: config.context, dModel: config.dModel, heads: config.heads, layers: config.layers, ff: config.ff, seed: SEED, dtype });
  const opt = new train.AdamW(model.parameters(), OPT);
  const B = config.batch;
  let i = 0;
  const batch = () => {
    const at = (i * B) % starts.train.length;
    return train.tokenWindows(tokens.trainTokens, starts.train.slice(at, at + B), config.context);
  };
  const val = train.tokenWindows(tokens.valTokens, starts.val, config.context);
  const loss0 = core.noGrad(() => { const b = batch(); return core.crossEntropy(model.forward(b.inputs), b.targets).item(); });
  return {
    model, loss0,
    params: model.parameters().reduce((n, p) => n + p.size, 0),
    /** The losses of the first FIRST_STEPS steps, compared with tfjs's. */
    first: [],
    step() {
      const b = batch();
      const loss = core.crossEntropy(model.forward(b.inputs), b.targets);
      loss.backward();
      opt.step();
      opt.zeroGrad();
      if (i++ < FIRST_STEPS) this.first.push(loss.item());
      return loss;
    },
    get steps() { return i; },
    valLoss: () => core.noGrad(() => core.crossEntropy(model.forward(val.inputs), val.targets).item()),
  };
}

/** Steps whose losses attn and tfjs-wasm must agree on (the same weights, batches and optimizer). */
const FIRST_STEPS = 4;
let tfjsCount = 0;

/**
 * The tfjs-wasm side of a configuration, float32: decoder-model.mjs's model with one-hot embeddings
 * (the gradient of `tf.gather` needs `UnsortedSegmentSum`, which tfjs-wasm lacks) and exact GELU
 * from `tf.erf`, on attn's initial weights and the same batches; AdamW as PyTorch's: the gradient
 * at the current weights, then the decoupled decay p ← p·(1 − lr·wd), then tfjs's Adam (the same
 * bias-corrected update, eps outside the square root).
 */
function tfjsSide(config, starts) {
  const model = new core.DecoderOnly({ vocabSize: vocab, maxLen: config.context, dModel: config.dModel, heads: config.heads, layers: config.layers, ff: config.ff, seed: SEED });
  const params = new Map(model.namedParameters());
  const id = tfjsCount++;
  const vars = decoderParams(config.layers).map((n) => tf.variable(tf.tensor(Float32Array.from(params.get(n).data), params.get(n).shape), true, `gpt${id}/${n}`));
  const opt = tf.train.adam(OPT.lr, OPT.betas[0], OPT.betas[1], OPT.eps);
  const decay = 1 - OPT.lr * OPT.weightDecay;
  const shape = { dModel: config.dModel, heads: config.heads, maxLen: config.context };
  const B = config.batch;
  let i = 0;
  const lossOf = () => {
    const at = (i * B) % starts.train.length;
    const b = train.tokenWindows(tokens.trainTokens, starts.train.slice(at, at + B), config.context);
    return tfDecoderLoss(tf, vars, shape, b.inputs, b.targets, { activation: 'gelu', lookup: 'onehot' });
  };
  const start = lossOf();
  const loss0 = tf.tidy(() => start.loss().dataSync()[0]);
  start.dispose();
  const side = {
    loss0,
    first: [],
    step() {
      const { loss, dispose } = lossOf();
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss, vars);
        for (const v of vars) v.assign(tf.mul(v, decay));
        opt.applyGradients(grads);
        if (i < FIRST_STEPS) side.first.push(value.dataSync()[0]);
      });
      dispose();
      i++;
    },
    dispose() {
      opt.dispose();
      tf.dispose(vars);
    },
  };
  return side;
}

let sideCount = 0;
/** The PyTorch side of the same configuration and dtype, from the same initial weights. */
async function torchSide(config, dtype, threads) {
  const id = sideCount++;
  const msg = { cmd: 'model', id, name: config.name, config: { ...config, vocab }, dtype, threads, ...OPT };
  return { id, threads, ...(await torch.ask(msg)) };
}

/** Writes the configuration's initial weights (float64, in parameter order) and window starts for gpt-torch.py. */
function writeConfigFiles(config, starts) {
  const model = new core.DecoderOnly({ vocabSize: vocab, maxLen: config.context, dModel: config.dModel, heads: config.heads, layers: config.layers, ff: config.ff, seed: SEED });
  const named = model.namedParameters();
  writeFileSync(path.join(dir, `weights-${config.name}.json`), JSON.stringify(named.map(([n, p]) => [n, p.shape])));
  const flat = new Float64Array(named.reduce((n, [, p]) => n + p.size, 0));
  let at = 0;
  for (const [, p] of named) { flat.set(p.data, at); at += p.size; }
  writeFileSync(path.join(dir, `weights-${config.name}.bin`), Buffer.from(flat.buffer));
  int32File(`train-starts-${config.name}.bin`, starts.train);
  int32File(`val-starts-${config.name}.bin`, starts.val);
}

/** Step-0 checks of one configuration and dtype: equal parameter counts, loss ≈ ln(vocab), the same loss on both sides. */
function checkStart(config, dtype, a, t) {
  const lnV = Math.log(vocab);
  check(`${config.name} ${dtype}: attn loss at step 0 ≈ ln(vocab) = ${lnV.toFixed(3)}`, Math.abs(a.loss0 - lnV) <= 0.5, { value: a.loss0, tolerance: 0.5 });
  if (!t) return;
  check(`${config.name} ${dtype}: parameter counts equal`, a.params === t.params, { attn: a.params, torch: t.params });
  const tol = dtype === 'float64' ? 1e-9 : 1e-4;
  const relError = Math.abs(a.loss0 - t.loss0) / Math.abs(t.loss0);
  check(`${config.name} ${dtype}: loss at step 0, attn vs PyTorch (same weights, same batch)`, relError <= tol, { attn: a.loss0, torch: t.loss0, relError, tolerance: tol });
}

// ---------------------------------------------------------------------------------------------
// Speed: steps per second, alternating samples (attn, PyTorch 1 thread, PyTorch all cores, …)

/** Warms a PyTorch side up (no JIT: a fixed time of steps) and returns steps per sample, like warmAndCalibrate. */
async function torchWarm(side) {
  const t0 = performance.now();
  let n = 1;
  let rate = 0;
  while (performance.now() - t0 < SETTINGS.torchWarmupMs) {
    const { sec } = await torch.ask({ cmd: 'steps', id: side.id, n, threads: side.threads });
    rate = n / (sec * 1000);
    n = Math.max(1, Math.round(rate * SETTINGS.windowMs));
  }
  return { n: Math.max(1, Math.round(rate * SETTINGS.sampleMs)), warmupMs: Math.round(performance.now() - t0) };
}

async function speedRow(config, dtype, starts) {
  progress(`speed: ${config.name}, ${dtype}…`);
  const a = attnSide(config, dtype, starts);
  const t1 = torch && (await torchSide(config, dtype, 1));
  const tN = torch && (await torchSide(config, dtype, cores));
  checkStart(config, dtype, a, t1);
  const calA = warmAndCalibrate(() => a.step(), SETTINGS);
  const torchSides = torch ? [t1, tN] : [];
  const calT = [];
  for (const s of torchSides) calT.push(await torchWarm(s));
  // tfjs-wasm: float32 rows only, like for like
  const w = dtype === 'float32' ? tfjsSide(config, starts) : null;
  if (w) {
    const relError = Math.abs(a.loss0 - w.loss0) / a.loss0;
    check(`${config.name} ${dtype}: loss at step 0, attn vs tfjs-wasm (same weights, same batch)`, relError <= 1e-4, { attn: a.loss0, tfjs: w.loss0, relError, tolerance: 1e-4 });
  }
  const calW = w && warmAndCalibrate(() => w.step(), SETTINGS);
  const tensorsBefore = tf.memory().numTensors;
  const times = [[], ...torchSides.map(() => []), []];
  for (let r = 0; r < SETTINGS.rounds; r++) {
    times[0].push(sample(() => a.step(), calA.n));
    for (const [i, s] of torchSides.entries()) {
      const { sec, threads } = await torch.ask({ cmd: 'steps', id: s.id, n: calT[i].n, threads: s.threads });
      if (threads !== s.threads) throw new Error(`PyTorch ran on ${threads} threads, asked for ${s.threads}`);
      times[i + 1].push((sec * 1000) / calT[i].n);
    }
    if (w) times.at(-1).push(sample(() => w.step(), calW.n));
  }
  const row = { config: config.name, dtype, attn: { threads: 1, ...summarize(times[0], calA) } };
  if (w) {
    check(`${config.name} ${dtype}: tfjs tensors leaked while timing`, tf.memory().numTensors === tensorsBefore, { leaked: tf.memory().numTensors - tensorsBefore });
    // the same weights, batches and AdamW: the same losses, step for step, within float32 rounding
    const drift = Math.max(...w.first.map((l, k) => Math.abs(l - a.first[k]) / a.first[k]));
    check(`${config.name} ${dtype}: losses of the first ${FIRST_STEPS} steps, attn vs tfjs-wasm`, w.first.length === FIRST_STEPS && drift <= 1e-3, { attn: a.first, tfjs: w.first, relError: drift, tolerance: 1e-3 });
    w.dispose();
    row.tfjsWasm = { threads: 1, ...summarize(times.at(-1), calW) };
    row.ratioWasm = row.attn.opsPerSec / row.tfjsWasm.opsPerSec;
  }
  if (torch) {
    row.torch = { threads: 1, ...summarize(times[1], calT[0]) };
    row.torchAllCores = { threads: cores, ...summarize(times[2], calT[1]) };
    row.ratio = row.attn.opsPerSec / row.torch.opsPerSec;
    row.ratioAllCores = row.attn.opsPerSec / row.torchAllCores.opsPerSec;
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
// Time to a validation loss (training time only; evaluations every evalEvery steps not counted)

function convergeAttn(a) {
  const points = [{ step: 0, sec: 0, valLoss: a.valLoss() }];
  let trained = 0;
  while (points.at(-1).valLoss > SETTINGS.target && trained < SETTINGS.capSec) {
    const t0 = performance.now();
    for (let i = 0; i < SETTINGS.evalEvery; i++) a.step();
    trained += (performance.now() - t0) / 1000;
    points.push({ step: a.steps, sec: trained, valLoss: a.valLoss() });
  }
  return { threads: 1, points };
}
function convergeSummary(side, run) {
  const last = run.points.at(-1);
  const first = run.points[0];
  const reached = last.valLoss <= SETTINGS.target;
  check(`convergence, ${side}: validation loss falls`, last.valLoss < first.valLoss - 0.25, { first: first.valLoss, last: last.valLoss });
  return { threads: run.threads, reached, sec: last.sec, steps: last.step, firstValLoss: first.valLoss, lastValLoss: last.valLoss, points: run.points };
}

// ---------------------------------------------------------------------------------------------

const rows = [];
let convergence = null;
const configs = CONFIGS.filter((c) => SETTINGS.configs.includes(c.name)).map((config) => ({ config, starts: windowStarts(config) }));
if (torch) for (const { config, starts } of configs) writeConfigFiles(config, starts);
// every float64 row first, the convergence run (float64) too: attn's default, before its kernels
// have seen float32 arrays, after which float64 runs slower in the same process (see README.md)
for (const dtype of ['float64', 'float32']) {
  for (const { config, starts } of configs) rows.push(await speedRow(config, dtype, starts));
  if (dtype !== CONVERGE_DTYPE) continue;
  const { config, starts } = configs.find((c) => c.config.name === CONVERGE_CONFIG);
  progress(`time to validation loss ${SETTINGS.target} (${config.name}, ${CONVERGE_DTYPE}, cap ${SETTINGS.capSec} s each)…`);
  const a = attnSide(config, CONVERGE_DTYPE, starts);
  convergence = { config: config.name, dtype: CONVERGE_DTYPE, target: SETTINGS.target, capSec: SETTINGS.capSec, evalEvery: SETTINGS.evalEvery, valWindows: starts.val.length };
  convergence.attn = convergeSummary('attn', convergeAttn(a));
  if (torch) {
    const t = await torchSide(config, CONVERGE_DTYPE, 1);
    const run = await torch.ask({ cmd: 'converge', id: t.id, threads: 1, target: SETTINGS.target, capSec: SETTINGS.capSec, evalEvery: SETTINGS.evalEvery });
    convergence.torch = convergeSummary('PyTorch', run);
    // same weights, same validation windows: the same loss before training
    const relError = Math.abs(convergence.attn.firstValLoss - convergence.torch.firstValLoss) / convergence.torch.firstValLoss;
    check('convergence: validation loss at step 0, attn vs PyTorch', relError <= 1e-9, { attn: convergence.attn.firstValLoss, torch: convergence.torch.firstValLoss, relError, tolerance: 1e-9 });
    // same weights, batches and optimizer in float64: the same trajectory, step for step
    const torchAt = new Map(convergence.torch.points.map((p) => [p.step, p.valLoss]));
    const common = convergence.attn.points.filter((p) => p.step > 0 && torchAt.has(p.step));
    const drift = Math.max(0, ...common.map((p) => Math.abs(p.valLoss - torchAt.get(p.step)) / torchAt.get(p.step)));
    check('convergence: validation losses at the same steps, attn vs PyTorch', common.length > 0 && drift <= 1e-6, { steps: common.length, relError: drift, tolerance: 1e-6 });
  }
}
// the table reads by configuration
rows.sort((a, b) => CONFIGS.findIndex((c) => c.name === a.config) - CONFIGS.findIndex((c) => c.name === b.config));
torch?.close();

const result = {
  date: new Date().toISOString(),
  machine,
  versions,
  torchSkipped: torchMissing,
  settings: { ...SETTINGS, optimizer: { kind: 'AdamW', ...OPT }, vocab, corpusChars: text.length, trainTokens: tokens.trainTokens.length, valTokens: tokens.valTokens.length },
  configs: CONFIGS.filter((c) => SETTINGS.configs.includes(c.name)),
  checks,
  rows,
  convergence,
  loadAverageEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  elapsedSec: Math.round((performance.now() - started) / 100) / 10,
};

if (JSON_OUT) process.stdout.write(JSON.stringify(result) + '\n');
else process.stdout.write(render(result) + '\n');
if (!checks.every((c) => c.ok)) {
  process.stderr.write('gpt bench: correctness check failed (see "checks")\n');
  process.exitCode = 1;
}

function render(res) {
  const out = [];
  const m = res.machine;
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, node ${m.node}, load average ${m.loadAverage.join(' ')} at the start, ${res.loadAverageEnd.join(' ')} at the end`);
  out.push(`libraries: @attn/core ${res.versions['@attn/core']}, @attn/train ${res.versions['@attn/train']}, ${res.torchSkipped ? `PyTorch skipped: ${res.torchSkipped}` : `PyTorch ${res.versions.torch} (python ${res.versions.python}, CPU)`}, tfjs-backend-wasm ${res.versions['@tensorflow/tfjs-backend-wasm']} (float32 rows)`);
  out.push(`data: the docs corpus, ${res.settings.corpusChars.toLocaleString('en-US')} characters, character tokenizer (vocabulary ${res.settings.vocab}), ${res.settings.trainTokens.toLocaleString('en-US')} training / ${res.settings.valTokens.toLocaleString('en-US')} validation tokens`);
  const o = res.settings.optimizer;
  out.push(`training: AdamW (lr ${o.lr}, betas ${o.betas.join('/')}, eps ${o.eps}, weight decay ${o.weightDecay}, all parameters), constant lr, no clipping; GELU, pre-norm, learned positions, ff 4·d, no dropout; the same batches and initial weights on both sides`);
  for (const c of res.configs) out.push(`  ${c.name}: ${c.layers} layers, ${c.heads} heads, d ${c.dModel}, context ${c.context}, batch ${c.batch}`);
  const s = res.settings;
  out.push(`method: warm-up (attn until stable, ${s.warmupMs}-${s.maxWarmupMs} ms; PyTorch ${s.torchWarmupMs} ms), then ${s.rounds} alternating samples of ~${s.sampleMs} ms; medians${s.quick ? ' (--quick)' : ''}`);
  out.push('');
  const spread = (...ss) => `±${Math.round(50 * Math.max(...ss.map((x) => x.spread)))}%`;
  const rate = (x) => (x ? `${fmtNum(x.opsPerSec)} steps/s` : 'skipped');
  out.push(table(
    ['training step', 'attn (1 thread)', 'PyTorch (1 thread)', 'attn/PyTorch', `PyTorch (${m.cores} threads)`, `attn/PyTorch ${m.cores}t`, 'tfjs-wasm (1 thread)', 'attn/tfjs-wasm', 'noise'],
    res.rows.map((r) => [
      `${r.config}, ${r.dtype}`, rate(r.attn), rate(r.torch), r.torch ? `${r.ratio.toFixed(2)}x` : '',
      rate(r.torchAllCores), r.torch ? `${r.ratioAllCores.toFixed(2)}x` : '',
      r.tfjsWasm ? rate(r.tfjsWasm) : '(float32 only)', r.tfjsWasm ? `${r.ratioWasm.toFixed(2)}x` : '',
      spread(r.attn, ...(r.torch ? [r.torch, r.torchAllCores] : []), ...(r.tfjsWasm ? [r.tfjsWasm] : [])),
    ]),
  ));
  const c = res.convergence;
  if (c) {
    out.push('');
    out.push(`time to validation loss <= ${c.target} (${c.config}, ${c.dtype}, 1 thread each; ${c.valWindows} validation windows every ${c.evalEvery} steps, not timed; cap ${c.capSec} s of training):`);
    const line = (side, x) => [side, x.reached ? `${x.sec.toFixed(1)} s` : `not reached in ${x.sec.toFixed(1)} s`, x.steps.toLocaleString('en-US'), (x.steps / x.sec).toFixed(1), x.firstValLoss.toFixed(3), x.lastValLoss.toFixed(3)];
    const body = [line('attn', c.attn)];
    if (c.torch) body.push(line('PyTorch', c.torch));
    out.push(table(['side', 'time', 'steps', 'steps/s', 'val loss at 0', 'val loss at end'], body));
    if (c.torch?.reached && c.attn.reached) out.push(`attn/PyTorch in time to target: ${(c.torch.sec / c.attn.sec).toFixed(2)}x (above 1: attn got there sooner)`);
  }
  out.push('');
  out.push('checks:');
  for (const k of res.checks) {
    const { name, ok, ...d } = k;
    out.push(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: ${Object.entries(d).map(([key, v]) => `${key} ${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(6) : v}`).join(', ')}`);
  }
  out.push('');
  out.push(`ratio > 1 means attn is faster; noise = half the interquartile range of the samples; ${res.elapsedSec} s`);
  return out.join('\n');
}
