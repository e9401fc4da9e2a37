// Shared by run.mjs and dtype-worker.mjs: loading @attn/core, and the timing loop.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/** ATTN_BENCH_CORE=<path or specifier> benches another build of @attn/core (e.g. a patched bundle). */
export const coreSpec = process.env.ATTN_BENCH_CORE || null;

export function loadCore() {
  if (coreSpec === null) return import('@attn/core');
  return import(/^[./]/.test(coreSpec) ? pathToFileURL(path.resolve(coreSpec)).href : coreSpec);
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
 * runs `f` in windows of `windowMs` for at least `warmupMs`, and until the last 3 windows are no
 * more than 3% faster than the best window before them (at most `maxWarmupMs`).
 */
export function warmAndCalibrate(f, { warmupMs, maxWarmupMs, windowMs, sampleMs }) {
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
    if (elapsed >= warmupMs && rates.length >= 4) {
      const before = Math.max(...rates.slice(0, -3));
      if (Math.max(...rates.slice(-3)) <= 1.03 * before) break;
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
