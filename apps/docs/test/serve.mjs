// A static server for the built site on 127.0.0.1, and Debian's chromium through
// playwright-core: what the e2e test, the screenshots and the page-weight benchmark share.
// Plain JavaScript, so the scripts in bench/ run it with node as it is.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const DIST = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png', '.wasm': 'application/wasm', '.txt': 'text/plain',
};

/** The viewports the screenshots, the overflow test and the benchmark use. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};

/**
 * The file a URL path names in the built site, the way a static host resolves it (`/a` → `a.html`, `/` → `index.html`).
 * @param {string} pathname
 * @returns {string | null}
 */
export function fileFor(pathname) {
  const path = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  for (const candidate of [path, `${path}.html`, join(path, 'index.html')]) {
    const file = join(DIST, candidate);
    if (file.startsWith(DIST) && existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/**
 * @typedef {object} Site
 * @property {string} url
 * @property {import('playwright-core').BrowserContext} context
 * @property {Map<string, number>} served bytes served per request path
 * @property {() => Promise<void>} close
 */

/**
 * Serves the built site on a free port of 127.0.0.1 and opens chromium on it.
 * @returns {Promise<Site>}
 */
export async function openSite() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`docs: no built site in ${DIST}; run pnpm docs:build first`);
  if (!existsSync(CHROMIUM)) throw new Error(`docs: no chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);
  /** @type {Map<string, number>} */
  const served = new Map();
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = fileFor(pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    served.set(pathname, body.length);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const profile = mkdtempSync(join(tmpdir(), 'attn-docs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    url, context, served,
    async close() {
      await context.close();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
