#!/usr/bin/env node
// Benchmarks @attn/core against TensorFlow.js (tfjs-core with its pure-JS cpu backend and with
// its WebAssembly backend), side by side in one process: for each row, warm-up, then alternating
// timed samples (core, tfjs-cpu, tfjs-wasm, core, …), medians over the samples. Ends with the
// memory check (does the heap grow per training step?). See README.md for how to read the output.
//
//   node bench/run.mjs            full suite (about 80 s on 2 cores)
//   node bench/run.mjs --quick    fewer, shorter samples (a smoke run, a few seconds)
//   node bench/run.mjs --json     exactly one JSON object on stdout, everything else on stderr
//
// ATTN_BENCH_CORE=<module path> benches another build of @attn/core (e.g. a patched bundle).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { Worker } from 'node:worker_threads';
import { coreSpec, fmtNum, loadCore, loadCoreJsOnly, loadTfjs, loadTrain, sample, summarize, table, warmAndCalibrate } from './lib.mjs';
import { decoderParams, tfDecoderLoss } from './decoder-model.mjs';

const argv = process.argv.slice(2);
const KNOWN = new Set(['--json', '--quick', '--help', '-h']);
const unknown = argv.filter((a) => !KNOWN.has(a) && !a.startsWith('--only='));
if (unknown.length || argv.includes('--help') || argv.includes('-h')) {
  process.stderr.write('usage: node bench/run.mjs [--quick] [--json] [--only=TEXT]\n');
  process.exit(unknown.length ? 2 : 0);
}
const JSON_OUT = argv.includes('--json');
const QUICK = argv.includes('--quick');
// --only=TEXT: only the rows whose name contains TEXT (`memory` for the memory check), e.g. to
// profile one row. The JIT then sees less variety than in the full suite: see README.md.
const ONLY = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
const selected = (name) => ONLY === null || name.includes(ONLY);

// In --json mode stdout carries the JSON object and nothing else: any library noise (console.log,
// console.warn, …) is sent to stderr.
if (JSON_OUT) {
  const toStderr = (...a) => process.stderr.write(util.format(...a) + '\n');
  console.log = console.info = console.warn = console.debug = console.trace = toStderr;
}
const progress = (msg) => { if (!JSON_OUT) process.stderr.write(msg + '\n'); };

// warmupMs..maxWarmupMs: JIT warm-up of each side (see warmAndCalibrate in lib.mjs), then
// `rounds` alternating samples of about sampleMs each. The memory check: `steps` training steps
// after `warmup`, the heap measured every `every` steps.
const SETTINGS = QUICK
  ? { quick: true, warmupMs: 20, maxWarmupMs: 60, windowMs: 10, sampleMs: 10, rounds: 2, minWindows: 2 }
  : { quick: false, warmupMs: 300, maxWarmupMs: 1500, windowMs: 50, sampleMs: 60, rounds: 13, minWindows: 4 };
const MEMORY = QUICK ? { steps: 10000, every: 1000, warmup: 2000 } : { steps: 10000, every: 500, warmup: 2000 };
/** Heap growth (bytes per training step) below which the memory check calls the heap flat. */
const FLAT_BYTES_PER_STEP = 8;

// ---------------------------------------------------------------------------------------------
// Libraries

const require = createRequire(import.meta.url);
const core = await loadCore();
const missing = ['tensor', 'randn', 'matmul', 'attention', 'TutorialAttention', 'DecoderOnly', 'crossEntropy'].filter((n) => typeof core[n] !== 'function');
if (missing.length) throw new Error(`@attn/core does not export ${missing.join(', ')} (is packages/core/dist up to date?)`);
const train = await loadTrain();
// core built without its WebAssembly kernel, for the `matmul (JS kernel)` row
const coreJs = await loadCoreJsOnly();

const { tf, tfWasm, useBackend, versions: tfVersions } = await loadTfjs();

const versions = {
  '@attn/core': coreSpec ? `custom (${coreSpec})` : require('@attn/core/package.json').version,
  '@attn/train': coreSpec ? 'workspace build, bundled onto the custom core' : require('@attn/train/package.json').version,
  ...tfVersions,
};

