// Bundle size budget for @attn/core: minify the built ESM entry with all its
// exports (what a consumer importing "everything" pays) and gzip it.
// Usage: node scripts/size.mjs [--json]   (run `pnpm build` first)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const LIMIT_KB = 25;
const entry = fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url));

if (!existsSync(entry)) {
  console.error(`size: ${entry} not found; run \`pnpm --filter @attn/core build\` first`);
  process.exit(2);
}

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
const code = result.outputFiles[0].contents;
const minBytes = code.length;
const gzipBytes = gzipSync(code, { level: 9 }).length;
const ok = gzipBytes <= LIMIT_KB * 1000; // compare exact bytes, not the rounded kB
const kB = (bytes) => Math.round(bytes / 100) / 10;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ name: '@attn/core', minBytes, gzipBytes, minKB: kB(minBytes), gzipKB: kB(gzipBytes), limitKB: LIMIT_KB, ok }));
} else {
  console.log(`@attn/core: ${kB(minBytes)} kB min, ${kB(gzipBytes)} kB min+gz (target <= ${LIMIT_KB} kB)`);
}
if (!ok) process.exitCode = 1;
