// Every figure drawn in a real browser (Debian's chromium driven by playwright-core): each has a
// visible, non-empty box and the page logs no errors. The page is bundled with esbuild and served
// from this test on 127.0.0.1.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTwo, train } from '@attn/train';
import { portableNumbers } from '../test/portable-numbers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: Server;
let context: BrowserContext;
let profile: string;
let url: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`browser test: no chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../test/browser-page.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
  });
  const js = bundle.outputFiles[0].text;
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>attn plot</title><link rel="icon" href="data:,"></head><body><script type="module" src="/page.js"></script></body></html>';
  server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  profile = mkdtempSync(join(tmpdir(), 'attn-plot-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('in a browser', () => {
  it('every figure renders in Chromium with a non-empty box and no console errors', async () => {
    const started = performance.now();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.figures !== undefined || window.failed !== undefined, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.failed)).toBeUndefined();
    const names = (await page.evaluate(() => window.figures))!;
    expect(names).toEqual(['input', 'qkv', 'scores', 'weights', 'attended', 'output', 'step-by-step', 'heads', 'loss', 'lr', 'grad-norm', 'attention-over-training', 'head-roles', 'heads-over-training']);
    for (const name of names) {
      const box = await page.locator(`section[data-figure="${name}"] > *`).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.width, name).toBeGreaterThan(100);
      expect(box!.height, name).toBeGreaterThan(100);
      // the plot itself (the last <svg> of a figure) has a box of its own, not only the title
      const svg = await page.locator(`section[data-figure="${name}"] svg.attn-plot`).last().boundingBox();
      expect(svg!.width * svg!.height, name).toBeGreaterThan(0);
    }
    // renderToSvg in the browser writes XML that parses as SVG, with every mark of the figure
    const svgs = (await page.evaluate(() => window.svgs))!;
    for (const name of names) {
      const read = await page.evaluate(([n, text]) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const marks = (root: ParentNode) => Array.from(root.querySelectorAll('g[aria-label]'), (g) => `${g.getAttribute('aria-label')}:${g.children.length}`);
        return { root: doc.documentElement.tagName, error: doc.querySelector('parsererror')?.textContent ?? null, marks: marks(doc), page: marks(document.querySelector(`section[data-figure="${n}"]`)!) };
      }, [name, svgs[name]] as const);
      expect(read.error, name).toBeNull();
      expect(read.root, name).toBe('svg');
      expect(read.marks.length, name).toBeGreaterThan(0);
      expect(read.marks, name).toEqual(read.page);
    }
    // the ramp legends drew on a real canvas
    expect(await page.locator('svg.attn-plot-ramp image').count()).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    // @attn/core and @attn/train run unchanged in the browser: the same seeded training run ends
    // with the same weights, bit for bit, as in Node
    const inBrowser = (await page.evaluate(() => window.trained))!;
    const run = train({ task: addTwo(), seed: 0, steps: 200, traceEvery: 20 });
    await run;
    expect(inBrowser).toEqual(run.model.parameters().flatMap((p) => Array.from(p.data)));
    // and so do Rng.normal, positions, a rotary transformer trained with AdamW and a cosine
    // schedule, and math.* itself
    const portable = (await page.evaluate(() => window.portable))!;
    expect(portable.length).toBeGreaterThan(2000);
    expect(portable).toEqual(await portableNumbers());
    await page.close();
    console.log(`browser test: ${names.length} figures drawn and checked in ${Math.round(performance.now() - started)} ms`);
  });
});
