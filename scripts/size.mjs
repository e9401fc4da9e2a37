// Bundle size budget for @attn/core: minify the built ESM entry with all its
// exports (what a consumer importing "everything" pays) and gzip it.
// The budget applies to core without its WebAssembly matmul kernel (gemm.wat, its bytes and the
// JS that drives it): that size comes from core's source bundled with the kernel's two modules
// replaced by a stub saying "no WebAssembly here" (gemm then always takes its JS path). The size
// with the kernel, what the built package really weighs, is reported beside it.
// 27 kB until every public argument was checked at the boundary and an allocation limit added
// (+0.6 kB) and heads could be knocked out (headOverride, +0.3 kB): 28 kB until the key/value
// cache and weight tying (+0.5 kB), Trace JSON (stringifyTrace/parseTrace, +0.5 kB) and the
// tutorial model's traced network and head override (+0.2 kB) came: 29 kB until erf got fdlibm's
// fixed-cost rational approximations (44 coefficients that gzip cannot shrink, +0.6 kB) and exact
// gelu became one fused node (+0.2 kB), which made a small GPT's training step 2x faster: 30 kB
// since (29.5 measured, with the float32 DecoderOnly).
// Usage: node scripts/size.mjs [--json]   (run `pnpm build` first)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const LIMIT_KB = 30;
const entry = fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url));
const srcEntry = fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url));

if (!existsSync(entry)) {
  console.error(`size: ${entry} not found; run \`pnpm --filter @attn/core build\` first`);
  process.exit(2);
}

const common = { bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' };

/** Replaces the WebAssembly kernel's modules by a stub whose gemmWasm always declines. */
const withoutKernel = {
  name: 'without-wasm-kernel',
  setup(b) {
    b.onResolve({ filter: /\/gemm-wasm(-bytes)?\.js$/ }, (args) => ({ path: args.path, namespace: 'no-wasm' }));
    b.onLoad({ filter: /.*/, namespace: 'no-wasm' }, () => ({
      contents: 'export const gemmWasm = () => false; export const GEMM_WASM = "";',
      loader: 'js',
    }));
  },
};

async function measure(options) {
  const code = (await build({ ...common, ...options })).outputFiles[0].contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

const withKernel = await measure({ entryPoints: [entry] });
const without = await measure({ entryPoints: [srcEntry], plugins: [withoutKernel] });
const ok = without.gzipBytes <= LIMIT_KB * 1000; // compare exact bytes, not the rounded kB
const kB = (bytes) => Math.round(bytes / 100) / 10;

if (process.argv.includes('--json')) {
  const j = (s) => ({ ...s, minKB: kB(s.minBytes), gzipKB: kB(s.gzipBytes) });
  console.log(JSON.stringify({ name: '@attn/core', ...j(without), withWasmKernel: j(withKernel), limitKB: LIMIT_KB, ok }));
} else {
  console.log(`@attn/core: ${kB(without.minBytes)} kB min, ${kB(without.gzipBytes)} kB min+gz without the WebAssembly matmul kernel (target <= ${LIMIT_KB} kB)`);
  console.log(`@attn/core: ${kB(withKernel.minBytes)} kB min, ${kB(withKernel.gzipBytes)} kB min+gz with it (the built package)`);
}
if (!ok) process.exitCode = 1;
