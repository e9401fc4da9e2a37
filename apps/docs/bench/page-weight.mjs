// Page weight and time to interactive of the tutorial page (a benchmark, not a test): serves the
// built site on 127.0.0.1 (test/serve.mjs), loads /tutorial.html in Debian's chromium at the
// desktop and phone viewports with the browser cache off, and prints, per viewport, the median
// over the runs of:
//   - bytes transferred (the site is served uncompressed) and what gzip would make of them,
//   - the number of requests,
//   - navigation → load event, and navigation → the last of the tutorial's figures drawn (the
//     widgets import @attn/core and @attn/plot and draw in onMounted: that is when the page
//     answers its reader).
//
//   pnpm docs:build && pnpm --filter @attn/docs bench [--runs 5] [--path /tutorial.html]
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileFor, openSite, VIEWPORTS } from '../test/serve.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', 5));
const path = arg('path', '/tutorial.html');
const FIGURES = '.step-widget .figure';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kB = (bytes) => `${(bytes / 1000).toFixed(0)} kB`;

/** One cold load of `path` at `viewport`: what went over the wire, and when the figures were drawn. */
async function load(site, viewport) {
  const page = await site.context.newPage();
  await page.setViewportSize(viewport);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', (e) => { if (!e.request.url.startsWith('data:')) urls.set(e.requestId, e.request.url); });
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  // every time a figure is (re)drawn, note when: the last one is the page's time to interactive
  await page.addInitScript((selector) => {
    window.__drawn = [];
    new MutationObserver((records) => {
      if (records.some((r) => r.target instanceof Element && r.target.matches(selector))) window.__drawn.push(performance.now());
    }).observe(document, { subtree: true, childList: true });
  }, FIGURES);
  await page.goto(site.url + path, { waitUntil: 'load' });
  const count = await page.locator(FIGURES).count();
  await page.waitForFunction((selector) => [...document.querySelectorAll(selector)].every((f) => f.querySelector('svg')), FIGURES, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { load: nav.loadEventEnd, drawn: Math.max(...window.__drawn) };
  });
  const gzip = [...urls.values()].map((u) => new URL(u)).filter((u) => u.origin === site.url)
    .map((u) => fileFor(u.pathname)).filter(Boolean)
    .reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
  await page.close();
  return { bytes, gzip, requests: urls.size, figures: count, ...timing };
}

const site = await openSite();
try {
  const rows = [];
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await load(site, viewport); // not counted: a fresh browser's first load also starts its processes
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await load(site, viewport));
    const m = (k) => median(samples.map((s) => s[k]));
    rows.push(`| ${name} ${viewport.width}×${viewport.height} | ${(m('bytes') / 1e6).toFixed(2)} MB (${kB(m('gzip'))} gzipped) | ${m('requests')} | ${Math.round(m('load'))} ms | ${Math.round(m('drawn'))} ms (${samples[0].figures} figures) |`);
  }
  console.log(`${path}, built site served from 127.0.0.1, headless chromium, cache off, median of ${runs} loads\n`);
  console.log('| viewport | bytes transferred | requests | navigation → load | navigation → last figure drawn |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  await site.close();
}