const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model?.trim() ?? 'unknown',
  cores: cpus.length,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
};

// ---------------------------------------------------------------------------------------------
// Timing

/**
 * Times functions in alternation (a, b, c, a, b, c, …) after warming each up; a side with a
 * `backend` runs with tfjs switched to it (warm-up and every sample).
 */
function measureSides(sides, flops) {
  const cal = sides.map(({ f, backend }) => {
    if (backend) useBackend(backend);
    return warmAndCalibrate(f, SETTINGS);
  });
  const times = sides.map(() => []);
  for (let r = 0; r < SETTINGS.rounds; r++) {
    sides.forEach(({ f, backend }, i) => {
      if (backend) useBackend(backend);
      times[i].push(sample(f, cal[i].n));
    });
  }
  useBackend('cpu');
  return times.map((t, i) => summarize(t, cal[i], flops));
}

// A tfjs-wasm kernel that does not exist: tfjs throws "Kernel 'X' not registered for backend 'wasm'".
const MISSING_KERNEL = /Kernel '(\w+)' not registered for backend 'wasm'/;

/**
 * Runs `make` once with tfjs on each backend; it creates that backend's tensors and workload
 * ({ f, dispose }) and runs its correctness checks. A backend that lacks a kernel the workload
 * needs gives { missing: kernel } instead (reported in the table, not dropped silently).
 */
