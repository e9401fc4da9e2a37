#!/usr/bin/env node
// gemm's kernels side by side: the 4×4 JavaScript kernel and the WebAssembly SIMD ones
// (packages/core/src/ops/gemm.wat; float64, and float32 for float32 operands and result), over
// square and skinny shapes, to place gemm's WASM_MIN
// threshold (the M·N·K from which the WebAssembly kernel is used). Bundles gemm.ts straight from
// source with esbuild, so it needs no build, and forces each path with the internal setGemmPath.
//
//   node bench/gemm-paths.mjs [--quick]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { sample, warmAndCalibrate } from './lib.mjs';

const QUICK = process.argv.includes('--quick');
const SETTINGS = QUICK
  ? { warmupMs: 30, maxWarmupMs: 100, windowMs: 10, sampleMs: 10, rounds: 3 }
  : { warmupMs: 150, maxWarmupMs: 1000, windowMs: 25, sampleMs: 40, rounds: 9 };

const entry = fileURLToPath(new URL('../packages/core/src/ops/gemm.ts', import.meta.url));
const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
const { gemm, setGemmPath, WASM_MIN, SMALL } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString('base64')}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function time(p, M, N, K, transA, transB, Type = Float64Array) {
  const A = Type.from({ length: M * K }, (_, i) => Math.sin(i));
  const B = Type.from({ length: K * N }, (_, i) => Math.cos(i));
  const C = new Type(M * N);
  const f = () => gemm(M, N, K, A, 0, transA, B, 0, transB, C, 0, false);
  setGemmPath(p);
  const cal = warmAndCalibrate(f, SETTINGS);
  const ms = [];
  for (let r = 0; r < SETTINGS.rounds; r++) ms.push(sample(f, cal.n));
  setGemmPath('auto');
  return median(ms);
}

const shapes = [
  [2, 4, 1], [2, 2, 4], [4, 4, 4], [6, 6, 6], [5, 7, 3], [8, 8, 8], [12, 12, 12], [16, 16, 16], [24, 24, 24], [32, 32, 32], [40, 40, 40], [48, 48, 48], [64, 64, 64],
  [128, 128, 128], [256, 256, 256], [512, 512, 512],
  [2, 64, 64], [64, 2, 64], [64, 64, 4], [5, 5, 1000], [1000, 16, 4], [16, 1000, 8], [1000, 17, 4], [64, 64, 2], [128, 128, 1], [256, 1, 256], [1, 256, 256],
  [64, 64, 64, true, false], [64, 64, 64, false, true], [256, 256, 256, true, false], [256, 256, 256, false, true],
];
console.log(`WASM_MIN = ${WASM_MIN} (M·N·K), SMALL = ${SMALL}; median of ${SETTINGS.rounds} samples; GFLOP/s`);
console.log('M x N x K (trans)        M·N·K    js f64  wasm f64   wasm/js  wasm f32 (f32/f64)  auto picks');
for (const [M, N, K, tA = false, tB = false] of shapes) {
  const js = time('js', M, N, K, tA, tB);
  const wasm = time('wasm', M, N, K, tA, tB);
  const wasm32 = time('wasm', M, N, K, tA, tB, Float32Array);
  const gf = (ms) => (2 * M * N * K / ms / 1e6).toFixed(2);
  const name = `${M} x ${N} x ${K}${tA ? ' (Aᵀ)' : ''}${tB ? ' (Bᵀ)' : ''}`;
  console.log(`${name.padEnd(22)} ${String(M * N * K).padStart(10)}  ${gf(js).padStart(7)}  ${gf(wasm).padStart(8)}  ${(js / wasm).toFixed(2).padStart(7)}x  ${gf(wasm32).padStart(8)} (${(wasm / wasm32).toFixed(2)}x)     ${M * N * K >= WASM_MIN ? 'wasm' : 'js'}`);
}
