#!/usr/bin/env node
// Benchmarks @attn/core against TensorFlow.js (tfjs-core + its pure-JS cpu backend, and its
// WebAssembly backend for matmul and attention), side by side in one process: for each row,
// warm-up, then alternating timed samples (core, tfjs, core, tfjs, …), medians over the samples.
// See README.md for how to read the output.
//
//   node bench/run.mjs            full suite (about 25 s on 2 cores)
//   node bench/run.mjs --quick    fewer, shorter samples (a smoke run, a few seconds)
//   node bench/run.mjs --json     exactly one JSON object on stdout, everything else on stderr
//
// ATTN_BENCH_CORE=<module path> benches another build of @attn/core (e.g. a patched bundle).
import os from 'node:os';
import path from 'node:path';
import { createRequire, register } from 'node:module';
import { performance } from 'node:perf_hooks';
import util from 'node:util';
import { Worker } from 'node:worker_threads';
import { coreSpec, loadCore, sample, summarize, warmAndCalibrate } from './lib.mjs';

const argv = process.argv.slice(2);
const KNOWN = new Set(['--json', '--quick', '--help', '-h']);
const unknown = argv.filter((a) => !KNOWN.has(a));
if (unknown.length || argv.includes('--help') || argv.includes('-h')) {
  process.stderr.write('usage: node bench/run.mjs [--quick] [--json]\n');
  process.exit(unknown.length ? 2 : 0);
}
const JSON_OUT = argv.includes('--json');
const QUICK = argv.includes('--quick');

// In --json mode stdout carries the JSON object and nothing else: any library noise (console.log,
// console.warn, …) is sent to stderr.
if (JSON_OUT) {
  const toStderr = (...a) => process.stderr.write(util.format(...a) + '\n');
  console.log = console.info = console.warn = console.debug = console.trace = toStderr;
}
const progress = (msg) => { if (!JSON_OUT) process.stderr.write(msg + '\n'); };

// warmupMs..maxWarmupMs: JIT warm-up of each side (see warmAndCalibrate in lib.mjs), then
// `rounds` alternating samples of about sampleMs each.
const SETTINGS = QUICK
  ? { quick: true, warmupMs: 50, maxWarmupMs: 200, windowMs: 10, sampleMs: 10, rounds: 3 }
  : { quick: false, warmupMs: 300, maxWarmupMs: 2000, windowMs: 50, sampleMs: 80, rounds: 15 };

// ---------------------------------------------------------------------------------------------
// Libraries

const require = createRequire(import.meta.url);
const core = await loadCore();
const missing = ['tensor', 'randn', 'matmul', 'attention', 'TutorialAttention'].filter((n) => typeof core[n] !== 'function');
if (missing.length) throw new Error(`@attn/core does not export ${missing.join(', ')} (is packages/core/dist up to date?)`);

const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
// Gradient functions (for the tiny model's backward pass); see tfjs-hooks.mjs.
register('./tfjs-hooks.mjs', import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
// Production mode: no debug checks, and no "looks like you are running TensorFlow.js in Node.js"
// banner (which tfjs writes with console.warn, i.e. to stderr, when not in production mode).
tf.enableProdMode();
// The WebAssembly backend (XNNPACK, float32, SIMD; one thread in Node), loading its .wasm files
// from the package itself, never from the network.
const tfWasm = await import('@tensorflow/tfjs-backend-wasm');
tfWasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialize');
const wasmFlavour = `${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, ${tfWasm.getThreadsCount()} thread${tfWasm.getThreadsCount() === 1 ? '' : 's'}`;
await tf.setBackend('cpu');
await tf.ready();
if (tf.getBackend() !== 'cpu') throw new Error(`tfjs backend is ${tf.getBackend()}, expected cpu`);

/** Switches tfjs to an initialized backend (synchronous then: setBackend awaits nothing). */
function useBackend(name) {
  void tf.setBackend(name);
  if (tf.getBackend() !== name) throw new Error(`tfjs backend is ${tf.getBackend()}, expected ${name}`);
}

const versions = {
  '@attn/core': coreSpec ? `custom (${coreSpec})` : require('@attn/core/package.json').version,
  '@tensorflow/tfjs-core': tf.version_core,
  '@tensorflow/tfjs-backend-cpu': require('@tensorflow/tfjs-backend-cpu/package.json').version,
  '@tensorflow/tfjs-backend-wasm': `${tfWasm.version_wasm} (${wasmFlavour})`,
};

const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model?.trim() ?? 'unknown',
  cores: cpus.length,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
};