function onEachBackend(make) {
  const out = {};
  for (const b of ['cpu', 'wasm']) {
    useBackend(b);
    const before = tf.memory().numTensors;
    try {
      out[b] = make(b);
    } catch (e) {
      const m = b === 'wasm' && MISSING_KERNEL.exec(String(e?.message));
      if (!m) throw e;
      out[b] = { missing: m[1] };
      const left = tf.memory().numTensors - before;
      if (left > 0) progress(`  (tfjs-wasm: ${left} tensors left behind by the failed attempt)`);
    }
  }
  useBackend('cpu');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Correctness checks (run before timing: a bench of wrong results is worthless)

const checks = [];
/** Max |a − b| relative to max |a| (or to `unit` when given) must be at most `tol`. */
function check(name, a, b, tol, unit) {
  const av = Array.from(a);
  const bv = Array.from(b);
  let scale = unit ?? 0;
  let err = av.length === bv.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(av.length, bv.length); i++) {
    if (unit === undefined) scale = Math.max(scale, Math.abs(av[i]));
    err = Math.max(err, Math.abs(av[i] - bv[i]));
  }
  const relError = err / Math.max(scale, 1e-12);
  const c = { name, relError, tolerance: tol, ok: relError <= tol };
  checks.push(c);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Rows

const rows = [];
const F32_TOL = 1e-4; // float32 (tfjs) against float64 (core)
/** A tfjs float32 copy of a core tensor. */
const toTf = (t) => tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32');

/**
 * Times core against tfjs on both backends and adds the row. `tfs` comes from onEachBackend;
 * `target` is { min, vs: 'tfjs-cpu' | 'tfjs-wasm' } or absent.
 */
function addRow({ name, unit = 'op/s', note, coreStep, tfs, flops, target, leakCheck = false }) {
  const sides = [{ f: coreStep }, { f: tfs.cpu.f, backend: 'cpu' }];
  if (tfs.wasm.f) sides.push({ f: tfs.wasm.f, backend: 'wasm' });
  const before = leakCheck ? tf.memory().numTensors : 0;
  const [c, t, w] = measureSides(sides, flops);
  if (leakCheck) {
    const leaked = tf.memory().numTensors - before;
    checks.push({ name: `${name}: tfjs tensors leaked while timing`, leaked, ok: leaked === 0 });
  }
  tfs.cpu.dispose();
  tfs.wasm.dispose?.();
  const row = {
    name, group: 'core-vs-tfjs', unit, note, core: c, tfjs: t,
    target: target?.min ?? null, targetVs: target?.vs ?? null,
  };
  if (w) row.tfjsWasm = w;
  else row.wasmMissingKernel = tfs.wasm.missing;
  rows.push(row);
}

// 1. square matmul: core float64 (or float32), tfjs float32 (its only float type)
function benchMatmul(n, { dtype = 'float64', js = false, target } = {}) {
  const lib = js ? coreJs : core;
  const name = `matmul ${n}x${n}${js ? ' (JS kernel)' : ''}${dtype === 'float32' ? ', core float32' : ''}`;
  if (!selected(name)) return;
  progress(`${name}…`);
  const a = lib.randn([n, n], { seed: 1, dtype });
  const b = lib.randn([n, n], { seed: 2, dtype });
  const want = lib.matmul(a, b).data;
  const tfs = onEachBackend((backend) => {
    const ta = toTf(a);
    const tb = toTf(b);
    const ref = tf.matMul(ta, tb);
    check(`${name}: core vs tfjs-${backend}`, want, ref.dataSync(), F32_TOL);
    ref.dispose();
    // both backends compute eagerly, inside the call
    return { f: () => tf.matMul(ta, tb).dispose(), dispose: () => tf.dispose([ta, tb]) };
  });
  addRow({
    name, unit: 'GFLOP/s', note: `core ${dtype}${js ? ' on its JavaScript kernel (built without the WebAssembly one)' : ''}, tfjs float32`,
    coreStep: () => lib.matmul(a, b), tfs, flops: 2 * n ** 3, target,
  });
}

// 2. attention, single head, no batch, scaled by 1/√d: forward, or forward and backward with a
// fixed upstream gradient into q, k and v
function tfAttention(q, k, v, scale) {
  return tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), scale)), v);
}
function benchAttention(T, d, { backward = false, target } = {}) {
  const name = `attention ${backward ? 'fwd+bwd' : 'fwd'} [${T},${d}]`;
  if (!selected(name)) return;
  progress(`${name}…`);
  const [q, k, v] = [3, 4, 5].map((seed) => core.randn([T, d], { seed }));
  const dy = core.randn([T, d], { seed: 6 });
  const scale = 1 / Math.sqrt(d);
  let coreStep;
  let want;
  if (backward) {
    for (const t of [q, k, v]) t.requireGrad();
    coreStep = () => {
      core.attention(q, k, v).output.backward(dy);
      q.grad = k.grad = v.grad = null;
    };
    core.attention(q, k, v).output.backward(dy);
    want = [q, k, v].flatMap((t) => Array.from(t.grad.data));
    q.grad = k.grad = v.grad = null;
  } else {
    coreStep = () => core.attention(q, k, v).output;
    want = coreStep().data;
  }
  const tfs = onEachBackend((backend) => {
    const [tq, tk, tv, tdy] = [q, k, v, dy].map(toTf);
    let f;
    if (backward) {
      const grads = tf.grads((a, b, c) => tfAttention(a, b, c, scale));
      const gs = tf.tidy(() => grads([tq, tk, tv], tdy));
      check(`${name}: gradients of q, k, v, core vs tfjs-${backend}`, want, gs.flatMap((g) => Array.from(g.dataSync())), F32_TOL);
      tf.dispose(gs);
      f = () => tf.tidy(() => { grads([tq, tk, tv], tdy); });
    } else {
      const ref = tfAttention(tq, tk, tv, scale);
      check(`${name}: core vs tfjs-${backend}`, want, ref.dataSync(), F32_TOL);
      ref.dispose();
      f = () => tf.tidy(() => tfAttention(tq, tk, tv, scale)).dispose();
    }
    return { f, dispose: () => tf.dispose([tq, tk, tv, tdy]) };
  });
  addRow({
    name, note: `softmax(q·kᵀ/√d)·v${backward ? ', backward of a fixed upstream gradient to q, k, v' : ''}; core float64, tfjs float32`,
    coreStep, tfs, target,
  });
}

