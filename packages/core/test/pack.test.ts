// "Consumable as published": pack @attn/core like `pnpm publish` would, install
// the tarball into a throwaway project outside the workspace with plain npm, and
// use it from ESM, CJS and TypeScript. Catches broken exports maps, missing files
// and types that silently degrade to `any`.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TIMEOUT = 120_000;
const coreDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(coreDir, '..', '..');
const pkg = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as { name: string; version: string };

// Child npm must not inherit pnpm's npm_config_* variables (unknown to npm, it warns).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${String(r.stdout)}\n${String(r.stderr)}`);
  }
  return String(r.stdout);
}

let tmp = '';
let app = '';

beforeAll(() => {
  // The root `pnpm test` builds first; build here too when run on its own.
  const built = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts'].every((f) => existsSync(join(coreDir, 'dist', f)));
  if (!built) run('pnpm', ['--filter', pkg.name, 'build'], { cwd: repoRoot });

  tmp = mkdtempSync(join(tmpdir(), 'attn-pack-'));
  const packDir = join(tmp, 'pack');
  mkdirSync(packDir);
  run('pnpm', ['pack', '--pack-destination', packDir], { cwd: coreDir });
  const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  expect(tarballs).toHaveLength(1);

  // No dependencies in the tarball, so npm only unpacks it (no registry needed).
  app = join(tmp, 'app');
  mkdirSync(app);
  const dependencies = { [pkg.name]: `file:${join(packDir, tarballs[0])}` };
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier'], { cwd: app });
}, TIMEOUT);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Each script prints the package's exports and where it was resolved from.
// …and runs a little real work: [[1,2],[3,4]]·[[5],[6]] = [[17],[39]].
const WORK = `m.matmul(m.tensor([[1, 2], [3, 4]]), m.tensor([[5], [6]])).toArray()`;
const ESM = `import * as m from '${pkg.name}';
console.log(JSON.stringify({ resolved: import.meta.resolve('${pkg.name}'), keys: Object.keys(m).sort(), work: ${WORK} }));`;
const CJS = `const m = require('${pkg.name}');
console.log(JSON.stringify({ resolved: require.resolve('${pkg.name}'), keys: Object.keys(m).sort(), work: ${WORK} }));`;

function probe(file: string, source: string) {
  writeFileSync(join(app, file), source);
  return JSON.parse(run(process.execPath, [file], { cwd: app })) as { resolved: string; keys: string[]; work: unknown };
}

describe('packed @attn/core', () => {
  it('imports from ESM', () => {
    const out = probe('esm.mjs', ESM);
    expect(out.resolved).toMatch(/node_modules\/@attn\/core\/dist\/index\.js$/);
    expect(out.work).toEqual([[17], [39]]);
    expect(out.keys).toEqual(expect.arrayContaining(['Tensor', 'attention', 'TutorialAttention', 'traceForward', 'encodeSafetensors']));
  }, TIMEOUT);

  it('requires from CJS', () => {
    const out = probe('cjs.cjs', CJS);
    expect(out.resolved).toMatch(/node_modules\/@attn\/core\/dist\/index\.cjs$/);
    expect(out.work).toEqual([[17], [39]]);
  }, TIMEOUT);

  it('has the same exports from ESM and CJS', () => {
    expect(probe('cjs.cjs', CJS).keys).toEqual(probe('esm.mjs', ESM).keys);
  }, TIMEOUT);

  // The @ts-expect-error line must be a real type error: if the types resolved to
  // `any` (or were missing), tsc fails with "Unused '@ts-expect-error' directive".
  const usage = `import { TutorialAttention, tensor, type Trace, traceForward } from '${pkg.name}';
const { output, trace } = traceForward(new TutorialAttention({ d: 4, seed: 1 }), tensor([[3, 5]]));
export const ok: number = output.item();
export const t: Trace = trace;
// @ts-expect-error item() returns a number
export const bad: string = output.item();
// @ts-expect-error d must be a number
new TutorialAttention({ d: 'four' });
`;
  // Consumer settings: strict, own lib only (no DOM, no @types/node), and the
  // published .d.ts files are checked too (skipLibCheck off).
  const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022'], types: [] };
  const configs = {
    // .mts resolves the "import" condition, .cts the "require" one.
    nodenext: { options: { module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['nodenext.mts', 'nodenext.cts'] },
    bundler: { options: { module: 'ESNext', moduleResolution: 'Bundler' }, files: ['bundler.ts'] },
  };

  for (const [name, { options, files }] of Object.entries(configs)) {
    it(`type-checks with moduleResolution ${options.moduleResolution}`, () => {
      for (const f of files) writeFileSync(join(app, f), usage);
      const tsconfig = `tsconfig.${name}.json`;
      writeFileSync(join(app, tsconfig), JSON.stringify({ compilerOptions: { ...base, ...options }, files }));
      const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
      run(tsc, ['-p', tsconfig], { cwd: app }); // throws with tsc's output on errors
    }, TIMEOUT);
  }
});