// ---------------------------------------------------------------------------------------------
// Timing

/** Times two functions in alternation (a, b, a, b, …) after warming both up (tfjs on cpu). */
function measurePair(fa, fb, flops) {
  return measureSides([{ f: fa }, { f: fb, backend: 'cpu' }], flops);
}

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

/** Runs `make` once with tfjs on each backend; it creates that backend's tensors and workload. */
function onEachBackend(make) {
  const out = {};
  for (const b of ['cpu', 'wasm']) {
    useBackend(b);
    out[b] = make();
  }
  useBackend('cpu');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Correctness checks (run before timing: a bench of wrong results is worthless)

const checks = [];
function check(name, a, b, tol) {
  const av = Array.from(a);
  const bv = Array.from(b);
  let scale = 0;
  let err = av.length === bv.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(av.length, bv.length); i++) {
    scale = Math.max(scale, Math.abs(av[i]));
    err = Math.max(err, Math.abs(av[i] - bv[i]));
  }
  const relError = err / Math.max(scale, 1e-12);
  const c = { name, relError, tolerance: tol, ok: relError <= tol };
  checks.push(c);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Workloads

const rows = [];
const F32_TOL = 1e-4; // float32 (tfjs) against float64 (core)
/** A tfjs float32 copy of a core tensor. */
const toTf = (t) => tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32');

// 1. square matmul: core float64, tfjs float32 (its cpu backend has no float64)
function benchMatmul(n, dtype = 'float64') {
  progress(`matmul ${n} (core ${dtype})…`);
  const a = core.randn([n, n], { seed: 1, dtype });
  const b = core.randn([n, n], { seed: 2, dtype });
  const name = `matmul ${n}x${n}${dtype === 'float32' ? ', core float32' : ''}`;
  const want = core.matmul(a, b).data;
  const tfs = onEachBackend(() => {
    const ta = toTf(a);
    const tb = toTf(b);
    const ref = tf.matMul(ta, tb);
    check(`${name}: core vs tfjs-${tf.getBackend()}`, want, ref.dataSync(), F32_TOL);
    ref.dispose();
    // both backends compute eagerly, inside the call
    return { f: () => tf.matMul(ta, tb).dispose(), dispose: () => tf.dispose([ta, tb]) };
  });
  const [c, t, w] = measureSides(
    [{ f: () => core.matmul(a, b) }, { f: tfs.cpu.f, backend: 'cpu' }, { f: tfs.wasm.f, backend: 'wasm' }],
    2 * n ** 3,
  );
  tfs.cpu.dispose();
  tfs.wasm.dispose();
  rows.push({
    name, group: 'core-vs-tfjs', unit: 'GFLOP/s',
    note: `core ${dtype}, tfjs float32`, core: c, tfjs: t, tfjsWasm: w, target: n === 256 && dtype === 'float64' ? 8 : null,
  });
}
for (const n of [64, 128, 256]) benchMatmul(n);
// float32 against float32: core's float32 tensors take the kernel's f32x4 path
benchMatmul(256, 'float32');

// 2. attention forward, [seq, d] = [64, 64], single head, no batch, scaled by 1/√d
function benchAttention() {
  progress('attention forward 64x64…');
  const [T, d] = [64, 64];
  const [q, k, v] = [3, 4, 5].map((seed) => core.randn([T, d], { seed }));
  const scale = 1 / Math.sqrt(d);
  const coreAttention = () => core.attention(q, k, v).output;
  const want = coreAttention().data;
  const tfs = onEachBackend(() => {
    const [tq, tk, tv] = [q, k, v].map(toTf);
    const tfAttention = () => tf.tidy(() => tf.matMul(tf.softmax(tf.mul(tf.matMul(tq, tk, false, true), scale)), tv));
    const ref = tfAttention();
    check(`attention 64x64: core vs tfjs-${tf.getBackend()}`, want, ref.dataSync(), F32_TOL);
    ref.dispose();
    return { f: () => tfAttention().dispose(), dispose: () => tf.dispose([tq, tk, tv]) };
  });
  const [c, t, w] = measureSides([{ f: coreAttention }, { f: tfs.cpu.f, backend: 'cpu' }, { f: tfs.wasm.f, backend: 'wasm' }]);
  tfs.cpu.dispose();
  tfs.wasm.dispose();
  rows.push({
    name: 'attention fwd [64,64]', group: 'core-vs-tfjs', unit: 'op/s',
    note: 'softmax(q·kᵀ/√d)·v; core float64, tfjs float32', core: c, tfjs: t, tfjsWasm: w, target: null,
  });
}
benchAttention();

// 3. the seed tutorial's model (2 tokens of 1 feature, d = 4 attention with unscaled scores, sum
// over positions, MLP 4→16→1 with relu), MSE loss, backward to every parameter
function benchTinyModel() {
  progress('tiny model forward+backward…');
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

  // The same model in tfjs, starting from core's initial weights (rounded to float32).
  const params = new Map(model.namedParameters());
  const names = ['w_q', 'w_k', 'w_v', 'mlp.layers.0.weight', 'mlp.layers.0.bias', 'mlp.layers.1.weight', 'mlp.layers.1.bias'];
  if (params.size !== names.length || names.some((n) => !params.has(n))) {
    throw new Error(`TutorialAttention parameters changed: expected ${names.join(', ')}, got ${[...params.keys()].join(', ')}`);
  }
  const vars = names.map((n) => tf.variable(toTf(params.get(n)), true, `bench/${n}`));
  const [wQ, wK, wV, w1, b1, w2, b2] = vars;
  const tx = tf.tensor([[3, 5]], [1, 2], 'float32');
  const tfLoss = () => {
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
  // tidy frees every tensor of the step (loss, gradients, intermediates)
  const tfStep = () => tf.tidy(() => { tf.variableGrads(tfLoss, vars); });

  // Same loss and gradients for the same weights, within float32 tolerance.
  const lossC = coreLoss();
  lossC.backward();
  const gradsC = names.flatMap((n) => Array.from(params.get(n).grad.data));
  model.zeroGrad();
  const { value, grads } = tf.variableGrads(tfLoss, vars);
  const lossT = value.dataSync()[0];
  const gradsT = vars.flatMap((v) => Array.from(grads[v.name].dataSync()));
  tf.dispose([value, ...Object.values(grads)]);
  Object.assign(check('tiny model loss: core vs tfjs', [lossC.item()], [lossT], F32_TOL), { core: lossC.item(), tfjs: lossT });
  check('tiny model gradients: core vs tfjs', gradsC, gradsT, F32_TOL);

  const before = tf.memory().numTensors;
  const [c, t] = measurePair(coreStep, tfStep);
  const leaked = tf.memory().numTensors - before;
  checks.push({ name: 'tiny model: tfjs tensors leaked while timing', leaked, ok: leaked === 0 });
  tf.dispose([tx, ...vars]);
  rows.push({
    name: 'tiny model fwd+bwd', group: 'core-vs-tfjs', unit: 'op/s',
    note: '2 tokens, d=4, MLP 4→16→1, MSE + backward; core float64, tfjs float32', core: c, tfjs: t, target: 50,
  });
}
benchTinyModel();

// 3b. the full training step of the tiny model: forward, backward and an Adam update
// (core: Adam from @attn/train; tfjs: tf.train.adam's minimize), from the same initial weights.
async function benchTinyTraining() {
  progress('tiny model training step (Adam)…');
  const { Adam } = await import('@attn/train');
  const names = ['w_q', 'w_k', 'w_v', 'mlp.layers.0.weight', 'mlp.layers.0.bias', 'mlp.layers.1.weight', 'mlp.layers.1.bias'];
  const model = new core.TutorialAttention({ d: 4, hidden: 16, seed: 1 });
  const params = new Map(model.namedParameters());
  const vars = names.map((n) => tf.variable(toTf(params.get(n)), true, `bench-adam/${n}`));
  const [wQ, wK, wV, w1, b1, w2, b2] = vars;
  const x = core.tensor([[3, 5]]);
  const target = core.tensor([[8]]);
  const tx = tf.tensor([[3, 5]], [1, 2], 'float32');
  const tfLoss = () => {
    const tokens = tf.reshape(tx, [2, 1]);
    const weights = tf.softmax(tf.matMul(tf.matMul(tokens, wQ), tf.matMul(tokens, wK), false, true));
    const summed = tf.sum(tf.matMul(weights, tf.matMul(tokens, wV)), 0, true);
    const h = tf.relu(tf.add(tf.matMul(summed, w1, false, true), b1));
    return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(h, w2, false, true), b2), 8)));
  };
  const lr = 1e-3;
  const coreOpt = new Adam(model.parameters(), { lr });
  const tfOpt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  const coreStep = () => {
    core.mseLoss(model.forward(x), target).backward();
    coreOpt.step();
    coreOpt.zeroGrad();
  };
  const tfStep = () => tf.tidy(() => { tfOpt.minimize(tfLoss, false, vars); });
  // The same update from the same weights: compare the parameters after three steps.
  for (let i = 0; i < 3; i++) {
    coreStep();
    tfStep();
  }
  check('tiny training step (Adam): parameters after 3 steps, core vs tfjs',
    names.flatMap((n) => Array.from(params.get(n).data)), vars.flatMap((v) => Array.from(v.dataSync())), F32_TOL);
  const [c, t] = measurePair(coreStep, tfStep);
  tf.dispose([tx, ...vars]);
  tfOpt.dispose();
  rows.push({
    name: 'tiny training step (Adam)', group: 'core-vs-tfjs', unit: 'op/s',
    note: 'forward, MSE, backward and an Adam update; core float64, tfjs float32', core: c, tfjs: t, target: 50,
  });
}
await benchTinyTraining();