// 3. the seed tutorial's model (2 tokens of 1 feature, d = 4 attention with unscaled scores, sum
// over positions, MLP 4→16→1 with relu), MSE loss, backward to every parameter; with or without
// an Adam update (core: Adam from @attn/train; tfjs: tf.train.adam's minimize)
const TINY_PARAMS = ['w_q', 'w_k', 'w_v', 'mlp.layers.0.weight', 'mlp.layers.0.bias', 'mlp.layers.1.weight', 'mlp.layers.1.bias'];
function tfTinyLoss(vars, tx) {
  const [wQ, wK, wV, w1, b1, w2, b2] = vars;
  return () => {
    const tokens = tf.reshape(tx, [2, 1]); // each number is a token with one feature
    const q = tf.matMul(tokens, wQ); // [2, 4]
    const k = tf.matMul(tokens, wK);
    const v = tf.matMul(tokens, wV);
    const weights = tf.softmax(tf.matMul(q, k, false, true)); // unscaled scores, [2, 2]
    const summed = tf.sum(tf.matMul(weights, v), 0, true); // [1, 4]
    const h = tf.relu(tf.add(tf.matMul(summed, w1, false, true), b1)); // [1, 16]; weights are [out, in]
    const out = tf.add(tf.matMul(h, w2, false, true), b2); // [1, 1]
    return tf.mean(tf.square(tf.sub(out, 8)));
  };
}
let varCount = 0;
/** tfjs variables holding float32 copies of core parameters (names must be unique in tfjs). */
const tfVariables = (params, names) => names.map((n) => tf.variable(toTf(params.get(n)), true, `bench${varCount++}/${n}`));

function benchTinyModel() {
  const name = 'tiny model fwd+bwd';
  if (!selected(name)) return;
  progress(`${name}…`);
  const model = new core.TutorialAttention({ d: 4, hidden: 16, seed: 0 });
  const x = core.tensor([[3, 5]]);
  const target = core.tensor([[8]]);
  // Each side's own way to write the MSE: core's mseLoss (one fused node), tfjs's sub/square/mean
  // (what tf.losses.meanSquaredError composes too, plus weighting).
  const coreLoss = () => core.mseLoss(model.forward(x), target);
  const coreStep = () => {
    coreLoss().backward();
    model.zeroGrad();
  };
  const params = new Map(model.namedParameters());
  if (params.size !== TINY_PARAMS.length || TINY_PARAMS.some((n) => !params.has(n))) {
    throw new Error(`TutorialAttention parameters changed: expected ${TINY_PARAMS.join(', ')}, got ${[...params.keys()].join(', ')}`);
  }
  const lossC = coreLoss();
  lossC.backward();
  const gradsC = TINY_PARAMS.flatMap((n) => Array.from(params.get(n).grad.data));
  model.zeroGrad();

  const tfs = onEachBackend((backend) => {
    // The same model in tfjs, starting from core's initial weights (rounded to float32).
    const vars = tfVariables(params, TINY_PARAMS);
    const tx = tf.tensor([[3, 5]], [1, 2], 'float32');
    const tfLoss = tfTinyLoss(vars, tx);
    // Same loss and gradients for the same weights, within float32 tolerance.
    const { value, grads } = tf.variableGrads(tfLoss, vars);
    const lossT = value.dataSync()[0];
    const gradsT = vars.flatMap((v) => Array.from(grads[v.name].dataSync()));
    tf.dispose([value, ...Object.values(grads)]);
    Object.assign(check(`tiny model loss: core vs tfjs-${backend}`, [lossC.item()], [lossT], F32_TOL), { core: lossC.item(), tfjs: lossT });
    check(`tiny model gradients: core vs tfjs-${backend}`, gradsC, gradsT, F32_TOL);
    // tidy frees every tensor of the step (loss, gradients, intermediates)
    return { f: () => tf.tidy(() => { tf.variableGrads(tfLoss, vars); }), dispose: () => tf.dispose([tx, ...vars]) };
  });
  addRow({ name, note: '2 tokens, d=4, MLP 4→16→1, MSE + backward; core float64, tfjs float32', coreStep, tfs, leakCheck: true });
}

