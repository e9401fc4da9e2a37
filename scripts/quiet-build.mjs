// Builds a package and what it depends on with turbo, printing nothing unless the build fails:
// `pnpm start` and `pnpm attn` open the app straight away instead of after turbo's banner.
//
//   node scripts/quiet-build.mjs @attn/tui
import { spawnSync } from 'node:child_process';

const pkg = process.argv[2];
if (!pkg) {
  console.error('quiet-build: name the package to build, e.g. node scripts/quiet-build.mjs @attn/tui');
  process.exit(2);
}
const r = spawnSync('turbo', ['run', 'build', `--filter=${pkg}...`, '--output-logs=errors-only'], {
  encoding: 'utf8', shell: process.platform === 'win32', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (r.status !== 0) {
  process.stderr.write(r.stdout + r.stderr + (r.error ? `quiet-build: ${r.error.message}\n` : ''));
  process.exit(r.status ?? 1);
}
