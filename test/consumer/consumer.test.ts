// "Works outside the monorepo": pack every published package as `pnpm publish` would, install the
// tarballs with plain npm into a fresh folder outside the workspace (their dependencies come from
// the registry), and use them the ways a user would: the README's examples as ESM, require() from
// CommonJS, a strict TypeScript consumer under both module resolutions, and a Vite app in
// Chromium. Also measures what `import { tensor, matmul }` costs a bundle once tree-shaken.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The published packages: every workspace package under packages/ that is not private. */
const published = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), ...JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
  .filter((p) => !p.private);

// Child npm must not inherit pnpm's npm_config_* variables (unknown to npm, it warns).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${String(r.stdout)}\n${String(r.stderr)}`);
  return String(r.stdout);
}

/** Runs a script of the consumer with this Node; it must print one JSON line and nothing on stderr. */
function node(file: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8', env });
  expect(r.stderr, file).toBe('');
  expect(r.status, file).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The ```ts blocks of the README's "A short example" section, in order. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /^## A short example\n([\s\S]*?)^## /m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## A short example" section');
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

let tmp = '';
let app = '';

beforeAll(() => {
  // The root `pnpm test` builds first; build here too when run on its own.
  if (!published.every((p) => existsSync(join(p.dir, 'dist')))) {
    run('pnpm', ['turbo', 'run', 'build', ...published.map((p) => `--filter=${p.name}`)], { cwd: root, env: { ...env, TURBO_TELEMETRY_DISABLED: '1' } });
  }
  tmp = mkdtempSync(join(tmpdir(), 'attn-consumer-'));
  const packs = join(tmp, 'packs');
  mkdirSync(packs);
  const dependencies: Record<string, string> = {};
  for (const p of published) {
    const before = new Set(readdirSync(packs));
    run('pnpm', ['pack', '--pack-destination', packs], { cwd: p.dir });
    const tarball = readdirSync(packs).filter((f) => !before.has(f));
    expect(tarball, p.name).toHaveLength(1);
    dependencies[p.name] = `file:${join(packs, tarball[0]!)}`;
  }
  // One install for every check. @attn/train and @attn/plot depend on @attn/core ^version: the
  // tarball installed beside them satisfies it, so npm takes that one rather than the registry's.
  app = join(tmp, 'app');
  cpSync(fixture, app, { recursive: true });
  Object.assign(dependencies, { '@observablehq/plot': '0.6.17', 'playwright-core': '1.65.1', vite: '7.3.8' });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], { cwd: app });
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed packages, installed with npm outside the workspace', () => {
  it('use the installed tarballs, @attn/core once', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((k) => k.endsWith('node_modules/@attn/core'))).toEqual(['node_modules/@attn/core']);
    for (const p of published) expect(JSON.stringify(lock.packages[`node_modules/${p.name}`])).toContain('.tgz');
  });

  it("run the README's short examples as ESM", () => {
    const [tutorial, library] = readmeExamples();
    expect(tutorial).toBeDefined();
    expect(library).toBeDefined();
    writeFileSync(join(app, 'readme-1.mjs'), `${tutorial}\nconsole.log(JSON.stringify({ sum: output.item(), weights: Array.from(trace.attention[0].weights.data), trace: JSON.stringify(trace).length }));\n`);
    writeFileSync(join(app, 'readme-2.mjs'), `${library}\nconsole.log(JSON.stringify({ shape: weights.shape, grads: mha.parameters().map((p) => p.grad !== null) }));\n`);
    const first = node('readme-1.mjs') as { sum: number; weights: number[]; trace: number };
    expect(first.sum).toBeCloseTo(8, 2);
    expect(first.weights).toHaveLength(4);
    for (const w of first.weights) expect(w).toBeCloseTo(0.5, 2);
    expect(first.trace).toBeGreaterThan(100);
    const second = node('readme-2.mjs') as { shape: number[]; grads: boolean[] };
    expect(second.shape).toEqual([2, 2, 5, 5]);
    expect(second.grads.length).toBeGreaterThan(0);
    expect(second.grads.every(Boolean)).toBe(true);
  });

  it('require() from CommonJS: train add-two and render its figures to SVG', () => {
    const out = node('use.cjs') as { resolved: string[]; product: number[][]; testMse: number; sum: number; steps: string; loss: string };
    expect(out.resolved).toEqual([
      join(app, 'node_modules/@attn/core/dist/index.cjs'), join(app, 'node_modules/@attn/train/dist/index.cjs'),
      join(app, 'node_modules/@attn/plot/dist/index.cjs'), join(app, 'node_modules/@attn/plot/dist/node.cjs'),
    ]);
    expect(out.product).toEqual([[17], [39]]);
    expect(out.testMse).toBeLessThan(1e-3); // add-two's metric target
    expect(out.sum).toBeCloseTo(8, 2);
    for (const svg of [out.steps, out.loss]) expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  // strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess; skipLibCheck off, so the
  // published .d.ts files are held to the consumer's settings too.
  const strict = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] };
  const configs = {
    // .mts resolves the packages' "import" condition, .cts their "require" one.
    node16: { options: { module: 'Node16', moduleResolution: 'Node16' }, files: ['consumer.mts', 'consumer.cts'] },
    bundler: { options: { module: 'ESNext', moduleResolution: 'Bundler' }, files: ['consumer.ts'] },
  };
  for (const [name, { options, files }] of Object.entries(configs)) {
    it(`type-check a strict TypeScript consumer with moduleResolution ${options.moduleResolution}`, () => {
      const source = readFileSync(join(app, 'consumer.ts'), 'utf8');
      for (const f of files) writeFileSync(join(app, f), source);
      writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...strict, ...options }, files }));
      const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${name}.json`, '--pretty', 'false'], { cwd: app, encoding: 'utf8', env });
      // @observablehq/plot's own declarations fail these settings (they need @types/d3 and are not
      // written for exactOptionalPropertyTypes): that is Plot's, not ours. Everything else is clean.
      const errors = tsc.stdout.split('\n').filter((line) => /^\S.*error TS\d+/.test(line));
      expect(errors.filter((line) => !line.startsWith('node_modules/@observablehq/plot/'))).toEqual([]);
    });
  }

  it('build a Vite app that trains add-two and draws figures in Chromium, with no console errors', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`consumer test: no chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);
    await new Promise<void>((resolve, reject) => {
      const vite = spawn(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      vite.stdout.on('data', (d: Buffer) => { output += String(d); });
      vite.stderr.on('data', (d: Buffer) => { output += String(d); });
      vite.on('error', reject);
      vite.on('close', (code) => (code === 0 && output === '' ? resolve() : reject(new Error(`vite build exited ${code}\n${output}`))));
    });
    const dist = join(app, 'web', 'dist');
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    const server: Server = createServer((req, res) => {
      const file = join(dist, req.url === '/' ? 'index.html' : (req.url ?? '').replace(/^\/+/, ''));
      if (!file.startsWith(dist) || !existsSync(file)) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    // playwright-core as the consumer installed it
    const { chromium } = createRequire(join(app, 'package.json'))('playwright-core') as typeof import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'attn-consumer-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
      await page.goto(url);
      await page.waitForFunction(() => 'result' in window || 'failed' in window, undefined, { timeout: 60_000 });
      expect(await page.evaluate(() => (window as { failed?: string }).failed)).toBeUndefined();
      const result = await page.evaluate(() => (window as unknown as { result: { testMse: number; sum: number } }).result);
      expect(result.testMse).toBeLessThan(1e-3);
      expect(result.sum).toBeCloseTo(8, 2);
      for (const name of ['loss', 'steps']) {
        const box = await page.locator(`section[data-figure="${name}"] svg`).last().boundingBox();
        expect(box, name).not.toBeNull();
        expect(box!.width * box!.height, name).toBeGreaterThan(10_000);
      }
      expect(messages).toEqual([]);
    } finally {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('tree-shake: `import { tensor, matmul }` bundles to a fraction of all of @attn/core', async () => {
    const gzipped = async (contents: string) => {
      const out = await build({ stdin: { contents, resolveDir: app, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
      return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
    };
    const some = await gzipped("import { tensor, matmul } from '@attn/core';\nconsole.log(matmul(tensor([[1]]), tensor([[1]])).item());\n");
    const all = await gzipped("import * as core from '@attn/core';\nconsole.log(core);\n");
    console.log(`consumer: import { tensor, matmul } from '@attn/core' is ${(some / 1000).toFixed(1)} kB min+gz; all of @attn/core ${(all / 1000).toFixed(1)} kB`);
    expect(some).toBeLessThan(all / 2);
  });
});