function benchTinyTraining() {
  const name = 'tiny training step (Adam)';
  if (!selected(name)) return;
  progress(`${name}…`);
  const model = new core.TutorialAttention({ d: 4, hidden: 16, seed: 1 });
  const params = new Map(model.namedParameters());
  const start = new Map([...params].map(([n, p]) => [n, new core.Tensor(p.data.slice(), p.shape)]));
  const x = core.tensor([[3, 5]]);
  const target = core.tensor([[8]]);
  const lr = 1e-3;
  const coreOpt = new train.Adam(model.parameters(), { lr });
  const coreStep = () => {
    core.mseLoss(model.forward(x), target).backward();
    coreOpt.step();
    coreOpt.zeroGrad();
  };
  // The same update from the same weights: compare the parameters after three steps.
  for (let i = 0; i < 3; i++) coreStep();
  const after = TINY_PARAMS.flatMap((n) => Array.from(params.get(n).data));
  const tfs = onEachBackend((backend) => {
    const vars = tfVariables(start, TINY_PARAMS);
    const tx = tf.tensor([[3, 5]], [1, 2], 'float32');
    const tfLoss = tfTinyLoss(vars, tx);
    const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    const f = () => tf.tidy(() => { opt.minimize(tfLoss, false, vars); });
    for (let i = 0; i < 3; i++) f();
    check(`${name}: parameters after 3 steps, core vs tfjs-${backend}`, after, vars.flatMap((v) => Array.from(v.dataSync())), F32_TOL);
    return { f, dispose: () => { tf.dispose([tx, ...vars]); opt.dispose(); } };
  });
  addRow({
    name, note: 'forward, MSE, backward and an Adam update; core float64, tfjs float32', coreStep, tfs,
    target: { min: 75, vs: 'tfjs-cpu' },
  });
}

// 4. one training step of the sort task's transformer (@attn/train's `sort()`: DecoderOnly,
// vocabulary 11, 10 positions, dModel 16, 2 heads, 1 block, ff 32) on a batch of 32 of its
// sequences: forward, cross-entropy on the answer positions, backward, Adam. The same model in
// tfjs (decoder-model.mjs) from the same weights; loss and every gradient must agree first.
const SORT_PARAMS = decoderParams(1);

function benchSortStep() {
  const name = 'sort task training step (batch 32, Adam)';
  if (!selected(name)) return;
  progress(`${name}…`);
  const task = train.sort();
  const model = task.createModel(new core.Rng(0));
  const batch = task.sample(new core.Rng(1), 32);
  const params = new Map(model.namedParameters());
  if (params.size !== SORT_PARAMS.length || SORT_PARAMS.some((n) => !params.has(n))) {
    throw new Error(`the sort task's model changed: expected ${SORT_PARAMS.join(', ')}, got ${[...params.keys()].join(', ')}`);
  }
  const start = new Map([...params].map(([n, p]) => [n, new core.Tensor(p.data.slice(), p.shape)]));
  const lossC = task.loss(model, batch);
  lossC.backward();
  const gradsC = SORT_PARAMS.flatMap((n) => Array.from(params.get(n).grad.data));
  model.zeroGrad();
  const lr = 1e-2;
  const coreOpt = new train.Adam(model.parameters(), { lr });
  const coreStep = () => {
    task.loss(model, batch).backward();
    coreOpt.step();
    coreOpt.zeroGrad();
  };
  for (let i = 0; i < 3; i++) coreStep();
  // The parameters after three steps, compared in units of the learning rate (Adam moves each
  // by about lr per step), without the key bias (in_proj_bias[E:2E]): its gradient is zero in
  // exact arithmetic (softmax ignores a constant added to a row of scores), so Adam divides
  // rounding noise by itself there (1e-18 in float64, 1e-9 in float32) and the two runs move it
  // differently, by design.
  const E = model.config.dModel;
  const compared = (name, data) => (name.endsWith('in_proj_bias') ? [...data.slice(0, E), ...data.slice(2 * E)] : Array.from(data));
  const after = SORT_PARAMS.flatMap((n) => compared(n, params.get(n).data));

  const tfs = onEachBackend((backend) => {
    const vars = tfVariables(start, SORT_PARAMS);
    const { loss, dispose } = tfDecoderLoss(tf, vars, model.config, batch.inputs, batch.targets);
    const done = () => { tf.dispose(vars); dispose(); };
    try {
      // in tidy: a backend that lacks a kernel throws halfway, tidy then frees what was made
      const [lossT, gradsT] = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss, vars);
        return [value.dataSync()[0], vars.flatMap((v) => Array.from(grads[v.name].dataSync()))];
      });
      Object.assign(check(`sort step loss: core vs tfjs-${backend}`, [lossC.item()], [lossT], F32_TOL), { core: lossC.item(), tfjs: lossT });
      check(`sort step gradients (${SORT_PARAMS.length} parameters): core vs tfjs-${backend}`, gradsC, gradsT, F32_TOL);
    } catch (e) {
      done();
      throw e;
    }
    const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    const f = () => tf.tidy(() => { opt.minimize(loss, false, vars); });
    for (let i = 0; i < 3; i++) f();
    const afterT = vars.flatMap((v, i) => compared(SORT_PARAMS[i], v.dataSync()));
    check(`sort step: parameters after 3 Adam steps (error in units of lr; key bias left out), core vs tfjs-${backend}`, after, afterT, 1e-3, lr);
    return { f, dispose: () => { done(); opt.dispose(); } };
  });
  addRow({
    name, note: 'DecoderOnly (dModel 16, 2 heads, 1 block, ff 32), batch [32, 10], cross-entropy on the answers, backward, Adam; core float64, tfjs float32',
    coreStep, tfs, target: { min: 3, vs: 'tfjs-cpu' }, leakCheck: true,
  });
}

