// The built site end to end in Debian's chromium: every page loads without console errors,
// every internal link resolves, the tutorial's figures follow their inputs, training in the
// browser reaches the task's target (also paced, slow enough to watch; on the sort page in a
// worker that leaves the page responsive), the widgets are reachable by keyboard with a visible
// focus outline, and no hand-written page is wider than a phone. Needs the built site (`pnpm test`
// builds it first through turbo).
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, fileFor, openSite, VIEWPORTS, type Site } from './serve.mjs';

let site: Site;

beforeAll(async () => { site = await openSite(); });
afterAll(async () => { await site?.close(); });

async function open(path: string, waitUntil: 'load' | 'networkidle' = 'networkidle'): Promise<{ page: Page; errors: string[] }> {
  const page = await site.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${path}: ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`${path}: pageerror: ${e.message}`));
  const response = await page.goto(site.url + path, { waitUntil });
  expect(response?.status(), path).toBe(200);
  return { page, errors };
}

const figureOf = (page: Page, step: string) => page.locator(`.step-widget[data-step="${step}"] .figure`);

describe('the built docs site', () => {
  it('every page loads without console errors, and every internal link and anchor resolves', async () => {
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const broken: string[] = [];
    const errors: string[] = [];
    let opened = 0;
    const visit = async (path: string) => {
      // The ~250 generated API pages are static markdown: their links are read from the HTML
      // (fast); a browser opens the hand-written pages and the API's index pages.
      const inBrowser = !path.startsWith('/api/') || /^\/api\/(@attn\/\w+\/)?(index\.html)?$/.test(path);
      if (!inBrowser) {
        const html = readFileSync(fileFor(path)!, 'utf8');
        for (const [, href] of html.matchAll(/<a [^>]*href="([^"#]*)[^"]*"/g)) {
          if (!href || /^[a-z]+:/.test(href)) continue;
          const link = new URL(href, site.url + path);
          if (!fileFor(link.pathname)) broken.push(`${path} → ${link.pathname}`);
          else if (!seen.has(link.pathname) && /(\.html|\/)$/.test(link.pathname)) {
            seen.add(link.pathname);
            queue.push(link.pathname);
          }
        }
        return;
      }
      const { page, errors: pageErrors } = await open(path, path.startsWith('/api/') ? 'load' : 'networkidle');
      opened++;
      const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      const ids = new Set(await page.$$eval('[id]', (els) => els.map((e) => e.id)));
      for (const href of links) {
        const link = new URL(href);
        if (link.origin !== site.url) continue;
        if (link.pathname === new URL(site.url + path).pathname && link.hash && !ids.has(decodeURIComponent(link.hash.slice(1)))) {
          broken.push(`${path} → ${link.hash} (no such anchor)`);
        }
        if (!fileFor(link.pathname)) broken.push(`${path} → ${link.pathname}`);
        else if (!seen.has(link.pathname) && /(\.html|\/)$/.test(link.pathname)) {
          seen.add(link.pathname);
          queue.push(link.pathname);
        }
      }
      if (!path.startsWith('/api/')) await page.waitForTimeout(300);
      errors.push(...pageErrors);
      await page.close();
    };
    const worker = async () => { while (queue.length) await visit(queue.shift()!); };
    await worker(); // the home page first, then four tabs at a time
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(broken).toEqual([]);
    expect(errors).toEqual([]);
    expect([...seen]).toEqual(expect.arrayContaining(['/tutorial.html', '/guide/training.html', '/api/']));
    console.log(`docs e2e: ${seen.size} pages' links checked, ${opened} pages opened in chromium without console errors`);
  }, 300_000);

  it('the tutorial widget redraws every figure when a is edited, and when scaling is switched', async () => {
    const { page, errors } = await open('/tutorial.html');
    const all = figureOf(page, 'all');
    const weights = figureOf(page, 'weights');
    await all.locator('svg').first().waitFor();
    await weights.locator('svg').first().waitFor();
    const before = { all: await all.innerHTML(), weights: await weights.innerHTML() };
    // the figures name the model by its class name, not by what the minifier made of it
    expect(await all.locator('figure > h3').first().textContent()).toBe('TutorialAttention: every intermediate of one forward pass');
    await page.locator('.step-widget[data-step="all"] .input-a').fill('7');
    await page.waitForFunction(() => document.querySelector('.step-widget[data-step="weights"] .figure')?.getAttribute('data-a') === '7');
    expect(await all.getAttribute('data-a')).toBe('7');
    expect(await all.innerHTML()).not.toBe(before.all);
    expect(await weights.innerHTML()).not.toBe(before.weights);
    // every other widget's a input shows the shared value
    expect(await page.locator('.step-widget[data-step="output"] .input-a').inputValue()).toBe('7');

    const unscaled = await figureOf(page, 'scores').innerHTML();
    await page.locator('.step-widget[data-step="scores"] .input-scaled').check();
    await page.waitForFunction(() => document.querySelector('.step-widget[data-step="scores"] .figure')?.getAttribute('data-scaled') === 'true');
    expect(await figureOf(page, 'scores').innerHTML()).not.toBe(unscaled);
    expect(await figureOf(page, 'scores').textContent()).toContain('Scaled scores');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('training in the browser reaches the task target (testMse < 1e-3) and says what the model attends to', async () => {
    const { page, errors } = await open('/tutorial.html');
    const started = performance.now();
    await page.locator('.train-toggle').click();
    // the page stays responsive while it trains: a round trip to the page takes well under a second
    // (on a fast machine the run may already be done when the page is first polled)
    await page.waitForFunction(() => {
      const status = document.querySelector('.train-widget .status');
      return /step \d+/.test(status?.textContent ?? '') || status?.hasAttribute('data-test-mse');
    });
    const ping = performance.now();
    await page.evaluate(() => 1);
    expect(performance.now() - ping).toBeLessThan(1000);
    const status = page.locator('.train-widget .status');
    await page.waitForFunction(() => document.querySelector('.train-widget .status')?.hasAttribute('data-test-mse'), undefined, { timeout: 90_000 });
    const testMse = Number(await status.getAttribute('data-test-mse'));
    expect(testMse).toBeLessThan(1e-3);
    const text = (await status.textContent())!;
    expect(text).toMatch(/target reached/);
    expect(text).toMatch(/Token 3 puts \d+\.\d% on 3, \d+\.\d% on 5\./);
    expect(await page.locator('.train-widget .loss-figure svg').count()).toBeGreaterThan(0);
    expect(await page.locator('.train-widget .weights-figure svg').count()).toBeGreaterThan(0);
    // the tutorial's figures now show the trained model
    await expect.poll(() => page.locator('.step-widget[data-step="output"] .note').textContent()).toContain('trained model');
    expect(errors).toEqual([]);
    console.log(`docs e2e: trained in the browser in ${Math.round(performance.now() - started)} ms, testMse ${testMse.toExponential(2)}`);
    await page.close();
  });

  it('slow enough to watch: the paced run shows the step counter at many values on its way, and still reaches the target', async () => {
    const { page, errors } = await open('/tutorial.html');
    const watch = page.locator('.train-widget .speed-watch');
    expect(await page.locator('.train-widget .speed-full').isChecked()).toBe(true); // full speed by default
    // a labelled control, chosen from the keyboard
    expect(await page.locator('.train-widget fieldset.speed legend').textContent()).toBe('speed');
    await page.locator('.train-widget .speed-full').focus();
    await page.keyboard.press('ArrowRight');
    expect(await watch.isChecked()).toBe(true);
    // every status line and every title of the attention figure the page shows, as it shows them
    await page.evaluate(() => {
      const seen: { status: string[]; weights: string[] } = { status: [], weights: [] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const status = document.querySelector('.train-widget .status')!;
      const weights = document.querySelector('.train-widget .weights-figure')!;
      new MutationObserver(() => {
        seen.status.push(status.textContent ?? '');
        const title = weights.querySelector('h2')?.textContent;
        if (title && seen.weights.at(-1) !== title) seen.weights.push(title);
      }).observe(document.querySelector('.train-widget')!, { subtree: true, childList: true, characterData: true });
    });
    await page.locator('.train-toggle').click();
    await page.waitForFunction(() => document.querySelector('.train-widget .status')?.hasAttribute('data-test-mse'), undefined, { timeout: 120_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: { status: string[]; weights: string[] } }).seen);
    const steps = new Set(seen.status.map((t) => /step (\d+) of 2000/.exec(t)?.[1]).filter((x) => x !== undefined).map(Number));
    expect(steps.size, [...steps].join(' ')).toBeGreaterThanOrEqual(10);
    expect([...steps].filter((n) => n > 0 && n < 2000).length).toBeGreaterThanOrEqual(10);
    expect(seen.weights.length, seen.weights.join(' | ')).toBeGreaterThanOrEqual(5);
    expect(Number(await page.locator('.train-widget .status').getAttribute('data-test-mse'))).toBeLessThan(1e-3);
    expect(await page.locator('.train-widget .status').textContent()).toMatch(/^Done: 2000 steps in .*target reached/);
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it('no hand-written page is wider than a phone (390 px): nothing scrolls the page sideways', async () => {
    const pages = (dir: string) => readdirSync(`${DIST}${dir}`).filter((f) => f.endsWith('.html')).map((f) => `/${dir}/${f}`);
    const guides = pages('guide');
    const wide: string[] = [];
    for (const path of ['/', '/tutorial.html', ...guides, ...pages('beyond'), '/api/']) {
      const page = await site.context.newPage();
      await page.setViewportSize(VIEWPORTS.phone);
      await page.goto(site.url + path, { waitUntil: 'networkidle' });
      if (path === '/tutorial.html') await page.locator('.step-widget[data-step="all"] .figure svg').first().waitFor();
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
      if (scroll > client) wide.push(`${path}: ${scroll} px wide in ${client}`);
      await page.close();
    }
    expect(wide).toEqual([]);
    expect(guides.length).toBeGreaterThanOrEqual(7);
  });

  it('the sort page trains reverse in a worker without blocking the page; the playground answers; Stop stops', async () => {
    const { page, errors } = await open('/beyond/sort.html');
    const widget = page.locator('.sort-widget');
    // every control has a label and shows a focus outline when reached with Tab
    await widget.getByLabel('Task', { exact: true }).focus();
    for (const cls of ['sort-task', 'sort-seed', 'sort-speed', 'sort-train']) {
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { cls: el.className, outline: getComputedStyle(el).outlineStyle };
      });
      expect(focused.cls).toBe(cls);
      expect(focused.outline, cls).not.toBe('none');
      await page.keyboard.press('Tab');
    }
    await widget.getByLabel('Task', { exact: true }).selectOption('reverse');
    // While the worker evaluates the held-out set (greedy decoding of 1,000 sequences, a few
    // hundred ms in one go), the page keeps drawing frames, and no task on its main thread
    // runs 200 ms or more (chromium's long tasks: the page's own work; gaps between frames
    // would also count the waits of a machine busy with other things).
    await page.evaluate(() => {
      const w = window as unknown as { evals: number[][]; tasks: number[][]; frames: number };
      Object.assign(w, { evals: [], tasks: [], frames: 0 });
      let since: number | null = null;
      const widget = document.querySelector('.sort-widget')!;
      new MutationObserver(() => {
        const evaluating = widget.getAttribute('data-phase') === 'evaluating';
        if (evaluating && since === null) since = performance.now();
        if (!evaluating && since !== null) w.evals.push([since, performance.now()]);
        if (!evaluating) since = null;
      }).observe(widget, { attributes: true, attributeFilter: ['data-phase'] });
      new PerformanceObserver((list) => { for (const t of list.getEntries()) w.tasks.push([t.startTime, t.startTime + t.duration]); }).observe({ type: 'longtask' });
      const frame = () => {
        if (since !== null) w.frames++;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const started = performance.now();
    await page.locator('.sort-train').click();
    await page.waitForFunction(() => document.querySelector('.sort-widget')?.getAttribute('data-phase') === 'done', undefined, { timeout: 90_000 });
    const seconds = (performance.now() - started) / 1000;
    const { evals, tasks, frames } = await page.evaluate(() => {
      const { evals, tasks, frames } = window as unknown as { evals: number[][]; tasks: number[][]; frames: number };
      return { evals, tasks, frames };
    });
    expect(evals.length).toBeGreaterThan(0);
    expect(frames).toBeGreaterThan(evals.length);
    const during = tasks.filter(([start, end]) => evals.some(([from, to]) => start < to && end > from)).map(([start, end]) => end - start);
    expect(Math.max(0, ...during)).toBeLessThan(200);
    const accuracy = Number(await widget.getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    for (const f of ['loss', 'accuracy', 'heads']) expect(await page.locator(`.sort-widget .${f}-figure svg`).count(), f).toBeGreaterThan(0);

    // the playground: the model rebuilt on the page from the worker's weights answers a typed sequence
    await widget.getByLabel('Five digits').fill('90217');
    await page.waitForFunction(() => document.querySelector('.play-answer')?.getAttribute('data-answer') === '71209');
    expect(await page.locator('.play-answer').textContent()).toContain('right');
    expect(await page.locator('.play-figure svg').count()).toBeGreaterThan(0);
    await widget.getByLabel('Five digits').fill('123');
    await expect.poll(() => page.locator('.play-answer').textContent()).toContain('exactly 5 digits');

    // Stop, at the watchable speed (a run of ~25 s): the run ends early and stays ended
    await widget.getByLabel('Speed', { exact: true }).selectOption('watchable');
    await page.locator('.sort-train').click();
    await page.waitForFunction(() => Number(document.querySelector('.sort-widget')?.getAttribute('data-step')) >= 3);
    await page.locator('.sort-stop').click();
    await page.waitForFunction(() => document.querySelector('.sort-widget')?.getAttribute('data-phase') === 'stopped', undefined, { timeout: 30_000 });
    const stoppedAt = Number(await widget.getAttribute('data-step'));
    expect(stoppedAt).toBeLessThan(150);
    expect(await page.locator('.sort-widget .status').textContent()).toContain(`Stopped after ${stoppedAt} of 150 steps`);
    await page.waitForTimeout(500);
    expect(Number(await widget.getAttribute('data-step'))).toBe(stoppedAt);
    expect(errors).toEqual([]);
    console.log(`docs e2e: reverse trained in a worker in ${seconds.toFixed(1)} s, held-out accuracy ${(100 * accuracy).toFixed(1)}%, ${evals.length} evaluations, ${frames} frames drawn during them, longest task then ${Math.round(Math.max(0, ...during))} ms`);
    await page.close();
  });

  it('the widgets are reachable with Tab and show a visible focus outline', async () => {
    const { page } = await open('/tutorial.html');
    await page.locator('.step-widget[data-step="all"] .figure svg').first().waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 200 && reached.length < 5; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el?.closest('.attn-widget')) return null;
        const style = getComputedStyle(el);
        return { cls: el.className, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      if (focused && !reached.includes(focused.cls)) {
        expect(focused.outline, focused.cls).not.toBe('none');
        expect(focused.width, focused.cls).toBeGreaterThanOrEqual(2);
        reached.push(focused.cls);
      }
    }
    expect(reached).toEqual(expect.arrayContaining(['input-a', 'input-b', 'input-scaled', 'figure']));
    // the train button is reachable from the keyboard too, and starts on Enter
    const button = page.locator('.train-toggle');
    await button.focus();
    expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.close();
  });
});