// 4. float64 vs float32 in core only: each dtype in its own worker (see dtype-worker.mjs), the
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

// ---------------------------------------------------------------------------------------------
// Report

for (const r of rows) {
  if (r.group === 'core-vs-tfjs') {
    r.ratio = r.core.opsPerSec / r.tfjs.opsPerSec; // > 1: core is faster
    if (r.tfjsWasm) r.ratioWasm = r.core.opsPerSec / r.tfjsWasm.opsPerSec;
    r.status = r.target == null ? null : r.ratio >= r.target ? 'ok' : 'MISS';
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

function fmtNum(x) {
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
function fmtStat(s, unit) {
  const ops = `${fmtNum(s.opsPerSec)} op/s`;
  return unit === 'GFLOP/s' ? `${s.gflops.toFixed(2)} GFLOP/s (${ops})` : ops;
}
function fmtSpread(...ss) {
  return `±${Math.round(50 * Math.max(...ss.map((s) => s.spread)))}%`;
}
function table(head, body) {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}
function render(res) {
  const out = [];
  const m = res.machine;
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, node ${m.node}`);
  out.push(`libraries: @attn/core ${res.versions['@attn/core']}, tfjs-core ${res.versions['@tensorflow/tfjs-core']} + tfjs-backend-cpu ${res.versions['@tensorflow/tfjs-backend-cpu']}, tfjs-backend-wasm ${res.versions['@tensorflow/tfjs-backend-wasm']}`);
  const s = res.settings;
  out.push(`method: one process; warm-up until stable (${s.warmupMs}-${s.maxWarmupMs} ms) each, then ${s.rounds} alternating samples of ~${s.sampleMs} ms (core, tfjs, core, …); medians${s.quick ? ' (--quick)' : ''}`);
  out.push('');
  const vs = res.rows.filter((r) => r.group === 'core-vs-tfjs');
  out.push(table(
    ['op', 'core (float64)', 'tfjs-cpu (float32)', 'core/tfjs', 'target', 'met', 'tfjs-wasm (float32)', 'core/wasm', 'noise'],
    vs.map((r) => [
      r.name, fmtStat(r.core, r.unit), fmtStat(r.tfjs, r.unit), `${r.ratio.toFixed(2)}x`,
      r.target == null ? '' : `>= ${r.target}x`, r.status ?? '',
      r.tfjsWasm ? fmtStat(r.tfjsWasm, r.unit) : '', r.tfjsWasm ? `${r.ratioWasm.toFixed(2)}x` : '',
      fmtSpread(r.core, r.tfjs, ...(r.tfjsWasm ? [r.tfjsWasm] : [])),
    ]),
  ));
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
  out.push('');
  out.push('checks:');
  for (const c of res.checks) {
    const detail = 'leaked' in c
      ? `${c.leaked} tensors`
      : `rel. error ${c.relError.toExponential(1)} (tolerance ${c.tolerance})${'core' in c ? `, core ${c.core.toPrecision(8)} vs tfjs ${c.tfjs.toPrecision(8)}` : ''}`;
    out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${detail}`);
  }
  out.push('');
  out.push(`targets met: ${res.targetsMet ? 'yes' : 'no'}; ratio > 1 means core is faster; targets are against tfjs-cpu; noise = half the interquartile range of the samples; ${res.elapsedSec} s`);
  return out.join('\n');
}