// --quick leaves out the largest sizes (tfjs-cpu needs 0.1-0.4 s per call there)
for (const n of QUICK ? [8, 32, 64, 128, 256] : [8, 32, 64, 128, 256, 512]) benchMatmul(n, n === 256 ? { target: { min: 1, vs: 'tfjs-wasm' } } : {});
benchMatmul(256, { js: true, target: { min: 10, vs: 'tfjs-cpu' } });
const ATTENTION_SIZES = QUICK ? [[2, 4], [16, 32], [64, 64]] : [[2, 4], [16, 32], [64, 64], [256, 64]];
for (const [T, d] of ATTENTION_SIZES) benchAttention(T, d);
for (const [T, d] of ATTENTION_SIZES) benchAttention(T, d, { backward: true, target: T >= 64 ? { min: 1, vs: 'tfjs-wasm' } : undefined });
benchTinyModel();
benchTinyTraining();
benchSortStep();
// Float32 against float32: core's float32 tensors take the kernel's f32x4 path. Last, because
// once core's kernels have seen float32 arrays they are polymorphic and the float64 rows after
// would run slower (the sort step by a third) than in a program that uses one dtype.
benchMatmul(256, { dtype: 'float32', target: { min: 1, vs: 'tfjs-wasm' } }); // like for like: the same target as float64's

// 5. float64 vs float32 in core only: each dtype in its own worker (see dtype-worker.mjs), the
// main thread alternating between them. The tiny model has no float32 row: TutorialAttention,
// MLP and Linear have no dtype option (their parameters are always float64).
function spawnDtype(dtype, workload) {
  const w = new Worker(new URL('./dtype-worker.mjs', import.meta.url), { workerData: { dtype, workload, settings: SETTINGS } });
  const pending = [];
  w.on('message', (m) => pending.shift()?.resolve(m));
  w.on('error', (e) => { for (const p of pending.splice(0)) p.reject(e); });
  const next = () => new Promise((resolve, reject) => pending.push({ resolve, reject }));
  const ready = next();
  return {
    ready,
    ask(msg) { const r = next(); w.postMessage(msg); return r; },
    close() { w.postMessage({ cmd: 'exit' }); return new Promise((r) => w.once('exit', r)); },
  };
}
async function dtypeRow(name, unit, workload, flops) {
  if (!selected(`${name}: float64 vs float32`)) return;
  progress(`${name}: float64 vs float32…`);
  const f64 = spawnDtype('float64', workload);
  const f32 = spawnDtype('float32', workload);
  await Promise.all([f64.ready, f32.ready]);
  check(`${name}: float64 vs float32`, await f64.ask({ cmd: 'result' }), await f32.ask({ cmd: 'result' }), 1e-4);
  const ca = await f64.ask({ cmd: 'calibrate' });
  const cb = await f32.ask({ cmd: 'calibrate' });
  const ta = [];
  const tb = [];
  for (let r = 0; r < SETTINGS.rounds; r++) {
    ta.push(await f64.ask({ cmd: 'sample', n: ca.n }));
    tb.push(await f32.ask({ cmd: 'sample', n: cb.n }));
  }
  await Promise.all([f64.close(), f32.close()]);
  rows.push({ name, group: 'dtype', unit, float64: summarize(ta, ca, flops), float32: summarize(tb, cb, flops), target: null });
}
await dtypeRow('matmul 128x128', 'GFLOP/s', { kind: 'matmul', n: 128 }, 2 * 128 ** 3);
await dtypeRow('attention fwd [64,64]', 'op/s', { kind: 'attention', n: 64, d: 64 });

