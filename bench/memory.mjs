#!/usr/bin/env node
// The memory check: does the heap grow with every training step? Runs the tiny tutorial model's
// training step (forward, MSE, backward, Adam, zeroGrad) `steps` times after `warmup` steps, and
// every `every` steps forces two full garbage collections and records what is still alive: the
// V8 heap without its code spaces (compiled code comes and goes with the JIT, it is not data
// kept by the program) and the ArrayBuffers outside the heap (typed array storage). Prints one
// JSON object with the samples and their slope in bytes per step (a robust line fit, see
// theilSen in lib.mjs; the least-squares slope too); a leak of even one small tensor per step
// would show as 100+ bytes/step.
//
//   node --expose-gc bench/memory.mjs [steps] [every] [warmup]    (run.mjs runs it in a child process)
import v8 from 'node:v8';
import { linearFit, loadCore, loadTrain, theilSen } from './lib.mjs';

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('memory.mjs: run with node --expose-gc\n');
  process.exit(2);
}
const [steps = 10000, every = 1000, warmup = 2000] = process.argv.slice(2).map(Number);

const core = await loadCore();
const { Adam } = await loadTrain();
const model = new core.TutorialAttention({ d: 4, hidden: 16, seed: 2 });
const x = core.tensor([[3, 5]]);
const target = core.tensor([[8]]);
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const step = () => {
  core.mseLoss(model.forward(x), target).backward();
  opt.step();
  opt.zeroGrad();
};

function measure(at) {
  globalThis.gc();
  globalThis.gc();
  const spaces = v8.getHeapSpaceStatistics();
  const used = spaces.reduce((s, sp) => s + sp.space_used_size, 0);
  const code = spaces.filter((sp) => sp.space_name.startsWith('code')).reduce((s, sp) => s + sp.space_used_size, 0);
  return { step: at, heapBytes: used - code, codeBytes: code, arrayBufferBytes: process.memoryUsage().arrayBuffers };
}

for (let i = 0; i < warmup; i++) step();
const samples = [measure(0)];
for (let s = 1; s <= steps; s++) {
  step();
  if (s % every === 0) samples.push(measure(s));
}
const points = (key) => samples.map((m) => [m.step, m[key]]);
const loss = core.mseLoss(model.forward(x), target).item();
process.stdout.write(JSON.stringify({
  workload: 'tiny training step (Adam)', steps, every, warmup,
  heapBytesPerStep: theilSen(points('heapBytes')),
  arrayBufferBytesPerStep: theilSen(points('arrayBufferBytes')),
  heapBytesPerStepLeastSquares: linearFit(points('heapBytes')).slope,
  heapFirst: samples[0].heapBytes, heapLast: samples[samples.length - 1].heapBytes,
  finalLoss: loss,
  samples,
}) + '\n');
