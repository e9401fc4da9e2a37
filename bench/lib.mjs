// Shared by run.mjs, gpt.mjs and dtype-worker.mjs: loading @attn/core and tfjs, the timing loop,
// and the table printing.
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/** ATTN_BENCH_CORE=<path or specifier> benches another build of @attn/core (e.g. a patched bundle). */
export const coreSpec = process.env.ATTN_BENCH_CORE || null;

const coreUrl = coreSpec === null ? null : /^[./]/.test(coreSpec) ? pathToFileURL(path.resolve(coreSpec)).href : coreSpec;

export function loadCore() {
  return import(coreUrl ?? '@attn/core');
}

/**
 * @attn/train on the same @attn/core as {@link loadCore}: the workspace package, or, with
 * ATTN_BENCH_CORE, train's build bundled with its `@attn/core` imports pointed at that module
 * (otherwise its optimizers and tasks would work on another copy of core's classes).
 */
export async function loadTrain() {
  if (coreUrl === null) return import('@attn/train');
  const { build } = await import('esbuild');
  const entry = fileURLToPath(import.meta.resolve('@attn/train'));
  const out = await build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
    plugins: [{
      name: 'bench-core',
      setup(b) { b.onResolve({ filter: /^@attn\/core$/ }, () => ({ path: coreUrl, external: true })); },
    }],
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString('base64')}`);
}

/**
 * tfjs-core with its cpu and wasm backends, the cpu one active: production mode (no debug checks,
 * and no "looks like you are running TensorFlow.js in Node.js" banner, which tfjs writes with
 * console.warn, i.e. to stderr, when not in production mode), the gradient functions registered
 * (see tfjs-hooks.mjs), and the WebAssembly backend (XNNPACK, float32, SIMD; one thread in Node)
 * loading its .wasm files from the package itself, never from the network. `useBackend(name)`
 * switches to an initialized backend (synchronously: setBackend then awaits nothing).
 */
export async function loadTfjs() {
  const require = createRequire(import.meta.url);
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  register('./tfjs-hooks.mjs', import.meta.url);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  tf.enableProdMode();
  const tfWasm = await import('@tensorflow/tfjs-backend-wasm');
  tfWasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialize');
  const wasmFlavour = `${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, ${tfWasm.getThreadsCount()} thread${tfWasm.getThreadsCount() === 1 ? '' : 's'}`;
  await tf.setBackend('cpu');
  await tf.ready();
  const useBackend = (name) => {
    void tf.setBackend(name);
    if (tf.getBackend() !== name) throw new Error(`tfjs backend is ${tf.getBackend()}, expected ${name}`);
  };
  useBackend('cpu');
  const versions = {
    '@tensorflow/tfjs-core': tf.version_core,
    '@tensorflow/tfjs-backend-cpu': require('@tensorflow/tfjs-backend-cpu/package.json').version,
    '@tensorflow/tfjs-backend-wasm': `${tfWasm.version_wasm} (${wasmFlavour})`,
  };
  return { tf, tfWasm, useBackend, versions };
}

/**
 * @attn/core built from its source without the WebAssembly matmul kernel (the two modules of
 * the kernel replaced by a stub that declines, as in scripts/size.mjs): every product then runs
 * on the JavaScript kernel, as in an engine without WebAssembly SIMD.
 */
export async function loadCoreJsOnly() {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url));
  const out = await build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent',
    plugins: [{
      name: 'without-wasm-kernel',
      setup(b) {
        b.onResolve({ filter: /\/gemm-wasm(-bytes)?\.js$/ }, (args) => ({ path: args.path, namespace: 'no-wasm' }));
        b.onLoad({ filter: /.*/, namespace: 'no-wasm' }, () => ({
          contents: 'export const gemmWasm = () => false; export const GEMM_WASM = "";', loader: 'js',
        }));
      },
    }],
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString('base64')}`);
}

// A young-generation GC before each timed sample, so short-lived garbage left by one side is not
// collected on the other side's clock (each side still pays for the GCs its own allocations
// cause). Not a full GC: after a full GC V8 drops tfjs's optimized code (objects embedded in it
// die), and its next calls run up to 20x slower, which would measure the GC, not tfjs.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const gcYoung = () => gc({ type: 'minor' });

const now = () => performance.now();

/**
 * Warms `f` up until its speed stops improving, then returns `n`, how many calls fill about
 * `sampleMs`, and how long the warm-up took.
 * The JIT needs from a few ms (one kernel) to over a second (tfjs's autograd machinery) to settle:
 * runs `f` in windows of `windowMs` for at least `warmupMs` and `minWindows` windows, and until
 * the last 3 windows (fewer when there are only `minWindows` < 4) are no more than 3% faster than
 * the best window before them (at most `maxWarmupMs`).
 */
export function warmAndCalibrate(f, { warmupMs, maxWarmupMs, windowMs, sampleMs, minWindows = 4 }) {
  const rates = [];
  const t0 = now();
  for (;;) {
    let calls = 0;
    const s = now();
    let t;
    do { f(); calls++; t = now() - s; } while (t < windowMs);
    rates.push(calls / t);
    const elapsed = now() - t0;
    if (elapsed >= maxWarmupMs) break;
    if (elapsed >= warmupMs && rates.length >= minWindows) {
      const last = Math.min(3, rates.length - 1);
      const before = Math.max(...rates.slice(0, -last));
      if (Math.max(...rates.slice(-last)) <= 1.03 * before) break;
    }
  }
  // calls per sample, from the speed over the last windows
  const rate = rates.slice(-3).reduce((a, b) => a + b, 0) / Math.min(3, rates.length);
  return { n: Math.max(1, Math.round(rate * sampleMs)), warmupMs: Math.round(now() - t0) };
}

/** Milliseconds per call of `f`, averaged over `n` back-to-back calls. */
export function sample(f, n) {
  gcYoung();
  const t0 = now();
  for (let i = 0; i < n; i++) f();
  return (now() - t0) / n;
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median rate of the samples (ms per call), with their spread; GFLOP/s when `flops` is given. */
export function summarize(msPerCall, { n, warmupMs }, flops) {
  const s = [...msPerCall].sort((a, b) => a - b);
  const median = quantile(s, 0.5);
  const out = {
    opsPerSec: 1000 / median,
    medianMs: median,
    // interquartile range relative to the median: how noisy the samples were
    spread: (quantile(s, 0.75) - quantile(s, 0.25)) / median,
    samples: s.length,
    callsPerSample: n,
    warmupMs,
  };
  if (flops) out.gflops = flops / (median * 1e6);
  return out;
}

/**
 * Robust slope of points [x, y] (Theil–Sen: the median of the slopes between every pair), which
 * a few outliers do not move; the heap after a full GC jumps by ~200 kB between checkpoints,
 * back and forth, with JIT bookkeeping.
 */
export function theilSen(points) {
  const slopes = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (points[j][0] !== points[i][0]) slopes.push((points[j][1] - points[i][1]) / (points[j][0] - points[i][0]));
    }
  }
  return slopes.length ? quantile(slopes.sort((a, b) => a - b), 0.5) : 0;
}

/** Least-squares line through points [x, y]: slope and intercept. */
export function linearFit(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** A rate for a table: thousands separated from 100 up, 3 significant digits or so below. */
export function fmtNum(x) {
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** A text table: the first column left-aligned, the others right-aligned, a rule under the head. */
export function table(head, body) {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}