// 6. the memory check, in a child process with a heap of its own and --expose-gc
function memoryCheck() {
  progress(`memory: ${MEMORY.steps} tiny training steps…`);
  const script = fileURLToPath(new URL('./memory.mjs', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', script, String(MEMORY.steps), String(MEMORY.every), String(MEMORY.warmup)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory.mjs failed (${r.status}): ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  m.thresholdBytesPerStep = FLAT_BYTES_PER_STEP;
  m.flat = Math.abs(m.heapBytesPerStep) < FLAT_BYTES_PER_STEP && Math.abs(m.arrayBufferBytesPerStep) < FLAT_BYTES_PER_STEP;
  return m;
}
const memory = selected('memory') ? memoryCheck() : null;

// ---------------------------------------------------------------------------------------------
// Report

for (const r of rows) {
  if (r.group === 'core-vs-tfjs') {
    r.ratio = r.core.opsPerSec / r.tfjs.opsPerSec; // > 1: core is faster
    if (r.tfjsWasm) r.ratioWasm = r.core.opsPerSec / r.tfjsWasm.opsPerSec;
    const against = r.targetVs === 'tfjs-wasm' ? r.ratioWasm : r.ratio;
    r.status = r.target == null ? null : against === undefined ? 'n/a' : against >= r.target ? 'ok' : 'MISS';
  } else {
    r.ratio = r.float64.opsPerSec / r.float32.opsPerSec; // > 1: float64 is faster
    r.faster = r.ratio >= 1 ? 'float64' : 'float32';
  }
}
const checksOk = checks.every((c) => c.ok);
const targeted = rows.filter((r) => r.status != null);
const result = {
  date: new Date().toISOString(),
  machine,
  versions,
  settings: SETTINGS,
  checks,
  rows,
  memory,
  targetsMet: targeted.length > 0 && targeted.every((r) => r.status === 'ok'),
  elapsedSec: Math.round(performance.now() / 100) / 10,
};

if (JSON_OUT) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  process.stdout.write(render(result) + '\n');
}
if (!checksOk) {
  process.stderr.write('bench: correctness check failed (see "checks")\n');
  process.exitCode = 1;
}

function fmtStat(s, unit) {
  const ops = `${fmtNum(s.opsPerSec)} op/s`;
  return unit === 'GFLOP/s' ? `${s.gflops.toFixed(2)} GFLOP/s (${ops})` : ops;
}
function fmtSpread(...ss) {
  return `±${Math.round(50 * Math.max(...ss.map((s) => s.spread)))}%`;
}
function render(res) {
  const out = [];
  const m = res.machine;
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, node ${m.node}, load average ${m.loadAverage.join(' ')} at the start`);
  out.push(`libraries: @attn/core ${res.versions['@attn/core']}, tfjs-core ${res.versions['@tensorflow/tfjs-core']} + tfjs-backend-cpu ${res.versions['@tensorflow/tfjs-backend-cpu']}, tfjs-backend-wasm ${res.versions['@tensorflow/tfjs-backend-wasm']}`);
  const s = res.settings;
  out.push(`method: one process; warm-up until stable (${s.warmupMs}-${s.maxWarmupMs} ms) each, then ${s.rounds} alternating samples of ~${s.sampleMs} ms (core, tfjs-cpu, tfjs-wasm, …); medians${s.quick ? ' (--quick)' : ''}`);
  out.push('');
  const vs = res.rows.filter((r) => r.group === 'core-vs-tfjs');
  const notes = [];
  const missingNote = (kernel) => {
    const text = `tfjs-wasm ${tfWasm.version_wasm} has no ${kernel} kernel${kernel === 'UnsortedSegmentSum' ? ' (the gradient of tf.gather: the embedding lookups)' : ''}, so this row cannot run on it`;
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return `n/a (${i + 1})`;
  };
  out.push(table(
    ['op', 'core (float64)', 'tfjs-cpu (float32)', 'core/cpu', 'tfjs-wasm (float32)', 'core/wasm', 'target', 'met', 'noise'],
    vs.map((r) => [
      r.name, fmtStat(r.core, r.unit), fmtStat(r.tfjs, r.unit), `${r.ratio.toFixed(2)}x`,
      r.tfjsWasm ? fmtStat(r.tfjsWasm, r.unit) : missingNote(r.wasmMissingKernel), r.tfjsWasm ? `${r.ratioWasm.toFixed(2)}x` : '',
      r.target == null ? '' : `>= ${r.target}x ${r.targetVs === 'tfjs-wasm' ? 'wasm' : 'cpu'}`, r.status ?? '',
      fmtSpread(r.core, r.tfjs, ...(r.tfjsWasm ? [r.tfjsWasm] : [])),
    ]),
  ));
  notes.forEach((n, i) => out.push(`(${i + 1}) ${n}`));
  const dt = res.rows.filter((r) => r.group === 'dtype');
  if (dt.length) {
    out.push('');
    out.push('core only, float64 (default) vs float32:');
    out.push(table(
      ['op', 'float64', 'float32', 'f64/f32', 'faster', 'noise'],
      dt.map((r) => [
        r.name, fmtStat(r.float64, r.unit), fmtStat(r.float32, r.unit), `${r.ratio.toFixed(2)}x`,
        `${r.faster} by ${Math.round(100 * (Math.max(r.ratio, 1 / r.ratio) - 1))}%`, fmtSpread(r.float64, r.float32),
      ]),
    ));
  }
  const mem = res.memory;
  const kB = (b) => `${(b / 1024).toFixed(0)} kB`;
  if (mem) out.push('');
  if (mem) out.push(`memory: ${mem.workload}, ${mem.steps.toLocaleString('en-US')} steps after ${mem.warmup.toLocaleString('en-US')} of warm-up, heap after a full GC every ${mem.every} steps:`);
  if (mem) out.push(`  heap without code ${kB(mem.heapFirst)} -> ${kB(mem.heapLast)}, slope ${mem.heapBytesPerStep.toFixed(2)} bytes/step (least squares ${mem.heapBytesPerStepLeastSquares.toFixed(2)}); array buffers ${mem.arrayBufferBytesPerStep.toFixed(2)} bytes/step`);
  if (mem) out.push(`  ${mem.flat ? 'flat' : 'GROWS'}: ${mem.flat ? 'below' : 'not below'} ${mem.thresholdBytesPerStep} bytes/step (one leaked tensor per step would be 100+)`);
  out.push('');
  out.push('checks:');
  for (const c of res.checks) {
    const detail = 'leaked' in c
      ? `${c.leaked} tensors`
      : `rel. error ${c.relError.toExponential(1)} (tolerance ${c.tolerance})${'core' in c ? `, core ${c.core.toPrecision(8)} vs tfjs ${c.tfjs.toPrecision(8)}` : ''}`;
    out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${detail}`);
  }
  out.push('');
  out.push(`targets met: ${res.targetsMet ? 'yes' : 'no'} (${targeted.filter((r) => r.status === 'ok').length} of ${targeted.length}); ratio > 1 means core is faster; noise = half the interquartile range of the samples; ${res.elapsedSec} s`);
  return out.join('\n');
}
