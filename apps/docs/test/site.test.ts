// The built site end to end in Debian's chromium: every page loads without console errors,
// every internal link resolves, the tutorial's figures follow their inputs, training in the
// browser reaches the task's target (also paced, slow enough to watch; on the sort page in a
// worker that leaves the page responsive), the widgets are reachable by keyboard with a visible
// focus outline, and the Beyond pages' figures follow their controls with the right numbers (that
// no page is wider than a phone is a11y.test.ts's). Needs the built site (`pnpm test` builds it
// first through turbo).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, openSite, type Site } from './serve.mjs';

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

  it('the tutorial widget reads a and b as add-two does: an empty field or 1e200 draws nothing and says why, 12 draws with a warning', async () => {
    const { page, errors } = await open('/tutorial.html');
    const widget = page.locator('.step-widget[data-step="weights"]');
    const figure = figureOf(page, 'weights');
    await figure.locator('svg').first().waitFor();
    const a = widget.locator('.input-a');
    await a.fill('');
    await expect.poll(() => widget.locator('.status').textContent()).toBe('Type a number in a and b.');
    expect(await figure.locator('svg').count()).toBe(0);
    await a.fill('1e200');
    await expect.poll(() => widget.locator('.status').textContent()).toContain('add-two: numbers must be at most 1e6 in size');
    expect(await figure.locator('svg').count()).toBe(0);
    await a.fill('12');
    await figure.locator('svg').first().waitFor();
    expect(await widget.locator('.warning').textContent()).toContain('12 is outside the training range [0, 10)');
    expect(await widget.locator('.status').count()).toBe(0);
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
    expect(text).toMatch(/test MSE [\d.]+(e-\d+)? \(target reached: below 0\.001\)/); // as the task labels and writes it
    // the answer in words (@attn/heads): both numbers equally, per token, and the untrained model's contrast
    const focus = (await page.locator('.train-widget .focus-answer').textContent())!;
    expect(focus).toMatch(/What is the model paying attention to\? It attends to both numbers equally \(50\.0% each, from every token\): each number counts the same/);
    expect(focus).toMatch(/Token 3 puts \d+\.\d% on 3, \d+\.\d% on 5\./);
    // the untrained model's attention is not even (seed 0: uneven, most on one number)
    expect(focus).toMatch(/Before training: (It looks almost only at|Its attention is uneven: ) ?[35] \(the (smallest|largest) number\)/);
    expect(await page.locator('.train-widget .loss-figure svg').count()).toBeGreaterThan(0);
    expect(await page.locator('.train-widget .weights-figure svg').count()).toBeGreaterThan(0);
    // replay: the range steps back through the recorded traces, down to step 0, the untrained model
    const figureText = () => page.locator('.train-widget .weights-figure').textContent();
    const trained = await figureText();
    expect(await page.locator('.train-widget .replay label').textContent()).toBe('Replay the training: step 2000 of 2000');
    await page.locator('.train-widget .replay-range').evaluate((el: HTMLInputElement) => {
      el.value = '0';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => page.locator('.train-widget .replay label').textContent()).toBe('Replay the training: step 0 of 2000');
    await expect.poll(figureText).toContain('at step 0');
    expect(await figureText()).not.toBe(trained);
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
    // The training runs in a Web Worker: while it evaluates the held-out set (greedy decoding
    // of 1,000 sequences in one go) the page keeps drawing frames. (Counted, not timed: how long
    // a main-thread task takes depends on what else the machine is doing.)
    await page.evaluate(() => {
      const w = window as unknown as { evals: number[][]; frames: number };
      Object.assign(w, { evals: [], frames: 0 });
      let since: number | null = null;
      const widget = document.querySelector('.sort-widget')!;
      new MutationObserver(() => {
        const evaluating = widget.getAttribute('data-phase') === 'evaluating';
        if (evaluating && since === null) since = performance.now();
        if (!evaluating && since !== null) w.evals.push([since, performance.now()]);
        if (!evaluating) since = null;
      }).observe(widget, { attributes: true, attributeFilter: ['data-phase'] });
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
    const { evals, frames } = await page.evaluate(() => {
      const { evals, frames } = window as unknown as { evals: number[][]; frames: number };
      return { evals, frames };
    });
    expect(page.workers().length).toBeGreaterThan(0);
    expect(evals.length).toBeGreaterThan(0);
    expect(frames).toBeGreaterThan(evals.length);
    const accuracy = Number(await widget.getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(await page.locator('.sort-widget .accuracy').textContent()).toMatch(/held-out accuracy: \d+(\.\d)?%/);
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
    console.log(`docs e2e: reverse trained in a worker in ${seconds.toFixed(1)} s, held-out accuracy ${(100 * accuracy).toFixed(1)}%, ${evals.length} evaluations, ${frames} frames drawn during them`);
    await page.close();
  });

  it('the induction page trains in a worker until an induction head forms in layer 1, marks the phase change, and ablating that head drops the copy accuracy', async () => {
    const { page, errors } = await open('/beyond/induction-heads.html');
    const widget = page.locator('.induction-widget');
    await widget.getByLabel('Speed', { exact: true }).selectOption('full');
    const started = performance.now();
    await page.locator('.induction-train').click();
    await page.waitForFunction(() => document.querySelector('.induction-widget')?.getAttribute('data-phase') === 'done', undefined, { timeout: 240_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(page.workers().length).toBeGreaterThan(0);
    // seed 0: an induction head of layer 1, named in the roles grid
    const inductionHeads = (await widget.getAttribute('data-induction-heads'))!.split(' ');
    const head = inductionHeads.find((h) => h.startsWith('1.'));
    expect(head, `induction heads: ${inductionHeads.join(', ')}`).toBeDefined();
    expect(await page.locator('.induction-widget .roles-figure').textContent()).toMatch(/induction \d\.\d\d/);
    // the phase change, drawn as a labelled rule on the induction score's figure
    const phaseChange = Number(await widget.getAttribute('data-phase-change'));
    expect(phaseChange).toBeGreaterThan(0);
    expect(await page.locator('.induction-widget .over-training-figure').textContent()).toContain(`induction head forms: step ${phaseChange}`);
    // ablating the induction head: the shown accuracy falls below the intact one
    await page.locator(`.induction-widget .ablate-button[data-head="${head}"]`).click();
    const ablation = page.locator('.induction-widget .ablation');
    await expect.poll(() => ablation.getAttribute('data-head')).toBe(head);
    const intact = Number(await ablation.getAttribute('data-intact'));
    const ablated = Number(await ablation.getAttribute('data-ablated'));
    expect(intact).toBeGreaterThanOrEqual(0.95);
    expect(ablated).toBeLessThan(intact);
    expect(await ablation.locator('.ablation-result').textContent()).toMatch(new RegExp(`copy accuracy: \\d+(\\.\\d)?% intact, \\d+(\\.\\d)?% with head ${head!.replace('.', '\\.')} zeroed`));
    expect(errors).toEqual([]);
    console.log(`docs e2e: induction trained in ${seconds.toFixed(1)} s, phase change at step ${phaseChange}, copy accuracy ${(100 * intact).toFixed(1)}% intact, ${(100 * ablated).toFixed(1)}% without head ${head}`);
    await page.close();
  }, 300_000);

  it('the plugin guide\'s task widget trains the example plugin\'s max-two to its target and answers in its playground, reading the task\'s own input', async () => {
    const { page, errors } = await open('/guide/plugins.html');
    const widget = page.locator('.task-widget[data-task="max-two"]');
    await widget.locator('.task-train').click();
    await expect.poll(() => widget.locator('.status').textContent(), { timeout: 90_000 }).toMatch(/^Done: 3000 steps/);
    const testMse = Number(await widget.getAttribute('data-metric'));
    expect(testMse).toBeLessThan(0.05); // max-two's target, read off the task
    expect(await widget.locator('.status').textContent()).toMatch(/, test MSE [\d.]+(e-\d+)? \(target reached: ≤ 0\.05\)\./);
    // the playground starts with the task's first example, 3 5, and checks against its maximum
    const answer = widget.locator('.play-answer');
    await expect.poll(() => answer.getAttribute('data-expected')).toBe('5');
    expect(Math.abs(Number(await answer.getAttribute('data-answer')) - 5)).toBeLessThan(0.5);
    await widget.locator('.attention-figure svg').first().waitFor();
    expect(await widget.textContent()).toContain('the model picks the larger');
    // unlike add-two's even attention, max-two's goes to the larger number, said in words
    const larger = /What is it paying attention to\? It looks almost only at 5 \(the largest number\): ([\d.]+)% of the attention/.exec((await widget.locator('.focus-answer').textContent())!);
    expect(Number(larger?.[1])).toBeGreaterThan(90);
    const input = widget.getByLabel('Input');
    await input.fill('8 2');
    await expect.poll(() => answer.getAttribute('data-expected')).toBe('8');
    await expect.poll(() => widget.locator('.focus-answer').textContent()).toMatch(/It looks almost only at 8 \(the largest number\)/);
    expect(Math.abs(Number(await answer.getAttribute('data-answer')) - 8)).toBeLessThan(0.5);
    await input.fill('8 12');
    await expect.poll(() => widget.locator('.input-message').textContent()).toBe('warning: 12 is outside the training range [0, 10)');
    await expect.poll(() => answer.getAttribute('data-expected')).toBe('12');
    await input.fill('3 0x10');
    await expect.poll(() => widget.locator('.input-message').textContent()).toBe("error: max-two: expected a number, got '0x10'");
    expect(await answer.getAttribute('data-answer')).toBeNull();
    await input.fill('3');
    await expect.poll(() => widget.locator('.input-message').getAttribute('data-kind')).toBe('hint');
    expect(await widget.locator('.input-message').textContent()).toBe('type 2 numbers, got 1');
    expect(errors).toEqual([]);
    console.log(`docs e2e: max-two trained in the browser by the task widget, testMse ${testMse.toExponential(2)}`);
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

// The "Beyond the tutorial" pages: every live figure follows its control, and the numbers it
// shows are the right ones where a formula can check them. Widgets expose what they computed as
// data-* attributes (plain numbers from @attn/core); the test recomputes the checks itself.
describe('the Beyond the tutorial pages', () => {
  const json = async (page: Page, selector: string, attribute: string) => JSON.parse((await page.locator(selector).getAttribute(attribute))!);
  const until = (page: Page, selector: string, attribute: string, value: string) =>
    page.waitForFunction(([s, a, v]) => document.querySelector(s)?.getAttribute(a) === v, [selector, attribute, value] as const);
  const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const varianceOf = (xs: number[]) => meanOf(xs.map((x) => (x - meanOf(xs)) ** 2));

  it('multi-head: the head grid follows the number of heads and the word, and every row of weights sums to 1', async () => {
    const { page, errors } = await open('/beyond/multi-head.html');
    const grid = page.locator('.multi-head-widget .heads-figure');
    await grid.locator('svg').first().waitFor();
    const rowSums = async () => {
      const titles = await grid.locator('g[aria-label="cell"] title').allTextContents();
      const T = (await grid.getAttribute('data-word'))!.length;
      const sums: number[] = [];
      for (let i = 0; i < titles.length; i += T) sums.push(titles.slice(i, i + T).reduce((s, t) => s + Number(t.replace('−', '-')), 0));
      return sums;
    };
    expect(await grid.getAttribute('data-heads')).toBe('2');
    expect((await rowSums()).length).toBe(2 * 6); // 2 heads × 6 letters of "banana"
    const two = await grid.innerHTML();
    await page.locator('.multi-head-widget .input-heads-4').check();
    await until(page, '.multi-head-widget .heads-figure', 'data-heads', '4');
    expect(await grid.innerHTML()).not.toBe(two);
    expect(await grid.textContent()).toContain('layer 0 · head 3');
    expect(await page.locator('.multi-head-widget .q-figure').textContent()).toContain('cut into 4 heads');
    const sums = await rowSums();
    expect(sums.length).toBe(4 * 6);
    for (const s of sums) expect(s).toBeCloseTo(1, 3);
    expect(await page.locator('.multi-head-widget .facts').textContent()).toMatch(/in_proj_weight \[24, 8\].*288 parameters with 4 heads/s);
    await page.locator('.multi-head-widget .input-word').fill('attention');
    await until(page, '.multi-head-widget .heads-figure', 'data-word', 'attention');
    expect((await rowSums()).length).toBe(4 * 9);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('positional: reordering the word reorders the outputs exactly, until positions are added', async () => {
    const { page, errors } = await open('/beyond/positional.html');
    const w = '.permutation-widget';
    await page.locator(`${w}[data-max-diff]`).waitFor();
    /** Largest |outPermuted[j] − out[perm[j]]| over rows j, from the widget's raw outputs. */
    const mismatch = async () => {
      const [out, permuted, perm] = await Promise.all([json(page, w, 'data-out'), json(page, w, 'data-permuted-out'), json(page, w, 'data-perm')]) as [number[], number[], number[]];
      const D = out.length / perm.length;
      let m = 0;
      perm.forEach((from, j) => { for (let k = 0; k < D; k++) m = Math.max(m, Math.abs(permuted[j * D + k] - out[from * D + k])); });
      return m;
    };
    expect(await json(page, w, 'data-perm')).toEqual([3, 2, 1, 0]);
    expect(await mismatch()).toBeLessThan(1e-12);
    expect(await page.locator(`${w} .verdict`).textContent()).toContain('cannot tell “stop” from “pots”');
    const reversed = await page.locator(`${w} .permuted-figure`).innerHTML();
    await page.locator(`${w} .input-reorder`).selectOption('rotate');
    await until(page, w, 'data-perm', '[1,2,3,0]');
    expect(await page.locator(`${w} .permuted-figure`).textContent()).toContain('Output for “tops”');
    expect(await page.locator(`${w} .permuted-figure`).innerHTML()).not.toBe(reversed);
    expect(await mismatch()).toBeLessThan(1e-12);
    await page.locator(`${w} .input-positions`).check();
    await until(page, w, 'data-positions', 'true');
    expect(await mismatch()).toBeGreaterThan(1e-3);
    expect(Number(await page.locator(w).getAttribute('data-max-diff'))).toBeGreaterThan(1e-3);
    expect(await page.locator(`${w} .verdict`).textContent()).toContain('depends on where it stands');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('positional: the sinusoidal table shows sin/cos(pos / 10000^(2k/d)) at the picked (pos, i)', async () => {
    const { page, errors } = await open('/beyond/positional.html');
    const w = '.sinusoidal-widget';
    await page.locator(`${w} .figure svg`).first().waitFor();
    const check = async (d: number, pos: number, i: number) => {
      await page.locator(`${w} .input-d`).selectOption(String(d));
      await page.locator(`${w} .input-pos`).fill(String(pos));
      await page.locator(`${w} .input-i`).fill(String(i));
      await page.waitForFunction(([s, v]) => document.querySelector(s)?.getAttribute('data-d') === v[0] && document.querySelector(s)?.getAttribute('data-pos') === v[1] && document.querySelector(s)?.getAttribute('data-i') === v[2], [w, [String(d), String(pos), String(i)]] as const);
      const k = Math.floor(i / 2);
      const want = (i % 2 === 0 ? Math.sin : Math.cos)(pos / 10000 ** ((2 * k) / d));
      expect(Number(await page.locator(w).getAttribute('data-value'))).toBeCloseTo(want, 12);
      expect(await page.locator(`${w} .probe-value`).textContent()).toBe(want.toFixed(4).replace('-', '−'));
      return page.locator(`${w} .figure`).innerHTML();
    };
    const first = await check(16, 7, 5);
    const second = await check(32, 30, 10);
    expect(second).not.toBe(first);
    await check(64, 39, 63);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('positional: PE[p]·PE[p+k] follows p on the figure but depends only on k', async () => {
    const { page, errors } = await open('/beyond/positional.html');
    const w = '.position-dot-widget';
    await page.locator(`${w} .figure svg`).first().waitFor();
    const before = await page.locator(`${w} .figure`).innerHTML();
    await page.locator(`${w} .input-p`).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await until(page, w, 'data-p', '3');
    expect(await page.locator(`${w} .figure`).innerHTML()).not.toBe(before);
    for (const r of await json(page, w, 'data-at-distance')) {
      expect(r.here).toBeCloseTo(r.fromZero, 9);
      // Σₖ cos(k·ωₖ) over the 16 pairs of d = 32
      expect(r.fromZero).toBeCloseTo(Array.from({ length: 16 }, (_, j) => Math.cos(r.k / 10000 ** ((2 * j) / 32))).reduce((s, x) => s + x, 0), 9);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('positional: RoPE turns q and k with the sliders, and q·k depends only on m − n', async () => {
    const { page, errors } = await open('/beyond/positional.html');
    const w = '.rope-widget';
    await page.locator(`${w} .figure svg`).first().waitFor();
    const at = async (m: number, n: number) => {
      for (const [cls, v] of [['input-m', m], ['input-n', n]] as const) {
        await page.locator(`${w} .${cls}`).focus();
        await page.keyboard.press('Home');
        for (let i = 0; i < v; i++) await page.keyboard.press('ArrowRight');
      }
      await page.waitForFunction(([s, m, n]) => document.querySelector(s)?.getAttribute('data-m') === m && document.querySelector(s)?.getAttribute('data-n') === n, [w, String(m), String(n)] as const);
      return { dot: Number(await page.locator(w).getAttribute('data-dot')), figure: await page.locator(`${w} .figure`).innerHTML() };
    };
    const a = await at(5, 2);
    const b = await at(9, 6);
    expect(b.figure).not.toBe(a.figure);
    expect(b.dot).toBeCloseTo(a.dot, 9);
    // the four pairs start at (1, 0) and turn by (m − n)·10000^(−2i/8) relative to each other
    expect(a.dot).toBeCloseTo([0, 1, 2, 3].reduce((s, i) => s + Math.cos(3 * 10000 ** (-2 * i / 8)), 0), 9);
    expect((await at(9, 2)).dot).not.toBeCloseTo(a.dot, 3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('norms: LayerNorm of the edited vector has mean 0 and variance 1, then γ and β; RMSNorm has mean square 1', async () => {
    const { page, errors } = await open('/beyond/norms.html');
    const w = '.norm-widget';
    await page.locator(`${w} .after-figure svg`).first().waitFor();
    const before = await page.locator(`${w} .after-figure`).innerHTML();
    await page.locator(`${w} .input-vector`).fill('1, 2, 3, 10');
    await until(page, w, 'data-input', '[1,2,3,10]');
    expect(await page.locator(`${w} .after-figure`).innerHTML()).not.toBe(before);
    const x = [1, 2, 3, 10];
    let y: number[] = await json(page, w, 'data-output');
    y.forEach((v, i) => expect(v).toBeCloseTo((x[i] - meanOf(x)) / Math.sqrt(varianceOf(x) + 1e-5), 12));
    expect(Math.abs(meanOf(y))).toBeLessThan(1e-12);
    expect(varianceOf(y)).toBeCloseTo(1, 5);
    expect(await page.locator(`${w} .after-stats`).textContent()).toMatch(/0\.000000\s*0\.99999/);
    await page.locator(`${w} .input-gamma`).fill('2');
    await page.locator(`${w} .input-beta`).fill('1');
    // β = 1 moves the mean to 1
    await page.waitForFunction((s) => {
      const y: number[] = JSON.parse(document.querySelector(s)?.getAttribute('data-output') ?? '[0]');
      return y.reduce((a, b) => a + b, 0) / y.length > 0.5;
    }, w);
    y = await json(page, w, 'data-output');
    expect(meanOf(y)).toBeCloseTo(1, 9);
    expect(varianceOf(y)).toBeCloseTo(4, 4);
    await page.locator(`${w} .input-rms`).check();
    await until(page, w, 'data-kind', 'rms');
    y = await json(page, w, 'data-output');
    expect(meanOf(y.map((v) => v * v))).toBeCloseTo(4, 4); // γ = 2 still applies: mean(y²) = γ²
    expect(errors).toEqual([]);
    await page.close();
  });

  it('norms: gradients vanish through a deep plain stack and not through a residual one, at every depth', async () => {
    const { page, errors } = await open('/beyond/norms.html');
    const w = '.residual-widget';
    await page.locator(`${w} .figure svg`).first().waitFor();
    const before = await page.locator(`${w} .figure`).innerHTML();
    const check = async (depth: number) => {
      const plain: number[] = await json(page, w, 'data-plain');
      const residual: number[] = await json(page, w, 'data-residual');
      expect(plain.length).toBe(depth);
      expect(plain[0] * 1e3).toBeLessThan(plain[depth - 1]);
      expect(Math.max(...residual) / Math.min(...residual)).toBeLessThan(10);
      expect(residual[0]).toBeGreaterThan(1e4 * plain[0]);
    };
    await check(20);
    await page.locator(`${w} .input-depth`).focus();
    await page.keyboard.press('End');
    await until(page, w, 'data-depth', '48');
    expect(await page.locator(`${w} .figure`).innerHTML()).not.toBe(before);
    expect(await page.locator(`${w} .figure`).textContent()).toContain('48 layers');
    await check(48);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('transformer block: the trace figure lists every tensor in order with its shape, post-norm and pre-norm', async () => {
    const { page, errors } = await open('/beyond/transformer-block.html');
    const w = '.block-widget';
    await page.locator(`${w} .heads-figure svg`).first().waitFor();
    const rows = async () => (await json(page, w, 'data-rows')) as { mean: number; variance: number }[];
    expect(await json(page, w, 'data-steps')).toEqual([
      'x [1, 5, 8]', 'self_attn [1, 5, 8]', 'residual1 [1, 5, 8]', 'norm1 [1, 5, 8]', 'linear1 [1, 5, 32]',
      'activation [1, 5, 32]', 'linear2 [1, 5, 8]', 'residual2 [1, 5, 8]', 'norm2 [1, 5, 8]',
    ]);
    expect(await page.locator(`${w} .block-step`).count()).toBe(9);
    for (const r of await rows()) {
      expect(Math.abs(r.mean)).toBeLessThan(1e-9);
      expect(r.variance).toBeCloseTo(1, 3);
    }
    expect(await page.locator(`${w} .heads-figure`).textContent()).toContain('layer 0 · head 1');
    const post = await page.locator(`${w} .steps-figure`).innerHTML();
    await page.locator(`${w} .input-pre`).check();
    await until(page, w, 'data-placement', 'pre');
    expect(await page.locator(`${w} .steps-figure`).innerHTML()).not.toBe(post);
    expect(await json(page, w, 'data-steps')).toEqual([
      'x [1, 5, 8]', 'norm1 [1, 5, 8]', 'self_attn [1, 5, 8]', 'residual1 [1, 5, 8]', 'norm2 [1, 5, 8]',
      'linear1 [1, 5, 32]', 'activation [1, 5, 32]', 'linear2 [1, 5, 8]', 'residual2 [1, 5, 8]',
    ]);
    expect((await rows()).some((r) => Math.abs(r.variance - 1) > 0.05)).toBe(true);
    await page.locator(`${w} .input-word`).fill('hi');
    await until(page, w, 'data-word', 'hi');
    expect(await json(page, w, 'data-steps')).toContain('linear1 [1, 2, 32]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every control of the Beyond pages is reachable with Tab (a radio group as one stop) and shows a visible focus outline', async () => {
    for (const path of ['/beyond/multi-head.html', '/beyond/positional.html', '/beyond/norms.html', '/beyond/transformer-block.html']) {
      const { page } = await open(path);
      await page.locator('.beyond-widget .figure svg').first().waitFor();
      // a radio group is one Tab stop: it counts once, by name
      const want = await page.$$eval('.beyond-widget input, .beyond-widget select', (els) =>
        [...new Set(els.map((el) => ((el as HTMLInputElement).type === 'radio' ? `radio ${(el as HTMLInputElement).name}` : el.id)))]);
      const reached = new Set<string>();
      for (let i = 0; i < 300 && reached.size < want.length; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          if (!el?.closest('.beyond-widget') || !/^(INPUT|SELECT)$/.test(el.tagName)) return null;
          const style = getComputedStyle(el);
          return { key: el.type === 'radio' ? `radio ${el.name}` : el.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        if (focused) {
          expect(focused.outline, `${path} ${focused.key}`).not.toBe('none');
          expect(focused.width, `${path} ${focused.key}`).toBeGreaterThanOrEqual(2);
          reached.add(focused.key);
        }
      }
      expect([...reached].sort(), path).toEqual([...want].sort());
      await page.close();
    }
  });
});
